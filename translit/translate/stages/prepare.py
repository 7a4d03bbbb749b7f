"""Stage 1, prepare: each text normalised, and the glossary's terms replaced by their English."""

from __future__ import annotations

from translit.glossary import Glossary
from translit.text.check import check_texts
from translit.text.normalize import normalize
from translit.translate.records import Segment


def prepare(texts: list[str], glossary: Glossary) -> list[Segment]:
    """One :class:`Segment` per text: normalised, glossary terms in English, the terms found."""
    check_texts(texts)
    segments = []
    for text in texts:
        applied, terms = glossary.apply(normalize(text))
        segments.append(Segment(applied, terms))
    return segments
