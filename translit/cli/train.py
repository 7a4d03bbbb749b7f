"""``translit train …``: data mix, tokenizer, training run and export, each a library call."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import typer

from translit.cli._util import COMPUTE_TYPE, DEVICE, THREADS, WORKERS, cli_errors, fail, progress, show_progress

app = typer.Typer(rich_markup_mode=None, no_args_is_help=True, add_completion=False)

RECIPE = typer.Option(Path("corpora/recipes/ur-en-base.toml"), "--recipe", "-r", help="Recipe TOML file.")
RUN_DIR = typer.Option(None, "--run-dir", help="Run folder (default: work/<recipe name>).")
EVALSETS = typer.Option(None, "--evalsets", help="Dev sets folder (default: beside the corpora).")


def _need_train_extra(doing: str = "training") -> None:
    """A one-line error where torch or transformers (the 'train' extra) is missing."""
    try:
        import torch  # noqa: F401
        import transformers  # noqa: F401
    except ImportError:
        raise fail(f"{doing} needs the 'train' extra: pip install -e '.[train]'") from None


def _setup(recipe_path: Path, run_dir: Path | None, corpora: Path | None = None):
    _need_train_extra()
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
    init_from: Path = typer.Option(None, help="Start from a model folder's weights/ (a shipped model); default: the recipe's init_from."),
    cooldown_steps: int = typer.Option(
        None, min=1, help="Take the learning rate linearly to zero over the next N steps, then stop (before an export). A cool-down in progress goes on as planned."
    ),
) -> None:
    """Train, or resume the run in the run folder; prints one JSON line per event."""
    from translit.errors import DataError
    from translit.train.trainer import train

    rec, run = _setup(recipe, run_dir, corpora)
    _check_writable(run)
    init = None
    init_from = init_from or rec.init_from
    if init_from is not None and not (run / "state.pt").exists():
        if not init_from.is_dir():
            raise DataError(f"--init-from / recipe init_from: model folder not found: {init_from}")
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
    soup_with: list[Path] = typer.Option(
        None, "--soup-with", help="Run folder forked from this run's state (repeatable): the mean of their EMA weights is one more candidate."),
) -> None:
    """Pick best / averaged / last / EMA (/ soup) weights on FLORES-200 dev; write CTranslate2 int8 + card."""
    from translit.errors import DataError
    from translit.train.export import export_model

    rec, run = _setup(recipe, run_dir)
    if not run.is_dir():
        raise DataError(f"run folder not found: {run}")
    target = out or Path("models") / rec.name
    _check_writable(target.parent)
    scores = export_model(rec, run, target, _evalsets(rec, evalsets), progress=lambda m: typer.echo(m, err=True),
                          soup_with=soup_with or [])
    typer.echo(json.dumps({"model": str(target), "scores": [s.__dict__ for s in scores]}, ensure_ascii=False))


MONO_METHOD = typer.Option("beam", help="beam (beam search) or sample (top-k sampling).")
MONO_BEAM = typer.Option(4, "--beam", min=1, help="Beam size (method beam).")
MONO_TOPK = typer.Option(10, "--topk", min=1, help="Sample each piece from the K likeliest (method sample).")
MONO_SOURCE = typer.Option(None, "--source", "-s", help="Only this source of the manifest (repeatable).")
MONO_LIMIT = typer.Option(0, min=0, help="At most N sentences of each source (0: all).")
MONO_SKIP = typer.Option(0, min=0, help="Leave out each source's first N sentences (a later round's new text).")
MONO_SHARD = typer.Option(2000, min=1, help="Sentences per shard (the unit a resumed run skips).")
MONO_OUT = typer.Option(..., "--out", "-o", help="Corpora folder to write the synthetic pairs to (resumed when it has shards).")
MONO_JSON = typer.Option(False, "--json", help="One JSON line per shard on stdout.")


@app.command("backtranslate")
@cli_errors
def backtranslate_cli(
    model: str = typer.Option(..., "--model", "-m", help="English→Urdu model (a name or folder)."),
    mono: Path = typer.Option(..., "--mono", help="Monolingual English folder (MANIFEST.tsv + <name>/<name>.en.gz), e.g. ../shared/mono-en."),
    out: Path = MONO_OUT, method: str = MONO_METHOD, beam: int = MONO_BEAM, topk: int = MONO_TOPK,
    source: list[str] = MONO_SOURCE, limit: int = MONO_LIMIT, skip: int = MONO_SKIP, shard_size: int = MONO_SHARD,
    device: str = DEVICE, compute_type: str = COMPUTE_TYPE, threads: int = THREADS, workers: int = WORKERS,
    as_json: bool = MONO_JSON,
) -> None:
    """Back-translate English text into Urdu: a synthetic corpus that a recipe's 'synthetic' section mixes in (Urdu tagged)."""
    _translate_mono("en-ur", model, mono, out, (method, beam, topk, source or None, limit, skip, shard_size),
                    (device, compute_type, threads, workers), as_json)


