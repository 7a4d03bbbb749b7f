"""Stage 1, prepare: each text normalised, its South Asian amounts and times of day written as
English figures, and the glossary's terms of one word replaced by their English (terms of
several words stay in Urdu: :mod:`translit.translate.stages.linked`).

Control characters and line or paragraph separators inside a text (NUL, \x0b, \r, U+0085,
U+2028, U+2029) are layout, not words: they become spaces, so they neither garble the model's
input nor come through raw into a translation."""

from __future__ import annotations

import re

from translit.glossary import Glossary
from translit.text.check import check_texts
from translit.text.normalize import normalize
from translit.text.numbers import rewrite_numbers
from translit.translate.records import Segment

_LAYOUT = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")


def prepare(texts: list[str], glossary: Glossary, numbers: str = "international") -> list[Segment]:
    """One :class:`Segment` per text: normalised, South Asian amounts and times of day in English
    figures (``numbers``: :mod:`translit.text.numbers`), glossary terms of one word in English, the
    terms found, and the terms of several words left in Urdu (:mod:`.linked` writes them in)."""
    check_texts(texts)
    segments = []
    for text in texts:
        prepared = rewrite_numbers(normalize(_LAYOUT.sub(" ", text)), numbers)
        applied, terms, linked = glossary.apply_one_word(prepared)  # one pass of the glossary's pattern
        segments.append(Segment(applied, terms, linked))
    return segments
