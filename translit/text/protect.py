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
EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"

PROTECTED = re.compile(
    rf"(?P<url>{URL})"
    rf"|(?P<email>{EMAIL})"
    r"|(?P<number>\d+(?:[.,:/-]\d+)*)"
    r"|(?P<latin>[A-Za-z][A-Za-z0-9'’&+-]*[A-Za-z0-9+]|[A-Z])"
)
_SIMILAR = 0.6
# a run of the translation that may be a garbled address though it no longer reads as one
# ("ww.example.pk", "example.pk", "info@example"): no spaces, a dot or an @ inside
_ADDRESS_LIKE = re.compile(rf"[^\s<>\"]*[.@][^\s<>\"]*{_ADDRESS_END}")


def _similarity(kind: str, a: str, b: str) -> float:
    if kind == "number" and sorted(a) == sorted(b):
        return 1.0  # the same digits, transposed: 1637 for 1673
    return SequenceMatcher(None, a.lower(), b.lower()).ratio()


def protected_spans(text: str) -> list[tuple[str, str]]:
    """(kind, text) of each protected span, in order."""
    return [(m.lastgroup, m.group()) for m in PROTECTED.finditer(text)]


def restore_protected(source: str, translation: str) -> str:
    """Put back protected spans of ``source`` that the translation garbled."""
    if not translation:
        return translation
    wanted = protected_spans(source)
    if not wanted:
        return translation
    for kind, span in wanted:
        if span in translation:
            continue
        candidates = [m for m in PROTECTED.finditer(translation) if m.lastgroup == kind]
        if kind in ("url", "email"):
            candidates += list(_ADDRESS_LIKE.finditer(translation))
        source_spans = {s for _, s in wanted}
        best, best_ratio = None, _SIMILAR
        for m in candidates:
            if m.group() in source_spans:
                continue  # already a correct copy of another span
            ratio = _similarity(kind, m.group(), span)
            if ratio >= best_ratio:
                best, best_ratio = m, ratio
        if best is not None:
            translation = translation[: best.start()] + span + translation[best.end() :]
    return translation
