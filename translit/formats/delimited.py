"""TSV and CSV: chosen columns translated, every other byte of the file as it was.

A field is found by its span in the record, so the other columns, the delimiters, the quoting
and the line end come back untouched. CSV follows RFC 4180: a field in double quotes may hold
the delimiter, doubled quotes and line breaks (a record then spans lines). TSV is split on tabs
only, as corpus tools write it (a quote is text). A translated field keeps its quotes; an
unquoted CSV field whose translation needs quotes (a comma, a quote) gets them. A row too short
for a chosen column is an error that names its line, never passed over in silence.
"""

from __future__ import annotations

from collections.abc import Iterator

from translit.errors import InputError
from translit.formats.record import Record

Span = tuple[int, int, bool]  # start, end, quoted
_TSV_BREAKS = str.maketrans({"\t": " ", "\n": " ", "\r": " "})


def _line_end(line: str) -> int:
    """Where ``line``'s line end starts."""
    if line.endswith("\r\n"):
        return len(line) - 2
    return len(line) - 1 if line.endswith("\n") else len(line)


def split_fields(text: str, delimiter: str, quoting: bool = True) -> list[Span] | None:
    """Spans of the fields of one record (its line end left out); None when a quoted field is
    still open at the end (the record goes on in the next line)."""
    if not quoting:
        spans, start = [], 0
        for k, ch in enumerate(text):
            if ch == delimiter:
                spans.append((start, k, False))
                start = k + 1
        return spans + [(start, len(text), False)]
    spans: list[Span] = []
    i, n = 0, len(text)
    while True:
        if i < n and text[i] == '"':
            j = i + 1
            while True:
                k = text.find('"', j)
                if k < 0:
                    return None
                if text.startswith('""', k):
                    j = k + 2
                    continue
                break
            spans.append((i, k + 1, True))
            i = k + 1
            if i < n and text[i] != delimiter:
                raise InputError(f"a character after a closing quote: {text[max(0, i - 20) : i + 1]!r}")
        else:
            k = text.find(delimiter, i)
            end = n if k < 0 else k
            spans.append((i, end, False))
            i = end
        if i >= n:
            return spans
        i += 1


class Delimited:
    """A TSV (``delimiter`` tab, no quoting) or CSV (comma, RFC 4180 quoting) format; ``columns``
    are 1-based numbers or header names; ``header``: the first record is a header (it comes
    through unchanged; None: when a column is named)."""

    def __init__(self, delimiter: str, columns: list[str], header: bool | None = None):
        if not columns:
            raise InputError("say which column to translate: --column N (from 1) or --column NAME")
        self.delimiter, self.quoting = delimiter, delimiter != "\t"
        self.name = "tsv" if delimiter == "\t" else "csv"
        self.columns = columns
        self.header = header if header is not None else any(not c.isdigit() for c in columns)
        if not self.header and any(not c.isdigit() for c in columns):
            raise InputError("a column given by name needs a header row (--header)")
        for c in columns:
            if c.isdigit() and int(c) < 1:
                raise InputError(f"columns count from 1, not {c}")
        self._indices: list[int] | None = [int(c) - 1 for c in columns] if not self.header or all(c.isdigit() for c in columns) else None

    def _records(self, lines: Iterator[str]) -> Iterator[tuple[int, str, list[Span]]]:
        """(first line number, record text with its line end, field spans)."""
        pending, first = "", 0
        for number, line in enumerate(lines, start=1):
            if not pending:
                first = number
            pending += line
            body = pending[: _line_end(pending)]
            try:
                spans = split_fields(body, self.delimiter, self.quoting)
            except InputError as exc:
                raise InputError(f"line {first}: {exc}") from None
            if spans is None:
                continue
            yield first, pending, spans
            pending = ""
        if pending:
            raise InputError(f"line {first}: a quoted field is never closed")

    def _header_indices(self, body: str, spans: list[Span]) -> list[int]:
        names = [self._value(body, s) for s in spans]
        indices = []
        for c in self.columns:
            if c.isdigit():
                indices.append(int(c) - 1)
            elif c in names:
                indices.append(names.index(c))
            else:
                raise InputError(f"no column named {c!r} in the header (columns: {', '.join(names)})")
        return indices

    @staticmethod
    def _value(body: str, span: Span) -> str:
        start, end, quoted = span
        return body[start + 1 : end - 1].replace('""', '"') if quoted else body[start:end]

    def _field(self, text: str, quoted: bool) -> str:
        if not self.quoting:  # a tab or a line break would make new columns or rows
            return text.replace("\r\n", " ").translate(_TSV_BREAKS)
        if quoted or any(ch in text for ch in (self.delimiter, '"', "\n", "\r")):
            return '"' + text.replace('"', '""') + '"'
        return text

    def units(self, lines: Iterator[str]) -> Iterator[str]:
        """The raw records of ``lines`` (a quoted line break joins lines); an unclosed tail, as a
        torn partial output ends, is left out."""
        pending = ""
        for line in lines:
            pending += line
            try:
                if split_fields(pending[: _line_end(pending)], self.delimiter, self.quoting) is None:
                    continue
            except InputError:
                pass
            yield pending
            pending = ""

    def records(self, lines: Iterator[str]) -> Iterator[Record]:
        for k, (number, record, spans) in enumerate(self._records(lines)):
            body, end = record[: _line_end(record)], record[_line_end(record) :]
            if k == 0 and self.header:
                if self._indices is None:
                    self._indices = self._header_indices(body, spans)
                yield Record([], lambda _, record=record: record, record)
                continue
            if body == "" and not end == "":  # an empty line stays empty
                yield Record([], lambda _, record=record: record, record)
                continue
            chosen = sorted(set(self._indices))
            if chosen[-1] >= len(spans):
                raise InputError(f"line {number}: {len(spans)} fields, no column {chosen[-1] + 1}")
            texts = [self._value(body, spans[i]) for i in chosen]

            def rebuild(translations, body=body, end=end, spans=spans, chosen=chosen):
                out, last = [], 0
                for i, text in zip(chosen, translations, strict=True):
                    start, stop, quoted = spans[i]
                    out += [body[last:start], self._field(text, quoted)]
                    last = stop
                return "".join(out) + body[last:] + end

            yield Record(texts, rebuild, record)
