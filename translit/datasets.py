"""Data found by option or configuration, never at a fixed path: test sets and corpora.

A data folder has the layout of the project's shared data: ``corpora/`` (``MANIFEST.tsv`` plus
one folder per source with line-aligned gz files), ``evalsets/`` (one folder per test set with
``dev.ur`` and ``dev.en``, plain or gzipped) and ``mono-en/``. Commands take the folders as
options (``--evalsets``, ``--corpora``); without them, ``$TRANSLIT_DATA`` names the data folder.
"""

from __future__ import annotations

import csv
import gzip
import os
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from translit.errors import DataError, InputError
from translit.util.gzipped import read_lines

DATA_ENV = "TRANSLIT_DATA"


def data_folder(name: str, given: Path | str | None = None) -> Path | None:
    """``given``, else ``$TRANSLIT_DATA/<name>`` when that variable is set, else None."""
    if given is not None:
        return Path(given)
    root = os.environ.get(DATA_ENV)
    return Path(root) / name if root else None


def find_testset(name_or_dir: str | Path, evalsets: Path | str | None = None) -> Path:
    """The folder of a test set: a folder path, or a name under ``evalsets`` (default
    ``$TRANSLIT_DATA/evalsets``); a one-line error that says how to point at one."""
    folder = Path(name_or_dir)
    if folder.is_dir():
        return folder
    root = data_folder("evalsets", evalsets)
    if root is None:
        raise InputError(
            f"test set {name_or_dir!r}: no test sets folder; pass --evalsets DIR or set {DATA_ENV} to a data folder with evalsets/"
        )
    if not (root / str(name_or_dir)).is_dir():
        known = sorted(p.name for p in root.glob("*") if p.is_dir()) if root.is_dir() else []
        raise InputError(f"unknown test set {name_or_dir!r} in {root} (known: {', '.join(known) or 'none found'})")
    return root / str(name_or_dir)


DIRECTIONS = ("ur-en", "en-ur")  # the language pairs of the data: Urdu→English, and back for back-translation


HALVES = ("A", "B")


def dev_half(lines: list[str], half: str | None) -> list[str]:
    """One fixed half of a dev set's lines: half A is the odd-numbered lines (1, 3, 5, …), half B
    the even-numbered ones (2, 4, 6, …); None: all of them. Half A chooses (arms, checkpoints,
    settings), half B only confirms: a gain B does not show is noise from choosing."""
    if half is None:
        return list(lines)
    key = str(half).upper()
    if key not in HALVES:
        raise InputError(f"half must be A or B, not {half!r}")
    return list(lines)[HALVES.index(key) :: 2]


def load_testset(
    name_or_dir: str | Path, evalsets: Path | None = None, limit: int | None = None, direction: str = "ur-en",
    half: str | None = None,
) -> tuple[str, list[str], list[str]]:
    """(name, sources, references) of a test set (see :func:`find_testset`) with dev.ur/dev.en(.gz);
    ``direction`` "en-ur" gives the English side as the sources; ``half`` "A" or "B" one fixed half
    (:func:`dev_half`; the name then ends in ``/A`` or ``/B``), before ``limit``."""
    folder = find_testset(name_or_dir, evalsets)
    files = {}
    for side in ("ur", "en"):
        candidates = [folder / f"dev.{side}.gz", folder / f"dev.{side}"]
        found = next((c for c in candidates if c.is_file()), None)
        if found is None:
            raise InputError(f"{folder}: no dev.{side}(.gz)")
        files[side] = found
    if direction not in DIRECTIONS:
        raise InputError(f"direction must be one of {', '.join(DIRECTIONS)}, not {direction!r}")
    source, target = direction.split("-")
    src, ref = list(read_lines(files[source])), list(read_lines(files[target]))
    if len(src) != len(ref):
        raise InputError(f"{folder}: {len(src)} source lines but {len(ref)} reference lines")
    if half is not None:
        src, ref = dev_half(src, half), dev_half(ref, half)
        return f"{folder.name}/{str(half).upper()}", src[:limit], ref[:limit]
    return folder.name, src[:limit], ref[:limit]


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


