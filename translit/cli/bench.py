"""``translit bench …``: quality scores with signatures, and paired comparison of two outputs."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict, replace
from pathlib import Path

import typer

from translit.cli._util import (
    COMPUTE_TYPE,
    DEVICE,
    EVALSETS,
    GLOSSARY,
    MODEL,
    NO_NAMES,
    THREADS,
    WORKERS,
    cli_errors,
    decoding_flags,
    make_translator,
    progress,
)
from translit.errors import InputError
from translit.glossary import load_glossaries

app = typer.Typer(rich_markup_mode=None, no_args_is_help=True, add_completion=False)


OUT = typer.Option(None, "--out", help="Also write the report here: PREFIX.json and PREFIX.md (nothing is written without it).")


HALF = typer.Option(
    None, help="One fixed half of the test set: A (lines 1, 3, 5, …) chooses, B (2, 4, 6, …) confirms."
)


@app.command("quality")
@cli_errors
@decoding_flags
def quality_cli(
    model: str = MODEL,
    testset: str = typer.Option(None, help="A test set name under --evalsets (flores200-dev, tico19-dev) or a folder with dev.ur/dev.en."),
    evalsets: Path = EVALSETS,
    src: Path = typer.Option(None, help="Source file (plain or .gz), with --ref."),
    ref: Path = typer.Option(None, help="Reference file (plain or .gz), with --src."),
    threads: int = THREADS,
    workers: int = WORKERS,
    compute_type: str = COMPUTE_TYPE,
    device: str = DEVICE,
    glossary: list[Path] = GLOSSARY,
    no_names: bool = NO_NAMES,
    half: str = HALF,
    save: Path = typer.Option(None, help="Write the hypotheses here, one per line (for `bench compare`)."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object."),
    decoding=None,
) -> None:
    """Translate a test set like `translit translate` does and score it: BLEU, chrF, chrF++.

    Test sets are found under --evalsets DIR, or under $TRANSLIT_DATA/evalsets when that
    variable names a data folder; --src/--ref score any pair of files."""
    from translit.bench.quality import score, translit_signature
    from translit.datasets import dev_half, load_testset
    from translit.util.files import atomic_write_text
    from translit.util.gzipped import read_lines

    if (testset is None) == (src is None or ref is None):
        raise InputError("give either --testset NAME or both --src FILE and --ref FILE")
    if testset is not None:
        name, sources, references = load_testset(testset, evalsets, half=half)
    else:
        name, sources, references = src.name, list(read_lines(src)), list(read_lines(ref))
        if len(sources) != len(references):
            raise InputError(f"{src} has {len(sources)} lines but {ref} has {len(references)}")
        if half is not None:
            name, sources, references = f"{name}/{half.upper()}", dev_half(sources, half), dev_half(references, half)
    translator = make_translator(model, device, compute_type, threads, workers, glossary, no_names)
    options = decoding
    hyps = [r.translation for r in translator.translate_lines(sources, options)]
    result = score(hyps, references, name)
    result.translit_signature = translit_signature(translator, options, name)
    if save is not None:
        atomic_write_text(save, "".join(h + "\n" for h in hyps))
    if as_json:
        typer.echo(json.dumps(asdict(result), ensure_ascii=False))
    else:
        typer.echo(f"{name}: BLEU {result.bleu}  chrF {result.chrf}  chrF++ {result.chrfpp}  ({result.sentences} sentences)")
        typer.echo(f"  kept: names {result.names_kept:.1%} of {result.names}, numbers {result.numbers_kept:.1%} of {result.numbers}")
        for metric, sig in result.signatures.items():
            typer.echo(f"  {metric}: {sig}")
        typer.echo("  translit: " + "|".join(f"{k}:{v}" for k, v in result.translit_signature.items()))


@app.command("compare")
@cli_errors
def compare_cli(
    baseline: Path = typer.Argument(..., help="Hypotheses of the baseline system, one per line."),
    system: Path = typer.Argument(..., help="Hypotheses of the system to test."),
    ref: Path = typer.Option(..., help="References, one per line (plain or .gz)."),
    samples: int = typer.Option(1000, min=100, help="Bootstrap samples."),
    half: str = typer.Option(None, help="Compare on one fixed half of the lines: A (lines 1, 3, 5, …) or B (2, 4, 6, …); all three files whole."),
    as_json: bool = typer.Option(False, "--json", help="One JSON list of the metrics' results."),
) -> None:
    """Paired bootstrap resampling: is SYSTEM significantly better than BASELINE?"""
    from translit.bench.quality import compare
    from translit.datasets import dev_half
    from translit.util.gzipped import read_lines

    base, other, refs = (dev_half(list(read_lines(p)), half) for p in (baseline, system, ref))
    results = compare(base, other, refs, samples)
    if as_json:
        typer.echo(json.dumps([asdict(r) | {"significant": r.significant} for r in results]))
        return
    for r in results:
        mark = "significant" if r.significant else "not significant"
        typer.echo(f"{r.metric:7} baseline {r.baseline:6.2f}  system {r.system:6.2f}  p = {r.p_value:.4f} ({mark})")


def _ints(text: str, what: str, least: int = 1) -> list[int]:
    try:
        values = [int(x) for x in text.split(",") if x.strip()]
    except ValueError:
        raise InputError(f"--{what}: expected comma-separated numbers, got {text!r}") from None
    if not values or min(values) < least:
        raise InputError(f"--{what}: numbers must be ≥ {least}")
    return values


TESTSET = typer.Option("flores200-dev", help="Test set whose source side is translated (under --evalsets).")
SRC = typer.Option(None, help="Translate this file instead of a test set (a sentence or paragraph per line).")


def _source_lines(src: Path | None, testset: str, evalsets: Path | None) -> list[str]:
    """The lines a speed benchmark translates: ``src``'s, else the test set's source side."""
    from translit.datasets import load_testset
    from translit.util.gzipped import read_lines

    return list(read_lines(src)) if src is not None else load_testset(testset, evalsets)[1]


@app.command("stages")
@cli_errors
def stages_cli(
    model: str = MODEL,
    testset: str = TESTSET,
    evalsets: Path = EVALSETS,
    src: Path = SRC,
    sentences: int = typer.Option(0, min=0, help="Lines to translate (0: all)."),
    threads: int = THREADS,
    workers: int = WORKERS,
    as_json: bool = typer.Option(False, "--json", help="Print the results as JSON."),
) -> None:
    """Time each stage of the translator (splitting, normalising, chunking, decoding, term
    re-decodes, mending, …) against CTranslate2 alone on the same sentences."""
    from translit.bench.stages import ENGINE_STAGES, time_stages

    lines = _source_lines(src, testset, evalsets)[: sentences or None]
    translator = make_translator(model, "cpu", "int8", threads, workers)
    result = time_stages(translator, lines)
    if as_json:
        typer.echo(json.dumps(asdict(result) | {"overhead": round(result.overhead, 3), "ratio": round(result.ratio, 3)}, ensure_ascii=False))
        return
    typer.echo(f"{translator.folder.name}: {result.lines} lines, {result.sentences} sentences, {translator.threads} × {translator.workers} ({result.signature['machine']})")
    for stage, seconds in result.stages.items():
        kind = "engine" if stage in ENGINE_STAGES else "translit"
        typer.echo(f"  {stage:9} {seconds:8.3f} s  {100 * seconds / result.total:5.1f}%  ({kind})")
    typer.echo(f"  total     {result.total:8.3f} s; translit's own {result.overhead:.3f} s; CTranslate2 alone {result.raw:.3f} s "
               f"→ translit runs at {result.ratio:.2f}× its speed")


@app.command("tune")
@cli_errors
def tune_cli(
    model: str = MODEL,
    testset: str = TESTSET,
    evalsets: Path = EVALSETS,
    src: Path = SRC,
    sentences: int = typer.Option(300, min=10, help="Sentences each layout translates."),
    single: int = typer.Option(30, min=0, help="Sentences timed one at a time (latency)."),
    save: bool = typer.Option(True, "--save/--no-save", help="Keep the fastest layout where translators find it."),
    as_json: bool = typer.Option(False, "--json", help="Print the results as JSON."),
) -> None:
    """Time the thread layouts (threads × workers) on this machine and keep the fastest, which a
    translator then runs with when --threads and --workers are left at 0."""
    from translit.bench.tune import TuneResult, tune
    from translit.model import resolve_model
    from translit.translate.layout import save_tuned

    lines = [line for line in _source_lines(src, testset, evalsets) if line.strip()][:sentences]
    if len(lines) < 10:
        raise InputError(f"{src or testset} has {len(lines)} sentences: tuning needs at least 10")
    result = None
    for item in progress(tune(resolve_model(model).path, lines, single=single), label="timing layouts", unit="layout"):
        if isinstance(item, TuneResult):
            result = item
    if save:
        where = save_tuned(resolve_model(model), "int8", result.best.threads, result.best.workers,
                           {"seconds": result.best.seconds, "sentences": result.sentences, "date": result.signature["date"]})
    if as_json:
        typer.echo(json.dumps(asdict(result) | ({"saved": str(where)} if save else {}), ensure_ascii=False))
        return
    typer.echo(f"{result.model}: {result.sentences} sentences in token batches, beam 4, int8 ({result.signature['machine']})")
    for t in result.timings:
        mark = "  ← fastest" if t is result.best else ""
        typer.echo(f"  {t.threads} thread{'s' * (t.threads > 1)} × {t.workers} worker{'s' * (t.workers > 1)}: "
                   f"{t.seconds:.2f} s ({t.sentences_per_s} sentences/s), one sentence p50 {t.single_p50_ms} ms{mark}")
    if save:
        typer.echo(f"kept in {where}: translators here run {result.best.threads} × {result.best.workers} unless told otherwise")


@app.command("speed")
@cli_errors
def speed_cli(
    model: str = MODEL,
    testset: str = TESTSET,
    evalsets: Path = EVALSETS,
    src: Path = SRC,
    sentences: int = typer.Option(200, min=0, help="How many sentences to translate per configuration (0: all)."),
    engines: str = typer.Option(None, help="Engines to compare, comma-separated (default: translit,ctranslate2 and transformers when installed)."),
    compute_type: str = typer.Option("auto", "--compute-type", help="As in translate; comma-separated for a grid (int8,float32)."),
    threads: str = typer.Option("0", "--threads", help="As in translate (0 with --workers 0: the layout translate takes here); comma-separated for a grid."),
    workers: str = typer.Option("0", "--workers", help="As in translate; comma-separated for a grid."),
    batch_sizes: str = typer.Option("1,8,32", help="Batch sizes (sentences), comma-separated."),
    batch_tokens: int = typer.Option(0, min=0, help="Fill batches by this token budget instead of --batch-sizes (0: off)."),
    beam: str = typer.Option("4", "--beam", help="As in translate; comma-separated for a grid."),
    device: str = DEVICE,
    latency_sentences: int = typer.Option(20, min=0, help="Sentences timed one at a time for latency."),
    repeats: int = typer.Option(1, min=1, help="Time each run this many times and keep the fastest (a shared machine's noise)."),
    out: Path = typer.Option(None, help="Also write the report here: PREFIX.json, PREFIX.md and PREFIX.png (a plot, with matplotlib)."),
    as_json: bool = typer.Option(False, "--json", help="Print the results as JSON."),
) -> None:
    """Throughput, latency, load time and peak memory over a grid, engines side by side."""
    from translit.bench.speed import ENGINES, build_grid, engine_missing, resolved_layouts, run_grid
    from translit.model import resolve_model

    if engines is None:
        names = [e for e in ENGINES if engine_missing(e) is None]
    else:
        names = [e.strip() for e in engines.split(",") if e.strip()]
        missing = next((m for m in map(engine_missing, names) if m), None)
        if missing:
            raise InputError(missing)
    folder = resolve_model(model)
    grid = []
    for ct, t, w in resolved_layouts(folder, device, compute_type, _ints(threads, "threads", 0), _ints(workers, "workers", 0)):
        grid += build_grid(names, [ct.compute_type], [t], [w], _ints(batch_sizes, "batch-sizes"), _ints(beam, "beam"), ct.device, batch_tokens)
    device = grid[0].device if grid else device
    lines = _source_lines(src, testset, evalsets)
    lines = [line for line in lines if line.strip()][: sentences or None]
    results = []
    try:
        for result in progress(run_grid(grid, folder.path, lines, latency_sentences, repeats), total=len(grid), label="benchmarking", unit="run"):
            results.append(result)
    finally:  # what was measured before a failure or ^C is still reported
        if results:
            _speed_report(results, folder, str(src or testset), len(lines), device, out, as_json, repeats)


def _speed_report(results, folder, testset: str, sentences: int, device: str, out: Path | None, as_json: bool, repeats: int = 1) -> None:
    from translit.bench.report import speed_markdown, write_speed_report
    from translit.bench.signature import package_version, signature
    from translit.bench.speed import best_layouts, ratios, result_dicts
    from translit.translate.options import tuned_settings

    sig = signature(
        benchmark="speed", model=folder.name, model_hash=folder.digest(), testset=testset,
        sentences=sentences, device=device, ctranslate2=package_version("ctranslate2"), repeats=repeats, **tuned_settings(folder.card),
    )
    data, ratio_rows, best_rows = result_dicts(results), ratios(results), best_layouts(results)
    if out is not None:
        paths = write_speed_report(out, data, ratio_rows, sig, best_rows)
        typer.echo("wrote " + ", ".join(str(p) for p in paths), err=True)
    if as_json:
        typer.echo(json.dumps({"signature": sig, "results": data, "ratios": ratio_rows, "best_layouts": best_rows}, ensure_ascii=False))
    else:
        typer.echo(speed_markdown(data, ratio_rows, sig, best_rows))


@app.command("align-docs")
@cli_errors
def align_docs_cli(
    testsets: str = typer.Option("flores200-dev,tico19-dev", help="Dev sets to build documents from (names under --evalsets, or folders)."),
    evalsets: Path = EVALSETS,
    translate: bool = typer.Option(False, "--translate", help="Also align with the model's translations (as `align sentences --translate`), side by side."),
    model: str = typer.Option(None, "--model", "-m", help="Model for --translate (default: the shipped one)."),
    out: Path = OUT,
) -> None:
    """Sentence alignment on harder documents: headlines and captions, merges, deletions,
    reordering, the English split by translit split; strict and lax F1 per condition, the word
    lexicon alone, with the model's translations (--translate) and Gale–Church, and the seconds
    each takes (FLORES-200 dev tunes, TICO-19 dev is held out)."""
    from translit.bench.align_docs import document_markdown, document_report
    from translit.bench.report import write_report
    from translit.bench.signature import signature
    from translit.datasets import load_testset
    from translit.translate.options import DecodingOptions

    sets = [load_testset(name.strip(), evalsets) for name in testsets.split(",") if name.strip()]
    translator = make_translator(model) if translate else None
    report = document_report(sets, translate=(lambda texts: translator.translate(texts, DecodingOptions(beam_size=1))) if translator else None)
    extra = {"model": translator.folder.name, "model_hash": translator.folder.digest()} if translator else {}
    sig = signature(benchmark="align-docs", testsets=[name for name, _, _ in sets], **extra)
    markdown = f"# Sentence alignment on harder documents\n\nSignature: `{json.dumps(sig, ensure_ascii=False)}`\n\n" + document_markdown(report)
    if out is not None:
        paths = write_report(out, {"signature": sig, "report": report}, markdown)
        typer.echo("wrote " + ", ".join(str(p) for p in paths), err=True)
    typer.echo(markdown)


@app.command("align")
@cli_errors
def align_cli(
    model: str = typer.Option(None, "--model", "-m", help="Model for translations and attention."),
    testsets: str = typer.Option("flores200-dev,tico19-dev", help="Dev sets to build gold documents from (names under --evalsets, or folders)."),
    evalsets: Path = EVALSETS,
    corpora: Path = typer.Option(None, help="Corpora folder with the dict_* dictionaries (default: $TRANSLIT_DATA/corpora; none: no word-link checks)."),
    size: int = typer.Option(100, min=5, help="Sentence pairs per gold document."),
    merge: float = typer.Option(0.1, min=0, max=0.5, help="Share of merged neighbours."),
    delete: float = typer.Option(0.1, min=0, max=0.5, help="Share of deleted sentences."),
    out: Path = OUT,
) -> None:
    """Sentence alignment strict/lax P/R/F1 vs a Gale–Church baseline; word-link dictionary checks."""
    import hashlib

    from translit.align.lexicon import SHIPPED
    from translit.bench.align import (
        alignment_markdown,
        alignment_report,
        load_dictionary,
    )
    from translit.bench.report import write_report
    from translit.bench.signature import signature
    from translit.datasets import data_folder, load_testset

    translator = make_translator(model)
    corpora = data_folder("corpora", corpora)
    dictionary = load_dictionary(corpora) if corpora is not None and corpora.is_dir() else {}
    sets = [load_testset(spec.strip(), evalsets) for spec in testsets.split(",") if spec.strip()]
    report = alignment_report(sets, translator, dictionary, size, merge, delete, progress=lambda m: typer.echo(m, err=True))
    report["signature"] = signature(
        benchmark="align", model=translator.folder.name, model_hash=translator.folder.digest(),
        doc_size=size, merge=merge, delete=delete, dictionary_entries=len(dictionary),
        word_lexicon_hash=hashlib.sha256(SHIPPED.read_bytes()).hexdigest()[:12],
    )
    md = alignment_markdown(report, size, merge, delete)
    if out is not None:
        write_report(out, report, md)
    typer.echo(md)


@app.command("terms")
@cli_errors
def terms_cli(
    model: str = typer.Option(None, "--model", "-m", help="Model name in models/ or a model folder."),
    glossary: list[Path] = GLOSSARY,
    terms_count: int = typer.Option(100, "--terms", min=0, help="Terms of the glossary to test, spread over it (0: all; the model's names.tsv has 2 000+, a run of ~20 min)."),
    beam: int = typer.Option(4, "--beam", min=1, help="Beam size."),
    threads: int = typer.Option(0, "--threads", min=0, help="Threads per translation (0: the tuned or default layout)."),
    out: Path = OUT,
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
) -> None:
    """Glossary terms in Urdu carrier sentences: how often their English comes through, with the
    glossary and without it (default: the model's own names glossary, where it has one)."""
    from translit.bench.report import write_report
    from translit.bench.signature import signature
    from translit.bench.terms import CARRIERS, sample_terms, term_recall, terms_report
    from translit.glossary import Glossary
    from translit.translate.options import DecodingOptions

    options = DecodingOptions(beam_size=beam)
    translator = make_translator(model, threads=threads)
    whole = load_glossaries(glossary) or translator.glossary
    if not whole:
        raise InputError(f"{translator.folder.name} has no names glossary of its own: give one with --glossary TERMS.tsv")
    terms = Glossary(sample_terms(whole.terms, terms_count))
    systems = [("with the glossary", options), ("with the glossary, no re-decode (--no-keep-terms)", replace(options, keep_terms=False)),
               ("without a glossary (the model alone)", options)]
    bar = progress(None, total=len(terms.terms) * len(CARRIERS) * len(systems), label="bench terms", unit="sentence") \
        if sys.stderr.isatty() else None
    results = []
    for system, system_options in systems:
        translator.glossary = terms if system.startswith("with the glossary") else Glossary()
        results.append(term_recall(translator, terms.terms, system, system_options, progress=bar.update if bar else None))
    if bar is not None:
        bar.close()
    sig = signature(
        benchmark="terms", model=translator.folder.name, model_hash=translator.folder.digest(),
        glossary=terms.digest(), glossary_terms=len(whole.terms), terms_tested=len(terms.terms), carriers=len(CARRIERS), beam=beam,
        **translator.tuned_settings(options),
    )
    report, md = terms_report(results, sig, len(terms.terms))
    if out is not None:
        write_report(out, report, md)
    typer.echo(json.dumps(report, ensure_ascii=False) if as_json else md.rstrip("\n"))
