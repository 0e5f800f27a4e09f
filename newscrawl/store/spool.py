"""A durable local spool for items the database could not take, and its replay.

When MongoDB stays unreachable through every retry, the crawl does not stop and does not drop
what it fetched: the batch goes to an append-only JSON-lines file under
``$NEWSCRAWL_HOME/spool`` (fsync'd per batch), and is written later — at the end of the same
crawl if the database came back, at the start of the next one, or by ``newscrawl spool
replay``. Replay is idempotent: upserts keyed by URL, and a per-file offset (also fsync'd)
records how far a replay got, so a replay interrupted half-way does not write a record twice.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, fields
from pathlib import Path
from typing import IO, Any

from bson import json_util

from newscrawl.items import Article, Image, ListingHint, NotArticle, SeenArticle

SpoolItem = Article | SeenArticle | NotArticle
_KINDS: dict[str, type[Article] | type[SeenArticle] | type[NotArticle]] = {
    "article": Article,
    "seen": SeenArticle,
    "not_article": NotArticle,
}
_JSON_OPTIONS = json_util.JSONOptions(tz_aware=True, json_mode=json_util.JSONMode.CANONICAL)


def encode(item: SpoolItem) -> str:
    """One JSON line; dates keep their type and zone (MongoDB Extended JSON)."""
    kind = next(name for name, cls in _KINDS.items() if isinstance(item, cls))
    return json_util.dumps({"kind": kind, "item": asdict(item)}, json_options=_JSON_OPTIONS)


def decode(line: str) -> SpoolItem:
    """The item a line of :func:`encode` describes."""
    record = json_util.loads(line, json_options=_JSON_OPTIONS)
    cls = _KINDS[record["kind"]]
    data: dict[str, Any] = record["item"]
    known = {f.name for f in fields(cls)}
    data = {key: value for key, value in data.items() if key in known}
    if cls is Article:
        data["images"] = [Image(**image) for image in data.get("images", [])]
        data["listing_hints"] = [ListingHint(**hint) for hint in data.get("listing_hints", [])]
        for key in ("published_candidates", "updated_candidates"):
            data[key] = [tuple(pair) for pair in data.get(key, [])]
    return cls(**data)


class SpoolWriter:
    """The spool file of one crawl process; created on first use, locked while open.

    :meth:`append` is all or nothing: when the kernel refuses the write (a full disk,
    ``RLIMIT_FSIZE``, a read-only file system), the file is cut back to where it was and the
    :class:`OSError` reaches the caller, who still holds the batch.
    """

    def __init__(self, directory: Path, name: str) -> None:
        self.directory = directory
        self.path = directory / f"{name}-{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}.jsonl"
        self._fd: int | None = None
        self.written = 0

    def append(self, items: list[SpoolItem]) -> None:
        """Append a batch and fsync it: once this returns, the batch survives a crash."""
        if not items:
            return
        payload = "".join(encode(item) + "\n" for item in items).encode("utf-8")
        if self._fd is None:
            self.directory.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
            # A lock tells replays in other processes that this file is still being written.
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            self._fd = fd
        size = os.fstat(self._fd).st_size
        try:
            view = memoryview(payload)
            while view:
                view = view[os.write(self._fd, view) :]
            os.fsync(self._fd)
        except OSError:
            # A torn batch would be replayed in part and then spooled again in full.
            with contextlib.suppress(OSError):
                os.ftruncate(self._fd, size)
            raise
        self.written += len(items)

    def close(self) -> None:
        """Release the file so that a replay may take it; an empty file is removed."""
        if self._fd is not None:
            empty = os.fstat(self._fd).st_size == 0
            if empty:
                self.path.unlink(missing_ok=True)
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None


def pending_files(directory: Path) -> list[Path]:
    """Spool files waiting for replay, oldest first."""
    if not directory.is_dir():
        return []
    return sorted(directory.glob("*.jsonl"))


def _offset_path(path: Path) -> Path:
    return path.with_suffix(".offset")


def _read_offset(path: Path) -> int:
    try:
        return int(_offset_path(path).read_text().strip() or 0)
    except (OSError, ValueError):
        return 0


def _write_offset(path: Path, offset: int) -> None:
    tmp = _offset_path(path).with_suffix(".offset.tmp")
    try:
        with tmp.open("w") as handle:
            handle.write(str(offset))
            handle.flush()
            os.fsync(handle.fileno())
        tmp.replace(_offset_path(path))
    except OSError:
        tmp.unlink(missing_ok=True)
        raise


def _batches(handle: IO[str], size: int) -> Iterator[tuple[list[str], int]]:
    batch: list[str] = []
    while True:
        line = handle.readline()
        if not line:
            break
        if line.endswith("\n"):
            batch.append(line)
        # A torn last line (the process died mid-write, before fsync) is skipped: its
        # batch was never acknowledged as spooled.
        if len(batch) >= size:
            yield batch, handle.tell()
            batch = []
    if batch:
        yield batch, handle.tell()


def replay(
    directory: Path,
    write: Callable[[list[SpoolItem]], object],
    *,
    batch_size: int = 100,
    skip: Path | None = None,
) -> int:
    """Write every pending spool file through ``write``; returns the number of items replayed.

    ``write`` must raise if the batch was not stored; the file then stays (with its offset)
    for the next replay. Files locked by a running crawl, and ``skip``, are left alone.
    """
    replayed = 0
    for path in pending_files(directory):
        if skip is not None and path == skip:
            continue
        replayed += replay_file(path, write, batch_size=batch_size)
    return replayed


def replay_file(
    path: Path, write: Callable[[list[SpoolItem]], object], *, batch_size: int = 100
) -> int:
    """Replay one spool file (see :func:`replay`); 0 when it is gone or locked by its crawl.

    The offset is saved after each batch ``write`` accepted. When it cannot be saved (the
    spool's disk is full — the usual reason a spool stopped growing), the replay goes on: the
    file is removed at the end, and a replay interrupted before that starts again from the
    last saved offset, which the writer's URL-keyed upserts make harmless.
    """
    replayed = 0
    try:
        handle = path.open("r", encoding="utf-8")
    except FileNotFoundError:
        return 0
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return 0
        handle.seek(_read_offset(path))
        for lines, offset in _batches(handle, batch_size):
            write([decode(line) for line in lines])
            with contextlib.suppress(OSError):
                _write_offset(path, offset)
            replayed += len(lines)
        path.unlink()
        with contextlib.suppress(FileNotFoundError):
            _offset_path(path).unlink()
    return replayed
