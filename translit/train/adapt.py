"""Domain adaptation: a model of the user's own, fine-tuned on their translated sentences or
documents in minutes on a CPU (``translit train adapt``).

The base model's float16 ``weights/`` and its card's recipe (shape, filters, schedule) are the
start; the user's pairs (:mod:`translit.train.adapt_data`) are written as a small corpora folder
beside a replayed sample of the base recipe's general corpora where they are on this machine
(``replay_share`` of the mix: what keeps a small model from forgetting everything else), and the
ordinary trainer runs on them (:func:`translit.train.trainer.train`: resumable, its state saved
as it goes) with a low, constant learning rate after a short re-warm, scored on the user's dev
split every ``eval_every`` steps (greedy), its best weights kept; it stops when the time or the
steps are up or the dev score has not risen for ``patience`` evaluations. The best weights,
pulled part of the way back towards the base model's (``strength``: a pull towards the start
weights, which costs little of the domain's gain and much of the forgetting), are exported as a
model folder like any other, whose card names the base model, the data (counts and
a digest, never the text), the steps, and the scores before and after on the user's dev split
and on FLORES-200 dev (what general quality it gave up) when the dev sets are here.
"""

from __future__ import annotations

import gzip
import json
import math
import os
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from pathlib import Path

from translit.errors import InputError, ModelError
from translit.util.files import atomic_write_text
from translit.train.adapt_data import Pair, UserData


class AdaptStopped(Exception):
    """Ctrl-C or SIGTERM stopped the run (its state saved); the same command resumes it."""


@dataclass
class AdaptOptions:
    """How long (``steps``, else ``minutes``), how fast (``lr`` once re-warmed), how it is
    scored and stopped, how the user's pairs are split and kept, and how much general data is
    replayed beside them."""

    steps: int = 0  # 0: until ``minutes`` are up (or the dev score stops rising)
    minutes: float = 20.0
    lr: float = 1e-4
    batch_tokens: int = 3000
    eval_every: int = 100
    patience: int = 4
    dev_share: float = 0.1
    max_dev: int = 500
    min_pairs: int = 50
    min_score: float = 0.0  # pairs (or aligned beads) scoring less are left out
    replay_share: float = 0.5  # of the training mix: general pairs from the base recipe's corpora…
    replay_floor: int = 2000  # …and never fewer than this many (a few hundred pairs of one's own must not be all it sees)
    max_epochs: float = 6.0  # passes over the mix: more only learns the user's few pairs by heart
    strength: float = 0.7  # the exported weights: base + strength × (adapted − base)
    seed: int = 1

    def __post_init__(self) -> None:
        if self.steps < 0 or self.minutes <= 0 or self.lr <= 0 or self.eval_every < 1 or self.patience < 1:
            raise InputError("adapt: steps ≥ 0, minutes, lr > 0, eval_every and patience ≥ 1")
        if not 0.0 <= self.replay_share < 1.0 or not 0.0 < self.dev_share < 1.0 or not 0.0 < self.strength <= 1.0:
            raise InputError("adapt: replay_share must be in [0, 1), dev_share in (0, 1) and strength in (0, 1]")


@dataclass
class AdaptResult:
    """The adapted model and what it took: data counts, steps, time, scores before and after."""

    model: str
    name: str
    base: str
    data: dict
    replayed: int
    steps: int
    seconds: float
    stopped: str  # "steps" | "time" | "epochs" | "no gain" (the dev score stopped rising)
    before: dict = field(default_factory=dict)  # {"user_dev": {...}, "flores200-dev": {...}}
    after: dict = field(default_factory=dict)


@dataclass
class AdaptEvent:
    """Progress: ``kind`` "data" (pairs ready), "log" (steps trained so far), "eval" (a dev score), "export"."""

    kind: str
    step: int = 0
    chrfpp: float | None = None
    message: str = ""


def base_recipe(folder):
    """The recipe the base model was trained with (its card's), or an error for a model without weights."""
    from translit.train.recipe import parse_recipe

    if not (folder.path / "weights" / "model.safetensors").is_file():
        raise ModelError(f"{folder.path}: no weights/ folder: adaptation continues training from the float16 weights a "
                         "translit-trained model ships; a model converted from Hugging Face (opus-mt, NLLB, …) has none")
    recipe = (folder.card.get("training") or {}).get("recipe")
    if not recipe:
        raise ModelError(f"{folder.path}: its card names no training recipe to continue from")
    return parse_recipe(dict(recipe))


