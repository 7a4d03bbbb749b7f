"""Sentences and paragraphs with character offsets, for Urdu and English. Never loses text.

Guarantee: the spans returned cover every non-space character of the input, in order, without
overlap, so joining the pieces with the text between them gives the input back. A one-word
sentence is a sentence.

Boundaries: ۔ ؟ ! ? . … and line breaks. A full stop is not a boundary inside a number (3.5),
after a known abbreviation (Dr., e.g., ق۔م), after an initial (J. K.), inside a URL or an
e-mail address, or in English when the next word starts in lower case. Closing quotes and
brackets after the stop belong to the sentence they close.
"""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass

from translit.text.normalize import ARABIC_LETTERS
from translit.text.protect import EMAIL, URL

__all__ = ["Sentence", "Paragraph", "split_sentences", "split_paragraphs"]


@dataclass(frozen=True)
class Sentence:
    """A sentence of a text: ``text == source[start:end]``."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Paragraph:
    """A non-empty line of a text, with its sentences (offsets into the whole text)."""

    start: int
    end: int
    text: str
    sentences: list[Sentence]


URDU_STOPS = "\u06d4\u061f"  # ۔ ؟
STOPS = URDU_STOPS + "!?.\u2026"
# Closing quotes and brackets. Urdu text, typed right to left, often closes a quote with “ or ‘.
CLOSERS = "\"'\u201d\u2019\u201c\u2018\u00bb\u203a)]}"
_ARABIC_LETTER = ARABIC_LETTERS

# Never end a sentence: titles and a few abbreviations that are always followed by more.
EN_TITLES = frozenset(
    """mr mrs ms dr prof st mt gen col lt sgt capt cmdr gov sen rep pres rev hon fig figs vol pp
    approx dept u.s u.k u.n e.g i.e cf vs""".split()
)
# End a sentence only when the next word starts with a capital: "… and so on, etc. The next".
EN_ABBREVIATIONS = frozenset(
    """etc al inc ltd co corp jr sr no nos ed eds est jan feb mar apr jun jul aug sep sept oct nov
    dec a.m p.m ph.d b.a m.a b.sc m.sc d.c ave blvd rd""".split()
)
# Urdu abbreviations written with ۔ : ق۔م (BC), ص۔ (page), ج۔ (volume), ڈاکٹر is never shortened.
UR_ABBREVIATIONS = frozenset("ق م ص ج ع ء".split())

_PROTECTED = re.compile(
    rf"{URL}|{EMAIL}"
    r"|\d+(?:[.,:]\d+)+"  # numbers, times, versions
)
_CANDIDATE = re.compile(
    f"[{re.escape(STOPS)}]+[{re.escape(CLOSERS)}]*|\n"
    # Urdu web text often ends a sentence with a hyphen, after a letter or a closing quote/bracket
    f"|(?:(?<=[{_ARABIC_LETTER}])|(?<=[{_ARABIC_LETTER}][\"\u201d\u201c)]))-(?=\\s)"
)
_NEXT = re.compile(r"\s*(\S?)")
# The words around a stop matter only while they are short (titles, initials, abbreviations of a
# few letters): looking further than this never changes a decision, and keeps splitting linear
# in a text of one endless "word" ("ب۔ب۔ب۔…").
_LOOK = 32
_PIECE_AFTER = re.compile(f"([^\\s{URDU_STOPS}]{{0,4}})(.?)")


def _protected_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _PROTECTED.finditer(text)]


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    """Whether ``pos`` lies in one of ``spans`` (sorted, not overlapping): a binary search."""
    k = bisect.bisect_right(spans, (pos, math.inf)) - 1
    return k >= 0 and spans[k][0] <= pos < spans[k][1]


def _word_before(text: str, pos: int) -> str:
    """The run of non-space characters that ends at ``pos`` (or at a line break right before it),
    found by stepping back from ``pos``; at most its last ``_LOOK`` characters (a longer word is
    no title or abbreviation), so that the cost is bounded whatever the word's length."""
    end = pos - 1 if pos > 0 and text[pos - 1] == "\n" else pos
    window = text[max(0, end - _LOOK) : end]
    return "" if not window or window[-1].isspace() else window.split()[-1]


