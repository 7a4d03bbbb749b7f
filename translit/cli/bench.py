"""``translit bench …``: quality scores with signatures, and paired comparison of two outputs."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import typer

from translit.cli._util import cli_errors
from translit.errors import InputError

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
    compute_type: str = typer.Option("auto"),
    device: str = typer.Option("auto"),
    save: Path = typer.Option(None, help="Write the hypotheses here, one per line (for `bench compare`)."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object."),
) -> None:
    """Translate a test set like `translit translate` does and score it: BLEU, chrF, chrF++."""
    from translit.bench.quality import load_testset, model_hash, score
    from translit.translate import DecodingOptions, Translator
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
    translator = Translator(model, device=device, compute_type=compute_type, threads=threads)
    options = DecodingOptions(beam_size=beam, batch_tokens=batch_tokens)
    hyps = [r.translation for r in translator.translate_lines(sources, options)]
    result = score(hyps, references, name)
    import translit

    result.translit_signature = {
        "model": translator.folder.name,
        "model_hash": model_hash(translator.folder.path),
        "compute_type": translator.compute_type,
        "beam": beam,
        "batch_tokens": batch_tokens,
        "threads": translator.threads,
        "device": translator.device,
        "testset": name,
        "translit": translit.__version__,
    }
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
