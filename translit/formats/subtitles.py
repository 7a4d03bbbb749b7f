"""SubRip (``.srt``) and WebVTT (``.vtt``) subtitles: each cue's text translated, cue numbers,
timings, settings and the file's header blocks untouched.

A sentence often runs across cues ("وزیر اعظم نے کہا کہ" … "ملک ترقی کرے گا۔"); translated
alone, each half comes out wrong. Cues whose text does not end a sentence are therefore taken
together with the cues after them, up to one that does (at most ``MAX_GROUP`` cues), translated
as one text, and the translation is shared back out over the cues in proportion to their
source lengths, cut at word boundaries. Each cue's English is wrapped into as many lines as
its Urdu had, or more (up to ``MAX_LINES``) where it would run past ``LINE_CHARS`` characters
a line, so that subtitles stay readable. A record is such a group of cues; a resumed job counts groups.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from translit.errors import InputError
from translit.formats.record import Record

MAX_GROUP = 4
LINE_CHARS = 42
MAX_LINES = 3  # lines a cue's English may grow to when it is longer than its Urdu
_TIMING = re.compile(r"^\s*(\d{1,2}:)?\d{1,2}:\d{2}[,.]\d{3}\s+-->\s+(\d{1,2}:)?\d{1,2}:\d{2}[,.]\d{3}")
_ENDS = re.compile(r"[.!?\u06d4\u061f\u2026]['\")\]\u201d\u2019»]*\s*$")


def _blocks(lines: Iterator[str]) -> Iterator[tuple[int, list[str]]]:
    """(first line number, lines with their ends) of each block: its lines, then the blank lines
    after it (blank lines at the very start make a block of their own)."""
    block: list[str] = []
    first = 1
    for number, line in enumerate(lines, start=1):
        if line.strip() and block and not block[-1].strip():
            yield first, block
            block = []
        if not block:
            first = number
        block.append(line)
    if block:
        yield first, block


class _Cue:
    """A block split into its head (number or name, timing line), text lines and tail (blank lines)."""

    def __init__(self, first: int, block: list[str], vtt: bool):
        content = [b for b in block if b.strip()]
        timing = next((k for k, b in enumerate(content) if _TIMING.match(b)), None)
        self.block, self.is_cue, self.lines = block, timing is not None, []
        if timing is None:
            if not vtt and content:
                raise InputError(f"line {first}: a cue without a timing line (HH:MM:SS,mmm --> HH:MM:SS,mmm)")
            return
        if timing > 1:
            raise InputError(f"line {first}: expected a cue number or name, then the timing line")
        self.head = content[: timing + 1]
        self.lines = content[timing + 1 :]
        inner = next((k for k, line in enumerate(self.lines) if _TIMING.match(line)), None)
        if inner is not None:
            at = first + block.index(self.lines[inner])
            raise InputError(f"line {at}: a timing line inside a cue's text: cues must be separated by a blank line")
        self.tail = block[len(self.head) + len(self.lines) :]
        self.end = next((line[len(line.rstrip("\r\n")) :] for line in self.head if line.endswith("\n")), "\n")
        self.last_end = self.lines[-1][len(self.lines[-1].rstrip("\r\n")) :] if self.lines else ""

    @property
    def dialogue(self) -> bool:
        """Two or more lines, each a speaker's ("- …"): each line is its own text, kept a line."""
        return len(self.lines) > 1 and all(_DASH.match(line) for line in self.lines)

    @property
    def texts(self) -> list[str]:
        """What the model reads: the cue's text without its markup (a line each for a dialogue)."""
        if self.dialogue:
            return [_plain(_DASH.sub("", line.strip(), count=1)) for line in self.lines]
        return [_plain(" ".join(line.strip() for line in self.lines))]

    @property
    def text(self) -> str:
        return " ".join(self.texts)

    def rebuild(self, english: str | list[str]) -> str:
        if self.dialogue:
            lines = [_DASH.match(line).group() + _marked(line.strip()[len(_DASH.match(line).group()):], text)
                     for line, text in zip((line.strip() for line in self.lines), english, strict=True)]
            body = "".join(line + self.end for line in lines[:-1]) + lines[-1] + self.last_end
            return "".join(self.head) + body + "".join(self.tail)
        english = _marked(" ".join(line.strip() for line in self.lines), english)
        wanted = max(len(self.lines), min(MAX_LINES, -(-len(english) // LINE_CHARS)))  # English runs longer than Urdu
        # a tag with a space inside (<font color=…>) is one word to the wrapping, never cut
        wrapped = [line.replace(_KEPT_SPACE, " ") for line in
                   wrap(_MARKUP.sub(lambda m: m.group().replace(" ", _KEPT_SPACE), english), wanted)]
        body = "".join(line + self.end for line in wrapped[:-1]) + wrapped[-1] + self.last_end
        return "".join(self.head) + body + "".join(self.tail)


# Cue markup: SRT/ASS override blocks ({\an8}), HTML-like tags (<i>, <font color=…>), WebVTT's
# voice, class and timestamp tags (<v Ahmed>, <c.yellow>, <00:00:01.000>). It never goes to the
# model: the English is shared out over the text between the tags (by the word lexicon's links,
# as HTML's inline tags are), and every tag comes back, in order.
_MARKUP = re.compile(r"\{\\[^{}\n]{0,200}\}|</?[a-zA-Z][^<>\n]{0,200}>|<\d{1,2}:[\d:.]{4,12}>")
_DASH = re.compile(r"-\s*")
_KEPT_SPACE = "\x00"  # stands for a space inside a tag while a cue is wrapped


def _plain(text: str) -> str:
    return " ".join(_MARKUP.sub(" ", text).split())


def _marked(source: str, english: str) -> str:
    """``english`` with the markup of ``source`` put back around the words it covers."""
    tags = _MARKUP.findall(source)
    if not tags:
        return english
    from translit.formats.placement import lexicon_aligner, share_out

    pieces = _MARKUP.split(source)
    texts = [k for k, piece in enumerate(pieces) if piece.strip()]  # the pieces with words: the English goes there
    shared = share_out([pieces[k] for k in texts], english, lexicon_aligner()) if texts else []
    parts = [piece if not piece.strip() else "" for piece in pieces]  # spaces between tags stay
    for k, words in zip(texts, shared):
        piece = pieces[k]
        parts[k] = piece[: len(piece) - len(piece.lstrip())] + words + piece[len(piece.rstrip()) :]
    out = parts[0]
    for tag, part in zip(tags, parts[1:]):
        out += tag + part
    return " ".join(out.split())


def wrap(text: str, lines: int) -> list[str]:
    """``text`` in ``lines`` lines (at least one) of similar length, cut at spaces."""
    words = text.split()
    lines = min(lines, len(words))
    if lines <= 1:
        return [" ".join(words)]
    out, rest = [], words
    for k in range(lines, 1, -1):
        target = len(" ".join(rest)) / k
        taken, size = [], 0
        while rest and len(rest) > k - 1 and (not taken or size + len(rest[0]) / 2 <= target):
            size += len(rest[0]) + 1
            taken.append(rest.pop(0))
        out.append(" ".join(taken))
    return out + [" ".join(rest)]


def share(text: str, weights: list[int]) -> list[str]:
    """``text`` cut at word boundaries into ``len(weights)`` parts sized like ``weights`` (an
    empty cue would end a subtitle block early, so a part without words is "…")."""
    words = text.split()
    total = sum(weights) or 1
    parts, start, acc = [], 0, 0
    for k, w in enumerate(weights[:-1]):
        acc += w
        cut = max(start, min(len(words), round(len(words) * acc / total)))
        cut = min(cut, len(words) - (len(weights) - k - 1)) if len(words) >= len(weights) else cut
        parts.append(" ".join(words[start:cut]))
        start = cut
    parts.append(" ".join(words[start:]))
    return [p or "…" for p in parts]  # a cue left without a word shows that the text runs on


class Subtitles:
    """SRT or WebVTT cues."""

    def __init__(self, vtt: bool):
        self.vtt = vtt
        self.name = "vtt" if vtt else "srt"

    def _groups(self, lines: Iterator[str]) -> Iterator[list[_Cue]]:
        group: list[_Cue] = []
        for first, block in _blocks(lines):
            cue = _Cue(first, block, self.vtt)
            if not cue.is_cue or not cue.lines:
                if group:
                    yield group
                    group = []
                yield [cue]
                continue
            if cue.dialogue:  # speakers' lines: a record of its own, a text per line
                if group:
                    yield group
                    group = []
                yield [cue]
                continue
            group.append(cue)
            if _ENDS.search(cue.text) or len(group) >= MAX_GROUP:
                yield group
                group = []
        if group:
            yield group

    def units(self, lines: Iterator[str]) -> Iterator[str]:
        """The raw text of each block (a cue, a header, a note) that is whole: followed by a
        blank line, as a torn partial output's last block is not."""
        for _, block in _blocks(lines):
            if len(block) > 1 and not block[-1].strip() and block[-1].endswith("\n"):
                yield "".join(block)

    def sizes(self, lines: Iterator[str]) -> Iterator[int]:
        """Blocks in each record (group of cues) of ``lines``: where a resumed job may start."""
        for group in self._groups(lines):
            yield len(group)

    def records(self, lines: Iterator[str]) -> Iterator[Record]:
        for group in self._groups(lines):
            raw = "".join("".join(c.block) for c in group)
            if not group[0].is_cue or not group[0].lines:
                yield Record([], lambda _, raw=raw: raw, raw)
                continue

            if group[0].dialogue:
                yield Record(group[0].texts, lambda translations, cue=group[0]: cue.rebuild(list(translations)), raw)
                continue

            def rebuild(translations, group=group):
                parts = share(translations[0], [len(c.text) for c in group]) if len(group) > 1 else translations
                return "".join(c.rebuild(p) for c, p in zip(group, parts, strict=True))

            yield Record([" ".join(c.text for c in group)], rebuild, raw)
