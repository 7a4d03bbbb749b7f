"""JSON Lines: chosen fields of each object translated, every other byte of the line as it was.

A field is a dotted path (``text``, ``meta.title``; a number picks a list item: ``pars.0``);
every string at or under it is translated (a list of strings, an object of them). The line is walked once with the standard
library's JSON scanner, noting where each chosen string lies, and only those spans are
rewritten (as JSON strings, non-ASCII kept but line separators escaped), so key order, spacing, escapes and the other fields
come back as they were. A path that is missing from a line leaves that line alone; one that
leads to something other than strings is an error that names the line.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from json.decoder import scanstring

from translit.errors import InputError
from translit.formats.record import Record
from translit.util.jsonl import json_line

_DECODER = json.JSONDecoder()
_SPACE = " \t\n\r"


def _skip(text: str, i: int) -> int:
    while i < len(text) and text[i] in _SPACE:
        i += 1
    return i


MAX_DEPTH = 64  # objects and arrays inside each other in one line (deeper is refused, not recursed)


def _walk(text: str, i: int, path: tuple[str, ...], wanted: dict[tuple[str, ...], str], found: list) -> int:
    """Scan the JSON value at ``text[i]``; record (start, end, path) of strings under a wanted
    path in ``found``; return where the value ends."""
    if len(path) > MAX_DEPTH:
        raise ValueError(f"nested more than {MAX_DEPTH} deep")
    i = _skip(text, i)
    under = any(path[: len(w)] == w for w in wanted)
    if text.startswith("{", i):
        i = _skip(text, i + 1)
        if text.startswith("}", i):
            return i + 1
        while True:
            if not text.startswith('"', i):
                raise ValueError("expected a key")
            key, i = scanstring(text, i + 1)
            i = _skip(text, i)
            if not text.startswith(":", i):
                raise ValueError("expected ':'")
            i = _skip(text, _walk(text, i + 1, path + (key,), wanted, found))
            if text.startswith("}", i):
                return i + 1
            if not text.startswith(",", i):
                raise ValueError("expected ',' or '}'")
            i = _skip(text, i + 1)
    if text.startswith("[", i):
        i = _skip(text, i + 1)
        if text.startswith("]", i):
            return i + 1
        k = 0
        while True:
            i = _skip(text, _walk(text, i, path + (str(k),), wanted, found))
            k += 1
            if text.startswith("]", i):
                return i + 1
            if not text.startswith(",", i):
                raise ValueError("expected ',' or ']'")
            i += 1
    if under and text.startswith('"', i):
        value, end = scanstring(text, i + 1)
        found.append((i, end, path, value))
        return end
    _, end = _DECODER.raw_decode(text, i)
    if path in wanted:
        found.append((i, end, path, None))  # a chosen field that is a number, true, false or null
    return end


class JsonFields:
    """JSON Lines with the string fields at ``fields`` (dotted paths) translated."""

    name = "jsonl"

    def __init__(self, fields: list[str]):
        if not fields:
            raise InputError("say which field to translate: --field PATH (dotted: text, meta.title)")
        self.fields = {tuple(f.split(".")): f for f in fields}

    def units(self, lines: Iterator[str]) -> Iterator[str]:
        """The raw records of ``lines``: one a line."""
        return iter(lines)

    def records(self, lines: Iterator[str]) -> Iterator[Record]:
        for number, line in enumerate(lines, start=1):
            body = line.rstrip("\r\n")
            if not body.strip():
                yield Record([], lambda _, line=line: line, line)
                continue
            found: list = []
            try:
                end = _skip(body, _walk(body, 0, (), self.fields, found))
                if end != len(body):
                    raise ValueError("extra data after the object")
            except (ValueError, IndexError, RecursionError) as exc:
                raise InputError(f"line {number}: not valid JSON ({exc})") from None
            bad = next((f for f in found if f[3] is None), None)
            if bad is not None:
                raise InputError(f"line {number}: field {'.'.join(bad[2])} is not a string or a list of strings")
            texts = [value for _, _, _, value in found]

            def rebuild(translations, body=body, line=line, found=found):
                out, last = [], 0
                for (start, stop, _, _), text in zip(found, translations, strict=True):
                    out += [body[last:start], json_line(text)]
                    last = stop
                return "".join(out) + body[last:] + line[len(body) :]

            yield Record(texts, rebuild, line)
