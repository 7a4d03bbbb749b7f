"""``translit bench …``: quality scores with signatures, and paired comparison of two outputs."""

from __future__ import annotations

import json
from dataclasses import asdict, replace
from pathlib import Path

import typer

from translit.cli._util import CLAUSE_SPLIT, GLOSSARY, KEEP_TERMS, NO_NAMES, cli_errors
from translit.errors import InputError
from translit.glossary import load_glossaries

app = typer.Typer(no_args_is_help=True, add_completion=False)


@app.command("quality")
@cli_errors
def quality_cli(
    model: str = typer.Option(None, "--model", "-m", help="Model name in models/ or a model folder."),
    testset: str = typer.Option(None, help="A dev set in ../shared/evalsets (flores200-dev, tico19-dev) or a folder."),
    src: Path = typer.Option(None, help="Source file (plain or .gz), with --ref."),
    ref: Path = typer.Option(None, help="Reference file (plain or .gz), with --src."),
    beam: int = typer.Option(4, min=1),
    threads: int = typer.Option(0, min=0),
    batch_tokens: int = typer.Option(4096, min=16),
    no_repeat_ngram_size: int = typer.Option(None, min=0, help="Default: the model card's (0: off)."),
    length_penalty: float = typer.Option(None, help="Default: the model card's, else 1."),
    repetition_penalty: float = typer.Option(None, min=0.0, help="Default: the model card's, else 1."),
    clause_split: int = CLAUSE_SPLIT,
    keep_terms: bool = KEEP_TERMS,
    compute_type: str = typer.Option("auto"),
    device: str = typer.Option("auto"),
    glossary: list[Path] = GLOSSARY,
    no_names: bool = NO_NAMES,
    save: Path = typer.Option(None, help="Write the hypotheses here, one per line (for `bench compare`)."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object."),
) -> None:
    """Translate a test set like `translit translate` does and score it: BLEU, chrF, chrF++."""
    from translit.bench.quality import load_testset, score, translit_signature
    from translit.decoding import DecodingOptions
    from translit.translate import Translator
    from translit.util.files import atomic_write_text
    from translit.util.gzipped import read_lines

    if (testset is None) == (src is None or ref is None):
        raise InputError("give either --testset NAME or both --src FILE and --ref FILE")
    if testset is not None:
        name, sources, references = load_testset(testset)
    else:
        name, sources, references = src.name, list(read_lines(src)), list(read_lines(ref))
        if len(sources) != len(references):
            raise InputError(f"{src} has {len(sources)} lines but {ref} has {len(references)}")
    translator = Translator(
        model, device=device, compute_type=compute_type, threads=threads, glossary=load_glossaries(glossary), names=not no_names
    )
    options = DecodingOptions(
        beam_size=beam, batch_tokens=batch_tokens, no_repeat_ngram_size=no_repeat_ngram_size, length_penalty=length_penalty,
        repetition_penalty=repetition_penalty, clause_split_tokens=clause_split,
        keep_terms=keep_terms,
    )
    hyps = [r.translation for r in translator.translate_lines(sources, options)]
    result = score(hyps, references, name)
    result.translit_signature = translit_signature(translator, options, name)
    if save is not None:
        atomic_write_text(save, "".join(h + "\n" for h in hyps))
    if as_json:
        typer.echo(json.dumps(asdict(result), ensure_ascii=False))
    else:
        typer.echo(f"{name}: BLEU {result.bleu}  chrF {result.chrf}  chrF++ {result.chrfpp}  ({result.sentences} sentences)")
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
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Paired bootstrap resampling: is SYSTEM significantly better than BASELINE?"""
    from translit.bench.quality import compare
    from translit.util.gzipped import read_lines

    results = compare(list(read_lines(baseline)), list(read_lines(system)), list(read_lines(ref)), samples)
    if as_json:
        typer.echo(json.dumps([asdict(r) | {"significant": r.significant} for r in results]))
        return
    for r in results:
        mark = "significant" if r.significant else "not significant"
        typer.echo(f"{r.metric:7} baseline {r.baseline:6.2f}  system {r.system:6.2f}  p = {r.p_value:.4f} ({mark})")


def _version(package: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return "not installed"


def _ints(text: str, what: str) -> list[int]:
    try:
        values = [int(x) for x in text.split(",") if x.strip()]
    except ValueError:
        raise InputError(f"--{what}: expected comma-separated numbers, got {text!r}") from None
    if not values or min(values) < 1:
        raise InputError(f"--{what}: numbers must be ≥ 1")
    return values


@app.command("speed")
@cli_errors
def speed_cli(
    model: str = typer.Option(None, "--model", "-m", help="Model name in models/ or a model folder."),
    testset: str = typer.Option("flores200-dev", help="Dev set whose source side is translated."),
    src: Path = typer.Option(None, help="Translate this file instead of a test set."),
    sentences: int = typer.Option(200, min=0, help="How many sentences to translate per configuration (0: all)."),
    engines: str = typer.Option("translit,ctranslate2,transformers", help="Engines to compare."),
    compute_types: str = typer.Option("int8", help="CTranslate2 compute types, comma-separated."),
    threads: str = typer.Option("2", help="Thread counts, comma-separated."),
    workers: str = typer.Option("1", help="CTranslate2 workers (inter_threads), comma-separated."),
    batch_sizes: str = typer.Option("1,8,32", help="Batch sizes (sentences), comma-separated."),
    batch_tokens: int = typer.Option(0, min=0, help="Fill batches by this token budget instead of --batch-sizes (0: off)."),
    beams: str = typer.Option("4", help="Beam sizes, comma-separated."),
    device: str = typer.Option("cpu", help="cpu or cuda."),
    latency_sentences: int = typer.Option(20, min=0, help="Sentences timed one at a time for latency."),
    out: Path = typer.Option(Path("benchmarks/results/speed"), help="Report prefix: writes .json, .md and .png."),
    as_json: bool = typer.Option(False, "--json", help="Print the results as JSON."),
) -> None:
    """Throughput, latency, load time and peak memory over a grid, engines side by side."""
    import sys

    from translit.bench.quality import load_testset, model_hash
    from translit.bench.report import write_speed_report
    from translit.bench.signature import signature
    from translit.bench.speed import build_grid, ratios, result_dicts, run_grid
    from translit.decoding import tuned_settings
    from translit.model import resolve_model
    from translit.util.gzipped import read_lines

    folder = resolve_model(model)
    grid = build_grid(
        [e.strip() for e in engines.split(",") if e.strip()],
        [c.strip() for c in compute_types.split(",") if c.strip()],
        _ints(threads, "threads"), _ints(workers, "workers"), _ints(batch_sizes, "batch-sizes"), _ints(beams, "beams"), device,
        batch_tokens,
    )
    lines = list(read_lines(src)) if src is not None else load_testset(testset)[1]
    lines = [line for line in lines if line.strip()][: sentences or None]
    results = []
    with typer.progressbar(length=len(grid), label="benchmarking", file=sys.stderr) as bar:
        for result in run_grid(grid, folder.path, lines, latency_sentences):
            results.append(result)
            bar.update(1)
    sig = signature(
        benchmark="speed", model=folder.name, model_hash=model_hash(folder.path), testset=str(src or testset),
        sentences=len(lines), device=device, ctranslate2=_version("ctranslate2"), **tuned_settings(folder.card),
    )
    data, ratio_rows = result_dicts(results), ratios(results)
    paths = write_speed_report(out, data, ratio_rows, sig)
    if as_json:
        typer.echo(json.dumps({"signature": sig, "results": data, "ratios": ratio_rows}, ensure_ascii=False))
    else:
        typer.echo(paths[1].read_text(encoding="utf-8"))
        typer.echo("wrote " + ", ".join(str(p) for p in paths), err=True)


@app.command("align")
@cli_errors
def align_cli(
    model: str = typer.Option(None, "--model", "-m", help="Model for translations and attention."),
    testsets: str = typer.Option("flores200-dev,tico19-dev", help="Dev sets to build gold documents from."),
    corpora: Path = typer.Option(Path("../shared/corpora"), help="Corpora folder with the dict_* dictionaries."),
    size: int = typer.Option(100, min=5, help="Sentence pairs per gold document."),
    merge: float = typer.Option(0.1, min=0, max=0.5, help="Share of merged neighbours."),
    delete: float = typer.Option(0.1, min=0, max=0.5, help="Share of deleted sentences."),
    out: Path = typer.Option(Path("benchmarks/results/align"), help="Report prefix: writes .json and .md."),
) -> None:
    """Sentence alignment strict/lax P/R/F1 vs a Gale–Church baseline; word-link dictionary checks."""
    import dataclasses
    import hashlib
    import time

    from translit.align.lexicon import SHIPPED
    from translit.align.sentences import AlignOptions, align_sentences
    from translit.align.words import align_word_batch
    from translit.bench.align import (
        evaluate_alignment,
        load_dictionary,
        make_gold,
        word_alignment_scores,
    )
    from translit.bench.quality import load_testset, model_hash
    from translit.bench.report import write_report
    from translit.bench.signature import signature
    from translit.decoding import DecodingOptions
    from translit.translate import Translator

    translator = Translator(model)
    dictionary = load_dictionary(corpora) if corpora.is_dir() else {}
    report = {"sentences": {}, "words": {}}
    for spec in [t.strip() for t in testsets.split(",") if t.strip()]:
        name, ur, en = load_testset(spec)
        docs = make_gold(ur, en, size=size, merge=merge, delete=delete)
        typer.echo(f"{name}: translating {sum(len(d.ur) for d in docs)} sentences", err=True)
        for d in docs:
            d.translations = translator.translate(d.ur, DecodingOptions(beam_size=1))
        untranslated = [dataclasses.replace(d, translations=None) for d in docs]
        oracle = [dataclasses.replace(d, translations=d.oracle) for d in docs]
        no_lexicon = AlignOptions(use_lexicon=False)
        systems = {
            "translit (word lexicon; the default)": (untranslated, AlignOptions()),
            "translit --translate (word lexicon + model translations)": (docs, AlignOptions()),
            "model translations only": (docs, no_lexicon),
            "numbers and Latin words only": (untranslated, no_lexicon),
            "Gale-Church (lengths only)": (docs, AlignOptions(use_similarity=False)),
            "oracle translations only (upper bound of MT similarity)": (oracle, no_lexicon),
        }
        report["sentences"][name] = {}
        for system, (system_docs, options) in systems.items():
            start = time.perf_counter()
            scores = evaluate_alignment(system_docs, options)
            scores["seconds"] = round(time.perf_counter() - start, 2)
            report["sentences"][name][system] = scores
        start = time.perf_counter()
        align_sentences(ur, en)  # the whole dev set as one document, word lexicon similarity
        report.setdefault("long_document_seconds", {})[name] = {
            "sentences": [len(ur), len(en)], "seconds": round(time.perf_counter() - start, 2)
        }
        pairs = list(zip(ur, en))
        report["words"][name] = {
            "lexicon": word_alignment_scores(align_word_batch(pairs, method="lexicon"), dictionary),
            "attention": word_alignment_scores(align_word_batch(pairs, translator, "attention"), dictionary),
        }
    report["signature"] = signature(
        benchmark="align", model=translator.folder.name, model_hash=model_hash(translator.folder.path),
        doc_size=size, merge=merge, delete=delete, dictionary_entries=len(dictionary),
        word_lexicon_hash=hashlib.sha256(SHIPPED.read_bytes()).hexdigest()[:12],
    )
    md = ["# Alignment", "", f"Signature: `{json.dumps(report['signature'], ensure_ascii=False)}`", "",
          f"Gold documents of {size} pairs with {merge:.0%} merges and {delete:.0%} deletions; Vecalign-style scores over beads with both sides non-empty.", "",
          "| test set | system | strict P | strict R | strict F1 | lax F1 | align seconds |", "|---|---|---|---|---|---|---|"]
    for name, systems in report["sentences"].items():
        for system, s in systems.items():
            md.append(f"| {name} | {system} | {s['strict']['precision']} | {s['strict']['recall']} | {s['strict']['f1']} | {s['lax']['f1']} | {s['seconds']} |")
    md += ["", "Speed: each dev set aligned as one document (sentences Urdu × English, word lexicon similarity, one process):", ""]
    md += [f"- {name}: {v['sentences'][0]} × {v['sentences'][1]} in {v['seconds']} s" for name, v in report["long_document_seconds"].items()]
    md += ["", "Word alignment, checked against the corpora's one-word dictionary entries (which the word lexicon is not trained on):", "",
           "| test set | method | dictionary pairs in sentence pairs | linked (recall) | links checked | contradicting the dictionary |",
           "|---|---|---|---|---|---|"]
    for name, methods in report["words"].items():
        for method, w in methods.items():
            md.append(f"| {name} | {method} | {w['dictionary_pairs']} | {w['recall']} | {w['links_checked']} | {w['contradiction_rate']} |")
    write_report(out, report, "\n".join(md))
    typer.echo("\n".join(md))


@app.command("terms")
@cli_errors
def terms_cli(
    model: str = typer.Option(None, "--model", "-m", help="Model name in models/ or a model folder."),
    glossary: list[Path] = GLOSSARY,
    beam: int = typer.Option(4, min=1),
    threads: int = typer.Option(0, min=0),
    out: Path = typer.Option(Path("benchmarks/results/terms"), help="Report prefix: writes .json and .md."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
) -> None:
    """Glossary terms in Urdu carrier sentences: how often their English comes through, with the
    glossary and without it (default: the shipped names glossary)."""
    from translit.bench.quality import model_hash
    from translit.bench.report import write_report
    from translit.bench.signature import signature
    from translit.bench.terms import CARRIERS, term_recall, terms_report
    from translit.decoding import DecodingOptions
    from translit.glossary import Glossary, shipped_names
    from translit.translate import Translator

    terms = load_glossaries(glossary) or shipped_names()
    options = DecodingOptions(beam_size=beam)
    translator = Translator(model, threads=threads, glossary=terms, names=False)
    results = [
        term_recall(translator, terms.terms, "with the glossary", options),
        term_recall(translator, terms.terms, "with the glossary, no re-decode (--no-keep-terms)", replace(options, keep_terms=False)),
    ]
    translator.glossary = Glossary()  # the same model, now on its own
    results.append(term_recall(translator, terms.terms, "without a glossary (the model alone)", options))
    sig = signature(
        benchmark="terms", model=translator.folder.name, model_hash=model_hash(translator.folder.path),
        glossary=terms.digest(), carriers=len(CARRIERS), beam=beam, **translator.tuned_settings(options),
    )
    report, md = terms_report(results, sig, len(terms))
    write_report(out, report, md)
    typer.echo(json.dumps(report, ensure_ascii=False) if as_json else md.rstrip("\n"))
