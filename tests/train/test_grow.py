"""Growing trained weights into a larger model, and recipes that extend another recipe."""

import json

import pytest

from translit.errors import DataError
from translit.train.recipe import load_recipe


def test_recipe_extends_another_and_changes_only_what_it_sets(tmp_path):
    (tmp_path / "base.toml").write_text(
        'name = "base"\ncorpora = "c"\n[model]\nffn_dim = 512\ndropout = 0.2\n[mix.weights]\na = 1\nb = 2\n', encoding="utf-8")
    (tmp_path / "wide.toml").write_text(
        'extends = "base.toml"\nname = "wide"\n[model]\nffn_dim = 1024\n[mix.weights]\nb = 3\n', encoding="utf-8")
    wide, base = load_recipe(tmp_path / "wide.toml"), load_recipe(tmp_path / "base.toml")
    assert (wide.name, str(wide.corpora)) == ("wide", "c")
    assert (wide.model.ffn_dim, wide.model.dropout) == (1024, 0.2)  # the table merged, not replaced
    assert wide.mix.weights == {"a": 1, "b": 3}
    assert base.model.ffn_dim == 512
    (tmp_path / "loop.toml").write_text('extends = "loop2.toml"\nname = "l"\n', encoding="utf-8")
    (tmp_path / "loop2.toml").write_text('extends = "loop.toml"\nname = "l2"\n', encoding="utf-8")
    with pytest.raises(DataError, match="goes round in a circle"):
        load_recipe(tmp_path / "loop.toml")
    (tmp_path / "orphan.toml").write_text('extends = "gone.toml"\nname = "o"\n', encoding="utf-8")
    with pytest.raises(DataError, match="recipe not found: .*gone.toml"):
        load_recipe(tmp_path / "orphan.toml")


def test_grow_units_must_be_a_known_kind(tmp_path):
    (tmp_path / "r.toml").write_text('name = "r"\ncorpora = "c"\n[model]\ngrow = true\ngrow_units = "copy"\n', encoding="utf-8")
    with pytest.raises(DataError, match="grow_units must be silent or split, not 'copy'"):
        load_recipe(tmp_path / "r.toml")


def test_shipped_experiment_recipe_is_its_parent_but_wider():
    parent = load_recipe("corpora/recipes/ur-en-bt.toml")
    wide = load_recipe("corpora/recipes/ur-en-bt-ffn2048.toml")
    assert wide.model.ffn_dim == 2 * parent.model.ffn_dim and wide.model.grow and not parent.model.grow
    assert (wide.mix, wide.synthetic, wide.train, wide.init_from) == (parent.mix, parent.synthetic, parent.train, parent.init_from)
    split = load_recipe("corpora/recipes/ur-en-bt-ffn2048-split.toml")
    assert (split.model.grow_units, wide.model.grow_units) == ("split", "silent")
    assert split.model.ffn_dim == wide.model.ffn_dim and split.mix == parent.mix


@pytest.mark.slow
@pytest.mark.parametrize("units", ["silent", "split"])
def test_wider_model_computes_what_the_small_one_did(trained_tiny_model, tiny_recipe_path, units):
    import torch

    from dataclasses import replace

    from translit.train.weights import load_weights

    opts = load_recipe(tiny_recipe_path).model
    small = load_weights(trained_tiny_model / "weights", opts).eval()
    wide = load_weights(trained_tiny_model / "weights", replace(opts, ffn_dim=opts.ffn_dim * 3, grow=True, grow_units=units)).eval()
    assert wide.config.encoder_ffn_dim == wide.config.decoder_ffn_dim == opts.ffn_dim * 3
    assert sum(p.numel() for p in wide.parameters()) > sum(p.numel() for p in small.parameters())
    src = torch.randint(3, small.config.vocab_size - 1, (3, 9))
    dec = torch.randint(3, small.config.vocab_size - 1, (3, 7))
    with torch.no_grad():
        before = small(input_ids=src, decoder_input_ids=dec).logits
        after = wide(input_ids=src, decoder_input_ids=dec).logits
    assert torch.allclose(before, after, atol=1e-4)
    # the new units are live: their input weights are random, so training can move them
    assert wide.model.encoder.layers[0].fc1.weight[opts.ffn_dim:].abs().sum() > 0
    n, old_layer, new_layer = opts.ffn_dim, small.model.decoder.layers[-1], wide.model.decoder.layers[-1]
    if units == "split":  # copies of the old units, sharing their output weights in three
        assert torch.equal(new_layer.fc1.weight[2 * n:], old_layer.fc1.weight)
        assert torch.equal(new_layer.fc1.bias[n:2 * n], old_layer.fc1.bias)
        parts = new_layer.fc2.weight.reshape(-1, 3, n)
        assert torch.allclose(parts.sum(1), old_layer.fc2.weight, atol=1e-6)
        assert not torch.equal(parts[:, 0], parts[:, 1])  # noise sets the copies apart
        assert parts[:, 1].norm() > 0.25 * old_layer.fc2.weight.norm()  # at the old units' scale
    else:
        assert not new_layer.fc2.weight[:, n:].any()


