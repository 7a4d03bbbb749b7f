"""How English words are cased inside sentences: the table that tells "Therefore" from "Paris".

A clause translated on its own comes back capitalised like a sentence ("…, Therefore the
rain"). Whether that capital belongs to the word or only to the sentence start is a fact about
English: ``english_case.tsv.gz`` beside this module counts, for each word, how often it is written
lower-case and how often capitalised when it is not the first word of a sentence, over the
English of the training corpora and of ``mono-en``. It is built by
``scripts/build_english_case.py`` and loaded on first use; without it no word counts as lower-case.
"""

from __future__ import annotations

import gzip
from functools import lru_cache
from pathlib import Path

TABLE_PATH = Path(__file__).with_name("english_case.tsv.gz")
# lower-case at least this many times as often as capitalised: "may" (the month too, 2.7×) and
# "health" (Ministry of Health, 4×) stay as written; "therefore" (74×), "people" (84×) do not
LOWER_RATIO = 10.0


@lru_cache(maxsize=1)
def _table() -> dict[str, tuple[int, int]]:
    if not TABLE_PATH.exists():
        return {}
    table: dict[str, tuple[int, int]] = {}
    with gzip.open(TABLE_PATH, "rt", encoding="utf-8") as f:
        for line in f:
            word, lower, capital = line.rstrip("\n").split("\t")
            table[word] = (int(lower), int(capital))
    return table


def usually_lower(word: str, ratio: float = LOWER_RATIO) -> bool:
    """Whether ``word`` is written lower-case inside sentences (``ratio`` times as often as capitalised)."""
    lower, capital = _table().get(word.lower(), (0, 0))
    return lower > 0 and lower >= ratio * capital


__all__ = ["LOWER_RATIO", "usually_lower"]
