"""What a translation returns, and the records the pipeline stages pass between them.

Results (public): :class:`SentenceTranslation` (a source span and its translation),
:class:`ParagraphTranslation`, :class:`DocumentTranslation`, :class:`LineTranslation` (a line of
a stream) and :class:`ForcedDecoding` (a given translation forced through the decoder, with its
attention, for word alignment).

Pipeline records (the stages in :mod:`translit.translate.stages`): a :class:`Segment` is one
text to translate once normalised and with glossary terms put in; a :class:`Chunk` is one model
input: a whole segment or a run of its clauses, with its hypotheses once decoded.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from translit.glossary import Term


@dataclass
class Hypothesis:
    text: str
    score: float  # mean log-probability per target token


@dataclass
class SentenceTranslation:
    """One source sentence, where it is in the input, and its translation."""

    start: int
    end: int
    source: str
    translation: str
    confidence: float  # exp(mean token log-prob): 0..1
    alternatives: list[Hypothesis] = field(default_factory=list)
    terms: list[Term] = field(default_factory=list)  # glossary terms put in before translation
    respelled: list = field(default_factory=list)  # names written as elsewhere in the document (translate.consistency)


@dataclass
class ParagraphTranslation:
    start: int
    end: int
    translation: str
    sentences: list[SentenceTranslation]


@dataclass
class DocumentTranslation:
    source: str
    paragraphs: list[ParagraphTranslation]

    @property
    def translation(self) -> str:
        """The translated document: one line per source paragraph, in order."""
        return "\n".join(p.translation for p in self.paragraphs)


@dataclass
class LineTranslation:
    """One input line (a paragraph, possibly empty) of a stream."""

    index: int
    source: str
    translation: str
    sentences: list[SentenceTranslation]


@dataclass
class ForcedDecoding:
    """A given translation forced through the decoder: the pieces of both sides and the
    attention of each target piece over the source pieces (rows: target, columns: source)."""

    source_pieces: list[str]
    target_pieces: list[str]
    attention: list[list[float]]


@dataclass
class Segment:
    """One text to translate: normalised, glossary terms of one word replaced by their English
    (``text``), the terms put in, and the terms of several words it holds in Urdu."""

    text: str
    terms: list[Term] = field(default_factory=list)
    linked: list[Term] = field(default_factory=list)  # terms of several words, left in Urdu: written over their translation


@dataclass
class Chunk:
    """One model input: a whole segment or some of its clauses (``owner``: the segment's index),
    the glossary terms its text holds, and once decoded its hypotheses (target pieces, best first)
    with their mean log-probabilities."""

    owner: int
    source: str  # the chunk's text, glossary terms in English; "" for leading parts of an over-long clause
    tokens: list[str]  # source pieces, </s> included
    terms: list[Term] = field(default_factory=list)
    hypotheses: list[list[str]] = field(default_factory=list)
    scores: list[float] = field(default_factory=list)
    given_up: set[Term] = field(default_factory=set)  # left-out terms no re-decode could put back
    literal: str | None = None  # text the model cannot write (emoji, symbols): comes through as it is
    linked: list[Term] = field(default_factory=list)  # terms of several words its text holds in Urdu
    texts: list[str] = field(default_factory=list)  # each hypothesis's text with the linked terms written in


@dataclass
class SegmentTranslation:
    """A segment's translation once its chunks are joined and mended: the best, its confidence,
    the n-best list (when asked for) and the glossary terms put in."""

    translation: str
    confidence: float
    alternatives: list[Hypothesis] = field(default_factory=list)
    terms: list[Term] = field(default_factory=list)
    respelled: list = field(default_factory=list)
