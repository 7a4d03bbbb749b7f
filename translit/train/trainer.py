"""The training loop: resumable, evaluated on FLORES-200 dev, streaming progress as events.

A run lives in one folder (``work/<recipe name>/`` by default, ignored by git):

    data/                 the mix (train.ur, train.en, mix.json)
    spm.model             the tokenizer
    state.pt              model + optimizer + position, rewritten atomically every few minutes
    checkpoints/          the last few evaluated weights (safetensors), averaged at export
                          (state.pt also holds a moving average of the weights when the recipe asks)
    best/                 Hugging Face checkpoint of the best dev score so far
    metrics.jsonl         one line per evaluation
    train.log             the events, as text
"""

from __future__ import annotations

import json
import math
import os
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from translit.errors import DataError
from translit.train.recipe import Recipe
from translit.train.state import load_state, save_state_file
from translit.train.schedule import REWARM_STEPS, Cooldown, WeightAverage, lr_at

__all__ = ["train", "prepare", "TrainEvent", "Cooldown", "WeightAverage", "lr_at", "REWARM_STEPS"]

STATE_EVERY_S = 300
LOG_EVERY = 50  # steps between log events


@dataclass
class TrainEvent:
    """One report of the loop: a log line every few steps, or an evaluation."""

    kind: str  # "log" | "eval" | "done"
    step: int
    epoch: int
    loss: float | None = None
    lr: float | None = None
    tokens_per_s: float | None = None
    elapsed_s: float | None = None
    dev: dict | None = None
    best: bool = False


class _StopFlag:
    """SIGTERM/SIGINT ask the loop to stop after the current step and save its state."""

    def __init__(self):
        self.raised = False
        self._old = {}
        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGTERM, signal.SIGINT):
                self._old[sig] = signal.signal(sig, self._handle)

    def _handle(self, signum, frame):
        self.raised = True

    def __bool__(self) -> bool:
        return self.raised

    def restore(self) -> None:
        for sig, handler in self._old.items():
            signal.signal(sig, handler)


def usable_cores() -> int:
    """Cores this process may run on (its CPU affinity, e.g. under ``taskset``), not all the machine's."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def cpu_has_fast_bf16() -> bool:
    """bf16 autocast only pays on CPUs with AMX or AVX512-BF16; elsewhere it is many times slower."""
    try:
        flags = Path("/proc/cpuinfo").read_text()
    except OSError:
        return False
    return "amx_bf16" in flags or "avx512_bf16" in flags


def prepare(recipe: Recipe, run_dir: Path, evalsets: Path | None = None) -> Path:
    """Build the data mix and the tokenizer unless the run folder already has them. A mix built
    from other data (the recipe's data sections or a corpus manifest changed since: a new round
    of back-translation, a new weight) is built again; the tokenizer of a run never changes."""
    from translit.train.data import MixManifest, build_mix, mix_key
    from translit.train.tokenizer import train_tokenizer

    data_dir = run_dir / "data"
    if MixManifest.key_in(data_dir / "mix.json") != mix_key(recipe):
        build_mix(recipe, data_dir, evalsets=evalsets)
    sp_model = run_dir / "spm.model"
    if not sp_model.exists():
        train_tokenizer([data_dir / "train.ur", data_dir / "train.en"], run_dir / "spm", recipe.tokenizer, recipe.seed)
    return sp_model


def _evaluate(model, sp_model: Path, dev_dir: Path, limit: int, direction: str) -> dict:
    from translit.train.evaluate import evaluate
    from translit.train.export import convert_to_ctranslate2, save_hf_checkpoint

    with tempfile.TemporaryDirectory(prefix="translit-eval-") as tmp:
        hf = save_hf_checkpoint(model, sp_model, Path(tmp) / "hf")
        ct2 = convert_to_ctranslate2(hf, Path(tmp) / "ct2", quantization="int8", direction=direction)
        return asdict(evaluate(ct2, dev_dir, limit=limit, direction=direction))


@dataclass
class Position:
    """Where a run is: step, epoch and batch, the learning-rate schedule's state, best dev score."""

    step: int = 0
    epoch: int = 0
    batch_in_epoch: int = 0
    rewarm_from: int = 0
    best: float = -1.0
    trained_s: float = 0.0
    cooldown: Cooldown | None = None
    # the model folder a run started from (``init_weights``), whether or not its recipe names it
    started_from: str = ""


