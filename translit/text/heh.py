"""The word list that decides between ہ and ھ where text was typed with Arabic heh (U+0647).

The data file ``heh_lexicon.tsv.gz`` beside this module holds correctly spelled Urdu words that
contain ہ or ھ, with their frequency in the training corpora. It is built by
``scripts/build_heh_lexicon.py`` from ``../shared/corpora`` and loaded on first use.
"""

from __future__ import annotations

import gzip
from functools import lru_cache
from pathlib import Path

LEXICON_PATH = Path(__file__).with_name("heh_lexicon.tsv.gz")


@lru_cache(maxsize=1)
def _table() -> dict[str, int]:
    if not LEXICON_PATH.exists():
        return {}
    table: dict[str, int] = {}
    with gzip.open(LEXICON_PATH, "rt", encoding="utf-8") as f:
        for line in f:
            word, _, count = line.rstrip("\n").partition("\t")
            table[word] = int(count)
    return table


def frequency(word: str) -> int:
    """How often ``word`` occurs in the corpora (0 when unknown)."""
    return _table().get(word, 0)