@pytest.mark.slow
def test_deeper_model_repeats_each_layer_in_place(trained_tiny_model, tiny_recipe_path):
    from dataclasses import replace

    from translit.train.weights import load_weights

    opts = load_recipe(tiny_recipe_path).model
    small = load_weights(trained_tiny_model / "weights", opts)
    deep = load_weights(trained_tiny_model / "weights",
                        replace(opts, encoder_layers=opts.encoder_layers * 2, decoder_layers=opts.decoder_layers + 1, grow=True))
    assert (len(deep.model.encoder.layers), len(deep.model.decoder.layers)) == (opts.encoder_layers * 2, opts.decoder_layers + 1)
    for j, layer in enumerate(deep.model.encoder.layers):
        source = small.model.encoder.layers[j // 2]
        assert all((a == b).all() for a, b in zip(layer.state_dict().values(), source.state_dict().values()))
    assert (deep.model.shared.weight == small.model.shared.weight).all()


@pytest.mark.slow
def test_growth_refused_in_one_line_where_it_cannot_be(trained_tiny_model, tiny_recipe_path):
    from dataclasses import replace

    from translit.train.weights import load_weights

    opts = load_recipe(tiny_recipe_path).model
    with pytest.raises(DataError, match=r"ffn_dim .*; set \[model\] grow = true to grow them into it$"):
        load_weights(trained_tiny_model / "weights", replace(opts, ffn_dim=opts.ffn_dim * 2))
    with pytest.raises(DataError, match=r"cannot grow from these weights: d_model 48 .*growing keeps it"):
        load_weights(trained_tiny_model / "weights", replace(opts, d_model=48, grow=True))
    with pytest.raises(DataError, match=r"encoder_layers 0 .*growing only adds"):
        load_weights(trained_tiny_model / "weights", replace(opts, encoder_layers=0, grow=True))


@pytest.mark.slow
def test_grown_run_trains_and_exports(trained_tiny_model, tiny_recipe_path, tiny_corpus, tmp_path):
    """A run from the tiny model's weights with a wider recipe: it starts at the small model's dev
    score (the same function), keeps its step count, trains, and exports a model of the new shape."""
    from translit.train.export import export_model
    from translit.train.trainer import train
    from translit.translate import Translator

    path = tmp_path / "wide.toml"
    path.write_text(f'extends = "{tiny_recipe_path}"\nname = "tiny-wide"\n[model]\nffn_dim = 96\ngrow = true\n', encoding="utf-8")
    recipe = load_recipe(path)
    run = tmp_path / "run"
    card = json.loads((trained_tiny_model / "card.json").read_text(encoding="utf-8"))
    start = card["training"]["steps"]
    events = list(train(recipe, run, max_steps=start + 20, init_weights=trained_tiny_model / "weights"))
    assert events[-1].kind == "done" and events[-1].step == start + 20
    assert all(e.loss == e.loss for e in events if e.kind == "log")  # no NaN
    out = tmp_path / "models" / "tiny-wide"
    export_model(recipe, run, out, tiny_corpus.parent / "evalsets")
    config = json.loads((out / "weights" / "config.json").read_text(encoding="utf-8"))
    assert config["encoder_ffn_dim"] == config["decoder_ffn_dim"] == 96
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert "grown into the shape below" in readme and "FFN 96" in readme
    assert Translator(out, device="cpu").translate("پانی").strip()
