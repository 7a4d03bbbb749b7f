"""Atomic writes: a file is either its old content or its complete new content, never half."""

from __future__ import annotations

import os
import re
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO


def is_special(path: Path) -> bool:
    """Whether ``path`` (its target, for a link) is there and not a regular file: a device such as
    /dev/null or /dev/stdout, a FIFO, a socket. Such outputs are written through, never replaced."""
    try:
        mode = os.stat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


_OWN_FD = re.compile(r"/(?:dev/fd|proc/(?:self|thread-self|(\d+))/fd)/(\d+)")
_NAMED_FD = {"/dev/stdout": 1, "/dev/stderr": 2}


def stream_fd(path: Path | str) -> int | None:
    """The file descriptor ``path`` names when it is this process's own (``/dev/stdout``,
    ``/dev/stderr``, ``/dev/fd/N``, ``/proc/self/fd/N``): an output there is written to that
    descriptor as the shell opened it (appending after ``>>``), never reopened or replaced."""
    text = os.path.normpath(str(path))
    fd = _NAMED_FD.get(text)
    if fd is None:
        match = _OWN_FD.fullmatch(text)
        if match is None or (match.group(1) is not None and int(match.group(1)) != os.getpid()):
            return None
        fd = int(match.group(2))
    try:
        os.fstat(fd)
    except OSError:
        return None
    return fd


def open_stream(fd: int):
    """A text writer on a copy of descriptor ``fd`` (closing it leaves ``fd`` open)."""
    return os.fdopen(os.dup(fd), "w", encoding="utf-8", newline="")


def output_target(path: Path) -> Path:
    """Where writing to ``path`` lands: a symbolic link is followed, so the link stays a link."""
    path = Path(path)
    return Path(os.path.realpath(path)) if path.is_symlink() else path


@contextmanager
def atomic_open(path: Path, mode: str = "w") -> Iterator[IO]:
    """Open a temporary file beside ``path`` (``mode`` "w" or "wb"); it replaces ``path`` when the
    block ends without error and is removed when it fails, so writers can stream into it. A link
    is followed (its target is replaced); a device or FIFO is written through."""
    text = {} if "b" in mode else {"encoding": "utf-8", "newline": ""}
    fd = stream_fd(path)
    if fd is not None:
        with os.fdopen(os.dup(fd), mode, **text) as f:
            yield f
        return
    path = output_target(path)
    if is_special(path):
        with open(path, mode, **text) as f:
            yield f
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, mode_for(path))
        with os.fdopen(fd, mode, **text) as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def mode_for(path: Path) -> int:
    """The mode a plain ``open(path, "w")`` would give: the old file's, else 0666 less the umask
    (mkstemp makes its file 0600, which would leave outputs unreadable to others)."""
    try:
        return path.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def atomic_write_bytes(path: Path, data: bytes) -> None:
    with atomic_open(path, "wb") as f:
        f.write(data)


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))
