"""Newswire shorthand in English training targets, written out.

Wire services write "mln", "dlrs" and "pct" where everyone else writes "million", "dollars" and
"percent" (Reuters-21578 in ``mono-en`` has them in about one sentence in three). A model that
learns its English from such targets writes them too: the model trained on back-translated Reuters
wrote "mln", "dlrs" or "pct" 53 times in its FLORES-200 dev translations ("2.3 mln" for "2.3
million gallons"). Written out in the targets, the model learns the words readers expect; the
Urdu side needs nothing, since Urdu has no such shorthand (the back-translation model wrote ملین,
فیصد, ڈالر for them or garbled them, and either way the English word is the right target).

Only forms that are shorthand wherever they stand are expanded, as whole words in their lower-case,
title-case and upper-case spellings; "vs", "Co" or "Inc" are ordinary English and stay.
"""

from __future__ import annotations

import re

SHORTHAND: dict[str, str] = {
    "mln": "million",
    "bln": "billion",
    "dlrs": "dollars",
    "dlr": "dollar",
    "pct": "percent",
    "cts": "cents",
}

_FORMS = {
    form: full_form
    for short, full in SHORTHAND.items()
    for form, full_form in ((short, full), (short.title(), full.title()), (short.upper(), full.upper()))
}
_WORD = re.compile(r"(?<![\w-])(" + "|".join(sorted(_FORMS, key=len, reverse=True)) + r")(?![\w-])")


def expand_shorthand(text: str) -> str:
    """``text`` with newswire shorthand written out ("15 mln dlrs" → "15 million dollars")."""
    if not _WORD.search(text):
        return text
    return _WORD.sub(lambda m: _FORMS[m.group(1)], text)


__all__ = ["SHORTHAND", "expand_shorthand"]
