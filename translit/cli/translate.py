"""``translit translate``: lines in, translations out; text or JSONL, resumable, piped or to a file."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path

import typer

from translit.cli._util import (
    COMPUTE_TYPE,
    DEVICE,
    GLOSSARY,
    MODEL,
    NO_NAMES,
    THREADS,
    WORKERS,
    cli_errors,
    decoding_flags,
    hint_stdin,
    make_translator,
    progress,
    show_progress,
)
from translit.cli.align import WordMethod
from translit.errors import InputError


class Format(str, Enum):
    text = "text"
    jsonl = "jsonl"
    tsv = "tsv"
    csv = "csv"
    srt = "srt"
    vtt = "vtt"
    md = "md"
    html = "html"
    docx = "docx"


class Engine(str, Enum):
    local = "local"
    ray = "ray"


# formats read as records (translit.formats): the chosen texts translated, all else kept
RECORD_FORMATS = (Format.tsv, Format.csv, Format.srt, Format.vtt, Format.md, Format.html)


@cli_errors
@decoding_flags
def translate_cli(
    source: str = typer.Argument("-", help="Input file (plain or gzipped, a pipe or /dev/fd/N), one paragraph per line; '-' reads stdin."),
    output: Path = typer.Option(None, "-o", "--output", help="Write here (atomically; the folder is made) instead of stdout."),
    model: str = MODEL,
    fmt: Format = typer.Option(
        None, "--format",
        help="text: a line per line; jsonl: sentences, spans, scores (with --field: JSON Lines in, those fields translated);"
        " tsv/csv: the --column(s) translated, all else kept; srt/vtt: cue texts, timings kept; md: the prose, Markdown kept; html: the text, the markup kept; docx: paragraphs, runs and styles kept (needs -o)."
        " Default: from the input's extension (.tsv .csv .jsonl .srt .vtt .md .html .docx), else text.",
    ),
    column: list[str] = typer.Option(None, "--column", "-c", help="tsv/csv: a column to translate, a number from 1 or a header name (repeatable)."),
    field_path: list[str] = typer.Option(None, "--field", help="jsonl: a field to translate, a dotted path (repeatable): text, meta.title, pars."),
    header: bool = typer.Option(None, "--header/--no-header", help="tsv/csv: the first row is a header, kept as it is (default: when a column is named)."),
    nbest: int = typer.Option(1, "--nbest", min=1, help="Alternatives per sentence (JSONL)."),
    device: str = DEVICE,
    compute_type: str = COMPUTE_TYPE,
    threads: int = THREADS,
    workers: int = WORKERS,
    glossary: list[Path] = GLOSSARY,
    no_names: bool = NO_NAMES,
    resume: bool = typer.Option(False, "--resume", help="Continue an interrupted job writing to -o."),
    align: bool = typer.Option(False, "--align", help="JSONL: add word links (Pharaoh i-j) to each sentence."),
    align_method: WordMethod = typer.Option(
        WordMethod.lexicon, "--align-method", help="Word links from the corpora's word lexicon or the model's attention."
    ),
    engine: Engine = typer.Option(Engine.local, "--engine", help="local: this process; ray: shards over a pool of translator actors on Ray (needs -o; the ray extra)."),
    ray_address: str = typer.Option(None, "--ray-address", help="--engine ray: 'auto' (the cluster of `ray start`), HOST:PORT, or none to start a local Ray."),
    actors: int = typer.Option(2, "--actors", min=1, help="--engine ray: translator actors (each loads the model once)."),
    shard_lines: int = typer.Option(10_000, "--shard-lines", min=1, help="--engine ray: lines per shard (the unit of work and of resume)."),
    decoding=None,
) -> None:
    """Translate Urdu to English: N lines in give N lines out, empty lines stay empty.

    SOURCE may be a glob or a folder with --engine ray (the output is then a folder)."""
    from translit.translate.jobs import (
        FileJob,
        complete_records,
        render_line,
        run_job,
        run_record_job,
        translation_settings,
    )
    from translit.translate.links import sentence_links
    from translit.util.lines import count_lines

    if engine is Engine.ray:
        if align or column or fmt not in (None, Format.text, Format.jsonl):
            raise InputError("--engine ray translates text, or JSON Lines (--format jsonl, or --field PATH); not --align, --column or other formats")
        return _translate_ray(source, output, model, device, compute_type, threads, workers, glossary, no_names, decoding,
                              fmt or Format.text, field_path, resume, ray_address, actors, shard_lines)
    fmt = _choose_format(source, fmt, field_path)
    if fmt is Format.docx:
        return _translate_docx(source, output, decoding, model, device, compute_type, threads, workers, glossary, no_names)
    records = _records(fmt, column, field_path, header, align, nbest)
    options = decoding
    job = FileJob(source, output, resume)
    hint_stdin(source)
    if records is not None:
        job.count_done = lambda path, limit: complete_records(path, records, source, limit)
    job.check()  # before the model loads: fail fast (and from here on the output is locked)
    try:
        translator = make_translator(model, device, compute_type, threads, workers, glossary, no_names)
        if job.partial is not None:  # what a partial output belongs to (hashing the weights costs time: only for -o files)
            selection = f"{fmt.value}:{','.join(column or field_path or [])}:{header}" if records is not None else fmt.value
            job.settings = translation_settings(translator, options, selection, align_method.value if align else None)

        def render(result):
            links = sentence_links(result.sentences, translator, align_method.value) if align else None
            return render_line(result, fmt.value, links)

        done = job.start()
        if records is not None:
            results = run_record_job(translator.translate_lines, job, records, options, sys.stdout)
        else:
            results = run_job(translator.translate_lines, job, options, render, sys.stdout, keep_ends=fmt.value == "text")
        if show_progress(output):
            results = progress(results, total=count_lines(source), initial=done, unit="line" if records is None else "record")
        for _ in results:
            pass
        if job.dropped:
            shown = "; ".join(repr(t[:40]) for t in job.dropped[:3])
            typer.echo(f"translit: warning: the model kept no word of {len(job.dropped)} text(s) with Urdu in them ({shown}"
                       f"{'; …' if len(job.dropped) > 3 else ''}): check them in the output", err=True)
    finally:
        job.release()


def _choose_format(source: str, fmt: Format | None, field_path: list[str] | None) -> Format:
    """--format, else the input's extension (.jsonl only with --field), else text."""
    from translit.formats import detect_format

    detected = detect_format(source)
    by_extension = detected is not None and (detected != "jsonl" or bool(field_path))
    fmt = fmt or (Format(detected) if by_extension else Format.text)
    if detected == "jsonl" and fmt is Format.text and not field_path:
        raise InputError(f"{source} is JSON Lines: say which fields to translate with --field PATH (or --format text)")
    return fmt


