"""Read text files that may be gzipped, with errors that name the file and what is wrong."""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterator
from pathlib import Path

from translit.errors import InputError


def decode_utf8(data: bytes, name: str) -> str:
    """Decode UTF-8 or raise InputError naming the file and the byte offset of the first bad byte."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: invalid UTF-8 at byte {exc.start}") from None


def read_text(path: Path) -> str:
    """The whole text of a plain or ``.gz`` file."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"file not found: {path}") from None
    except IsADirectoryError:
        raise InputError(f"is a directory, not a file: {path}") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    if raw[:2] == b"\x1f\x8b":
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError, zlib.error) as exc:
            raise InputError(f"{path}: truncated or corrupt gzip ({exc})") from None
    return decode_utf8(raw, str(path))


def split_lines(text: str) -> list[str]:
    """Lines split at \\n only (not at U+2028 or form feeds, which str.splitlines also takes),
    so that line counts agree with ``wc -l`` and line-aligned files stay aligned."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line[:-1] if line.endswith("\r") else line for line in lines]


def read_lines(path: Path) -> Iterator[str]:
    """Lines of a plain or gzipped text file, without their line ends."""
    yield from split_lines(read_text(path))
