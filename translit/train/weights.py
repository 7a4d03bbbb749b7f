"""Saved weights to train on: a MarianMTModel folder (``weights/``) of the recipe's shape, or one
it grows into. Above both the network (:mod:`translit.train.marian`) and growing
(:mod:`translit.train.grow`), so that neither imports the other back."""

from __future__ import annotations

from translit.train.grow import grow_model, growth_problems
from translit.train.marian import SHAPE
from translit.train.recipe import ModelOptions
from translit.util.hf import quiet_transformers


def load_weights(path, opts: ModelOptions):
    """A saved MarianMTModel (``weights/``) to train on: its shape must be the recipe's, or, with
    ``[model] grow = true``, one it grows into (translit.train.grow); the recipe's dropout rates
    replace those it was trained with (a regularisation experiment that starts from the shipped
    weights changes only them)."""
    import torch
    from transformers import MarianConfig, MarianMTModel

    from translit.errors import DataError

    quiet_transformers()
    saved = MarianConfig.from_pretrained(path)
    wrong = [f"{key} {getattr(opts, key)} (the weights have {attr} {getattr(saved, attr)})"
             for key, attr in SHAPE if getattr(opts, key) != getattr(saved, attr)]
    rates = {"dropout": opts.dropout, "attention_dropout": opts.attention_dropout, "activation_dropout": opts.activation_dropout}
    if wrong and opts.grow:
        return grow_model(MarianMTModel.from_pretrained(path, dtype=torch.float32), opts)
    if wrong:
        hint = "; set [model] grow = true to grow them into it" if not growth_problems(opts, saved) else ""
        raise DataError(f"recipe [model] does not match the weights in {path}: " + ", ".join(wrong) + hint)
    return MarianMTModel.from_pretrained(path, dtype=torch.float32, **rates)