def _manifest_rows(root: Path, needed: set[str], what: str) -> list[dict[str, str]]:
    """The rows of ``root/MANIFEST.tsv`` with at least the ``needed`` columns; ``what``: the
    kind of folder, for the errors."""
    root = Path(root)
    manifest = root / "MANIFEST.tsv"
    if not root.is_dir():
        raise DataError(f"{what} folder not found: {root}")
    if not manifest.is_file():
        raise DataError(f"{root} has no MANIFEST.tsv: not a {what} folder")
    with manifest.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    if not rows or not needed <= set(rows[0]):
        raise DataError(f"{manifest}: expected columns {sorted(needed)}")
    return rows


def read_manifest(root: Path) -> list[Source]:
    """The sources listed in ``root/MANIFEST.tsv``; a clear error when the folder is not a corpus."""
    rows = _manifest_rows(root, {"name", "kind", "pairs", "domain", "license"}, "corpus")
    return [Source(r["name"], r["kind"], int(r["pairs"]), r["domain"], r["license"], Path(root) / r["name"]) for r in rows]


@dataclass(frozen=True)
class MonoSource:
    """One source of a monolingual folder (``mono-en/``): ``<name>/<name>.<lang>.gz``, one sentence a line."""

    name: str
    sentences: int
    domain: str
    license: str
    path: Path


def read_mono_manifest(root: Path, lang: str = "en") -> list[MonoSource]:
    """The sources listed in a monolingual folder's ``MANIFEST.tsv`` (name, sentences, domain, license)."""
    root = Path(root)
    rows = _manifest_rows(root, {"name", "sentences", "domain", "license"}, "monolingual")
    try:
        return [MonoSource(r["name"], int(r["sentences"]), r["domain"], r["license"], root / r["name"] / f"{r['name']}.{lang}.gz")
                for r in rows]
    except ValueError as exc:
        raise DataError(f"{root / 'MANIFEST.tsv'}: sentences must be whole numbers ({exc})") from None


def read_mono(source: MonoSource) -> Iterator[str]:
    """The sentences of a monolingual source, line by line."""
    return _lines(source.path)


def _lines(path: Path) -> Iterator[str]:
    if not path.is_file():
        raise DataError(f"missing corpus file: {path}")
    try:
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for line in f:
                yield line.rstrip("\n")
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        raise DataError(f"{path}: unreadable ({exc})") from exc


# The last lines of these sources are a benchmark's test (the adaptation benchmark's, for
# reviews_mixed): every reader of training data stops before them, whatever a recipe says.
HELD_OUT_LAST = {"reviews_mixed": 2000}


def read_pairs(source: Source, held_out: bool = False) -> Iterator[tuple[str, str]]:
    """Line pairs of a source, less its held-out last lines (:data:`HELD_OUT_LAST`); with
    ``held_out``, only those. Raises DataError when the two sides have different lengths."""
    keep = HELD_OUT_LAST.get(source.name, 0)
    tail: deque[tuple[str, str]] = deque()
    for pair in _all_pairs(source):
        tail.append(pair)
        if len(tail) > keep:
            first = tail.popleft()
            if not held_out:
                yield first
    if held_out and keep:
        yield from tail


def _all_pairs(source: Source) -> Iterator[tuple[str, str]]:
    ur_lines, en_lines = _lines(source.ur_path), _lines(source.en_path)
    n = 0
    for n, (ur, en) in enumerate(zip(ur_lines, en_lines, strict=False), start=1):
        yield ur, en
    rest_ur, rest_en = next(ur_lines, None), next(en_lines, None)
    if rest_ur is not None or rest_en is not None:
        longer = source.ur_path if rest_ur is not None else source.en_path
        raise DataError(f"{source.name}: unequal line counts ({longer.name} is longer than {n} lines)")


def read_side(source: Source, side: str) -> Iterator[str]:
    """One side (``ur`` or ``en``) of a source, line by line, less its held-out last lines."""
    if source.name not in HELD_OUT_LAST:  # nothing to hold out: one file read, not both
        return _lines(source.ur_path if side == "ur" else source.en_path)
    index = 0 if side == "ur" else 1
    return (pair[index] for pair in read_pairs(source))


