"""Build translit/text/heh_lexicon.tsv.gz: Urdu words spelled with ہ or ھ, with corpus counts.

Usage: python scripts/build_heh_lexicon.py [CORPORA_DIR]   (default ../shared/corpora)

Words come from the Urdu side of every sentence corpus, after the same normalisation the
toolkit applies (without the lexicon itself). Words typed with Arabic heh are skipped: they are
what the lexicon has to decide. Words seen fewer than MIN_COUNT times are dropped as noise.
"""

from __future__ import annotations

import gzip
import re
import sys
from collections import Counter
from pathlib import Path

from translit.text import normalize as norm
from translit.datasets import read_manifest, read_side

MIN_COUNT = 2
WORD = re.compile(r"[\u0621-\u063a\u0641-\u064a\u066e-\u06d3\u06d5\u06fa-\u06ff]+")


def build(corpora: Path, out: Path) -> int:
    counts: Counter[str] = Counter()
    for source in read_manifest(corpora):
        if source.kind == "dictionary" and source.name != "dict_mturk":
            continue
        for line in read_side(source, "ur"):
            words = WORD.findall(norm.normalize(line.replace(norm.ARABIC_HEH, " ")))
            counts.update(w for w in words if norm.HEH_GOAL in w or norm.DO_CHASHMEE in w)
    kept = sorted((w, c) for w, c in counts.items() if c >= MIN_COUNT)
    data = "".join(f"{w}\t{c}\n" for w, c in kept).encode("utf-8")
    with gzip.GzipFile(out, "wb", compresslevel=9, mtime=0) as f:  # mtime=0: reproducible bytes
        f.write(data)
    return len(kept)


if __name__ == "__main__":
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("../shared/corpora")
    target = Path(__file__).resolve().parents[1] / "translit/text/heh_lexicon.tsv.gz"
    print(f"{build(root, target)} words → {target}")
