"""``translit romanize``: Urdu script → Latin letters, line by line."""

from __future__ import annotations

from pathlib import Path

import typer

from translit.cli._util import cli_errors, hint_stdin, write_lines
from translit.errors import InputError
from translit.util.jsonl import json_line
from translit.util.lines import iter_lines


@cli_errors
def romanize_cli(
    source: str = typer.Argument("-", help="Input file (plain or .gz); '-' reads stdin."),
    output: Path = typer.Option(None, "-o", "--output", help="Write here (atomically) instead of stdout."),
    capitalize: bool = typer.Option(False, "--capitalize", help="Capitalise every romanised word (for names)."),
    nbest: int = typer.Option(1, "--nbest", min=1, help="Spellings per word (JSON)."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per line: each Urdu word, its offsets and spellings."),
) -> None:
    """Write Urdu words in Latin letters (names, unknown words); other text passes through."""
    from dataclasses import asdict

    from translit.romanizer import load_romanizer, romanize_words, spell_out

    if nbest > 1 and not as_json:
        raise InputError("--nbest lists spellings in the JSON output: add --json")
    model = load_romanizer()

    def lines():
        hint_stdin(source)
        for index, line in enumerate(iter_lines(source)):
            text, words = romanize_words(line, n=nbest if as_json else 1, romanizer=model)
            romanized = spell_out(text, words, capitalize)
            if as_json:
                record = {"line": index, "source": text, "romanized": romanized, "words": [asdict(w) for w in words]}
                yield json_line(record)
            else:
                yield romanized

    write_lines(lines(), output)