@app.command("forwardtranslate")
@cli_errors
def forwardtranslate_cli(
    model: str = typer.Option(..., "--model", "-m", help="Urdu→English model (a name or folder), e.g. models/ur-en-base."),
    mono: Path = typer.Option(..., "--mono", help="Monolingual Urdu folder (MANIFEST.tsv + <name>/<name>.ur.gz), e.g. ../shared/mono-ur."),
    out: Path = MONO_OUT, method: str = MONO_METHOD, beam: int = MONO_BEAM, topk: int = MONO_TOPK,
    source: list[str] = MONO_SOURCE, limit: int = MONO_LIMIT, skip: int = MONO_SKIP, shard_size: int = MONO_SHARD,
    device: str = DEVICE, compute_type: str = COMPUTE_TYPE, threads: int = THREADS, workers: int = WORKERS,
    as_json: bool = MONO_JSON,
) -> None:
    """Forward-translate Urdu text into English (self-training on in-domain Urdu): a synthetic
    corpus that a recipe's [synthetic] 'forward' folder mixes in, untagged."""
    _translate_mono("ur-en", model, mono, out, (method, beam, topk, source or None, limit, skip, shard_size),
                    (device, compute_type, threads, workers), as_json)


def _translate_mono(direction: str, model: str, mono: Path, out: Path, how: tuple, engine: tuple, as_json: bool) -> None:
    from translit.train.backtranslate import BacktranslateOptions, backtranslate, planned_sentences
    from translit.translate.options import EngineOptions

    options = BacktranslateOptions(*how)
    _check_writable(out)
    events = backtranslate(mono, model, out, options, EngineOptions(*engine), direction)
    label = "back-translating" if direction == "en-ur" else "forward-translating"
    bar = progress(None, total=planned_sentences(mono, options, direction), label=label, unit="sentence") if show_progress() else None
    assembled = []
    for event in events:
        if bar is not None:
            bar.update(event.sentences)
        if as_json:
            typer.echo(json.dumps(event.__dict__))
        if event.assembled:
            assembled.append(event.source)
    if bar is not None:
        bar.close()
    if not as_json:
        typer.echo(json.dumps({"out": str(out), "assembled": assembled}))


@app.command("names")
@cli_errors
def names_cli(
    recipe: Path = RECIPE,
    run_dir: Path = RUN_DIR,
    out: Path = typer.Option(None, "--out", "-o", help="File to write (default: names.tsv in the run folder, which `export` ships with the model)."),
    corpora: Path = typer.Option(None, help="Corpora folder (overrides the recipe)."),
    evalsets: Path = EVALSETS,
    min_links: int = typer.Option(3, min=1, help="Sentence pairs that must link the Urdu word to the name."),
    min_share: float = typer.Option(0.5, min=0.0, max=1.0, help="Share of the pairs holding the Urdu word that link it to the name."),
    min_similarity: float = typer.Option(0.5, min=0.0, max=1.0, help="How alike the consonant skeletons must be (the English spells the Urdu's sound)."),
    as_json: bool = typer.Option(False, "--json", help="Every entry with its evidence, one JSON object."),
) -> None:
    """Mine a names glossary from the recipe's real parallel corpora (no hand lists): Urdu words the
    word lexicon links to an English name, spelt alike, seldom anything else."""
    from translit.train.names import NameMiningOptions, mine_names, write_names

    rec, run = _setup(recipe, run_dir, corpora)
    out = out or run / "names.tsv"
    _check_writable(out.parent)
    options = NameMiningOptions(min_links=min_links, min_share=min_share, min_similarity=min_similarity)
    names = mine_names(rec, _evalsets(rec, evalsets), options, progress=lambda n: typer.echo(f"read {n}", err=True))
    write_names(names, out, rec, options)
    if as_json:
        typer.echo(json.dumps({"out": str(out), "names": [n.__dict__ | {"share": round(n.share, 3)} for n in names]}, ensure_ascii=False))
    else:
        typer.echo(json.dumps({"out": str(out), "names": len(names)}))


