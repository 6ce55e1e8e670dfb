"""Watching a process tree while a benchmark runs: CPU seconds and memory of every process.

``TreeMonitor(pid)`` samples the process and all its descendants (launcher, Beam SDK workers,
extraction child processes …) every ``interval_s`` on a background thread, with psutil:

- per process: its role (from the command line), the last CPU time seen (user + system), the
  last RSS and the kernel's own high-water mark (``VmHWM`` from ``/proc/PID/status``, which
  catches peaks between samples);
- for the tree: the largest sum of the RSS of all processes alive at one sample
  (``peak_tree_rss``), and the sum of the per-process high-water marks (an upper bound, since
  not every process peaks at the same moment).

The monitor shares the machine with what it measures, and its CPU is counted against the
pipeline (it runs in the benchmark's own process, with the corpus server), so a sample is kept
cheap: the tree is found from the kernel's ``/proc/PID/task/TID/children`` lists, which name
only the tree's own processes, where psutil's ``children(recursive=True)`` reads every process
on the machine; each process's ``psutil.Process`` is made once. About 0.7 ms of CPU a sample
instead of 2.5.

A process that starts and ends between two samples is missed; the extraction children and
SDK workers live for the whole run, so nothing that matters is. CPU seconds of a process are
its own (children are counted as themselves, never twice).

Also ``load_average()`` and ``cpu_busy_share()``, to record how busy the machine was.
"""

from __future__ import annotations

import contextlib
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


# Linux with CONFIG_PROC_CHILDREN; checked once, not at every sample.
_KERNEL_CHILDREN_LISTS = os.path.exists(f"/proc/{os.getpid()}/task/{os.getpid()}/children")


def _descendants(pid: int) -> list[int] | None:
    """All descendants of ``pid`` from the kernel's ``/proc/PID/task/TID/children`` lists.

    Reads only the tree's own processes, where ``psutil.Process.children(recursive=True)``
    reads every process on the machine. None where the kernel does not offer the lists.
    """
    if not _KERNEL_CHILDREN_LISTS:
        return None
    found: list[int] = []
    todo = [pid]
    while todo:
        parent = todo.pop()
        try:
            tasks = os.listdir(f"/proc/{parent}/task")
        except OSError:
            continue
        for tid in tasks:
            try:
                with open(f"/proc/{parent}/task/{tid}/children", encoding="ascii") as handle:
                    children = [int(c) for c in handle.read().split()]
            except OSError:
                continue
            found.extend(children)
            todo.extend(children)
    return found


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
    _known: dict[int, psutil.Process] = field(default_factory=dict)

    def __enter__(self) -> TreeMonitor:
        self._started = time.monotonic()
        # Processes that exist before the run (extra roots) only count CPU from now on.
        for root in self.extra_roots:
            for pid in self._tree(root):
                try:
                    times = psutil.Process(pid).cpu_times()
                    self._cpu_base[pid] = times.user + times.system
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
    def _tree(pid: int) -> list[int]:
        pids = _descendants(pid)
        if pids is not None:
            return [pid, *pids]
        try:
            return [pid, *(child.pid for child in psutil.Process(pid).children(recursive=True))]
        except psutil.Error:
            return []

    def _rescan(self) -> None:
        for root in (self.root, *self.extra_roots):
            for pid in self._tree(root):
                if pid not in self._known:
                    with contextlib.suppress(psutil.Error):
                        self._known[pid] = psutil.Process(pid)

    def sample(self) -> None:
        now = time.monotonic() - self._started
        self._rescan()
        total = 0
        seen = False
        for pid, proc in list(self._known.items()):
            stats = self.processes.get(pid)
            try:
                with proc.oneshot():
                    cmdline = proc.cmdline() if stats is None else None
                    times = proc.cpu_times()
                    rss = proc.memory_info().rss
            except psutil.Error:  # ended (psutil also notices a reused pid)
                del self._known[pid]
                continue
            seen = True
            if stats is None:
                assert cmdline is not None
                role = self.extra_roots.get(pid) or role_of(cmdline)
                stats = ProcessStats(pid, role, " ".join(cmdline)[:160], first_seen_s=now)
                self.processes[pid] = stats
            stats.cpu_s = times.user + times.system - self._cpu_base.get(pid, 0.0)
            stats.rss = rss
            stats.hwm = max(stats.hwm, _vm_hwm(pid) or rss, rss)
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
            # Each process's CPU and when it was seen: shows whether the workers shared the
            # work evenly (one busy worker and one idle one look the same in by_role).
            "per_process": [
                {
                    "role": p.role,
                    "cpu_s": round(p.cpu_s, 2),
                    "seen_s": [round(p.first_seen_s, 1), round(p.last_seen_s, 1)],
                }
                for p in sorted(self.processes.values(), key=lambda p: (p.role, p.first_seen_s))
            ],
        }


def load_average() -> list[float]:
    """1, 5 and 15 minute load averages."""
    return [round(x, 2) for x in os.getloadavg()]


class MachineLoad:
    """CPU shares of the whole machine between ``start()`` and ``stop()`` (all processes).

    ``busy`` counts user, system, nice and steal time; ``steal`` alone is the time the
    hypervisor gave this virtual machine's cores to someone else: a phase with more steal ran
    on a slower machine, whatever our own code did.
    """

    def __init__(self) -> None:
        self._begin: Any = None
        self.busy_share: float | None = None
        self.busy_s: float | None = None
        self.steal_share: float | None = None
        self.load_before: list[float] = []
        self.load_after: list[float] = []

    def start(self) -> MachineLoad:
        self._begin = psutil.cpu_times()
        self.load_before = load_average()
        return self

    def stop(self) -> dict[str, Any]:
        end = psutil.cpu_times()

        def busy(t: Any) -> float:
            return t.user + t.system + t.nice + getattr(t, "steal", 0.0)

        total = sum(end) - sum(self._begin)
        steal = getattr(end, "steal", 0.0) - getattr(self._begin, "steal", 0.0)
        self.busy_s = busy(end) - busy(self._begin)
        self.busy_share = self.busy_s / total if total > 0 else None
        self.steal_share = steal / total if total > 0 else None
        self.load_after = load_average()
        return self.as_dict()

    def as_dict(self) -> dict[str, Any]:
        return {
            "machine_cpu_busy_share": _round(self.busy_share),
            "machine_cpu_busy_s": None if self.busy_s is None else round(self.busy_s, 2),
            "machine_cpu_steal_share": _round(self.steal_share),
            "load_average_before": self.load_before,
            "load_average_after": self.load_after,
        }


def _round(share: float | None) -> float | None:
    return None if share is None else round(share, 4)
