"""A record (the texts to translate in one unit of a file, and how to put it back) and the
choice of format."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from translit.errors import InputError

FORMATS = ("tsv", "csv", "jsonl", "srt", "vtt", "md", "html")
_BY_SUFFIX = {".tsv": "tsv", ".tab": "tsv", ".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".srt": "srt", ".vtt": "vtt", ".md": "md", ".markdown": "md",
              ".html": "html", ".htm": "html", ".xhtml": "html", ".docx": "docx"}


@dataclass
class Record:
    """One unit of a file (a line; a CSV record may span lines): ``texts`` to translate, in
    order, and ``rebuild``, which gives the record's text, line end included, with their
    translations in place and every other byte as it was read."""

    texts: list[str]
    rebuild: Callable[[list[str]], str]
    source: str = field(default="", repr=False)  # the record as read


class RecordFormat(Protocol):
    name: str

    def records(self, lines: Iterator[str]) -> Iterator[Record]:
        """Records of ``lines`` (each with its line end)."""

    def units(self, lines: Iterator[str]) -> Iterator[str]:
        """The raw text of each record of ``lines``, as written (to count a partial output's records)."""


def detect_format(path: str | Path | None) -> str | None:
    """The record format a file name says (``.tsv``, ``.csv``, ``.jsonl``, also under ``.gz``), or None."""
    if path is None or str(path) == "-":
        return None
    suffixes = Path(str(path)).suffixes
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return _BY_SUFFIX.get(suffixes[-1].lower()) if suffixes else None


def record_format(name: str, columns: list[str] | None = None, fields: list[str] | None = None,
                  header: bool | None = None) -> RecordFormat:
    """The format ``name`` with its selection: ``columns`` for tsv/csv, ``fields`` for jsonl."""
    if name in ("tsv", "csv"):
        from translit.formats.delimited import Delimited

        if fields:
            raise InputError(f"--field is for jsonl; {name} takes --column")
        return Delimited("\t" if name == "tsv" else ",", columns or [], header)
    if name == "jsonl":
        from translit.formats.jsonl import JsonFields

        if columns:
            raise InputError("--column is for tsv/csv; jsonl takes --field")
        return JsonFields(fields or [])
    if name in ("srt", "vtt"):
        from translit.formats.subtitles import Subtitles

        if columns or fields:
            raise InputError(f"{name} translates every cue: --column and --field are not for it")
        return Subtitles(vtt=name == "vtt")
    if name == "html":
        from translit.formats.html import Html

        if columns or fields:
            raise InputError("html translates the text: --column and --field are not for it")
        return Html()
    if name == "md":
        from translit.formats.markdown import Markdown

        if columns or fields:
            raise InputError("md translates the prose: --column and --field are not for it")
        return Markdown()
    raise InputError(f"unknown format {name!r} (known: text, {', '.join(FORMATS)})")
