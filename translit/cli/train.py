"""``translit train …``: data mix, tokenizer, training run and export, each a library call."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from translit.cli._util import cli_errors, fail

app = typer.Typer(no_args_is_help=True, add_completion=False)

RECIPE = typer.Option(Path("corpora/recipes/ur-en-base.toml"), "--recipe", "-r", help="Recipe TOML file.")
RUN_DIR = typer.Option(None, "--run-dir", help="Run folder (default: work/<recipe name>).")
EVALSETS = typer.Option(None, "--evalsets", help="Dev sets folder (default: beside the corpora).")


def _setup(recipe_path: Path, run_dir: Path | None, corpora: Path | None = None):
    try:
        import torch  # noqa: F401
        import transformers  # noqa: F401
    except ImportError:
        raise fail("training needs the 'train' extra: pip install -e '.[train]'") from None
    from translit.train.recipe import load_recipe

    recipe = load_recipe(recipe_path)
    if corpora is not None:
        recipe.corpora = corpora
    return recipe, run_dir or Path("work") / recipe.name


def _evalsets(recipe, evalsets: Path | None) -> Path:
    return evalsets or Path(recipe.corpora).parent / "evalsets"


def _check_writable(folder: Path) -> None:
    from translit.errors import DataError

    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / ".write-test"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise DataError(f"cannot write to {folder}: {exc.strerror}") from None


@app.command("data")
@cli_errors
def data_cli(
    recipe: Path = RECIPE,
    run_dir: Path = RUN_DIR,
    corpora: Path = typer.Option(None, help="Corpora folder (overrides the recipe)."),
    evalsets: Path = EVALSETS,
) -> None:
    """Clean, filter, deduplicate and mix the corpora; writes train.ur/.en and mix.json."""
    from translit.train.data import build_mix

    rec, run = _setup(recipe, run_dir, corpora)
    _check_writable(run / "data")
    manifest = build_mix(rec, run / "data", evalsets=_evalsets(rec, evalsets), progress=lambda n: typer.echo(f"read {n}", err=True))
    typer.echo(json.dumps({"pairs": manifest.pairs, "out": str(run / "data")}))


@app.command("tokenizer")
@cli_errors
def tokenizer_cli(recipe: Path = RECIPE, run_dir: Path = RUN_DIR) -> None:
    """Train the SentencePiece model on the mix (run `translit train data` first)."""
    from translit.errors import DataError
    from translit.train.tokenizer import train_tokenizer

    rec, run = _setup(recipe, run_dir)
    data = run / "data"
    if not (data / "train.ur").exists():
        raise DataError(f"no data mix in {data}: run `translit train data` first")
    path = train_tokenizer([data / "train.ur", data / "train.en"], run / "spm", rec.tokenizer, rec.seed)
    typer.echo(str(path))


@app.command("run")
@cli_errors
def run_cli(
    recipe: Path = RECIPE,
    run_dir: Path = RUN_DIR,
    corpora: Path = typer.Option(None, help="Corpora folder (overrides the recipe)."),
    evalsets: Path = EVALSETS,
    max_steps: int = typer.Option(None, help="Stop after this many steps (default: the recipe's)."),
    init_from: Path = typer.Option(None, help="Start from a model folder's weights/ (a shipped model)."),
    cooldown_steps: int = typer.Option(
        None, min=1, help="Take the learning rate linearly to zero over the next N steps, then stop (before an export). A cool-down in progress goes on as planned."
    ),
) -> None:
    """Train, or resume the run in the run folder; prints one JSON line per event."""
    from translit.train.trainer import train

    rec, run = _setup(recipe, run_dir, corpora)
    _check_writable(run)
    init = None
    if init_from is not None and not (run / "state.pt").exists():
        init = init_from / "weights" if (init_from / "weights").is_dir() else init_from
    for event in train(rec, run, evalsets=_evalsets(rec, evalsets), max_steps=max_steps, init_weights=init,
                       cooldown_steps=cooldown_steps):
        typer.echo(json.dumps({k: v for k, v in event.__dict__.items() if v is not None}), err=False)


@app.command("export")
@cli_errors
def export_cli(
    recipe: Path = RECIPE,
    run_dir: Path = RUN_DIR,
    out: Path = typer.Option(None, "--out", "-o", help="Model folder to write (default: models/<recipe name>)."),
    evalsets: Path = EVALSETS,
) -> None:
    """Pick best / averaged / last weights on FLORES-200 dev; write CTranslate2 int8 + card."""
    from translit.errors import DataError
    from translit.train.export import export_model

    rec, run = _setup(recipe, run_dir)
    if not run.is_dir():
        raise DataError(f"run folder not found: {run}")
    target = out or Path("models") / rec.name
    _check_writable(target.parent)
    scores = export_model(rec, run, target, _evalsets(rec, evalsets), progress=lambda m: typer.echo(m, err=True))
    typer.echo(json.dumps({"model": str(target), "scores": [s.__dict__ for s in scores]}, ensure_ascii=False))
