"""``translit translate``: lines in, translations out; text or JSONL, resumable, piped or to a file."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path

import typer

from translit.cli._util import (
    BATCH_TOKENS,
    BEAM,
    CLAUSE_SPLIT,
    COMPUTE_TYPE,
    DEVICE,
    GLOSSARY,
    KEEP_TERMS,
    LENGTH_PENALTY,
    MODEL,
    NO_NAMES,
    NO_REPEAT,
    REPETITION_PENALTY,
    THREADS,
    WORKERS,
    cli_errors,
    decoding_options,
    make_translator,
    progress,
    show_progress,
)
from translit.cli.align import WordMethod
from translit.errors import InputError


class Format(str, Enum):
    text = "text"
    jsonl = "jsonl"


@cli_errors
def translate_cli(
    source: str = typer.Argument("-", help="Input file (plain or gzipped, a pipe or /dev/fd/N), one paragraph per line; '-' reads stdin."),
    output: Path = typer.Option(None, "-o", "--output", help="Write here (atomically; the folder is made) instead of stdout."),
    model: str = MODEL,
    fmt: Format = typer.Option(Format.text, "--format", help="text: a line per line; jsonl: sentences, spans, scores."),
    beam: int = BEAM,
    nbest: int = typer.Option(1, "--nbest", min=1, help="Alternatives per sentence (JSONL)."),
    device: str = DEVICE,
    compute_type: str = COMPUTE_TYPE,
    threads: int = THREADS,
    workers: int = WORKERS,
    batch_tokens: int = BATCH_TOKENS,
    no_repeat_ngram_size: int = NO_REPEAT,
    length_penalty: float = LENGTH_PENALTY,
    repetition_penalty: float = REPETITION_PENALTY,
    clause_split: int = CLAUSE_SPLIT,
    keep_terms: bool = KEEP_TERMS,
    glossary: list[Path] = GLOSSARY,
    no_names: bool = NO_NAMES,
    resume: bool = typer.Option(False, "--resume", help="Continue an interrupted job writing to -o."),
    align: bool = typer.Option(False, "--align", help="JSONL: add word links (Pharaoh i-j) to each sentence."),
    align_method: WordMethod = typer.Option(
        WordMethod.lexicon, "--align-method", help="Word links from the corpora's word lexicon or the model's attention."
    ),
) -> None:
    """Translate Urdu to English: N lines in give N lines out, empty lines stay empty."""
    from translit.translate.jobs import FileJob, render_line, run_job
    from translit.translate.links import sentence_links
    from translit.util.lines import count_lines

    if align and fmt is not Format.jsonl:
        raise InputError("--align needs --format jsonl")
    options = decoding_options(beam, nbest, batch_tokens, no_repeat_ngram_size, length_penalty, repetition_penalty, clause_split, keep_terms)
    settings = {"model": model, "format": fmt.value, "options": options.__dict__, "glossary": [str(g) for g in glossary or []],
                "names": not no_names, "align": align_method.value if align else None}
    job = FileJob(source, output, resume, settings)
    job.check()  # before the model loads: fail fast
    translator = make_translator(model, device, compute_type, threads, workers, glossary, no_names)

    def render(result):
        links = sentence_links(result.sentences, translator, align_method.value) if align else None
        return render_line(result, fmt.value, links)

    done = job.start()
    results = run_job(translator.translate_lines, job, options, render, sys.stdout)
    if show_progress(output):
        results = progress(results, total=count_lines(source), initial=done)
    for _ in results:
        pass
