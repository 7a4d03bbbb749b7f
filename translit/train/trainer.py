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

STATE_EVERY_S = 300
REWARM_STEPS = 200  # fresh optimizer moments on weights that are already trained: ramp the rate up again


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


@dataclass
class Cooldown:
    """The last ``steps`` steps of a run, from step ``start``: the learning rate falls linearly to zero.

    Weights trained at a high rate sit in a noisy spot; taking the rate down before an export
    settles them (the cool-down of a warm-up/stable/decay schedule). A run continued after a
    finished cool-down re-warms (``REWARM_STEPS``) and later cools down again.
    """

    start: int
    steps: int

    @property
    def end(self) -> int:
        return self.start + self.steps

    def factor(self, step: int) -> float:
        return min(1.0, max(0.0, (self.end - step) / self.steps))


def lr_at(step: int, peak: float, warmup: int, rewarm_from: int = 0, cooldown: Cooldown | None = None) -> float:
    """Linear warm-up, then inverse square-root decay; optionally re-warmed and cooled down.

    ``rewarm_from`` is the step from which the rate ramps up again over ``REWARM_STEPS``: where
    the optimizer's moments started afresh (a run continued from a shipped model), Adam's first
    updates are full-size whatever the gradient; after a cool-down the rate would jump from zero.
    """
    step = max(step, 1)
    rate = peak * min(step / warmup, math.sqrt(warmup / step))
    if rewarm_from:
        rate *= min(1.0, (step - rewarm_from) / REWARM_STEPS)
    if cooldown is not None:
        rate *= cooldown.factor(step)
    return rate


class WeightAverage:
    """Exponential moving average of the weights, updated after every optimizer step.

    The decay ramps up from 0 as ``(1 + n) / (10 + n)`` so that an average started on trained
    weights (a resumed run) follows them at first instead of dragging stale values along.
    """

    def __init__(self, model, decay: float, state: dict | None = None):
        import torch

        self.decay = decay
        self.names = [name for name, _ in model.named_parameters()]
        self.params = [p for _, p in model.named_parameters()]
        if state is not None and list(state["weights"]) == self.names:
            self.updates = int(state["updates"])
            self.weights = [state["weights"][n].to(p.device, torch.float32) for n, p in zip(self.names, self.params)]
        else:
            self.updates = 0
            self.weights = [p.detach().clone().float() for p in self.params]

    def update(self) -> None:
        import torch

        self.updates += 1
        d = min(self.decay, (1 + self.updates) / (10 + self.updates))
        with torch.no_grad():
            torch._foreach_lerp_(self.weights, [p.detach() for p in self.params], 1.0 - d)

    def state_dict(self) -> dict:
        return {"updates": self.updates, "weights": dict(zip(self.names, (w.cpu() for w in self.weights)))}


def prepare(recipe: Recipe, run_dir: Path, evalsets: Path | None = None) -> Path:
    """Build the data mix and the tokenizer unless the run folder already has them."""
    from translit.train.data import build_mix
    from translit.train.tokenizer import train_tokenizer

    data_dir = run_dir / "data"
    if not (data_dir / "mix.json").exists():
        build_mix(recipe, data_dir, evalsets=evalsets)
    sp_model = run_dir / "spm.model"
    if not sp_model.exists():
        train_tokenizer([data_dir / "train.ur", data_dir / "train.en"], run_dir / "spm", recipe.tokenizer, recipe.seed)
    return sp_model


def _atomic_torch_save(obj, path: Path) -> None:
    import torch

    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".state.", suffix=".tmp")
    os.close(fd)
    torch.save(obj, tmp)
    os.replace(tmp, path)


def _evaluate(model, sp_model: Path, dev_dir: Path, limit: int) -> dict:
    from translit.train.evaluate import evaluate
    from translit.train.export import convert_to_ctranslate2, save_hf_checkpoint

    with tempfile.TemporaryDirectory(prefix="translit-eval-") as tmp:
        hf = save_hf_checkpoint(model, sp_model, Path(tmp) / "hf")
        ct2 = convert_to_ctranslate2(hf, Path(tmp) / "ct2", quantization="int8")
        return asdict(evaluate(ct2, dev_dir, limit=limit))


