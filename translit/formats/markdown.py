"""Markdown: the prose translated, the structure kept.

A document is read in blocks (runs of lines between blank lines; a fenced code block is one
block however many blank lines it holds). Code (fenced or indented), HTML lines, tables'
separator rows, thematic breaks and link definitions come through untouched; a table row's
cells are translated one by one, its pipes kept. Headings, list items
and block quotes keep their markers (``#``, ``-``, ``1.``, ``>``) and indentation; the text after
them is translated. A paragraph's lines are one text (its sentences may run across lines), and
its translation takes the paragraph's first line. Inline code, link targets (``[text](url)``)
and autolinks (``<https://…>``) are kept as they are; the prose around them and a link's text
are translated each on its own (a sentence with a link in it goes to the model in parts). A record is a block; a resumed job
counts blocks.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from translit.formats.record import Record
from translit.text.normalize import ARABIC_LETTERS

_URDU = re.compile(f"[{ARABIC_LETTERS}]")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_MARKER = re.compile(r"^(\s*(?:#{1,6}\s+|>\s?|[-*+]\s+(?:\[[ xX]\]\s+)?|\d{1,9}[.)]\s+)+)")
_VERBATIM = re.compile(r"^(?: {4}|\t)|^\s*<|^\s*\|?\s*:?-{3,}|^\s*\[[^\]]+\]:\s|^\s*(?:-{3,}|\*{3,}|_{3,})\s*$")


# inline code; [text](target "title") with one level of parentheses in the target (the text holds no
# bracket, so a run of "[" is read once: linear); an autolink
_INLINE = re.compile(
    r"(`+)(?:.+?)\1|(!?\[)([^\[\]]*)(\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"]*\")?\))|<[a-z][a-z0-9+.-]*:[^>\s]*>",
    re.IGNORECASE,
)


def inline_parts(text: str) -> list[tuple[bool, str]]:
    """``text`` cut into (translate?, part): inline code, link targets and autolinks are kept;
    a link's text and the prose around are translated, each on its own."""
    parts: list[tuple[bool, str]] = []
    last = 0
    for m in _INLINE.finditer(text):
        parts.append((True, text[last : m.start()]))
        if m.group(2):  # [text](target): the text is translated, the brackets and target kept
            parts += [(False, m.group(2)), (True, m.group(3)), (False, m.group(4))]
        else:
            parts.append((False, m.group(0)))
        last = m.end()
    parts.append((True, text[last:]))
    return [(translate and bool(part.strip()), part) for translate, part in parts if part]


def _spaced(original: str, translation: str) -> str:
    """``translation`` with the spaces around ``original`` kept."""
    lead = original[: len(original) - len(original.lstrip())]
    trail = original[len(original.rstrip()) :]
    return lead + translation.strip() + trail


def _end(line: str) -> str:
    return line[len(line.rstrip("\r\n")) :]


def _blocks(lines: Iterator[str]) -> Iterator[list[str]]:
    """Blocks of lines with their line ends; the blank lines after a block belong to it."""
    block: list[str] = []
    fence = None
    for line in lines:
        if fence is None and line.strip() and block and not block[-1].strip():
            yield block
            block = []
        block.append(line)
        match = _FENCE.match(line)
        if match and (fence is None or match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence)):
            fence = match.group(1) if fence is None else None
    if block:
        yield block


def _line_parts(line: str) -> tuple[str, str, str]:
    """(marker with indentation, text, line end) of one line."""
    end = _end(line)
    body = line[: len(line) - len(end)]
    marker = _MARKER.match(body)
    lead = marker.group(1) if marker else body[: len(body) - len(body.lstrip())]
    return lead, body[len(lead) :], end


class Markdown:
    name = "md"

    def units(self, lines: Iterator[str]) -> Iterator[str]:
        """The raw text of each whole block (one followed by a blank line)."""
        for block in _blocks(lines):
            if not block[-1].strip() and block[-1].endswith("\n") and len(block) > 1:
                yield "".join(block)

    def records(self, lines: Iterator[str]) -> Iterator[Record]:
        for block in _blocks(lines):
            raw = "".join(block)
            content = [line for line in block if line.strip()]
            tail = block[len(content) :]
            if not content or _FENCE.match(content[0]) or not _URDU.search(raw):  # nothing to translate: as it was
                yield Record([], lambda _, raw=raw: raw, raw)
                continue
            units = self._units(content)
            texts = [part.strip() for kind, _, text, _ in units if kind != "keep"
                     for cell in (text if kind == "row" else [text]) for go, part in inline_parts(cell) if go]

            def rebuild(translations, units=units, tail=tail):
                it = iter(translations)

                def put(cell: str) -> str:
                    return "".join(_spaced(part, next(it)) if go else part for go, part in inline_parts(cell))

                out = []
                for kind, lead, text, end in units:
                    if kind == "row":
                        out.append(lead + "|".join(put(cell) for cell in text) + end)
                    else:
                        out.append(lead + (put(text) if kind == "text" else text) + end)
                return "".join(out) + "".join(tail)

            yield Record(texts, rebuild, raw)

    @staticmethod
    def _units(content: list[str]) -> list[tuple[str, str, str, str]]:
        """(kind, lead, text, end) per output line: a marker line starts a text of its own, a
        plain line goes on the text before it (its translation takes that line), verbatim lines
        stay."""
        units: list[list] = []
        for line in content:
            lead, text, end = _line_parts(line)
            if _VERBATIM.match(line):
                units.append(["keep", "", line[: len(line) - len(end)], end])
            elif line.strip().startswith("|") and line.rstrip("\r\n").rstrip().endswith("|"):
                body = line[: len(line) - len(end)]
                units.append(["row", "", body.split("|"), end])  # a table row: each cell a text
            elif units and units[-1][0] == "text" and not _MARKER.match(line):
                units[-1][2] += " " + text.strip()
            else:
                units.append(["text", lead, text.strip(), end])
        return [tuple(u) for u in units]
