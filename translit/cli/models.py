"""``translit models …``: the models installed, one model's card, removing a user's model."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from translit.cli._util import cli_errors

app = typer.Typer(rich_markup_mode=None, no_args_is_help=True, add_completion=False)

MODELS_DIR = typer.Option(None, "--models-dir", help="Your models' folder (default: $TRANSLIT_HOME/models or ~/.local/share/translit/models).")
AS_JSON = typer.Option(False, "--json", help="Print JSON.")
NAME = typer.Option(None, "--name", "-n", help="Name of the model (default: the folder's or the id's last part).")
QUANTIZATION = typer.Option("int8", "--quantization", "-q", help="int8, int8_float16, int16, float16, float32, …")
SOURCE_LANG = typer.Option("ur", "--source-lang", help="The language the model reads.")
TARGET_LANG = typer.Option("en", "--target-lang", help="The language it writes.")


def _row(m) -> dict:
    return {"name": m.name, "where": m.where, "path": str(m.path), "languages": m.languages, "family": m.family, "size_bytes": m.size_bytes}


def _target(models_dir: Path | None, name: str) -> Path:
    """Where a new model of yours named ``name`` goes (a plain name: never outside the folder)."""
    from translit.errors import ModelError
    from translit.model import user_models_dir

    if not name or Path(name).name != name or name in (".", ".."):
        raise ModelError(f"not a model name: {name!r}")
    return (models_dir or user_models_dir()) / name


@app.command("list")
@cli_errors
def list_cli(models_dir: Path = MODELS_DIR, as_json: bool = AS_JSON) -> None:
    """The models translit can use: the shipped ones, then yours."""
    from translit.models import installed_models

    models = installed_models(models_dir)
    if as_json:
        typer.echo(json.dumps([_row(m) for m in models], ensure_ascii=False))
        return
    for m in models:
        pair = f"{m.languages.get('source', '?')}→{m.languages.get('target', '?')}"
        typer.echo(f"{m.name}\t{pair}\t{m.where}\t{m.size_bytes / 1e6:.1f} MB\t{m.path}")


@app.command("info")
@cli_errors
def info_cli(name: str = typer.Argument(..., help="Model name or folder."), models_dir: Path = MODELS_DIR, as_json: bool = AS_JSON) -> None:
    """One model: where it is, its languages and its card."""
    from translit.models import model_info

    m = model_info(name, models_dir)
    row = _row(m) | {"card": m.card}
    if as_json:
        typer.echo(json.dumps(row, ensure_ascii=False, default=str))
        return
    languages = m.languages or {}
    typer.echo(f"name: {m.name}\nwhere: {m.where}\npath: {m.path}\n"
               f"languages: {languages.get('source', '?')} → {languages.get('target', '?')}\nfamily: {m.family}\n"
               f"size: {m.size_bytes / 1e6:.1f} MB")
    for s in m.card.get("scores") or []:
        signature = s.get("translit_signature") or {}
        names = "with names.tsv" if signature.get("glossary", "none") != "none" else "no names glossary"
        setting = f"beam {s.get('beam', signature.get('beam', '?'))}, {names}"
        typer.echo(f"score: {s.get('testset')} ({setting}): BLEU {s.get('bleu')}, chrF++ {s.get('chrfpp')}")
        for half, h in (s.get("halves") or {}).items():
            typer.echo(f"  half {half}: BLEU {h.get('bleu')}, chrF++ {h.get('chrfpp')}")
    hardware = (m.card.get("training") or {}).get("hardware")
    if hardware:
        typer.echo(f"measured on: {hardware} (int8 scores differ a little between CPU kinds)")


@app.command("remove")
@cli_errors
def remove_cli(name: str = typer.Argument(..., help="Name of one of your models."), models_dir: Path = MODELS_DIR) -> None:
    """Delete one of your models (shipped models stay)."""
    from translit.models import remove_model

    typer.echo(f"removed {remove_model(name, models_dir)}")


@app.command("convert")
@cli_errors
def convert_cli(
    source: Path = typer.Argument(..., help="A Hugging Face checkpoint folder (e.g. a local copy of Helsinki-NLP/opus-mt-ur-en)."),
    name: str = NAME,
    quantization: str = QUANTIZATION,
    source_lang: str = SOURCE_LANG,
    target_lang: str = TARGET_LANG,
    models_dir: Path = MODELS_DIR,
) -> None:
    """Convert a checkpoint into one of your models (CTranslate2, quantized, with a card)."""
    from translit.convert import convert_checkpoint
    from translit.errors import ModelError

    if not source.is_dir():
        raise ModelError(f"not a folder: {source}")
    out = convert_checkpoint(source, _target(models_dir, name or source.resolve().name), quantization, (source_lang, target_lang), origin=str(source))
    typer.echo(f"converted {source} → {out} (translit translate --model {out.name})")


@app.command("pull")
@cli_errors
def pull_cli(
    repo_id: str = typer.Argument(..., help="A Hugging Face model id, e.g. Helsinki-NLP/opus-mt-ur-en."),
    name: str = NAME,
    quantization: str = QUANTIZATION,
    source_lang: str = SOURCE_LANG,
    target_lang: str = TARGET_LANG,
    models_dir: Path = MODELS_DIR,
) -> None:
    """Download a checkpoint from the Hugging Face hub and convert it into one of your models."""
    from translit.convert import pull

    out = pull(repo_id, _target(models_dir, name or repo_id.rstrip("/").split("/")[-1]), quantization, (source_lang, target_lang))
    typer.echo(f"pulled {repo_id} → {out} (translit translate --model {out.name})")
