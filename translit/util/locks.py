"""One writer per output: an exclusive lock on a small file beside it, held while a job runs."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from translit.errors import InputError


class OutputLock:
    """An exclusive, non-blocking ``flock`` on ``path`` (made when missing, holding the owner's
    process id), so that a second job on the same output stops at once, naming the first. The
    lock goes when :meth:`release` is called or the process ends, however it ends."""

    def __init__(self, path: Path, what: str):
        self.path = Path(path)
        self.what = what  # the output, as the message names it
        self.fd: int | None = None

    def acquire(self) -> None:
        while self.fd is None:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                owner = os.read(fd, 32).decode("ascii", "replace").strip() or "another process"
                os.close(fd)
                raise InputError(f"{self.what} is being written by process {owner}; wait for it or stop it first") from None
            try:  # the file we locked may have been removed by a job that just finished: lock the new one
                same = os.fstat(fd).st_ino == os.stat(self.path).st_ino
            except FileNotFoundError:
                same = False
            if not same:
                os.close(fd)
                continue
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode("ascii"))
            self.fd = fd

    def release(self, remove: bool = True) -> None:
        """Let go of the lock (removing its file first when ``remove``: the job is over)."""
        if self.fd is None:
            return
        if remove:
            self.path.unlink(missing_ok=True)
        os.close(self.fd)
        self.fd = None
