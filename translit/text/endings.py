"""A sentence's closing mark: put back the full stop or question mark the model dropped.

A small model now and then ends a translation without the source's closing mark ("Lahore is the
second largest city of Pakistan" for "…بڑا شہر ہے۔"), and the next sentence then reads as its
continuation. When the source ends with one full stop, question mark or exclamation mark
(closing quotes and brackets aside) and the translation ends with a letter or digit, the matching
mark is added in the translation's script: "." "?" "!" after Latin text, "۔" "؟" "!" after Urdu.
Ellipses, headings (no mark) and translations ending in a quote or bracket are left as they are.
"""

from __future__ import annotations

from translit.text.detect import ARABIC_LETTER

_CLOSERS = "\"'”’“‘»«)]}"  # at a sentence's end any quote closes (Urdu often closes with “)
_LATIN_MARK = {"۔": ".", ".": ".", "؟": "?", "?": "?", "!": "!"}
_URDU_MARK = {"۔": "۔", ".": "۔", "؟": "؟", "?": "؟", "!": "!"}


def closing_mark(text: str) -> str | None:
    """The single closing mark ``text`` ends with (closers aside), or None (none, or an ellipsis)."""
    body = text.rstrip().rstrip(_CLOSERS).rstrip()
    if not body or body[-1] not in _LATIN_MARK:
        return None
    if len(body) > 1 and body[-2] in "۔.…":
        return None  # "..." or "۔۔۔": an ellipsis, not a sentence end
    return body[-1]


def restore_sentence_end(source: str, translation: str) -> str:
    """``translation`` with the closing mark of ``source`` added when it ends without one."""
    mark = closing_mark(source)
    stripped = translation.rstrip()
    if mark is None or not stripped or not stripped[-1].isalnum():
        return translation
    table = _URDU_MARK if ARABIC_LETTER.match(stripped[-1]) else _LATIN_MARK
    return stripped + table[mark] + translation[len(stripped):]
