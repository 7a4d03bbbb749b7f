"""Which of the two languages translit reads a text is in: Urdu (Arabic script) or English
(Latin script), by the share of each script's letters. Servers use it for ``source: auto``
and ``/detect``; it is not a general language identifier (Persian or Arabic text counts as Urdu,
any Latin-script text as English)."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Arabic-script letters (the basic block and its supplements and presentation forms, less digits,
# punctuation and marks) against Latin letters.
ARABIC_LETTER = re.compile("[\u0620-\u064a\u066e-\u06d3\u06d5\u06ee\u06ef\u06fa-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufefc]")
_LATIN = re.compile("[A-Za-z\u00c0-\u024f]")


@dataclass(frozen=True)
class Detection:
    language: str  # "ur" or "en"
    confidence: float  # 0..100, the language's share of the letters


def detect_language(text: str) -> list[Detection]:
    """Urdu and English, likelier first, each with its share of the letters of ``text`` (0–100).
    A text without letters of either script is English at confidence 0 (nothing to translate)."""
    urdu, latin = len(ARABIC_LETTER.findall(text)), len(_LATIN.findall(text))
    if urdu + latin == 0:
        return [Detection("en", 0.0), Detection("ur", 0.0)]
    share = round(100.0 * urdu / (urdu + latin), 1)
    ranked = [Detection("ur", share), Detection("en", round(100.0 - share, 1))]
    return sorted(ranked, key=lambda d: -d.confidence)