@app.command("add-names")
@cli_errors
def add_names_cli(
    model: Path = typer.Option(..., "--model", "-m", help="An exported model folder (card.json, model.bin)."),
    names: Path = typer.Option(..., "--names", help="The names glossary to ship with it (`translit train names`'s names.tsv)."),
    evalsets: Path = typer.Option(..., "--evalsets", help="Dev sets folder (flores200-dev, tico19-dev) to score the model on."),
) -> None:
    """Ship a names glossary with an exported model: copy it in, score with and without it, rewrite the card."""
    from translit.errors import DataError
    from translit.train.export import add_names

    if not (model / "card.json").is_file():
        raise DataError(f"not an exported model folder (no card.json): {model}")
    if not names.is_file():
        raise DataError(f"names glossary not found: {names}")
    scores = add_names(model, names, evalsets)
    typer.echo(json.dumps({"model": str(model), "scores": [s.__dict__ for s in scores]}, ensure_ascii=False))


@app.command("adapt")
@cli_errors
def adapt_cli(
    model: str = typer.Option("ur-en-base", "--model", "-m", help="Model to adapt (a name or folder with weights/)."),
    name: str = typer.Option(..., "--name", help="Name of the adapted model (in your models folder)."),
    pairs: Path = typer.Option(None, "--pairs", help="urdu<TAB>english[<TAB>score] lines (`align sentences --format tsv`)."),
    docs: tuple[Path, Path] = typer.Option(None, "--docs", help="UR_DIR EN_DIR: same-named documents, aligned here."),
    minutes: float = typer.Option(20.0, "--minutes", min=0.1, help="Train this long (unless --steps)."),
    steps: int = typer.Option(0, "--steps", min=0, help="Train this many steps (0: until --minutes are up)."),
    dev: float = typer.Option(0.1, "--dev-share", min=0.01, max=0.5, help="Share of your pairs held out to score on."),
    min_score: float = typer.Option(0.0, "--min-score", help="Leave out pairs (beads) scoring less."),
    replay: float = typer.Option(0.5, "--replay", min=0.0, max=0.9, help="Share of general pairs replayed (when the corpora are here)."),
    strength: float = typer.Option(0.7, "--strength", min=0.05, max=1.0, help="Exported weights: base + STRENGTH × (adapted − base)."),
    lr: float = typer.Option(1e-4, "--lr", min=1e-7, help="Learning rate once re-warmed."),
    eval_every: int = typer.Option(100, "--eval-every", min=10, help="Steps between dev scores."),
    run_dir: Path = typer.Option(None, "--run-dir", help="Work folder (default: beside the model, resumed)."),
    evalsets: Path = EVALSETS,
    models_dir: Path = typer.Option(None, "--models-dir", help="Your models' folder (default: $TRANSLIT_HOME/models)."),
    as_json: bool = typer.Option(False, "--json", help="The result as one JSON object."),
) -> None:
    """Fine-tune a model on your own translations (sentence pairs or document pairs): a model of your own."""
    _need_train_extra("adapting")
    from translit.train.adapt import AdaptOptions, AdaptStopped, adapt

    options = AdaptOptions(steps=steps, minutes=minutes, lr=lr, eval_every=eval_every, dev_share=dev, min_score=min_score,
                           replay_share=replay, strength=strength)
    bar = progress(None, total=steps or None, label="adapting", unit="step") if show_progress() else None

    def report(event) -> None:
        if event.kind in ("data", "export"):
            typer.echo(event.message, err=True)
        elif bar is not None and event.kind in ("log", "eval"):
            bar.n = event.step
            if event.chrfpp is not None:
                bar.set_postfix_str(f"dev chrF++ {event.chrfpp}")
            bar.refresh()
        elif event.kind == "eval":
            typer.echo(f"step {event.step}: dev chrF++ {event.chrfpp}", err=True)

    try:
        result = adapt(model, name, pairs, docs or None, options, run_dir, evalsets, models_dir, report)
    except AdaptStopped as stopped:
        raise fail(str(stopped), 130) from None
    finally:
        if bar is not None:
            bar.close()
    if as_json:
        typer.echo(json.dumps(asdict(result), ensure_ascii=False))
        return
    typer.echo(f"{result.model}: {result.steps} steps in {result.seconds:.0f} s ({result.stopped})")
    for key, after in result.after.items():
        before = result.before.get(key, {})
        typer.echo(f"  {key}: BLEU {before.get('bleu')} → {after['bleu']}, chrF++ {before.get('chrfpp')} → {after['chrfpp']}")