def _build_model(recipe: Recipe, run_dir: Path, evalsets: Path, init_weights: Path | None, device: str):
    """The data, tokenizer and model of a run: (model, spm path, encoded pairs, pad id)."""
    from translit.train.batches import encode_pairs
    from translit.train.marian import build_model
    from translit.train.weights import load_weights
    from translit.train.tokenizer import vocabulary

    if init_weights is not None and not (run_dir / "spm.model").exists():
        shipped_spm = Path(init_weights).parent / "spm.model"
        if shipped_spm.is_file():  # keep the shipped model's vocabulary, don't train a new one
            shutil.copyfile(shipped_spm, run_dir / "spm.model")
    sp_model = prepare(recipe, run_dir, evalsets)
    vocab = vocabulary(sp_model)
    pad_id = len(vocab) - 1
    data = run_dir / "data"
    pairs = encode_pairs(data / f"train.{recipe.source_lang}", data / f"train.{recipe.target_lang}", sp_model,
                         recipe.train.max_len_tokens, keep_text=recipe.train.subword_alpha > 0)
    model = load_weights(init_weights, recipe.model) if init_weights is not None else build_model(recipe.model, len(vocab), pad_id)
    return model.to(device), sp_model, pairs, pad_id


def _resume(run_dir: Path, init_weights: Path | None, model, optimizer, device: str, direction: str) -> tuple[Position, dict | None]:
    """The run's position and EMA state: from ``state.pt`` when the run folder has one, else where
    a shipped model's card says it stopped (optimizer moments start afresh), else from zero.
    A model of the other direction lends its weights only: that run's schedule starts afresh."""
    import torch

    pos = Position()
    card_path = Path(init_weights).parent / "card.json" if init_weights is not None else None
    card = json.loads(card_path.read_text(encoding="utf-8")) if card_path is not None and card_path.is_file() else {}
    langs = card.get("languages") or {"source": "ur", "target": "en"}
    if card and f"{langs.get('source')}-{langs.get('target')}" == direction:
        training = card.get("training", {})
        pos.step, pos.epoch = int(training.get("steps") or 0), int(training.get("epochs") or 0)
        pos.trained_s = float(training.get("train_seconds") or 0)
        pos.rewarm_from = pos.step
    if init_weights is not None:
        folder = Path(init_weights)
        pos.started_from = str(folder.parent if folder.name == "weights" else folder)
    state_path = run_dir / "state.pt"
    if not state_path.exists():
        return pos, None
    state = load_state(state_path, device)
    model.load_state_dict(state["model"])
    optimizer.load_state_dict(state["optimizer"])
    pos = Position(
        state["step"], state["epoch"], state["batch_in_epoch"], state.get("rewarm_from", state.get("moments_from", 0)),
        state["best"], state.get("trained_s", 0.0), Cooldown(**state["cooldown"]) if state.get("cooldown") else None,
        state.get("started_from", ""),
    )
    return pos, state.get("ema")


def _plan_cooldown(pos: Position, cooldown_steps: int | None) -> None:
    """A finished cool-down re-warms; a new one starts here when asked; one in progress goes on."""
    if pos.cooldown is not None and pos.step >= pos.cooldown.end:
        pos.rewarm_from, pos.cooldown = pos.cooldown.end, None
    if pos.cooldown is None and cooldown_steps:
        pos.cooldown = Cooldown(pos.step, cooldown_steps)


def _save_state(path: Path, model, optimizer, pos: Position, ema, recipe: Recipe) -> None:
    state = {"model": model.state_dict(), "optimizer": optimizer.state_dict(), **asdict(pos),
             "ema": ema.state_dict() if ema is not None else None, "recipe": recipe.to_dict()}
    save_state_file(state, path)


