"""Growing trained weights into a larger model: wider feed-forward layers, deeper stacks.

A run that starts from a smaller model's weights (``[model] grow = true`` in its recipe) keeps
everything the small model learnt and only adds room to learn more:

* **wider feed-forward layers** (``ffn_dim`` up), either way the grown model computes exactly
  what the small one did (``[model] grow_units``):

  - ``silent``: the old units keep their weights; each new unit gets the fresh model's random
    input weights and an output weight of zero, so it adds nothing until training moves it (at a
    late schedule's learning rate it moves slowly: session 17 measured output weights 20× smaller
    than the old units' after 1 200 steps);
  - ``split`` (Net2Wider, Chen et al. 2016): new unit i is a copy of old unit ``i mod old``; a unit
    and its copies share its output weights (each takes 1/k of them, plus noise that sums to zero
    within the group, so their gradients differ and they drift apart), so every unit starts at the
    old units' scale.
* **more layers** (``encoder_layers`` / ``decoder_layers`` up): layer j of the grown stack is a
  copy of layer ``j * old // new`` of the old one (each old layer repeated in place, as
  progressive stacking does). A post-norm layer cannot be made to pass its input through
  unchanged, so this does change the output; training recovers it.

Width of the model itself (``d_model``), heads, vocabulary and positions must stay the same.
"""

from __future__ import annotations

import re

from translit.errors import DataError
from translit.train.marian import SHAPE, build_model
from translit.train.recipe import ModelOptions

# the recipe's shape settings that growing may raise
GROWABLE = {"ffn_dim", "encoder_layers", "decoder_layers"}
_LAYER = re.compile(r"^model\.(encoder|decoder)\.layers\.(\d+)\.(.+)$")


def growth_problems(opts: ModelOptions, saved) -> list[str]:
    """Why weights with config ``saved`` cannot grow into ``opts`` (empty: they can): of the
    shape settings (translit.train.marian.SHAPE), the growable ones may only go up, the rest must stay."""
    problems = []
    for key, attr in SHAPE:
        want, have = getattr(opts, key), getattr(saved, attr)
        growable = key in GROWABLE
        if (want < have) if growable else (want != have):
            why = "growing only adds" if growable else "growing keeps it"
            problems.append(f"{key} {want} (the weights have {attr} {have}; {why})")
    return problems


def _split_units(old, fresh, key: str, noise: float, generator):
    """A wider feed-forward weight whose new units copy old ones (unit i copies ``i mod n``):
    input weights and biases copied; each group's output weights shared out, with noise that sums
    to zero within the group."""
    import torch

    axis = 1 if key.endswith("fc2.weight") else 0  # the units: fc2's columns, fc1's rows
    source = torch.arange(fresh.shape[axis]) % old.shape[axis]
    if axis == 0:
        return old[source].clone()
    copies = torch.bincount(source, minlength=old.shape[1]).to(old.dtype)  # group sizes, the old unit included
    shared = old[:, source] / copies[source]
    jitter = torch.randn(shared.shape, generator=generator, dtype=old.dtype) * noise * shared
    group_mean = torch.zeros_like(old).index_add_(1, source, jitter) / copies
    return shared + jitter - group_mean[:, source]


def grow_state(small: dict, big: dict, small_layers: dict[str, int], big_layers: dict[str, int],
               units: str = "silent", noise: float = 0.1, seed: int = 1) -> dict:
    """The grown model's state dict: ``big`` (a freshly initialised model of the larger shape)
    filled in from ``small``. ``*_layers`` give each stack's depth ({"encoder": 6, "decoder": 3});
    ``units`` how new feed-forward units start ("silent" or "split", the module's docstring);
    ``noise`` the relative spread of split output weights."""
    import torch

    generator = torch.Generator().manual_seed(seed)
    grown = {}
    for key, fresh in big.items():
        source_key = key
        match = _LAYER.match(key)
        if match:
            stack, j, rest = match.group(1), int(match.group(2)), match.group(3)
            source_key = f"model.{stack}.layers.{j * small_layers[stack] // big_layers[stack]}.{rest}"
        old = small[source_key]
        if old.shape == fresh.shape:
            grown[key] = old.clone()
        elif units == "split" and key.endswith(("fc1.weight", "fc1.bias", "fc2.weight")):
            grown[key] = _split_units(old, fresh, key, noise, generator)
        elif key.endswith("fc1.weight") or key.endswith("fc1.bias"):  # [ffn, d], [ffn]: new units below
            value = fresh.clone() if key.endswith("weight") else fresh.new_zeros(fresh.shape)
            value[: old.shape[0]] = old
            grown[key] = value
        elif key.endswith("fc2.weight"):  # [d, ffn]: the new units' outputs start at zero
            value = fresh.new_zeros(fresh.shape)
            value[:, : old.shape[1]] = old
            grown[key] = value
        else:
            raise DataError(f"cannot grow weight {key}: {tuple(old.shape)} → {tuple(fresh.shape)}")
    return grown


def grow_model(small, opts: ModelOptions):
    """A MarianMTModel of the recipe's shape holding what ``small`` (a trained MarianMTModel of a
    smaller or equal shape) learnt; the recipe's dropout rates."""
    saved = small.config
    problems = growth_problems(opts, saved)
    if problems:
        raise DataError("recipe [model] cannot grow from these weights: " + ", ".join(problems))
    big = build_model(opts, saved.vocab_size, saved.pad_token_id)
    state = grow_state(small.state_dict(), big.state_dict(),
                       {"encoder": saved.encoder_layers, "decoder": saved.decoder_layers},
                       {"encoder": opts.encoder_layers, "decoder": opts.decoder_layers}, opts.grow_units)
    big.load_state_dict(state)
    return big