def _piece_before(text: str, pos: int) -> str:
    """The letters right before ``pos``, back to a space or an Urdu stop."""
    word = _word_before(text, pos)
    return word[max(word.rfind(stop) for stop in URDU_STOPS) + 1 :]


def _in_abbreviation_chain(text: str, start: int, end: int, before: str) -> bool:
    """۔ glued between short pieces, as in پی۔ایچ۔ڈی: an abbreviation, not a sentence end."""
    nxt = _PIECE_AFTER.match(text, end)
    after_piece, follower = nxt.group(1), nxt.group(2)
    if len(before) > 3 or len(after_piece) > 3:
        return False
    chained_before = start - len(before) - 1 >= 0 and text[start - len(before) - 1] == "\u06d4"
    return chained_before or follower == "\u06d4" and len(after_piece) > 0


def _is_boundary(text: str, start: int, end: int, lang: str) -> bool:
    """Whether the stop run ``text[start:end]`` ends a sentence."""
    run = text[start:end]
    after = text[end : end + 1]
    stops = run.rstrip(CLOSERS)
    if stops == "-":
        return True  # only matched after an Urdu letter and before a space: a full stop
    if after and not after.isspace() and after not in STOPS:
        nxt = after  # the next character is the next word's first
    else:
        nxt = _NEXT.match(text, end).group(1)
    if any(c in URDU_STOPS for c in stops):
        if stops.count("\u06d4") >= 3 and nxt:
            return False  # ۔۔۔ is an ellipsis inside the sentence
        before = _piece_before(text, start)
        if stops == "\u06d4" and before in UR_ABBREVIATIONS:
            return False  # ص۔ 23, ق۔م
        if after and not after.isspace() and after not in STOPS:
            return not _in_abbreviation_chain(text, start, end, before)
        return True
    if after and not after.isspace():
        return False  # "3.5", "a.m.", "Yahoo!Mail": the stop is inside a token
    if stops in (".", "\u2026", "..."):
        token = _word_before(text, start).lstrip("(\"'\u201c\u2018[").lower()
        if stops == "." and token:
            if token in EN_TITLES or (len(token) == 1 and token.isalpha() and token.isascii()):
                return False
            if token in EN_ABBREVIATIONS and not (nxt and nxt.isupper()):
                return False
        if lang == "en" and nxt and nxt.islower():
            return False
        if stops != "." and nxt and nxt.islower():
            return False
    return True


def split_sentences(text: str, lang: str = "ur") -> list[Sentence]:
    """Split ``text`` into sentences with offsets; ``lang`` is ``"ur"`` or ``"en"``."""
    if lang not in ("ur", "en"):
        raise ValueError(f"unsupported language {lang!r}: use 'ur' or 'en'")
    protected = _protected_spans(text) if ("." in text or "@" in text or "?" in text) else []
    cuts = [0]
    for m in _CANDIDATE.finditer(text):
        start, end = m.span()
        if m.group() == "\n" or (not _inside(start, protected) and _is_boundary(text, start, end, lang)):
            cuts.append(end)
    cuts.append(len(text))
    sentences = []
    for a, b in zip(cuts, cuts[1:]):
        piece = text[a:b]
        stripped = piece.strip()
        if stripped:
            s = a + (len(piece) - len(piece.lstrip()))
            sentences.append(Sentence(s, s + len(stripped), stripped))
    return sentences


def split_paragraphs(text: str, lang: str = "ur") -> list[Paragraph]:
    """Every non-empty line is a paragraph; each carries its sentences (offsets into ``text``)."""
    paragraphs = []
    offset = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        stripped = body.strip()
        if stripped:
            s = offset + (len(body) - len(body.lstrip()))
            sentences = [
                Sentence(s + x.start, s + x.end, x.text) for x in split_sentences(stripped, lang)
            ]
            paragraphs.append(Paragraph(s, s + len(stripped), stripped, sentences))
        offset += len(line)
    return paragraphs
