"""dags/wirestream_launch.py turns the Beam operator's ``--key=value`` command line into
``wirestream run``; it needs wirestream, not Airflow, so these tests run everywhere."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.dags.conftest import DAGS_DIR

LAUNCHER = DAGS_DIR / "wirestream_launch.py"


def launch(*args: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(LAUNCHER), *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
    )


def test_arguments_reach_wirestream_run(tmp_path):
    # Beam's --runner/--labels and wirestream's own options, as BeamHook writes them; a missing
    # feed file stops `wirestream run` before anything runs, with its one-line error.
    done = launch(
        "--runner=DirectRunner",
        f"--output={tmp_path / 'dt=2026-11-27' / '1200'}",
        f"--state=sqlite:///{tmp_path}/_state/state.db",
        "--window-start=2026-11-27T12:00:00Z",
        "--window-end=2026-11-27T12:15:00Z",
        f"--feed={tmp_path / 'missing.xml'}",
        "--labels=airflow-version=v3-3-2",
        cwd=tmp_path,
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip().endswith(f"--feed {tmp_path / 'missing.xml'}: no such file")
    assert not (tmp_path / "dt=2026-11-27").exists()


def test_an_unknown_option_is_refused_not_ignored(tmp_path):
    done = launch("--window-start=2026-11-27T12:00:00Z", "--no-such-option=1", cwd=tmp_path)
    assert done.returncode == 2
    assert "wirestream: error:" in done.stderr and "--no-such-option" in done.stderr


def process_alive(pid: int) -> bool:
    """True while ``pid`` runs (a zombie waiting for a reaper counts as ended)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return False
    return fields[0] not in ("Z", "X")


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_the_run_stops_when_its_airflow_task_process_is_gone(tmp_path):
    # A feed server that accepts connections and never answers: the run would hang for a
    # minute. Its parent (standing in for the Airflow task process) exits at once.
    with socket.socket() as blackhole:
        blackhole.bind(("127.0.0.1", 0))
        blackhole.listen(16)
        feed = f"http://127.0.0.1:{blackhole.getsockname()[1]}/feed.xml"
        # The parent waits until the launcher has started (and noted its parent), then exits.
        parent = (
            "import subprocess, sys, time\n"
            "log = open('launch.log', 'w')\n"
            "child = subprocess.Popen([sys.executable, *sys.argv[1:]], stdout=log, stderr=log)\n"
            "time.sleep(3)\n"
            "print(child.pid, flush=True)\n"
        )
        args = [
            str(LAUNCHER),
            f"--output={tmp_path / 'out'}",
            f"--feed={feed}",
            "--allow-address=127.0.0.1",
            "--set=fetch.timeout_s=60",
            "--set=fetch.max_retries=0",
            "--window-start=2026-11-27T12:00:00Z",
            "--window-end=2026-11-27T12:15:00Z",
        ]
        done = subprocess.run(
            [sys.executable, "-c", parent, *args],
            capture_output=True,
            text=True,
            timeout=60,
            cwd=tmp_path,
        )
        pid = int(done.stdout.split()[0])
        deadline = time.monotonic() + 30
        while process_alive(pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        alive = process_alive(pid)
        if alive:
            os.kill(pid, signal.SIGKILL)
        assert not alive, "the launcher outlived its parent"
        assert "the Airflow task is gone" in (tmp_path / "launch.log").read_text()
