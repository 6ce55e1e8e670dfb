"""A throw-away PostgreSQL server for tests, from the machine's ``initdb`` and ``pg_ctl``.

The server listens on 127.0.0.1 (an ephemeral port) and on a Unix socket in its own temporary
directory; it trusts local connections, so the URI needs no password. PostgreSQL refuses to
run as root: when the tests run as root, the server runs as the ``postgres`` (or ``nobody``)
user. Tests that need it use the ``postgres_server`` fixture of ``tests/conftest.py``, which
skips with the reason when no PostgreSQL binaries are installed.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

SEARCH_DIRS = ("/usr/lib/postgresql/15/bin", "/usr/lib/postgresql/16/bin", "/usr/local/bin")


def find_binary(name: str) -> str | None:
    """``initdb``/``pg_ctl`` from PATH or the usual Debian locations."""
    found = shutil.which(name)
    if found:
        return found
    for directory in SEARCH_DIRS:
        candidate = Path(directory) / name
        if candidate.exists():
            return str(candidate)
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PostgresServer:
    """``start()``, ``uri(db)``, ``create_database()``, ``stop()``, ``kill()``, ``restart()``."""

    def __init__(self) -> None:
        self.initdb = find_binary("initdb")
        self.pg_ctl = find_binary("pg_ctl")
        if not self.initdb or not self.pg_ctl:
            raise FileNotFoundError("PostgreSQL's initdb and pg_ctl are not installed")
        self.user = None
        if os.geteuid() == 0:
            for name in ("postgres", "nobody"):
                try:
                    self.user = pwd.getpwnam(name)
                    break
                except KeyError:
                    continue
        self.root = Path(tempfile.mkdtemp(prefix="wirestream-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        self.role = self.user.pw_name if self.user else pwd.getpwuid(os.geteuid()).pw_name
        if self.user:
            os.chown(self.root, self.user.pw_uid, self.user.pw_gid)
        self._run([self.initdb, "-D", str(self.data), "-A", "trust", "-E", "UTF8", "--no-sync"])

    def _run(self, argv: list[str], check: bool = True) -> subprocess.CompletedProcess:
        kwargs = {}
        if self.user:
            kwargs = {"user": self.user.pw_uid, "group": self.user.pw_gid, "extra_groups": []}
        return subprocess.run(
            argv,
            check=check,
            capture_output=True,
            text=True,
            cwd=self.root,
            timeout=120,
            **kwargs,
        )

    def start(self) -> PostgresServer:
        options = (
            f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.root} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self._run(
            [self.pg_ctl, "-D", str(self.data), "-o", options, "-l", str(self.root / "log"),
             "-w", "-t", "60", "start"]
        )  # fmt: skip
        return self

    def stop(self, mode: str = "fast") -> None:
        self._run([self.pg_ctl, "-D", str(self.data), "-m", mode, "-w", "stop"], check=False)

    def kill(self) -> None:
        """Stops the server abruptly (``immediate``: no checkpoint, connections cut)."""
        self.stop("immediate")

    def restart(self) -> None:
        self.stop()
        self.start()

    def uri(self, database: str = "postgres") -> str:
        return f"postgresql://{self.role}@127.0.0.1:{self.port}/{database}"

    def create_database(self) -> str:
        """A new empty database; returns its URI."""
        import psycopg

        name = f"t_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.uri(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.uri(name)

    def close(self) -> None:
        self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)
