"""Spilling: elements that must wait for a shuffle or a whole-run result go to disk, not into it.

A runner holds what crosses a shuffle; the DirectRunner holds it in memory, all of it at once.
So in batch the pipeline shuffles slim elements (the articles waiting for the run's cluster
links), or only the names of files (the entries on their way to the fetcher, the band members):
a ``Spiller`` writes each element to a file of its bundle (in the run's work directory) and
hands on a slim element with the fields the next steps need and a reference; a ``Restorer``
reads the element back where it is needed whole; ``PartitionFiles`` writes small records to one
file per bundle and partition, so that only ``(partition, file name)`` crosses a shuffle. A
bundle's files are complete before any of its outputs is seen downstream: a bundle's outputs
are committed only after its ``finish_bundle``, which closes the files.

A reference is 28 bytes (the file's 16-byte name, offset, length), not a path, so that a
hundred thousand of them stay small in a shuffle; the Restorer knows the directory. The files
are pickles written and read by the same run in its own work directory (a local or shared file
system every worker sees), and are removed with that directory when the run ends.
"""

from __future__ import annotations

import os
import pickle
import struct
import threading
import uuid
from collections import OrderedDict
from collections.abc import Hashable
from typing import Any, BinaryIO

import apache_beam as beam

__all__ = [
    "REF",
    "SPILLED",
    "PartitionFiles",
    "Restorer",
    "RestoringFn",
    "Spiller",
    "SpreadOver",
    "compact_entry",
    "compact_payload",
    "entry_id_of",
    "fetch_url_of",
    "read_records",
]

SPILLED = "_spilled"
"""The key of a slim element's reference (``REF``-packed bytes)."""
REF = struct.Struct("<16sQI")
"""A reference: the spill file's name (16 bytes), the element's offset and length."""
_LENGTH = struct.Struct("<I")


def spill_file(directory: str, name: bytes) -> str:
    return os.path.join(directory, f"{name.hex()}.pickle")


def compact_payload(item: bytes) -> bytes:
    """What a compact slim element carries besides its reference (``Spiller.spill_compact``)."""
    return item[REF.size :]


class Spiller:
    """Writes dicts to one file per bundle; returns the slim elements that stand for them."""

    def __init__(self, directory: str, keep: tuple[str, ...]) -> None:
        self._directory = directory
        self._keep = keep
        self._file: BinaryIO | None = None
        self._name = b""

    def spill(self, item: dict[str, Any]) -> dict[str, Any]:
        """``item``'s ``keep`` fields and a reference to the whole of it."""
        slim = {key: item[key] for key in self._keep if key in item}
        slim[SPILLED] = self._write(item)
        return slim

    def spill_compact(self, item: dict[str, Any], payload: bytes) -> bytes:
        """A compact slim element: the reference followed by ``payload``, one bytes object.

        A bytes object costs a fraction of a dict wherever it is held (~0.2 against ~0.9 KB
        for an entry's reference and URL).
        """
        return self._write(item) + payload

    def _write(self, item: dict[str, Any]) -> bytes:
        if self._file is None:
            os.makedirs(self._directory, exist_ok=True)
            self._name = uuid.uuid4().bytes
            self._file = open(spill_file(self._directory, self._name), "wb")  # noqa: SIM115
        data = pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL)
        offset = self._file.tell()
        self._file.write(data)
        return REF.pack(self._name, offset, len(data))

    def close(self) -> None:
        """Ends the bundle's file (call in ``finish_bundle``, before the outputs are committed)."""
        if self._file is not None:
            self._file.close()
            self._file = None


def compact_entry(spiller: Spiller, keyed: dict[str, Any]) -> bytes:
    """A keyed entry spilled whole; the compact element that stands for it carries its article
    id (16 raw bytes) and its ``fetch_url`` after the reference (``Spiller.spill_compact``)."""
    payload = bytes.fromhex(keyed["article_id"]) + keyed["fetch_url"].encode("utf-8")
    return spiller.spill_compact(keyed, payload)


def entry_id_of(entry: dict[str, Any] | bytes) -> str:
    """The article id of a whole entry or of a compact one (``compact_entry``)."""
    if isinstance(entry, bytes):
        return compact_payload(entry)[:16].hex()
    return entry["article_id"]


def fetch_url_of(entry: dict[str, Any] | bytes) -> str:
    """The URL to fetch of a whole entry or of a compact one (``compact_entry``)."""
    if isinstance(entry, bytes):
        return compact_payload(entry)[16:].decode("utf-8")
    return entry["fetch_url"]


