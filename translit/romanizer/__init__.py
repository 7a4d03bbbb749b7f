"""Transliteration: Urdu script → Latin letters, for names and words a translation leaves out.

``romanize("عمران خان لاہور")`` → ``'imran khan lahore'``-like spellings from a model learned from
the corpora (:mod:`translit.romanizer.transducer`; built by ``scripts/build_romanizer.py`` from
transliteration pairs mined by :mod:`translit.romanizer.mining`). Text that is not Urdu passes
through unchanged; spaces and punctuation are kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from translit.text.normalize import ARABIC_LETTERS, normalize

SHIPPED = Path(__file__).with_name("romanizer.json.gz")
_URDU_RUN = re.compile(f"[{ARABIC_LETTERS}]+")


@lru_cache(maxsize=4)
def load_romanizer(path: Path | str = SHIPPED):
    from translit.romanizer.transducer import Romanizer

    return Romanizer.load(Path(path))


@dataclass
class Spelling:
    text: str
    score: float  # log-score of the search: comparable between spellings of one word


@dataclass
class RomanizedWord:
    """One run of Urdu letters in the (normalised) text and its best spellings."""

    start: int
    end: int
    word: str
    spellings: list[Spelling]


def romanize_word(word: str, n: int = 1, romanizer=None) -> list[Spelling]:
    """The ``n`` best Latin spellings of one Urdu word (normalised first), best first."""
    model = romanizer or load_romanizer()
    return [Spelling(text, score) for text, score in model.spellings(normalize(word), n=n)]


def romanize_words(text: str, n: int = 1, romanizer=None) -> tuple[str, list[RomanizedWord]]:
    """The normalised ``text`` and each Urdu word in it, with offsets and ``n`` best spellings."""
    model = romanizer or load_romanizer()
    text = normalize(text)
    words = [
        RomanizedWord(m.start(), m.end(), m.group(0), [Spelling(t, s) for t, s in model.spellings(m.group(0), n=n)])
        for m in _URDU_RUN.finditer(text)
    ]
    return text, words


def spell_out(text: str, words: list[RomanizedWord], capitalize: bool = False) -> str:
    """``text`` (as :func:`romanize_words` returned it) with each word replaced by its best
    spelling; with ``capitalize``, the words that may be names capitalised (not the ordinary
    words: :func:`ordinary_word`)."""
    parts, end = [], 0
    for w in words:
        best = w.spellings[0].text if w.spellings else w.word
        parts += [text[end : w.start], best.capitalize() if capitalize and w.spellings and not ordinary_word(w.word) else best]
        end = w.end
    return "".join(parts) + text[end:]


def ordinary_word(word: str, lexicon=None) -> bool:
    """Whether the word lexicon (learned from the corpora) knows the Urdu ``word`` as an ordinary
    word rather than a name: at least half its translation probability goes to English words that
    do not spell its sound ("اور" → and, "وزیر" → minister; not "لاہور" → lahore). A word the
    lexicon does not know may be a name."""
    from translit.romanizer.mining import skeleton_similarity

    lexicon = lexicon or _lexicon()
    translations = lexicon.forward.get(normalize(word), {})
    return sum(p for en, p in translations.items() if en and skeleton_similarity(word, en) < 0.7) >= 0.5


@lru_cache(maxsize=1)
def _lexicon():
    from translit.align.lexicon import load_lexicon

    return load_lexicon()


def romanize(text: str, capitalize: bool = False, romanizer=None) -> str:
    """``text`` with every run of Urdu letters replaced by its best Latin spelling."""
    return spell_out(*romanize_words(text, 1, romanizer), capitalize=capitalize)
