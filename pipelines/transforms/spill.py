"""Spilling: elements that must wait for a whole-run result go to disk, not into the shuffle.

Cluster assignment needs the run's verified links (a side input) before any article can leave,
so in batch every article waits. Waiting inside the runner means the runner holds every
article with its text; the DirectRunner holds them in memory. ``SpillFn`` writes each
article to a file of its bundle (in the run's work directory) and passes on a slim element
with the fields the wait needs and a reference; ``Restorer`` reads the article back after the
wait. A bundle's file is complete before any of its slim elements is seen downstream: a
bundle's outputs are committed only after its ``finish_bundle``, which closes the file.

The files are pickles written and read by the same run in its own work directory (a local or
shared file system every worker sees), and are removed with that directory when the run ends.
"""

from __future__ import annotations

import os
import pickle
import uuid
from collections import OrderedDict
from typing import Any, BinaryIO

import apache_beam as beam

SPILLED = "_spilled"
"""The key of a slim element's reference: (file, offset, length)."""


class SpillFn(beam.DoFn):
    """Writes each dict to its bundle's file; yields ``keep`` fields and a reference."""

    def __init__(self, directory: str, keep: tuple[str, ...]) -> None:
        self._directory = directory
        self._keep = keep
        self._file: BinaryIO | None = None
        self._path = ""

    def start_bundle(self) -> None:
        self._file = None

    def process(self, item: dict[str, Any]):
        if self._file is None:
            os.makedirs(self._directory, exist_ok=True)
            self._path = os.path.join(self._directory, f"{uuid.uuid4().hex}.pickle")
            self._file = open(self._path, "wb")  # noqa: SIM115 - closed in finish_bundle
        data = pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL)
        offset = self._file.tell()
        self._file.write(data)
        slim = {key: item[key] for key in self._keep if key in item}
        slim[SPILLED] = (self._path, offset, len(data))
        yield slim

    def finish_bundle(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None

    def teardown(self) -> None:
        self.finish_bundle()


class Restorer:
    """Reads spilled elements back, keeping a few files open."""

    def __init__(self, max_open: int = 32) -> None:
        self._handles: OrderedDict[str, BinaryIO] = OrderedDict()
        self._max_open = max_open

    def restore(self, item: dict[str, Any]) -> dict[str, Any]:
        """The spilled element of a slim one; any other element as it is."""
        ref = item.get(SPILLED)
        if ref is None:
            return item
        path, offset, length = ref
        handle = self._handles.pop(path, None)
        if handle is None:
            handle = open(path, "rb")  # noqa: SIM115 - closed in close()
            while len(self._handles) >= self._max_open:
                self._handles.popitem(last=False)[1].close()
        self._handles[path] = handle
        handle.seek(offset)
        data = handle.read(length)
        if len(data) != length:
            raise OSError(f"spill file {path} is shorter than its reference {ref}")
        return pickle.loads(data)

    def close(self) -> None:
        while self._handles:
            self._handles.popitem()[1].close()