class PartitionFiles:
    """Records (bytes) to one file per partition for a bundle, length-prefixed.

    ``close`` (in ``finish_bundle``) returns ``(partition, path)`` for each file written, which
    is all that needs to cross the shuffle; ``read_records`` reads a file back. At most
    ``max_open`` files are open at once (a bundle may write to many partitions).
    """

    def __init__(self, directory: str, prefix: str, max_open: int = 64) -> None:
        self._directory = directory
        self._prefix = prefix
        self._max_open = max_open
        self._paths: dict[Hashable, str] = {}
        self._open: OrderedDict[Hashable, BinaryIO] = OrderedDict()
        self._bundle = uuid.uuid4().hex

    def write(self, partition: Hashable, record: bytes) -> None:
        handle = self._open.pop(partition, None)
        if handle is None:
            path = self._paths.get(partition)
            if path is None:
                os.makedirs(self._directory, exist_ok=True)
                path = os.path.join(
                    self._directory, f"{self._prefix}-{self._bundle}-{len(self._paths)}.bin"
                )
                self._paths[partition] = path
            while len(self._open) >= self._max_open:
                self._open.popitem(last=False)[1].close()
            handle = open(path, "ab")  # noqa: SIM115 - closed when evicted or in close()
        self._open[partition] = handle
        handle.write(_LENGTH.pack(len(record)) + record)

    def close(self) -> list[tuple[Hashable, str]]:
        """Closes the bundle's files; ``(partition, path)`` for each, in order of first write."""
        while self._open:
            self._open.popitem()[1].close()
        paths, self._paths = self._paths, {}
        self._bundle = uuid.uuid4().hex
        return list(paths.items())


def read_records(path: str) -> list[bytes]:
    """The records of one ``PartitionFiles`` file."""
    with open(path, "rb") as f:
        data = f.read()
    records, at = [], 0
    while at < len(data):
        (length,) = _LENGTH.unpack_from(data, at)
        at += _LENGTH.size
        records.append(data[at : at + length])
        at += length
    if at != len(data):
        raise OSError(f"partition file {path} ends inside a record")
    return records


class Restorer:
    """Reads spilled elements back from ``directory``, keeping a few files open; thread-safe."""

    def __init__(self, directory: str | None, max_open: int = 32) -> None:
        self._directory = directory
        self._handles: OrderedDict[bytes, int] = OrderedDict()
        self._max_open = max_open
        self._lock = threading.Lock()

    def restore(self, item: dict[str, Any] | bytes) -> dict[str, Any]:
        """The whole element of a slim one (with a slim dict's fields on top); any other as is."""
        if isinstance(item, bytes):  # compact (Spiller.spill_compact)
            return self._load(item[: REF.size])
        ref = item.get(SPILLED)
        if ref is None:
            return item
        whole = self._load(ref)
        whole.update((key, value) for key, value in item.items() if key != SPILLED)
        return whole

    def _load(self, ref: bytes) -> dict[str, Any]:
        if self._directory is None:
            raise ValueError("a spilled element reached a step that has no spill directory")
        name, offset, length = REF.unpack(ref)
        data = self._read(name, offset, length)
        if len(data) != length:
            path = spill_file(self._directory, name)
            raise OSError(f"spill file {path} is shorter than its reference ({offset}+{length})")
        return pickle.loads(data)

    def _read(self, name: bytes, offset: int, length: int) -> bytes:
        assert self._directory is not None
        with self._lock:
            handle = self._handles.pop(name, None)
            if handle is None:
                handle = os.open(spill_file(self._directory, name), os.O_RDONLY)
                while len(self._handles) >= self._max_open:
                    os.close(self._handles.popitem(last=False)[1])
            self._handles[name] = handle
            return os.pread(handle, length, offset)

    def close(self) -> None:
        with self._lock:
            while self._handles:
                os.close(self._handles.popitem()[1])


class _SpillFn(beam.DoFn):
    """Each element to its bundle's spill file; yields the reference (``keep`` fields too)."""

    def __init__(self, directory: str, keep: tuple[str, ...] = ()) -> None:
        self._directory = directory
        self._keep = keep
        self._spiller: Spiller | None = None

    def start_bundle(self) -> None:
        self._spiller = Spiller(self._directory, self._keep)

    def process(self, item: dict[str, Any]):
        assert self._spiller is not None
        yield self._spiller.spill(item)

    def finish_bundle(self) -> None:
        assert self._spiller is not None
        self._spiller.close()  # before the bundle's outputs are committed


class RestoringFn(beam.DoFn):
    """A DoFn that reads spilled elements back from ``spill_dir`` (its ``_restorer``)."""

    def __init__(self, spill_dir: str | None = None) -> None:
        self._spill_dir = spill_dir
        self._restorer: Restorer | None = None

    def setup(self) -> None:
        self._restorer = Restorer(self._spill_dir)

    def teardown(self) -> None:
        if self._restorer is not None:
            self._restorer.close()


class _RestoreFn(RestoringFn):
    def process(self, item: dict[str, Any]):
        assert self._restorer is not None
        yield self._restorer.restore(item)


class SpreadOver(beam.PTransform):
    """The same elements, spread over the workers (a ``Reshuffle``).

    A step that groups (a host's entries, fetched by one worker for politeness) leaves all of
    a big group's output on one worker; the CPU-bound steps after it should not stay there.
    With ``directory`` (batch) only references cross the shuffle: each element is spilled on
    the way in and read back, one at a time, on the way out (fused with the next steps).
    """

    def __init__(self, directory: str | None) -> None:
        super().__init__()
        self._directory = directory

    def expand(self, items):
        if self._directory is None:
            return items | "Reshuffle" >> beam.Reshuffle()
        return (
            items
            | "Spill" >> beam.ParDo(_SpillFn(self._directory))
            | "Reshuffle" >> beam.Reshuffle()
            | "Restore" >> beam.ParDo(_RestoreFn(self._directory))
        )