def _checkpoint(model, sp_model: Path, dev_dir: Path, run_dir: Path, pos: Position, recipe: Recipe) -> tuple[dict, bool]:
    """Evaluate on dev, keep the last checkpoints and the best weights, append to metrics.jsonl."""
    import torch
    from safetensors.torch import save_model

    opts = recipe.train
    model.eval()
    with torch.no_grad():
        dev = _evaluate(model, sp_model, dev_dir, opts.eval_sentences, recipe.direction)
    model.train()
    improved = dev["chrfpp"] > pos.best
    ckpt_dir = run_dir / "checkpoints"
    save_model(model, str(ckpt_dir / f"step-{pos.step:07d}.safetensors"))
    for old in sorted(ckpt_dir.glob("step-*.safetensors"))[: -opts.keep_checkpoints]:
        old.unlink()
    if improved:
        pos.best = dev["chrfpp"]
        tmp_best = run_dir / ".best.tmp"
        shutil.rmtree(tmp_best, ignore_errors=True)
        model.save_pretrained(tmp_best, safe_serialization=True)
        shutil.rmtree(run_dir / "best", ignore_errors=True)
        os.replace(tmp_best, run_dir / "best")
    record = {"step": pos.step, "epoch": pos.epoch, "trained_s": round(pos.trained_s), **dev}
    with open(run_dir / "metrics.jsonl", "a", encoding="utf-8") as f:
        f.write(json.dumps(record) + "\n")
    return dev, improved


def _dev_dir(evalsets: Path) -> Path:
    dev_dir = Path(evalsets) / "flores200-dev"
    if not dev_dir.is_dir():
        raise DataError(f"FLORES-200 dev not found at {dev_dir} (needed for evaluation)")
    return dev_dir


class _Meter:
    """Loss and tokens since the last log line; the log event, which also counts the time trained."""

    def __init__(self):
        self.loss = self.target = self.tokens = 0.0
        self.start = time.time()

    def add(self, loss: float, n_target: int, n_all: int) -> None:
        self.loss += loss * n_target
        self.target += n_target
        self.tokens += n_all

    def event(self, pos: Position, lr: float) -> TrainEvent:
        dt = time.time() - self.start
        pos.trained_s += dt
        event = TrainEvent("log", pos.step, pos.epoch, loss=round(self.loss / self.target, 4), lr=lr,
                           tokens_per_s=round(self.tokens / dt), elapsed_s=pos.trained_s)
        self.__init__()
        return event


class _Step:
    """One optimizer step on a batch: forward (bf16 autocast where it pays), label-smoothed loss
    per target token, clipped backward, update, moving average."""

    def __init__(self, model, optimizer, recipe: Recipe, device: str, ema):
        import torch

        opts = recipe.train
        use_bf16 = opts.precision == "bf16" or (opts.precision == "auto" and (device == "cuda" or cpu_has_fast_bf16()))
        self.autocast = torch.autocast(device, dtype=torch.bfloat16, enabled=use_bf16)
        self.loss_fn = torch.nn.CrossEntropyLoss(ignore_index=-100, label_smoothing=opts.label_smoothing, reduction="sum")
        self.model, self.optimizer, self.ema, self.device = model, optimizer, ema, device

    def __call__(self, batch, lr: float) -> tuple[float, int, int]:
        """(loss per target token, target tokens, all tokens) of the step."""
        import torch

        src, mask, dec, labels = (t.to(self.device) for t in batch)
        for group in self.optimizer.param_groups:
            group["lr"] = lr
        with self.autocast:
            logits = self.model(input_ids=src, attention_mask=mask, decoder_input_ids=dec).logits
        n_tokens = int((labels != -100).sum())
        loss = self.loss_fn(logits.float().view(-1, logits.size(-1)), labels.view(-1)) / n_tokens
        loss.backward()
        torch.nn.utils.clip_grad_norm_(self.model.parameters(), 1.0)
        self.optimizer.step()
        self.optimizer.zero_grad(set_to_none=True)
        if self.ema is not None:
            self.ema.update()
        return loss.item(), n_tokens, n_tokens + int(mask.sum())


