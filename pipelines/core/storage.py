"""Files of a run, local or in an object store, through Beam's ``FileSystems``.

Everything a run writes or reads (records, dead letters, the work directory's tallies and state
exports, the manifest) goes through these few functions, so ``--output`` can be a local
directory or ``s3://bucket/prefix`` (Beam's S3 filesystem, ``pip install 'wirestream[s3]'``)
or ``gs://…`` (``apache-beam[gcp]``). Paths are strings; ``join`` builds them.

A file appears whole or not at all: ``create_atomic`` writes a local file under a temporary
name and renames it when closed; an object store's upload becomes visible only when it
completes, and one that fails is never completed. In an object store an empty file is not
written (Beam's S3 uploader cannot complete an empty upload); every reader here takes a
missing work file for an empty one.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import uuid
from collections.abc import Iterable, Iterator
from typing import IO, Any

from apache_beam.io.filesystem import CompressionTypes
from apache_beam.io.filesystems import FileSystems

RAW = CompressionTypes.UNCOMPRESSED


def is_local(path: str) -> bool:
    """Whether ``path`` is on this machine's file system (no scheme, or ``file://``)."""
    scheme = FileSystems.get_scheme(path)
    return scheme in (None, "file")


def filesystem(path: str):
    """The Beam filesystem of ``path``'s scheme (``ValueError`` if none is installed)."""
    return FileSystems.get_filesystem(path)


def set_options(options) -> None:
    """The pipeline options (endpoints, credentials) the launcher's own file access uses."""
    FileSystems.set_options(options)


def local_path(path: str) -> str:
    return path.removeprefix("file://")


def join(base: str, *parts: str) -> str:
    return FileSystems.join(base, *parts) if parts else base


def parent(path: str) -> str:
    return FileSystems.split(path)[0]


def name(path: str) -> str:
    return FileSystems.split(path)[1]


def exists(path: str) -> bool:
    return FileSystems.exists(path)


def makedirs(path: str) -> None:
    """Creates a local directory (and its parents); object stores have none to create."""
    if is_local(path):
        os.makedirs(local_path(path), exist_ok=True)


def open_read(path: str) -> IO[bytes]:
    return FileSystems.open(path, compression_type=RAW)


def create(path: str) -> IO[bytes]:
    """A new file at ``path`` (its local parent directory made if missing)."""
    makedirs(parent(path))
    return FileSystems.create(path, compression_type=RAW)


@contextlib.contextmanager
def create_atomic(path: str) -> Iterator[IO[bytes]]:
    """A file that appears at ``path`` whole, when the block ends without an exception."""
    if is_local(path):
        final = local_path(path)
        os.makedirs(os.path.dirname(final) or ".", exist_ok=True)
        tmp = os.path.join(
            os.path.dirname(final), f".{os.path.basename(final)}.{uuid.uuid4().hex}.tmp"
        )
        handle = open(tmp, "wb")  # noqa: SIM115 - closed below
        try:
            yield handle
        except BaseException:
            handle.close()
            os.unlink(tmp)
            raise
        handle.close()
        os.replace(tmp, final)
        return
    handle = _Upload(path)
    try:
        yield handle
    except BaseException:
        handle.abort()  # the upload is never completed: no object appears
        raise
    handle.close()


class _Upload(io.RawIOBase):
    """An object written through ``FileSystems.create``, begun at the first byte.

    Beam's S3 uploader cannot complete an upload of no parts (CompleteMultipartUpload fails
    with MalformedXML), so an empty file is not created at all: readers of the work files
    and the manifest's file lists take a missing file for an empty one.
    """

    def __init__(self, path: str) -> None:
        super().__init__()
        self._path = path
        self._handle: IO[bytes] | None = None
        self._position = 0

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:  # type: ignore[override]
        data = bytes(data)
        if data:
            if self._handle is None:
                self._handle = FileSystems.create(self._path, compression_type=RAW)
            self._handle.write(data)
            self._position += len(data)
        return len(data)

    def tell(self) -> int:
        return self._position

    def abort(self) -> None:
        self._handle = None
        super().close()

    def close(self) -> None:
        if not self.closed and self._handle is not None:
            self._handle.close()
        super().close()


def write_bytes(path: str, data: bytes) -> None:
    with create_atomic(path) as handle:
        handle.write(data)


def read_bytes(path: str) -> bytes:
    with open_read(path) as handle:
        return handle.read()


def to_json_line(item: Any) -> str:
    """One compact, key-sorted JSON document (UTF-8, not ASCII-escaped): a JSON Lines line."""
    return json.dumps(item, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def read_lines(path: str) -> Iterator[str]:
    """The lines of a UTF-8 text file, without their line ends."""
    with open_read(path) as handle:
        for line in handle:
            yield line.decode("utf-8").rstrip("\r\n")


def list_names(directory: str) -> list[str]:
    """The names of the files directly in ``directory`` (none if it does not exist)."""
    prefix = directory.rstrip("/") + "/"
    if is_local(directory):
        local = local_path(directory)
        if not os.path.isdir(local):
            return []
        return sorted(n for n in os.listdir(local) if os.path.isfile(os.path.join(local, n)))
    matched = FileSystems.match([prefix + "*"])[0].metadata_list
    names = (m.path[len(prefix) :] for m in matched if m.path.startswith(prefix))
    return sorted(n for n in names if n and "/" not in n)


def delete(paths: Iterable[str]) -> None:
    paths = list(paths)
    if paths:
        FileSystems.delete(paths)


def delete_tree(directory: str) -> None:
    """Removes ``directory`` and everything under it; nothing if it does not exist."""
    if is_local(directory):
        shutil.rmtree(local_path(directory), ignore_errors=True)
        return
    prefix = directory.rstrip("/") + "/"
    matched = FileSystems.match([prefix + "**"])[0].metadata_list
    delete(m.path for m in matched)
