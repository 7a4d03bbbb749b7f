"""Text that cannot be encoded as UTF-8 (a lone surrogate, from a broken decode upstream) is bad
input: say where, in the library's own error type, before a C++ library or a codec fails on it."""

from __future__ import annotations

import re

from translit.errors import InputError

_SURROGATE = re.compile("[\ud800-\udfff]")


def check_texts(texts, what: str = "text") -> None:
    """Raise InputError naming the first text with a lone surrogate and its position."""
    for i, text in enumerate(texts):
        if not isinstance(text, str):
            raise InputError(f"{what} {i}: expected a string, got {type(text).__name__}")
        m = _SURROGATE.search(text)
        if m is not None:
            raise InputError(f"{what} {i}: a lone surrogate U+{ord(m.group()):04X} at character {m.start()} is not text (not UTF-8 encodable)")