def gather(pairs: Path | None, docs: tuple[Path, Path] | None, recipe, options: AdaptOptions) -> UserData:
    """The user's pairs read, checked, cleaned and split (:mod:`translit.train.adapt_data`)."""
    from translit.train.adapt_data import check_direction, clean_user_pairs, document_pairs, read_pair_file, rows_digest, split_dev

    data = UserData()
    if (pairs is None) == (docs is None):
        raise InputError("give either --pairs PAIRS.tsv or --docs UR_DIR EN_DIR")
    if pairs is not None:
        rows = [(None, ur, en, score) for ur, en, score in read_pair_file(pairs)]
        where = str(pairs)
    else:
        beads, data.documents, data.unpaired = document_pairs(*docs)
        rows = [(doc, ur, en, score) for doc, ur, en, score in beads]
        where = f"{docs[0]} and {docs[1]}"
    check_direction(rows, where)
    data.read, data.digest = len(rows), rows_digest(rows)
    kept, dropped = clean_user_pairs(rows, recipe.filter, options.min_score)
    data.dropped = dict(dropped)
    if len(kept) < options.min_pairs:
        reasons = ", ".join(f"{k} {v}" for k, v in dropped.most_common()) or "none dropped"
        raise InputError(f"{where}: {len(kept)} usable pairs of {len(rows)} ({reasons}); adaptation needs at least {options.min_pairs}")
    data.train, data.dev = split_dev(kept, options.dev_share, options.max_dev, options.seed)
    return data


def _write_source(folder: Path, name: str, pairs: list[Pair]) -> None:
    (folder / name).mkdir(parents=True, exist_ok=True)
    for side, k in (("ur", 0), ("en", 1)):
        with gzip.open(folder / name / f"{name}.{side}.gz", "wt", encoding="utf-8") as f:
            f.writelines(p[k] + "\n" for p in pairs)


def _lay_out(run_dir: Path, data: UserData, replay: list[Pair]) -> tuple[Path, Path]:
    """The run folder's corpora (the user's pairs, the replayed ones) and dev set; a run folder
    that holds another adaptation's data is refused."""
    marker = run_dir / "adapt.json"
    if marker.is_file():
        held = json.loads(marker.read_text(encoding="utf-8")).get("digest")
        if held != data.digest:
            raise InputError(f"{run_dir} holds another adaptation's run (other data); remove it or choose another --run-dir")
    corpora, dev = run_dir / "corpora", run_dir / "dev"
    shutil.rmtree(corpora, ignore_errors=True)
    _write_source(corpora, "user", data.train)
    rows = ["name\tkind\tpairs\tdomain\tlicense", f"user\tsentences\t{len(data.train)}\tthe user's own translations\tthe user's"]
    if replay:
        _write_source(corpora, "replay", replay)
        rows.append(f"replay\tsentences\t{len(replay)}\tgeneral: the base recipe's corpora, sampled\tas its sources")
    atomic_write_text(corpora / "MANIFEST.tsv", "\n".join(rows) + "\n")
    dev.mkdir(parents=True, exist_ok=True)
    for side, k in (("ur", 0), ("en", 1)):
        with gzip.open(dev / f"dev.{side}.gz", "wt", encoding="utf-8") as f:
            f.writelines(p[k] + "\n" for p in data.dev)
    atomic_write_text(marker, json.dumps({"digest": data.digest}) + "\n")
    return corpora, dev


def adapt_recipe(recipe, corpora: Path, name: str, base_step: int, options: AdaptOptions):
    """The base recipe turned to the user's corpora: no synthetic data, no truecasing or name
    copies (the user's text as it is), the trainer's schedule set so that the rate is ``lr``
    once re-warmed (it decays as the inverse square root of the step: flat over a short run)."""
    from translit.train.recipe import AugmentOptions, SyntheticOptions

    warmup = recipe.train.warmup_steps
    peak = options.lr / math.sqrt(warmup / max(base_step, warmup))
    train = replace(recipe.train, lr=peak, batch_tokens=options.batch_tokens, eval_every=options.eval_every,
                    eval_sentences=10**6, keep_checkpoints=1, ema_decay=0.0, max_steps=10**9)
    mix = replace(recipe.mix, weights={"user": 1.0, "replay": 1.0}, default_weight=1.0)
    clean = replace(recipe.clean, truecase=False, shorthand=False)
    return replace(recipe, name=f"adapt-{name}", corpora=corpora, synthetic=SyntheticOptions(), train=train, mix=mix,
                   clean=clean, augment=AugmentOptions(), init_from=None)


