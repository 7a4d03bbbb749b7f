"""From a training checkpoint to a model folder: Hugging Face form, CTranslate2 int8, card.

A model folder holds ``model.bin`` + ``config.json`` + ``shared_vocabulary.json`` (CTranslate2),
``spm.model`` (SentencePiece), ``weights/`` (float16 safetensors + Marian config, so training
can continue from a shipped model on a fresh machine) and the card (``README.md``, ``card.json``).
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import asdict
from pathlib import Path

from translit.errors import DataError
from translit.train.tokenizer import vocabulary


def save_hf_checkpoint(model, sp_model: Path, out_dir: Path, dtype=None) -> Path:
    """Write ``model`` as a Hugging Face Marian checkpoint (safetensors) plus its SentencePiece model."""
    out_dir.mkdir(parents=True, exist_ok=True)
    if dtype is not None:
        import copy

        model = copy.deepcopy(model).to(dtype)
    model.save_pretrained(out_dir, safe_serialization=True)
    shutil.copyfile(sp_model, out_dir / "spm.model")
    tokens = vocabulary(sp_model)
    (out_dir / "vocab.json").write_text(json.dumps({t: i for i, t in enumerate(tokens)}, ensure_ascii=False))
    return out_dir


def convert_to_ctranslate2(
    hf_dir: Path, out_dir: Path, quantization: str = "int8", decoding: dict | None = None, direction: str = "ur-en"
) -> Path:
    """Convert a checkpoint written by :func:`save_hf_checkpoint` into a model folder
    (:class:`translit.convert.own.OwnCheckpointConverter`); ``decoding``: the recipe's ``[decoding]``."""
    from translit.convert.own import OwnCheckpointConverter

    return OwnCheckpointConverter(hf_dir, decoding, direction).convert(out_dir, quantization)


def average_checkpoints(paths: list[Path], model) -> None:
    """Load the element-wise mean of the safetensors checkpoints ``paths`` into ``model``."""
    import torch
    from safetensors.torch import load_file

    total: dict[str, torch.Tensor] = {}
    for path in paths:
        for key, value in load_file(str(path)).items():
            total[key] = total.get(key, 0) + value.float()
    averaged = {k: v / len(paths) for k, v in total.items()}
    model.load_state_dict(averaged, strict=False)
    if hasattr(model, "tie_weights"):
        model.tie_weights()


def load_run_state(run_dir: Path) -> dict:
    """The run's ``state.pt`` (last weights, EMA, step counts), or {} when there is none."""
    from translit.train.state import load_state

    path = Path(run_dir) / "state.pt"
    return load_state(path) if path.exists() else {}


def soup_weights(states: list[dict]) -> dict:
    """The element-wise mean of the EMA weights of runs forked from one state (a "model soup": runs
    that share their recent past sit in one basin, and their mean is often better than each)."""
    weights = [s["ema"]["weights"] for s in states if s.get("ema")]
    if len(weights) < 2:
        raise FileNotFoundError("a soup needs the EMA weights of at least two runs")
    if any(w.keys() != weights[0].keys() or any(w[k].shape != weights[0][k].shape for k in w) for w in weights[1:]):
        raise DataError("the runs of a soup must have the same architecture and vocabulary")
    return {k: sum(w[k].float() for w in weights) / len(weights) for k in weights[0]}


def _load_candidate(run_dir: Path, which: str, recipe, vocab_size: int, pad_id: int, state: dict, others: list[dict] = ()):
    from safetensors.torch import load_model

    from translit.train.marian import build_model

    model = build_model(recipe.model, vocab_size, pad_id)
    if which == "soup":
        model.load_state_dict(soup_weights([state, *others]), strict=False)
        model.tie_weights()
    elif which == "best":
        load_model(model, str(run_dir / "best" / "model.safetensors"), strict=False)
    elif which in ("last", "ema"):
        if which == "last" and "model" in state:
            model.load_state_dict(state["model"])
        elif which == "ema" and state.get("ema"):
            model.load_state_dict(state["ema"]["weights"], strict=False)
            model.tie_weights()
        else:
            raise FileNotFoundError(f"{run_dir / 'state.pt'}: no {which} weights")
    else:
        ckpts = sorted((run_dir / "checkpoints").glob("step-*.safetensors"))[-recipe.train.keep_checkpoints :]
        if not ckpts:
            raise FileNotFoundError(f"no checkpoints in {run_dir / 'checkpoints'}")
        average_checkpoints(ckpts, model)
    return model.eval()


def _scores(model_dir: Path, evalsets: Path, direction: str) -> list:
    """Beam-4 dev scores of a model folder: with its names glossary where it has one, then without."""
    from translit.train.evaluate import evaluate

    settings = [True, False] if (model_dir / "names.tsv").is_file() else [False]
    return [evaluate(model_dir, evalsets / name, beam=4, direction=direction, names=names, halves=True)
            for name in ("flores200-dev", "tico19-dev") if (evalsets / name).is_dir() for names in settings]