def train(
    recipe: Recipe,
    run_dir: Path,
    evalsets: Path | None = None,
    max_steps: int | None = None,
    init_weights: Path | None = None,
    cooldown_steps: int | None = None,
    dev_dir: Path | None = None,
) -> Iterator[TrainEvent]:
    """Train (or resume) the run in ``run_dir``; yields events as it goes.

    ``dev_dir``: the dev set the run is scored and its best weights chosen on (a folder with
    ``dev.ur.gz`` and ``dev.en.gz``; default FLORES-200 dev of ``evalsets``).

    ``init_weights`` starts a new run from a shipped model's ``weights/`` folder.
    ``cooldown_steps`` takes the learning rate linearly to zero over the next N steps and stops
    there (before an export); a cool-down in progress is resumed without asking again. Stopping
    the generator (or killing the process) loses at most a few minutes: state is saved regularly.
    """
    import torch

    # Everything the loop needs later (evaluation: export, translator, scoring) is imported now,
    # so that a run of hours never picks up code edited while it runs.
    import translit.train.evaluate  # noqa: F401
    import translit.train.export  # noqa: F401
    import translit.translate  # noqa: F401
    from translit.train.batches import SubwordSampler, collate, plan_epoch

    run_dir = Path(run_dir)
    run_dir.mkdir(parents=True, exist_ok=True)
    evalsets = evalsets if evalsets is not None else Path(recipe.corpora).parent / "evalsets"
    dev_dir = Path(dev_dir) if dev_dir is not None else _dev_dir(evalsets)
    opts = recipe.train
    torch.manual_seed(recipe.seed)
    torch.set_num_threads(usable_cores())
    device = "cuda" if torch.cuda.is_available() else "cpu"
    model, sp_model, pairs, pad_id = _build_model(recipe, run_dir, evalsets, init_weights, device)
    optimizer = torch.optim.AdamW(model.parameters(), lr=opts.lr, betas=(0.9, 0.98), eps=1e-9, weight_decay=opts.weight_decay)
    pos, ema_state = _resume(run_dir, init_weights, model, optimizer, device, recipe.direction)
    _plan_cooldown(pos, cooldown_steps)
    max_steps = min(max_steps or opts.max_steps, pos.cooldown.end if pos.cooldown else math.inf)
    ema = WeightAverage(model, opts.ema_decay, ema_state) if opts.ema_decay > 0 else None
    state_path = run_dir / "state.pt"
    step_on = _Step(model, optimizer, recipe, device, ema)
    sampler = SubwordSampler(sp_model, opts.subword_alpha, opts.max_len_tokens, recipe.seed + pos.step) if opts.subword_alpha > 0 else None
    (run_dir / "checkpoints").mkdir(exist_ok=True)
    meter = _Meter()
    last_save = time.time()
    stop = _StopFlag()
    try:
        model.train()
        while pos.step < max_steps and not stop:
            plan = plan_epoch(pairs, opts.batch_tokens, recipe.seed, pos.epoch)
            while pos.batch_in_epoch < len(plan) and pos.step < max_steps and not stop:
                lr = lr_at(pos.step + 1, opts.lr, opts.warmup_steps, pos.rewarm_from, pos.cooldown)
                batch = plan[pos.batch_in_epoch]
                meter.add(*step_on(collate(pairs, batch, pad_id, sampler(pairs, batch) if sampler else None), lr))
                pos.step += 1
                pos.batch_in_epoch += 1
                if pos.step % LOG_EVERY == 0:
                    yield meter.event(pos, lr)
                if pos.step % opts.eval_every == 0:
                    dev, improved = _checkpoint(model, sp_model, dev_dir, run_dir, pos, recipe)
                    _save_state(state_path, model, optimizer, pos, ema, recipe)
                    last_save = meter.start = time.time()
                    yield TrainEvent("eval", pos.step, pos.epoch, dev=dev, best=improved, elapsed_s=pos.trained_s)
                elif time.time() - last_save > STATE_EVERY_S:
                    _save_state(state_path, model, optimizer, pos, ema, recipe)
                    last_save = time.time()
            if pos.batch_in_epoch >= len(plan):
                pos.epoch += 1
                pos.batch_in_epoch = 0
    finally:
        stop.restore()
    _save_state(state_path, model, optimizer, pos, ema, recipe)
    yield TrainEvent("done", pos.step, pos.epoch, elapsed_s=pos.trained_s)
