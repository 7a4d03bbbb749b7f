"""``translit translate``: lines in, translations out; text or JSONL, resumable, piped or to a file."""

from __future__ import annotations

import json
import os
import sys
from dataclasses import asdict
from enum import Enum
from pathlib import Path

import typer

from translit.cli._util import (
    CLAUSE_SPLIT,
    GLOSSARY,
    KEEP_TERMS,
    NO_NAMES,
    cli_errors,
    iter_input_lines,
    show_progress,
)
from translit.cli.align import WordMethod
from translit.decoding import DecodingOptions
from translit.errors import InputError
from translit.glossary import load_glossaries
from translit.translate import LineTranslation, Translator


class Format(str, Enum):
    text = "text"
    jsonl = "jsonl"


def format_line(result: LineTranslation, fmt: Format, links: list[str] | None = None) -> str:
    if fmt is Format.text:
        return result.translation
    sentences = [asdict(s) for s in result.sentences]
    for sentence, pharaoh in zip(sentences, links or []):
        sentence["links"] = pharaoh
    return json.dumps(
        {"line": result.index, "source": result.source, "translation": result.translation, "sentences": sentences},
        ensure_ascii=False,
    )


def _complete_lines(path: Path) -> int:
    """Lines fully written to a partial output; a torn last line is cut off."""
    if not path.exists():
        return 0
    data = path.read_bytes()
    keep = data.rfind(b"\n") + 1
    if keep != len(data):
        with path.open("r+b") as f:
            f.truncate(keep)
    return data[:keep].count(b"\n")


@cli_errors
def translate_cli(
    source: str = typer.Argument("-", help="Input file, one paragraph per line; '-' reads stdin."),
    output: Path = typer.Option(None, "-o", "--output", help="Write here (atomically) instead of stdout."),
    model: str = typer.Option(None, "--model", "-m", help="Model name in models/ or a model folder."),
    fmt: Format = typer.Option(Format.text, "--format", help="text: a line per line; jsonl: sentences, spans, scores."),
    beam: int = typer.Option(4, "--beam", min=1, help="Beam size."),
    nbest: int = typer.Option(1, "--nbest", min=1, help="Alternatives per sentence (JSONL)."),
    device: str = typer.Option("auto", help="cpu, cuda or auto."),
    compute_type: str = typer.Option("auto", help="int8, int8_float32, int16, float32, float16, … or auto."),
    threads: int = typer.Option(0, min=0, help="Threads per translation (0: as many as cores, up to 4)."),
    workers: int = typer.Option(1, min=1, help="Translations run in parallel."),
    batch_tokens: int = typer.Option(4096, min=16, help="Token budget of a batch."),
    no_repeat_ngram_size: int = typer.Option(None, min=0, help="Block repeated n-grams of pieces (0: off). Default: the model card's."),
    length_penalty: float = typer.Option(None, help="Length penalty of the beam search. Default: the model card's, else 1."),
    repetition_penalty: float = typer.Option(None, min=0.0, help="Penalty on pieces already produced. Default: the model card's, else 1."),
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
    if align and fmt is not Format.jsonl:
        raise InputError("--align needs --format jsonl")
    if resume and output is None:
        raise InputError("--resume needs -o/--output: it continues the file written there")
    if source not in (None, "-") and not Path(source).is_file():
        raise InputError(f"file not found: {source}")  # before the model loads: fail fast
    options = DecodingOptions(
        beam_size=max(beam, nbest),
        num_hypotheses=nbest,
        batch_tokens=batch_tokens,
        no_repeat_ngram_size=no_repeat_ngram_size,
        length_penalty=length_penalty,
        repetition_penalty=repetition_penalty,
        clause_split_tokens=clause_split,
        keep_terms=keep_terms,
    )
    terms = load_glossaries(glossary)
    translator = Translator(
        model, device=device, compute_type=compute_type, threads=threads, workers=workers, glossary=terms, names=not no_names
    )
    partial = output.with_name(output.name + ".partial") if output else None
    done = 0
    if partial is not None:
        if resume:
            done = _complete_lines(partial)
        else:
            partial.unlink(missing_ok=True)
    lines = iter_input_lines(source)
    for _ in range(done):
        if next(lines, None) is None:
            break
    sink = partial.open("a", encoding="utf-8") if partial else sys.stdout
    results = translator.translate_lines(lines, options, start=done)
    if show_progress():
        results = _with_progress(results, source)
    try:
        for result in results:
            links = None
            if align:
                from translit.align.words import align_word_batch

                pairs = [(s.source, s.translation) for s in result.sentences]
                links = [a.pharaoh() for a in align_word_batch(pairs, translator, align_method.value)]
            sink.write(format_line(result, fmt, links) + "\n")
            if partial is not None and result.index % 64 == 63:
                sink.flush()
                os.fsync(sink.fileno())
        sink.flush()
    finally:
        if sink is not sys.stdout:
            sink.close()
    if partial is not None:
        os.replace(partial, output)


def _with_progress(results, source):
    """Lines translated so far on stderr (with a bar when the input file's length is known)."""
    total = None
    if source not in (None, "-") and Path(source).is_file() and not str(source).endswith(".gz"):
        with open(source, "rb") as f:
            total = sum(1 for _ in f)
    with typer.progressbar(results, length=total, label="translating", file=sys.stderr, show_pos=True) as bar:
        yield from bar
