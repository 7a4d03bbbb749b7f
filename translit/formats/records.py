"""The choice of format: from a file's name, and by name with its selection (columns, fields).
The record type every format yields lives below them all, in :mod:`translit.formats.record`."""

from __future__ import annotations

from pathlib import Path

from translit.errors import InputError
from translit.formats.record import Record, RecordFormat

__all__ = ["FORMATS", "Record", "RecordFormat", "detect_format", "record_format"]

FORMATS = ("tsv", "csv", "jsonl", "srt", "vtt", "md", "html")
_BY_SUFFIX = {".tsv": "tsv", ".tab": "tsv", ".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".srt": "srt", ".vtt": "vtt", ".md": "md", ".markdown": "md",
              ".html": "html", ".htm": "html", ".xhtml": "html", ".docx": "docx"}


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
