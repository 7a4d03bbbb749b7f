"""Read a corpora folder: ``MANIFEST.tsv`` plus one folder per source with line-aligned gz files."""

from __future__ import annotations

import csv
import gzip
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from translit.errors import DataError


@dataclass(frozen=True)
class Source:
    """One corpus of the manifest: where its two sides lie and what it is."""

    name: str
    kind: str  # sentences | paragraphs | dictionary
    pairs: int
    domain: str
    license: str
    folder: Path

    @property
    def ur_path(self) -> Path:
        return self.folder / f"{self.name}.ur.gz"

    @property
    def en_path(self) -> Path:
        return self.folder / f"{self.name}.en.gz"


def read_manifest(root: Path) -> list[Source]:
    """The sources listed in ``root/MANIFEST.tsv``; a clear error when the folder is not a corpus."""
    root = Path(root)
    manifest = root / "MANIFEST.tsv"
    if not root.is_dir():
        raise DataError(f"corpus folder not found: {root}")
    if not manifest.is_file():
        raise DataError(f"{root} has no MANIFEST.tsv: not a corpora folder")
    with manifest.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    needed = {"name", "kind", "pairs", "domain", "license"}
    if not rows or not needed <= set(rows[0]):
        raise DataError(f"{manifest}: expected columns {sorted(needed)}")
    return [
        Source(r["name"], r["kind"], int(r["pairs"]), r["domain"], r["license"], root / r["name"])
        for r in rows
    ]


def _lines(path: Path) -> Iterator[str]:
    if not path.is_file():
        raise DataError(f"missing corpus file: {path}")
    try:
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for line in f:
                yield line.rstrip("\n")
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        raise DataError(f"{path}: unreadable ({exc})") from exc


def read_pairs(source: Source) -> Iterator[tuple[str, str]]:
    """Line pairs of a source; raises DataError when the two sides have different lengths."""
    ur_lines, en_lines = _lines(source.ur_path), _lines(source.en_path)
    n = 0
    for n, (ur, en) in enumerate(zip(ur_lines, en_lines, strict=False), start=1):
        yield ur, en
    rest_ur, rest_en = next(ur_lines, None), next(en_lines, None)
    if rest_ur is not None or rest_en is not None:
        longer = source.ur_path if rest_ur is not None else source.en_path
        raise DataError(f"{source.name}: unequal line counts ({longer.name} is longer than {n} lines)")


def read_side(source: Source, side: str) -> Iterator[str]:
    """One side (``ur`` or ``en``) of a source, line by line."""
    return _lines(source.ur_path if side == "ur" else source.en_path)
