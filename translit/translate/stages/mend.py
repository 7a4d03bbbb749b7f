"""Stage 6, mend: put back what must come through where the model garbled it.

One ordered list of menders, each ``(segment, translation) -> translation``: protected spans
(numbers, URLs, e-mail addresses, Latin words: :mod:`translit.text.protect`), dates with an Urdu
month (:mod:`translit.text.dates`), times of day (:mod:`translit.text.numbers`), glossary terms (:func:`translit.glossary.restore_terms`), then
the source's closing full stop or question mark where the model dropped it
(:mod:`translit.text.endings`). Terms go after the spans: the other menders may move words a
term's garbled copy overlaps. Nothing is added where no trace of a span came through.
"""

from __future__ import annotations

from collections.abc import Callable

from translit.glossary import restore_terms
from translit.text.dates import restore_dates
from translit.text.endings import restore_sentence_end
from translit.text.numbers import restore_times
from translit.text.protect import restore_protected
from translit.translate.records import Hypothesis, Segment

Mender = Callable[[Segment, str], str]


def protected_spans(segment: Segment, translation: str) -> str:
    return restore_protected(segment.text, translation)


def dates(segment: Segment, translation: str) -> str:
    return restore_dates(segment.text, translation)


def times(segment: Segment, translation: str) -> str:
    return restore_times(segment.text, translation)


def terms(segment: Segment, translation: str) -> str:
    return restore_terms(translation, segment.terms)


def sentence_end(segment: Segment, translation: str) -> str:
    return restore_sentence_end(segment.text, translation)


MENDERS: tuple[Mender, ...] = (protected_spans, dates, times, terms, sentence_end)


def mend(segment: Segment, translation: str, menders: tuple[Mender, ...] = MENDERS) -> str:
    """``translation`` of ``segment`` with every mender applied in order."""
    for mender in menders:
        translation = mender(segment, translation)
    return translation


def mend_all(segments: list[Segment], hypotheses: list[list[Hypothesis]]) -> None:
    """Mend every hypothesis of every segment in place."""
    for segment, hyps in zip(segments, hypotheses):
        for h in hyps:
            h.text = mend(segment, h.text)