def train(
    recipe: Recipe,
    run_dir: Path,
    evalsets: Path | None = None,
    max_steps: int | None = None,
    init_weights: Path | None = None,
    cooldown_steps: int | None = None,
) -> Iterator[TrainEvent]:
    """Train (or resume) the run in ``run_dir``; yields events as it goes.

    ``init_weights`` starts a new run from a shipped model's ``weights/`` folder.
    ``cooldown_steps`` takes the learning rate linearly to zero over the next N steps and stops
    there (before an export); a cool-down in progress is resumed without asking again. Stopping
    the generator (or killing the process) loses at most a few minutes: state is saved regularly.
    """
    import torch
    from safetensors.torch import save_model

    # Everything the loop needs later (evaluation: export, translator, scoring) is imported now,
    # so that a run of hours never picks up code edited while it runs.
    import translit.train.evaluate  # noqa: F401
    import translit.train.export  # noqa: F401
    import translit.translate  # noqa: F401
    from translit.train.batches import collate, encode_pairs, plan_epoch
    from translit.train.marian import build_model
    from translit.train.tokenizer import vocabulary

    run_dir = Path(run_dir)
    run_dir.mkdir(parents=True, exist_ok=True)
    evalsets = evalsets if evalsets is not None else Path(recipe.corpora).parent / "evalsets"
    dev_dir = evalsets / "flores200-dev"
    if not dev_dir.is_dir():
        raise DataError(f"FLORES-200 dev not found at {dev_dir} (needed for evaluation)")
    opts = recipe.train
    max_steps = max_steps or opts.max_steps
    torch.manual_seed(recipe.seed)
    torch.set_num_threads(usable_cores())
    device = "cuda" if torch.cuda.is_available() else "cpu"

    if init_weights is not None and not (run_dir / "spm.model").exists():
        shipped_spm = Path(init_weights).parent / "spm.model"
        if shipped_spm.is_file():  # keep the shipped model's vocabulary, don't train a new one
            shutil.copyfile(shipped_spm, run_dir / "spm.model")
    sp_model = prepare(recipe, run_dir, evalsets)
    vocab = vocabulary(sp_model)
    pad_id = len(vocab) - 1
    pairs = encode_pairs(run_dir / "data/train.ur", run_dir / "data/train.en", sp_model, opts.max_len_tokens)

    model = build_model(recipe.model, len(vocab), pad_id)
    if init_weights is not None:
        from transformers import MarianMTModel

        model = MarianMTModel.from_pretrained(init_weights, dtype=torch.float32)
    model.to(device)
    step = epoch = batch_in_epoch = rewarm_from = 0
    cooldown = None
    best = -1.0
    trained_s = 0.0
    card_path = Path(init_weights).parent / "card.json" if init_weights is not None else None
    if card_path is not None and card_path.is_file():
        # Continue the schedule where the shipped model stopped (optimizer moments start afresh).
        training = json.loads(card_path.read_text(encoding="utf-8")).get("training", {})
        step, epoch = int(training.get("steps") or 0), int(training.get("epochs") or 0)
        trained_s = float(training.get("train_seconds") or 0)
        rewarm_from = step
    optimizer = torch.optim.AdamW(
        model.parameters(), lr=opts.lr, betas=(0.9, 0.98), eps=1e-9, weight_decay=opts.weight_decay
    )
    state_path = run_dir / "state.pt"
    ema_state = None
    if state_path.exists():
        state = torch.load(state_path, map_location=device, weights_only=False)
        model.load_state_dict(state["model"])
        optimizer.load_state_dict(state["optimizer"])
        step, epoch, batch_in_epoch = state["step"], state["epoch"], state["batch_in_epoch"]
        best, trained_s = state["best"], state.get("trained_s", 0.0)
        rewarm_from = state.get("rewarm_from", state.get("moments_from", 0))
        cooldown = Cooldown(**state["cooldown"]) if state.get("cooldown") else None
        ema_state = state.get("ema")
    if cooldown is not None and step >= cooldown.end:  # cooled down before: climb back, then go on
        rewarm_from, cooldown = cooldown.end, None
    if cooldown is None and cooldown_steps:
        cooldown = Cooldown(step, cooldown_steps)
    if cooldown is not None:
        max_steps = min(max_steps, cooldown.end)
    ema = WeightAverage(model, opts.ema_decay, ema_state) if opts.ema_decay > 0 else None

    def save_state() -> None:
        _atomic_torch_save(
            {
                "model": model.state_dict(),
                "optimizer": optimizer.state_dict(),
                "step": step,
                "epoch": epoch,
                "batch_in_epoch": batch_in_epoch,
                "best": best,
                "trained_s": trained_s,
                "rewarm_from": rewarm_from,
                "cooldown": asdict(cooldown) if cooldown is not None else None,
                "ema": ema.state_dict() if ema is not None else None,
                "recipe": recipe.to_dict(),
            },
            state_path,
        )

    use_bf16 = opts.precision == "bf16" or (opts.precision == "auto" and (device == "cuda" or cpu_has_fast_bf16()))
    autocast = torch.autocast(device, dtype=torch.bfloat16, enabled=use_bf16)
    loss_fn = torch.nn.CrossEntropyLoss(ignore_index=-100, label_smoothing=opts.label_smoothing, reduction="sum")
    ckpt_dir = run_dir / "checkpoints"
    ckpt_dir.mkdir(exist_ok=True)
    log_loss = log_tokens = log_target = 0.0
    log_start = last_save = time.time()
    stop = _StopFlag()
    try:
        model.train()
        while step < max_steps and not stop:
            plan = plan_epoch(pairs, opts.batch_tokens, recipe.seed, epoch)
            while batch_in_epoch < len(plan) and step < max_steps and not stop:
                src, mask, dec, labels = (t.to(device) for t in collate(pairs, plan[batch_in_epoch], pad_id))
                for group in optimizer.param_groups:
                    group["lr"] = lr_at(step + 1, opts.lr, opts.warmup_steps, rewarm_from, cooldown)
                with autocast:
                    logits = model(input_ids=src, attention_mask=mask, decoder_input_ids=dec).logits
                n_tokens = int((labels != -100).sum())
                loss = loss_fn(logits.float().view(-1, logits.size(-1)), labels.view(-1)) / n_tokens
                loss.backward()
                torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
                optimizer.step()
                optimizer.zero_grad(set_to_none=True)
                if ema is not None:
                    ema.update()
                step += 1
                batch_in_epoch += 1
                log_loss += loss.item() * n_tokens
                log_target += n_tokens
                log_tokens += n_tokens + int(mask.sum())
                now = time.time()
                if step % 50 == 0:
                    dt = now - log_start
                    trained_s += dt
                    yield TrainEvent("log", step, epoch, loss=round(log_loss / log_target, 4),
                                     lr=optimizer.param_groups[0]["lr"], tokens_per_s=round(log_tokens / dt), elapsed_s=trained_s)
                    log_loss = log_tokens = log_target = 0.0
                    log_start = time.time()
                if step % opts.eval_every == 0:
                    model.eval()
                    with torch.no_grad():
                        dev = _evaluate(model, sp_model, dev_dir, opts.eval_sentences)
                    model.train()
                    improved = dev["chrfpp"] > best
                    save_model(model, str(ckpt_dir / f"step-{step:07d}.safetensors"))
                    for old in sorted(ckpt_dir.glob("step-*.safetensors"))[: -opts.keep_checkpoints]:
                        old.unlink()
                    if improved:
                        best = dev["chrfpp"]
                        tmp_best = run_dir / ".best.tmp"
                        shutil.rmtree(tmp_best, ignore_errors=True)
                        model.save_pretrained(tmp_best, safe_serialization=True)
                        shutil.rmtree(run_dir / "best", ignore_errors=True)
                        os.replace(tmp_best, run_dir / "best")
                    record = {"step": step, "epoch": epoch, "trained_s": round(trained_s), **dev}
                    with open(run_dir / "metrics.jsonl", "a", encoding="utf-8") as f:
                        f.write(json.dumps(record) + "\n")
                    save_state()
                    last_save = time.time()
                    log_start = time.time()
                    yield TrainEvent("eval", step, epoch, dev=dev, best=improved, elapsed_s=trained_s)
                elif now - last_save > STATE_EVERY_S:
                    save_state()
                    last_save = time.time()
            if batch_in_epoch >= len(plan):
                epoch += 1
                batch_in_epoch = 0
    finally:
        stop.restore()
    save_state()
    yield TrainEvent("done", step, epoch, elapsed_s=trained_s)
