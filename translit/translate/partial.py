"""A partial output and its record: what a resumable job leaves on disk while it runs.

The partial (``OUTPUT.partial``) grows with whole units (lines, or a record format's records); its
record (``OUTPUT.partial.json``, JSON Lines) holds what it belongs to, then one line per batch
written and synced (units done, a digest of the input units they came from). A resume reads the
record, cuts the partial back to the last whole batch it still holds, and checks the input.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from translit.errors import InputError
from translit.util.lines import iter_lines


EMPTY_DIGEST = hashlib.sha256().hexdigest()


def read_sidecar(sidecar: Path, partial: Path) -> tuple[dict, list[tuple[int, str]]]:
    """A partial's record and its synced batch ends (units done, input digest); a one-line
    error for a sidecar that is missing, not UTF-8 or not what translit writes."""
    if not sidecar.exists():
        raise InputError(f"{partial} has no record of what it was made from; rerun without --resume to start again")
    try:
        lines = sidecar.read_text(encoding="utf-8").splitlines()
        record = json.loads(lines[0]) if lines else None
    except (UnicodeDecodeError, ValueError, RecursionError):
        record = None
    if not isinstance(record, dict) or record.get("sidecar") != 2:
        raise InputError(f"{sidecar} is not a translit job record; rerun without --resume to start again")
    marks = [(0, EMPTY_DIGEST)]
    for line in lines[1:]:
        try:
            mark = json.loads(line)
            marks.append((int(mark["done"]), str(mark["input"])))
        except (ValueError, TypeError, KeyError):
            break  # a torn last line: the marks before it stand
    return record, marks


class InputDigest:
    """A running digest of the input units a job has written (or skipped on a resume)."""

    def __init__(self):
        self._hash = hashlib.sha256()

    def add(self, unit: str) -> None:
        data = unit.encode("utf-8", "surrogatepass")
        self._hash.update(len(data).to_bytes(8, "little") + data)

    def hexdigest(self) -> str:
        return self._hash.hexdigest()


def cut_lines(path: Path, limit: int | None = None) -> int:
    """Lines fully written to a partial output, cut back to at most ``limit`` (a torn last line
    is always cut off)."""
    if not path.exists():
        return 0
    lines = keep = offset = 0
    with path.open("r+b") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            count = block.count(b"\n")
            if limit is not None and lines + count >= limit:
                at = -1
                for _ in range(limit - lines):
                    at = block.index(b"\n", at + 1)
                keep, lines = (offset + at + 1 if limit > lines else keep), limit
                break
            lines += count
            last = block.rfind(b"\n")
            if last >= 0:
                keep = offset + last + 1
            offset += len(block)
        f.truncate(keep)
    return lines


def complete_records(path: Path, fmt, source=None, limit: int | None = None) -> int:
    """Records of ``fmt`` fully written to a partial output, cut back to at most ``limit``; a
    torn last record is cut off. A format whose records span several units (subtitles: a group
    of cues) says how many each record of the input ``source`` holds (``fmt.sizes``); the
    partial is cut back to a record's end."""
    cut_lines(path)
    with path.open("r", encoding="utf-8", newline="") as f:
        units = [len(unit.encode("utf-8")) for unit in fmt.units(iter(f.readline, ""))]
    count, kept_units = len(units), len(units)
    if limit is not None:
        count = kept_units = min(count, limit)
    if hasattr(fmt, "sizes"):
        count = kept_units = 0
        for size in fmt.sizes(iter_lines(source, keep_ends=True)):
            if kept_units + size > len(units) or (limit is not None and count >= limit):
                break
            kept_units += size
            count += 1
    with path.open("r+b") as f:
        f.truncate(sum(units[:kept_units]))
    return count