def adapt(
    model: str | Path, name: str, pairs: Path | None = None, docs: tuple[Path, Path] | None = None,
    options: AdaptOptions | None = None, run_dir: Path | None = None, evalsets: Path | None = None,
    models_dir: Path | None = None, progress: Callable[[AdaptEvent], None] | None = None,
) -> AdaptResult:
    """Fine-tune ``model`` on the user's ``pairs`` (or ``docs``) into the user model ``name``."""
    from translit.datasets import data_folder
    from translit.model import resolve_model, user_models_dir
    from translit.train.adapt_data import replay_pairs
    from translit.train.data import dev_sentences

    options = options or AdaptOptions()
    say = progress or (lambda event: None)
    if not name or Path(name).name != name or name in (".", ".."):
        raise InputError(f"--name must be a plain folder name, not {name!r}")
    folder = resolve_model(model)
    recipe = base_recipe(folder)
    if recipe.direction != "ur-en":
        raise InputError(f"{folder.path}: adaptation is for Urdu→English models (this one is {recipe.direction})")
    out = Path(models_dir or user_models_dir()) / name
    if out.exists():
        raise InputError(f"{out} exists: choose another --name (or `translit models remove {name}`)")
    data = gather(pairs, docs, recipe, options)
    if not Path(recipe.corpora).is_dir():  # the card's path is relative to where the model was trained
        recipe.corpora = data_folder("corpora") or recipe.corpora
    evalsets = Path(evalsets or data_folder("evalsets") or Path(recipe.corpora).parent / "evalsets")
    banned = dev_sentences(evalsets) if evalsets.is_dir() else set()
    wanted = round(len(data.train) * options.replay_share / (1 - options.replay_share))
    wanted = max(wanted, options.replay_floor) if options.replay_share > 0 else 0
    replay = replay_pairs(recipe, wanted, options.seed, banned)
    run_dir = Path(run_dir) if run_dir else out.parent / f".{name}.adapt"
    run_dir.mkdir(parents=True, exist_ok=True)
    corpora, dev = _lay_out(run_dir, data, replay)
    say(AdaptEvent("data", message=f"{len(data.train)} pairs to train on, {len(data.dev)} held out for dev, {len(replay)} general pairs replayed"))
    base_step = int((folder.card.get("training") or {}).get("steps") or 0)
    recipe = adapt_recipe(recipe, corpora, name, base_step, options)
    before = _scores(folder.path, dev, evalsets)
    started = time.time()
    steps, stopped = _train(recipe, run_dir, folder, base_step, dev, evalsets, options, say)
    say(AdaptEvent("export", message=f"exporting {out}"))
    _export(recipe, run_dir, folder, out, options.strength)
    after = _scores(out, dev, evalsets)
    result = AdaptResult(str(out), name, folder.name, data.summary(), len(replay), steps, round(time.time() - started, 1),
                         stopped, before, after)
    _write_adapt_card(out, result, options)
    return result


def _train(recipe, run_dir: Path, folder, base_step: int, dev: Path, evalsets: Path, options: AdaptOptions, say) -> tuple[int, str]:
    """Run the trainer until the steps or minutes are up or the dev score stops rising: (steps, why it stopped)."""
    from translit.train.trainer import train

    events: Iterator = train(recipe, run_dir, evalsets if evalsets.is_dir() else run_dir, init_weights=folder.path / "weights",
                             cooldown_steps=options.steps or None, dev_dir=dev)
    deadline = time.time() + options.minutes * 60
    best_at, best, step, first_epoch = None, -1.0, base_step, None
    stopped = "steps"
    try:
        for event in events:
            step = event.step
            first_epoch = event.epoch if first_epoch is None else first_epoch
            if event.kind == "done" and (not options.steps or step < base_step + options.steps):
                raise AdaptStopped(f"stopped at step {step - base_step}: the run is saved in {run_dir}; "
                                   "the same command goes on from there")
            if event.kind == "eval":
                chrfpp = event.dev["chrfpp"]
                if chrfpp > best:
                    best, best_at = chrfpp, event.step
                say(AdaptEvent("eval", event.step - base_step, chrfpp))
                if best_at is not None and (event.step - best_at) >= options.patience * options.eval_every:
                    stopped = "no gain"
                    break
            elif event.kind == "log":
                say(AdaptEvent("log", event.step - base_step))
            if not options.steps and time.time() > deadline:
                stopped = "time"
                break
            if event.epoch - first_epoch >= options.max_epochs:
                stopped = "epochs"
                break
    finally:
        events.close()  # its state is saved every few minutes and at each evaluation: a later run resumes
    return step - base_step, stopped


