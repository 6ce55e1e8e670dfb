"""Watching a process tree while a benchmark runs: CPU seconds and memory of every process.

``TreeMonitor(pid)`` samples the process and all its descendants (launcher, Beam SDK workers,
extraction child processes …) every ``interval_s`` on a background thread, with psutil:

- per process: its role (from the command line), the last CPU time seen (user + system), the
  last RSS and the kernel's own high-water mark (``VmHWM`` from ``/proc/PID/status``, which
  catches peaks between samples);
- for the tree: the largest sum of the RSS of all processes alive at one sample
  (``peak_tree_rss``), and the sum of the per-process high-water marks (an upper bound, since
  not every process peaks at the same moment).

A process that starts and ends between two samples is missed; the extraction children and
SDK workers live for the whole run, so nothing that matters is. CPU seconds of a process are
its own (children are counted as themselves, never twice).

Also ``load_average()`` and ``cpu_busy_share()``, to record how busy the machine was.
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import psutil

MIB = 1024 * 1024


def role_of(cmdline: list[str]) -> str:
    """A short name for a process of a pipeline run, from its command line."""
    text = " ".join(cmdline)
    if text.startswith(("/bin/sh ", "sh ")):
        return "shell"
    if "sdk_worker_main" in text:
        return "beam_sdk_worker"
    if "resource_tracker" in text:
        return "mp_resource_tracker"
    if "spawn_main" in text or "multiprocessing-fork" in text:
        return "extraction_child"
    return "launcher"


def _vm_hwm(pid: int) -> int | None:
    """The kernel's peak resident set size of a process (bytes), if readable."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        return None
    return None


@dataclass
class ProcessStats:
    pid: int
    role: str
    cmdline: str
    cpu_s: float = 0.0
    rss: int = 0
    hwm: int = 0
    first_seen_s: float = 0.0
    last_seen_s: float = 0.0


@dataclass
class TreeMonitor:
    """Samples a process tree until stopped; use as a context manager around the run.

    Args:
        root: The pid of the tree's root (the launcher).
        interval_s: Sampling period.
        extra_roots: Other processes to watch with their descendants, by pid with the role to
            give the root itself (e.g. a Dask cluster's workers, which are not children of
            the launcher: ``{pid: "dask_worker"}``).
    """

    root: int
    interval_s: float = 0.25
    extra_roots: dict[int, str] = field(default_factory=dict)
    processes: dict[int, ProcessStats] = field(default_factory=dict)
    peak_tree_rss: int = 0
    peak_tree_rss_at_s: float = 0.0
    samples: int = 0
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None
    _started: float = 0.0
    _cpu_base: dict[int, float] = field(default_factory=dict)

    def __enter__(self) -> TreeMonitor:
        self._started = time.monotonic()
        # Processes that exist before the run (extra roots) only count CPU from now on.
        for pid in self.extra_roots:
            for proc in self._tree(pid):
                try:
                    times = proc.cpu_times()
                    self._cpu_base[proc.pid] = times.user + times.system
                except psutil.Error:
                    pass
        self._thread = threading.Thread(target=self._loop, name="tree-monitor", daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None

    @staticmethod
    def _tree(pid: int) -> list[psutil.Process]:
        try:
            root = psutil.Process(pid)
            return [root, *root.children(recursive=True)]
        except psutil.Error:
            return []

    def sample(self) -> None:
        now = time.monotonic() - self._started
        total = 0
        seen = False
        for pid in (self.root, *self.extra_roots):
            for proc in self._tree(pid):
                try:
                    with proc.oneshot():
                        cmdline = proc.cmdline()
                        times = proc.cpu_times()
                        rss = proc.memory_info().rss
                except psutil.Error:
                    continue
                seen = True
                stats = self.processes.get(proc.pid)
                if stats is None:
                    role = self.extra_roots.get(proc.pid) or role_of(cmdline)
                    stats = ProcessStats(proc.pid, role, " ".join(cmdline)[:160], first_seen_s=now)
                    self.processes[proc.pid] = stats
                stats.cpu_s = times.user + times.system - self._cpu_base.get(proc.pid, 0.0)
                stats.rss = rss
                stats.hwm = max(stats.hwm, _vm_hwm(proc.pid) or rss, rss)
                stats.last_seen_s = now
                total += rss
        if seen:
            self.samples += 1
        if total > self.peak_tree_rss:
            self.peak_tree_rss = total
            self.peak_tree_rss_at_s = now

    def _loop(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval_s)
        self.sample()

    # --- summaries ---------------------------------------------------------------------------
    @property
    def cpu_s(self) -> float:
        return sum(p.cpu_s for p in self.processes.values())

    def by_role(self) -> dict[str, dict[str, Any]]:
        """Per role: process count, CPU seconds, largest per-process peak RSS (MiB)."""
        out: dict[str, dict[str, Any]] = {}
        for stats in self.processes.values():
            entry = out.setdefault(
                stats.role, {"processes": 0, "cpu_s": 0.0, "max_peak_rss_mib": 0.0}
            )
            entry["processes"] += 1
            entry["cpu_s"] += stats.cpu_s
            entry["max_peak_rss_mib"] = max(entry["max_peak_rss_mib"], stats.hwm / MIB)
        for entry in out.values():
            entry["cpu_s"] = round(entry["cpu_s"], 2)
            entry["max_peak_rss_mib"] = round(entry["max_peak_rss_mib"], 1)
        return dict(sorted(out.items()))

    def summary(self) -> dict[str, Any]:
        return {
            "samples": self.samples,
            "interval_s": self.interval_s,
            "processes": len(self.processes),
            "cpu_s": round(self.cpu_s, 2),
            "peak_tree_rss_mib": round(self.peak_tree_rss / MIB, 1),
            "peak_tree_rss_at_s": round(self.peak_tree_rss_at_s, 1),
            "sum_of_process_peaks_mib": round(
                sum(p.hwm for p in self.processes.values()) / MIB, 1
            ),
            "by_role": self.by_role(),
        }


def load_average() -> list[float]:
    """1, 5 and 15 minute load averages."""
    return [round(x, 2) for x in os.getloadavg()]


class MachineLoad:
    """CPU busy share of the whole machine between ``start()`` and ``stop()`` (all processes)."""

    def __init__(self) -> None:
        self._begin: Any = None
        self.busy_share: float | None = None
        self.load_before: list[float] = []
        self.load_after: list[float] = []

    def start(self) -> MachineLoad:
        self._begin = psutil.cpu_times()
        self.load_before = load_average()
        return self

    def stop(self) -> dict[str, Any]:
        end = psutil.cpu_times()
        busy = (end.user + end.system + end.nice + getattr(end, "steal", 0.0)) - (
            self._begin.user
            + self._begin.system
            + self._begin.nice
            + getattr(self._begin, "steal", 0.0)
        )
        total = sum(end) - sum(self._begin)
        self.busy_share = busy / total if total > 0 else None
        self.load_after = load_average()
        return self.as_dict()

    def as_dict(self) -> dict[str, Any]:
        return {
            "machine_cpu_busy_share": None
            if self.busy_share is None
            else round(self.busy_share, 3),
            "load_average_before": self.load_before,
            "load_average_after": self.load_after,
        }