def _records(fmt: Format, column, field_path, header, align: bool, nbest: int):
    """The record reader of a record format (None for text and plain JSONL), after checking that
    the options asked for go with the format."""
    from translit.formats import record_format

    records = None
    if fmt in RECORD_FORMATS or field_path:
        if align or nbest > 1:
            raise InputError("--align and --nbest are for text input with --format jsonl")
        records = record_format(fmt.value, column, field_path, header)
    elif column:
        raise InputError("--column is for --format tsv or csv")
    if align and fmt is not Format.jsonl:
        raise InputError("--align needs --format jsonl")
    if nbest > 1 and fmt is not Format.jsonl:
        raise InputError("--nbest lists alternatives in the JSON Lines output: add --format jsonl")
    return records


def _translate_docx(source, output, options, model, device, compute_type, threads, workers, glossary, no_names) -> None:
    """A Word document in, a Word document out (written whole, atomically)."""
    from translit.formats.docx import translate_docx
    from translit.util.lines import check_readable

    if output is None:
        raise InputError("a Word document is written to a file: give -o OUT.docx")
    if source == "-":
        raise InputError("a Word document is read from a file, not stdin")
    check_readable(source)
    translator = make_translator(model, device, compute_type, threads, workers, glossary, no_names)
    translate_docx(Path(source), output, lambda texts: [t.translation for t in translator.translate_lines(texts, options)])


def _translate_ray(source, output, model, device, compute_type, threads, workers, glossary, no_names, options,
                   fmt, fields, resume, address, actors, shard_lines) -> None:
    """A corpus job on Ray (:mod:`translit.distributed.ray_job`): shards committed as they finish,
    ``--resume`` redoes only the others; a summary line on stderr."""
    from translit.distributed.ray_job import RayJob, RayOptions
    from translit.distributed.shard import WorkerSpec
    from translit.glossary import load_glossaries
    from translit.model import resolve_model

    if output is None or source == "-":
        raise InputError("--engine ray reads files (a file, a glob or a folder) and writes -o OUTPUT")
    folder = resolve_model(model)
    terms = load_glossaries(glossary)
    spec = WorkerSpec(str(folder.path.resolve()), device, compute_type, threads or 1, workers or 1,
                      tuple(str(Path(g).resolve()) for g in glossary or ()), not no_names, options,
                      "jsonl" if fmt is Format.jsonl and not fields else "text", tuple(fields or ()))
    settings = {"model": folder.digest(), "glossary": terms.digest() if terms else None}
    job = RayJob(source, output, spec, RayOptions(address, actors, shard_lines), resume, settings)
    pending = job.prepare()
    events = job.run()
    if show_progress(output):
        bar = progress(None, total=job.total_lines(), initial=job.total_lines() - pending)
        for event in events:
            bar.update(event.lines)
        bar.close()
    else:
        for _ in events:
            pass
    result = job.result
    if result.errors:
        raise InputError(f"{len(result.errors)} of {result.shards} shards failed: {result.errors[0]}; "
                         f"the other shards are kept in {job.state.root} (--resume retries only the failed ones)")
    written = result.outputs[0] if len(result.outputs) == 1 and not job.to_folder else output
    typer.echo(f"translit: ray: {result.lines} lines in {result.shards - result.shards_done_before} shards "
               f"({result.shards_done_before} done before) in {result.seconds} s → {written}", err=True)
