"""One JSON object per line, readable as UTF-8, that every line splitter agrees is one line:
U+2028, U+2029 and U+0085 (which ``str.splitlines`` and some JSON readers take for line ends)
are escaped; everything else non-ASCII stays as it is."""

from __future__ import annotations

import json

_LINE_ENDS = {"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"}


def json_line(obj) -> str:
    text = json.dumps(obj, ensure_ascii=False)
    for char, escaped in _LINE_ENDS.items():
        text = text.replace(char, escaped)
    return text
