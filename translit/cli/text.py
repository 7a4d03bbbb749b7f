"""``translit normalize`` and ``translit split``: the text front end on the command line."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from translit.cli._util import cli_errors, read_input, write_lines, write_output
from translit.text.normalize import normalize
from translit.text.segment import split_sentences
from translit.util.jsonl import json_line


class Lang(str, Enum):
    ur = "ur"
    en = "en"


@cli_errors
def normalize_cli(
    source: str = typer.Argument("-", help="Input file (plain or .gz); '-' reads stdin."),
    output: Path = typer.Option(None, "-o", "--output", help="Write here instead of stdout."),
    keep_diacritics: bool = typer.Option(False, help="Keep zabar, zer, pesh and other diacritics."),
) -> None:
    """Normalise Urdu text (letters, heh, digits, spacing); English passes through."""
    write_output(normalize(read_input(source), strip_diacritics=not keep_diacritics), output)


@cli_errors
def split_cli(
    source: str = typer.Argument("-", help="Input file (plain or .gz); '-' reads stdin."),
    output: Path = typer.Option(None, "-o", "--output", help="Write here instead of stdout."),
    lang: Lang = typer.Option(Lang.ur, "--lang", help="Language of the text."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per sentence, with offsets."),
) -> None:
    """Split text into sentences: one per line, or JSON lines with character offsets."""
    sentences = split_sentences(read_input(source), lang.value)
    if as_json:
        lines = [json_line({"start": s.start, "end": s.end, "text": s.text}) for s in sentences]
    else:
        lines = [s.text for s in sentences]
    write_lines(lines, output)
