"""Stage 7, assemble: segment translations into the records callers get back, with spans.

Sentences keep their offsets into the input; a paragraph's (or a line's) translation is its
sentences' translations joined by a space; a document's is one line per paragraph.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

from translit.text.segment import Paragraph, Sentence
from translit.translate.records import (
    DocumentTranslation,
    Hypothesis,
    LineTranslation,
    ParagraphTranslation,
    SegmentTranslation,
    SentenceTranslation,
)


def segment_translation(hypotheses: list[Hypothesis], terms, nbest: int | bool) -> SegmentTranslation:
    """The best of ``hypotheses`` with its confidence (exp of its mean log-prob), and the n-best
    list of up to ``nbest`` distinct texts (hypotheses that differ only in pieces often read the
    same once detokenised and mended: the later copies go; the translator asks the beam for all
    it holds, so fewer than ``nbest`` come back only where the beam has no more distinct texts)."""
    best = hypotheses[0]
    distinct, seen = [], set()
    for h in hypotheses if nbest else []:
        if h.text not in seen:
            seen.add(h.text)
            distinct.append(h)
    return SegmentTranslation(best.text, math.exp(best.score), distinct[: int(nbest)], terms)


def sentence_translations(sentences: list[Sentence], results: list[SegmentTranslation]) -> list[SentenceTranslation]:
    return [
        SentenceTranslation(s.start, s.end, s.text, r.translation, round(r.confidence, 4), r.alternatives, r.terms, r.respelled)
        for s, r in zip(sentences, results)
    ]


def _take(translated: Iterator[SentenceTranslation], count: int) -> list[SentenceTranslation]:
    return [next(translated) for _ in range(count)]


def document(text: str, paragraphs: list[Paragraph], translated: list[SentenceTranslation]) -> DocumentTranslation:
    """The document of ``paragraphs`` whose sentences, in order, are ``translated``."""
    it = iter(translated)
    out = []
    for p in paragraphs:
        sents = _take(it, len(p.sentences))
        out.append(ParagraphTranslation(p.start, p.end, " ".join(s.translation for s in sents), sents))
    return DocumentTranslation(text, out)


def lines(start: int, texts: list[str], split: list[list[Sentence]], translated: list[SentenceTranslation]) -> Iterator[LineTranslation]:
    """Line records numbered from ``start``: each line's sentences, in order, from ``translated``."""
    it = iter(translated)
    for offset, (line, sentences) in enumerate(zip(texts, split)):
        sents = _take(it, len(sentences))
        yield LineTranslation(start + offset, line, " ".join(s.translation for s in sents), sents)
