"""Lines of an input, one at a time: a file (plain or gzipped), a FIFO, ``/dev/fd/N`` or stdin.

Reading never loads the whole input and never consumes bytes it does not use: gzip is told by
peeking at the first two bytes, so pipes and process substitutions work like files.
"""

from __future__ import annotations

import gzip
import io
import os
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path

from translit.errors import InputError

STDIN = "-"


def is_stdin(source: str | Path | None) -> bool:
    return source is None or str(source) == STDIN


def check_readable(source: str | Path | None) -> None:
    """Raise InputError unless ``source`` is stdin or something that can be opened for reading
    (a regular file, a FIFO, a character device such as ``/dev/fd/N``), before any work starts."""
    if is_stdin(source):
        return
    path = Path(source)
    if path.is_dir():
        raise InputError(f"is a directory, not a file: {source}")
    if not path.exists():
        raise InputError(f"file not found: {source}")
    if not os.access(path, os.R_OK):
        raise InputError(f"{source}: permission denied")


def _binary(source: str | Path | None) -> io.BufferedReader:
    if is_stdin(source):
        return sys.stdin.buffer
    check_readable(source)
    return open(source, "rb")  # noqa: SIM115 (closed by iter_lines)


def iter_lines(source: str | Path | None, keep_ends: bool = False) -> Iterator[str]:
    """Lines of ``source`` (``-``/None: stdin) without their line ends (with them, ``\n`` or
    ``\r\n`` as they were, when ``keep_ends``), decoded one by one; errors name the input and
    the byte offset."""
    name = "<stdin>" if is_stdin(source) else str(source)
    raw = _binary(source)
    if not hasattr(raw, "peek"):  # a stdin replaced by a plain byte stream (tests, embedding)
        raw = io.BufferedReader(raw)
    stream = raw
    if raw.peek(2)[:2] == b"\x1f\x8b":
        stream = gzip.GzipFile(fileobj=raw, mode="rb")
    offset = 0
    try:
        for number, line in enumerate(stream, start=1):
            try:
                text = line.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise InputError(f"{name}: invalid UTF-8 at byte {offset + exc.start} (line {number})") from None
            offset += len(line)
            yield text if keep_ends else text.rstrip("\r\n")
    except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
        raise InputError(f"{name}: truncated or corrupt gzip ({exc})") from None
    finally:
        if not is_stdin(source):
            raw.close()


def count_lines(source: str | Path | None) -> int | None:
    """Lines in a regular, uncompressed file (None for stdin, pipes and gzip: unknown ahead)."""
    if is_stdin(source) or not Path(source).is_file():
        return None
    with open(source, "rb") as f:
        if f.read(2) == b"\x1f\x8b":
            return None
        f.seek(0)
        count, last = 0, b"\n"
        for block in iter(lambda: f.read(1 << 20), b""):
            count += block.count(b"\n")
            last = block[-1:]
        return count + (last != b"\n")
