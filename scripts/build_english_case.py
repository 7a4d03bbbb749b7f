"""Build translit/text/english_case.tsv.gz: how English words are cased inside sentences.

Usage: python scripts/build_english_case.py [CORPORA_DIR [MONO_EN_DIR]]
       (defaults ../shared/corpora and ../shared/mono-en; a folder that is not there is skipped)

Counts every alphabetic word that is not the first of its sentence, in its lower-case and its
capitalised spelling ("the"/"The", "paris"/"Paris"), over the English side of the general-domain
sentence corpora and the monolingual English folder. A word's first letter at a sentence start
says nothing about the word; inside a sentence it does: names are capitalised, other words not.
Words seen fewer than MIN_COUNT times inside sentences are dropped as noise, and so are words
capitalised at least as often as not (names: the table only has to tell which words are not).
It holds counts only (no text), so it carries no sentence of its sources.
"""

from __future__ import annotations

import gzip
import re
import sys
from collections import Counter
from pathlib import Path

from translit.datasets import read_manifest, read_mono, read_mono_manifest, read_side

MIN_COUNT = 5
_WORD = re.compile(r"[A-Za-z]+(?:'[a-z]+)?")


def count_case(lines, counts: Counter) -> None:
    """Add each non-initial word of each line to ``counts[(lower, capitalised)]``."""
    for line in lines:
        words = _WORD.findall(line)
        for word in words[1:]:
            if word.islower():
                counts[(word, 0)] += 1
            elif word[0].isupper() and (len(word) == 1 or word[1:].islower()):
                counts[(word.lower(), 1)] += 1


def build(corpora: Path, mono: Path, out: Path) -> int:
    counts: Counter = Counter()
    if (corpora / "MANIFEST.tsv").is_file():
        for source in read_manifest(corpora):
            if source.kind == "sentences" and not source.domain.startswith("religious"):
                count_case(read_side(source, "en"), counts)
    if (mono / "MANIFEST.tsv").is_file():
        for source in read_mono_manifest(mono):
            count_case(read_mono(source), counts)
    words = {w for w, _ in counts}
    rows = sorted((w, counts[(w, 0)], counts[(w, 1)]) for w in words)
    kept = [r for r in rows if r[1] + r[2] >= MIN_COUNT and r[1] > r[2]]
    data = "".join(f"{w}\t{lower}\t{capital}\n" for w, lower, capital in kept).encode("utf-8")
    with gzip.GzipFile(out, "wb", compresslevel=9, mtime=0) as f:  # mtime=0: reproducible bytes
        f.write(data)
    return len(kept)


if __name__ == "__main__":
    corpora = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("../shared/corpora")
    mono = Path(sys.argv[2]) if len(sys.argv) > 2 else Path("../shared/mono-en")
    target = Path(__file__).resolve().parents[1] / "translit/text/english_case.tsv.gz"
    print(f"{build(corpora, mono, target)} words → {target}")
