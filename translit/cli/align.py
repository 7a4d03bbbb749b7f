"""``translit align sentences`` and ``translit align words``."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from translit.align import WORD_METHODS
from translit.cli._util import cli_errors, make_translator, read_input, write_lines
from translit.errors import InputError
from translit.util.gzipped import split_lines
from translit.util.jsonl import json_line

app = typer.Typer(rich_markup_mode=None, no_args_is_help=True, add_completion=False)


WordMethod = Enum("WordMethod", {m: m for m in WORD_METHODS}, type=str)


class AlignFormat(str, Enum):
    jsonl = "jsonl"
    tsv = "tsv"
    text = "text"


def _sentences(path: str, lang: str, presplit: bool) -> list[str]:
    from translit.text.segment import split_sentences

    text = read_input(path)
    if presplit:
        return [line.strip() for line in split_lines(text)]
    return [s.text for s in split_sentences(text, lang)]


@app.command("sentences")
@cli_errors
def sentences_cli(
    ur_file: str = typer.Argument(..., help="Urdu document (or one sentence per line with --presplit)."),
    en_file: str = typer.Argument(..., help="English document (or one sentence per line with --presplit)."),
    presplit: bool = typer.Option(False, "--presplit", help="Each line is already one sentence."),
    fmt: AlignFormat = typer.Option(
        AlignFormat.jsonl, "--format",
        help="jsonl: beads with kind, indices, texts and score; tsv: training pairs 'urdu<TAB>english<TAB>score' (1-0 and 0-1 left out); text: for reading.",
    ),
    min_score: float = typer.Option(None, "--min-score", help="Only beads scoring at least this (tsv and jsonl)."),
    translate: bool = typer.Option(
        False, "--translate", help="Also compare a machine translation of the Urdu side with the English (slower)."
    ),
    model: str = typer.Option(None, "--model", "-m", help="Model for --translate (default: the shipped one)."),
    lengths_only: bool = typer.Option(False, "--lengths-only", help="Gale–Church: sentence lengths only."),
    output: Path = typer.Option(None, "-o", "--output", help="Write here instead of stdout."),
) -> None:
    """Align the sentences of an Urdu document with its English counterpart (1-1, 2-1, 1-0 …).

    The similarity of two sentences comes from the word lexicon learned from the corpora (no
    model needed); --translate adds the shipped model's translations.
    """
    from translit.align.sentences import AlignOptions, align_sentences

    if ur_file == "-" and en_file == "-":
        raise InputError("only one of the two documents can come from stdin")
    if translate and lengths_only:
        raise InputError("--translate and --lengths-only exclude each other")
    ur, en = _sentences(ur_file, "ur", presplit), _sentences(en_file, "en", presplit)
    translations = None
    if translate and ur:
        from translit.translate.options import DecodingOptions

        translations = make_translator(model).translate(ur, DecodingOptions(beam_size=1))
    beads = align_sentences(ur, en, translations, AlignOptions(use_similarity=not lengths_only))
    write_lines(bead_lines(beads, ur, en, fmt, min_score), output)


def bead_lines(beads, ur: list[str], en: list[str], fmt: AlignFormat, min_score: float | None = None) -> list[str]:
    """The output lines of ``beads`` in ``fmt`` (a bead under ``min_score`` left out)."""
    lines = []
    for b in beads:
        if min_score is not None and b.score < min_score:
            continue
        left, right = " ".join(ur[i] for i in b.src), " ".join(en[j] for j in b.tgt)
        if fmt is AlignFormat.jsonl:
            lines.append(json_line({"kind": b.kind, "src": list(b.src), "tgt": list(b.tgt), "ur": left, "en": right, "score": b.score}))
        elif fmt is AlignFormat.tsv:
            if left and right:  # a sentence with no counterpart is no training pair
                lines.append(f"{' '.join(left.split())}\t{' '.join(right.split())}\t{b.score:.3f}")
        else:
            lines.append(f"[{b.kind}] {left}\n      {right}\n")
    return lines


@app.command("words")
@cli_errors
def words_cli(
    source: str = typer.Argument("-", help="TSV file of 'urdu<TAB>english' pairs; '-' reads stdin."),
    method: WordMethod = typer.Option(
        WordMethod.lexicon, "--method", help="lexicon: word tables learned from the corpora; attention: the model's attention."
    ),
    model: str = typer.Option(None, "--model", "-m", help="Model for --method attention."),
    as_json: bool = typer.Option(False, "--json", help="JSON lines with the words and links."),
    output: Path = typer.Option(None, "-o", "--output", help="Write here instead of stdout."),
) -> None:
    """Word links for sentence pairs, in Pharaoh format (i-j: Urdu word i, English word j)."""
    from translit.translate.links import align_word_batch

    pairs = []
    for n, line in enumerate(split_lines(read_input(source)), start=1):
        if not line.strip():
            pairs.append(("", ""))
            continue
        if "\t" not in line:
            raise InputError(f"{source}: line {n} has no tab between the Urdu and the English sentence")
        ur, en = line.split("\t", 1)
        pairs.append((ur, en))
    translator = make_translator(model) if method is WordMethod.attention and pairs else None
    results = align_word_batch(pairs, translator, method.value) if pairs else []
    if as_json:
        lines = [json_line({"ur": r.ur_words, "en": r.en_words, "links": r.pharaoh()}) for r in results]
    else:
        lines = [r.pharaoh() for r in results]
    write_lines(lines, output)