def add_names(model_dir: Path, names: Path, evalsets: Path) -> list:
    """Give an exported model folder a names glossary (``translit train names``'s file): copied in
    as ``names.tsv``, the model scored with and without it, the card rewritten to say so."""
    from translit.glossary import Glossary
    from translit.train.card import rescore_card
    from translit.util.files import atomic_write_text

    model_dir = Path(model_dir)
    card = json.loads((model_dir / "card.json").read_text(encoding="utf-8"))
    Glossary.load(names)  # a file the translator cannot read stops here, before the folder changes
    atomic_write_text(model_dir / "names.tsv", Path(names).read_text(encoding="utf-8"))
    direction = f"{card['languages']['source']}-{card['languages']['target']}"
    scores = _scores(model_dir, Path(evalsets), direction)
    rescore_card(model_dir, card, scores)
    return scores


def export_model(recipe, run_dir: Path, out_dir: Path, evalsets: Path, candidates=("best", "average", "last", "ema"), progress=None,
                 soup_with: list[Path] = ()):
    """Pick the best of ``candidates`` on FLORES-200 dev half A (lines 1, 3, 5, …; half B is
    never chosen on), write the model folder and its card.
    ``soup_with``: run folders forked from this run's state (the same data, another setting); the
    mean of their EMA weights and this run's is one more candidate, "soup"."""
    import torch

    from translit.train.card import write_card
    from translit.train.evaluate import evaluate
    from translit.train.tokenizer import vocabulary

    run_dir, out_dir = Path(run_dir), Path(out_dir)
    sp_model = run_dir / "spm.model"
    vocab = vocabulary(sp_model)
    flores = evalsets / "flores200-dev"
    tmp_root = out_dir.parent / f".{out_dir.name}.export"
    shutil.rmtree(tmp_root, ignore_errors=True)
    tmp_root.mkdir(parents=True)
    state = load_run_state(run_dir)  # read once: ~160 MB with optimizer moments and EMA
    others = [load_run_state(Path(other)) for other in soup_with]
    for other, other_state in zip(soup_with, others):
        if not other_state.get("ema"):
            raise DataError(f"soup: no run state in {other} (a state.pt with EMA weights)")
    if soup_with:
        candidates = (*candidates, "soup")
    chosen = None
    tried = {}
    for which in candidates:
        try:
            model = _load_candidate(run_dir, which, recipe, len(vocab), len(vocab) - 1, state, others)
        except FileNotFoundError:
            continue
        hf = save_hf_checkpoint(model, sp_model, tmp_root / f"{which}-hf")
        ct2 = convert_to_ctranslate2(hf, tmp_root / f"{which}-ct2", decoding=asdict(recipe.decoding), direction=recipe.direction)
        dev = evaluate(ct2, flores, beam=4, direction=recipe.direction, half="A")  # half A chooses; B only confirms
        tried[which] = dev.chrfpp
        if progress:
            progress(f"{which}: FLORES-200 dev half A chrF++ {dev.chrfpp}")
        if chosen is None or dev.chrfpp > chosen[1]:
            chosen = (which, dev.chrfpp, model)
    if chosen is None:
        raise FileNotFoundError(f"{run_dir}: nothing to export (no best/, checkpoints/ or state.pt)")
    which, _, model = chosen
    final = tmp_root / "final"
    weights = save_hf_checkpoint(model, sp_model, tmp_root / "weights", dtype=torch.float16)
    # conversion replaces `final` wholesale, so weights/ moves in after
    convert_to_ctranslate2(weights, final, decoding=asdict(recipe.decoding), direction=recipe.direction)
    (weights / "spm.model").unlink()
    os.replace(weights, final / "weights")
    if (run_dir / "names.tsv").is_file():  # the run's names glossary (`translit train names`) ships with it
        shutil.copyfile(run_dir / "names.tsv", final / "names.tsv")
    scores = _scores(final, evalsets, recipe.direction)
    for s in scores:  # scored in a temporary folder: name the model as it ships
        s.translit_signature["model"] = out_dir.name
    selection = {"chosen": which, "flores_dev_half_a_chrfpp": tried}
    if which == "soup":
        selection["soup_with"] = [{"run": Path(p).name, "steps": o.get("step"), "recipe": (o.get("recipe") or {}).get("name")}
                                  for p, o in zip(soup_with, others)]
    write_card(final, recipe, run_dir, scores, selection=selection, state=state, name=out_dir.name)
    shutil.rmtree(out_dir, ignore_errors=True)
    os.replace(final, out_dir)
    shutil.rmtree(tmp_root, ignore_errors=True)
    return scores
