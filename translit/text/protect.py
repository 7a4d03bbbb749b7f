"""Spans that must come through translation unchanged: URLs, e-mail addresses, numbers, Latin words.

The model is trained to copy them (numbers must match in every training pair), but a small
model slips. After translation, each protected span of the source that is missing from the
translation replaces the translation's closest look-alike (same kind, similar spelling), so
"1637" for "1673" or "www.exmple.pk" for "www.example.pk" are mended; nothing is added where
no look-alike exists.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

# URLs and e-mail addresses, as regex sources (also used by the sentence splitter, which never
# cuts inside one): a URL ends before trailing punctuation.
_ADDRESS_END = r"[^\s<>\".,;:!?)\]\u06d4\u061f]"  # an address's last character: no trailing punctuation
URL = rf"(?:https?://|www\.)[^\s<>\"]+{_ADDRESS_END}"
EMAIL = r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # starts where its run starts: linear

PROTECTED = re.compile(
    rf"(?P<url>{URL})"
    rf"|(?P<email>{EMAIL})"
    r"|(?P<number>\d+(?:[.,:/-]\d+)*)"
    r"|(?P<latin>[A-Za-z][A-Za-z0-9'’&+-]*[A-Za-z0-9+]|[A-Z])"
)
_SIMILAR = 0.6
# Bounds on the look-alike search, so that its cost stays linear in the text: the distinct spans
# of a source mended (a sentence has a handful), and the look-alikes of a kind weighed for each
_MAX_SPANS = 64
_MAX_CANDIDATES = 256
# a run of the translation that may be a garbled address though it no longer reads as one
# ("ww.example.pk", "example.pk", "info@example"): no spaces, a dot or an @ inside
_RUN = re.compile(r"[^\s<>\"]+")
_END_CHAR = re.compile(_ADDRESS_END)


def _address_like(text: str) -> list[tuple[int, int, str]]:
    """(start, end, text) of each run of ``text`` without spaces that holds a dot or an @, cut
    after its last character an address may end with. One pass (a pattern of the same meaning,
    two open-ended runs around ``[.@]``, backtracks quadratically on a long run without one)."""
    found = []
    for run in _RUN.finditer(text):
        word = run.group()
        if "." not in word and "@" not in word:
            continue
        end = len(word)
        while end > 0 and not _END_CHAR.match(word, end - 1):
            end -= 1
        if end and ("." in word[:end] or "@" in word[:end]):
            found.append((run.start(), run.start() + end, word[:end]))
    return found


def _similarity(kind: str, a: str, b: str) -> float:
    if kind == "number" and sorted(a) == sorted(b):
        return 1.0  # the same digits, transposed: 1637 for 1673
    if 2 * min(len(a), len(b)) < _SIMILAR * (len(a) + len(b)):
        return 0.0  # lengths this far apart cannot reach _SIMILAR (ratio = 2·matches / total): not worth the cost
    return SequenceMatcher(None, a.lower(), b.lower()).ratio()


def protected_spans(text: str) -> list[tuple[str, str]]:
    """(kind, text) of each protected span, in order."""
    return [(m.lastgroup, m.group()) for m in PROTECTED.finditer(text)]


def restore_protected(source: str, translation: str) -> str:
    """Put back protected spans of ``source`` that the translation garbled."""
    if not translation:
        return translation
    wanted = list(dict.fromkeys(protected_spans(source)))[:_MAX_SPANS]
    if not wanted:
        return translation
    source_spans = {s for _, s in wanted}
    for kind, span in wanted:
        if span in translation:
            continue
        candidates = [(m.start(), m.end(), m.group()) for m in PROTECTED.finditer(translation) if m.lastgroup == kind]
        if kind in ("url", "email"):
            candidates += _address_like(translation)
        if len(candidates) > _MAX_CANDIDATES:
            continue  # no sentence holds this many; a crafted text gets no look-alike search
        best, best_ratio = None, _SIMILAR
        for start, end, text in candidates:
            if text in source_spans:
                continue  # already a correct copy of another span
            ratio = _similarity(kind, text, span)
            if ratio >= best_ratio:
                best, best_ratio = (start, end), ratio
        if best is not None:
            translation = translation[: best[0]] + span + translation[best[1] :]
    return translation