def _export(recipe, run_dir: Path, folder, out: Path, strength: float = 1.0) -> None:
    """The run's best weights, pulled back towards the base model's (``base + strength ×
    (best − base)``: most of the domain's gain kept, less of the rest forgotten), as a model
    folder (float16 weights/, CTranslate2 int8, the base model's names glossary), written beside
    ``out`` and renamed in."""
    import torch
    from transformers import MarianMTModel

    from translit.train.export import convert_to_ctranslate2, save_hf_checkpoint

    if not (run_dir / "best").is_dir():
        raise ModelError(f"{run_dir}: the run was stopped before its first dev evaluation: nothing to export "
                         "(run again with more --minutes or --steps; it resumes)")
    tmp = out.parent / f".{out.name}.export"
    shutil.rmtree(tmp, ignore_errors=True)
    model = MarianMTModel.from_pretrained(run_dir / "best", torch_dtype=torch.float32)
    if strength < 1.0:
        base = MarianMTModel.from_pretrained(folder.path / "weights", torch_dtype=torch.float32).state_dict()
        tuned = model.state_dict()
        model.load_state_dict({k: base[k] + strength * (v - base[k]) if v.is_floating_point() else v for k, v in tuned.items()})
    weights = save_hf_checkpoint(model, run_dir / "spm.model", tmp / "weights", dtype=torch.float16)
    final = tmp / "final"
    convert_to_ctranslate2(weights, final, decoding=asdict(recipe.decoding), direction=recipe.direction)
    (weights / "spm.model").unlink()
    os.replace(weights, final / "weights")
    if folder.names:
        shutil.copyfile(folder.names, final / "names.tsv")
    os.replace(final, out)
    shutil.rmtree(tmp, ignore_errors=True)


def _scores(model_dir: Path, dev: Path, evalsets: Path) -> dict:
    """Beam-4 scores on the user's dev split and (where the dev sets are here) FLORES-200 dev."""
    from translit.train.evaluate import evaluate

    sets = {"user_dev": dev}
    if (evalsets / "flores200-dev").is_dir():
        sets["flores200-dev"] = evalsets / "flores200-dev"
    out = {}
    for key, folder in sets.items():
        s = evaluate(model_dir, folder, beam=4, threads=1, names=False)
        out[key] = {"bleu": s.bleu, "chrf": s.chrf, "chrfpp": s.chrfpp, "sentences": s.sentences}
    return out


def _write_adapt_card(out: Path, result: AdaptResult, options: AdaptOptions) -> None:
    """The base model's card, renamed, with an ``adaptation`` section (and a README that says so)."""
    card_path = out / "card.json"
    card = json.loads(card_path.read_text(encoding="utf-8")) if card_path.is_file() else {}
    card.update(name=result.name, date=date.today().isoformat())
    card["adaptation"] = {"base": result.base, "data": result.data, "replayed_general_pairs": result.replayed,
                          "steps": result.steps, "seconds": result.seconds, "stopped": result.stopped,
                          "options": asdict(options), "before": result.before, "after": result.after}
    atomic_write_text(card_path, json.dumps(card, ensure_ascii=False, indent=2) + "\n")
    rows = ["| | before | after |", "|---|---|---|"]
    for key in result.after:
        b, a = result.before.get(key, {}), result.after[key]
        rows.append(f"| {key} (BLEU / chrF++) | {b.get('bleu')} / {b.get('chrfpp')} | {a['bleu']} / {a['chrfpp']} |")
    d = result.data
    text = (f"# {result.name}\n\n`{result.base}` adapted to the user's own translations with `translit train adapt` "
            f"on {date.today().isoformat()}: {d['train']} pairs trained on ({d['read']} read, {d['dev']} held out for dev"
            f"{', from ' + str(d['documents']) + ' document pairs' if d['documents'] else ''}; data digest {d['digest']}), "
            f"{result.replayed} general pairs replayed beside them, {result.steps} steps in {result.seconds:.0f} s "
            f"(stopped: {result.stopped}). Beam 4, no names glossary:\n\n" + "\n".join(rows) + "\n")
    atomic_write_text(out / "README.md", text)
