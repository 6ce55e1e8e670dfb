"""Bare TCP listeners on 127.0.0.1 for tests: one that counts connections, one that never answers.

Used by ``testing.hostile`` and ``tests/core/test_http.py``; not runnable by itself.
"""

from __future__ import annotations

import socket
import threading

from pipelines.demo.local_server import HOST


class CountingListener:
    """A bare TCP listener on 127.0.0.1 that accepts, counts and closes connections.

    Args:
        name: Name of its accepting thread.
    """

    def __init__(self, *, name: str = "counting-listener") -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind((HOST, 0))
        self.sock.listen(16)
        self.sock.settimeout(0.05)
        self.port: int = self.sock.getsockname()[1]
        self.accepted = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.accepted += 1
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        self.sock.close()


class BlackHole:
    """A listener whose accept queue is full, so new connections time out in ``connect``.

    ``listen(0)`` leaves room for one queued connection; we fill it ourselves and never
    accept. Linux then drops further SYNs, which looks like an unreachable host to a client.
    """

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind((HOST, 0))
        self.sock.listen(0)
        self.port: int = self.sock.getsockname()[1]
        self._fillers: list[socket.socket] = []
        for _ in range(2):
            filler = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            filler.settimeout(0.2)
            try:
                filler.connect((HOST, self.port))
            except OSError:
                filler.close()  # the queue was already full: what we wanted
                break
            self._fillers.append(filler)

    def close(self) -> None:
        for filler in self._fillers:
            filler.close()
        self.sock.close()
