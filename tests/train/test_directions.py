"""Training the other way (an English→Urdu model for back-translation) and subword sampling."""

import json

import pytest

pytest.importorskip("torch")
pytest.importorskip("transformers")

from translit.errors import DataError, InputError  # noqa: E402
from translit.train.recipe import load_recipe, parse_recipe  # noqa: E402


def test_recipe_direction_and_sampling_checked():
    assert parse_recipe({"name": "x"}).direction == "ur-en"
    recipe = parse_recipe({"name": "x", "direction": "en-ur"})
    assert (recipe.source_lang, recipe.target_lang) == ("en", "ur")
    with pytest.raises(DataError, match="direction must be one of ur-en, en-ur"):
        parse_recipe({"name": "x", "direction": "ur-fr"})
    with pytest.raises(DataError, match="name_copy .* set it to 0 for en-ur"):
        parse_recipe({"name": "x", "direction": "en-ur", "augment": {"name_copy": 0.5}})
    with pytest.raises(DataError, match="subword_alpha must be in"):
        parse_recipe({"name": "x", "train": {"subword_alpha": 2.0}})
    assert parse_recipe({"name": "x"}).synthetic.corpora == ""  # no synthetic data unless asked
    with pytest.raises(DataError, match="tag must be one word"):
        parse_recipe({"name": "x", "synthetic": {"tag": "<b t>"}})
    with pytest.raises(DataError, match="max_share must be in"):
        parse_recipe({"name": "x", "synthetic": {"max_share": 1.5}})


def test_shipped_reverse_recipe_matches_the_forward_mix():
    forward = load_recipe("corpora/recipes/ur-en-base.toml")
    reverse = load_recipe("corpora/recipes/en-ur-base.toml")
    assert reverse.direction == "en-ur" and reverse.augment.name_copy == 0
    assert reverse.mix == forward.mix and reverse.filter == forward.filter
    # the same shape (its weights start from the forward model's); dropout is its own
    from translit.train.marian import SHAPE

    assert all(getattr(reverse.model, key) == getattr(forward.model, key) for key, _ in SHAPE)
    # a new reverse run starts from the shipped forward weights without being told
    assert reverse.init_from is not None and (reverse.init_from / "weights").is_dir()
    assert parse_recipe({"name": "x"}).init_from is None


def test_init_from_a_missing_folder_is_a_clear_error(tmp_path):
    from typer.testing import CliRunner

    from translit.cli import app

    recipe = tmp_path / "r.toml"
    recipe.write_text('name = "r"\ninit_from = "no/such/model"\ncorpora = "no/such/corpora"\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["train", "run", "--recipe", str(recipe), "--run-dir", str(tmp_path / "run")])
    assert result.exit_code != 0 and "model folder not found: no/such/model" in result.output


def test_testset_read_either_way(tiny_corpus):
    from translit.datasets import load_testset

    evalsets = tiny_corpus.parent / "evalsets"
    _, ur, en = load_testset("flores200-dev", evalsets)
    _, src, ref = load_testset("flores200-dev", evalsets, direction="en-ur")
    assert (src, ref) == (en, ur)
    with pytest.raises(InputError, match="direction must be one of"):
        load_testset("flores200-dev", evalsets, direction="en-fr")


def test_subword_sampler_draws_other_splits_of_the_same_text(tiny_run):
    import sentencepiece as spm

    from translit.train.batches import SubwordSampler, encode_pairs

    sp_model = tiny_run / "spm.model"
    pairs = encode_pairs(tiny_run / "data/train.ur", tiny_run / "data/train.en", sp_model, 60, keep_text=True)
    sampler = SubwordSampler(sp_model, alpha=0.1, max_len=60, seed=1)
    batch = list(range(100))
    draws = [sampler(pairs, batch) for _ in range(10)]
    sp = spm.SentencePieceProcessor(model_file=str(sp_model))
    for ids in draws[0]:
        assert ids[-1] == 0 and 0 < len(ids) <= 60  # ends with </s>, fits the limit
    for i, ids in zip(batch, draws[1]):
        assert sp.decode(ids[:-1].tolist()) == pairs.src_text[i]  # another split, the same text
    changed = sum(any(list(d[k]) != list(pairs.src[i]) for d in draws) for k, i in enumerate(batch))
    assert changed >= 3  # sentences got splits other than the best one (few: a 330-piece vocabulary)
    tight = SubwordSampler(sp_model, alpha=0.1, max_len=1, seed=1)  # every draw too long: best split
    assert all(a is pairs.src[i] for a, i in zip(tight(pairs, batch), batch))


def test_sampling_run_trains(tiny_recipe_path, tmp_path):
    from translit.train.trainer import train

    recipe = load_recipe(tiny_recipe_path)
    recipe.train.subword_alpha = 0.2
    recipe.train.eval_every = 1000
    events = list(train(recipe, tmp_path / "run", max_steps=150))
    losses = [e.loss for e in events if e.kind == "log"]
    assert events[-1].kind == "done" and events[-1].step == 150 and losses[-1] < losses[0]


@pytest.mark.slow
def test_reverse_model_from_forward_weights(trained_tiny_model, tiny_en_ur_run, tiny_en_ur_model):
    """An en-ur run from the Urdu→English weights: weights only (the schedule starts at step 0),
    English read, Urdu written and scored against the Urdu side, a card that says so."""
    from translit.translate import Translator

    _, run, events = tiny_en_ur_run
    assert [e.step for e in events if e.kind == "eval"] == [40, 80]  # from 0, not from the forward run's 150
    assert (run / "spm.model").read_bytes() == (trained_tiny_model / "spm.model").read_bytes()
    card = json.loads((tiny_en_ur_model / "card.json").read_text(encoding="utf-8"))
    assert card["languages"] == {"source": "en", "target": "ur"}
    readme = (tiny_en_ur_model / "README.md").read_text(encoding="utf-8")
    assert readme.startswith("# tiny-en-ur: English→Urdu translation model")
    assert [s["sentences"] for s in card["scores"]] == [30, 30]
    translator = Translator(tiny_en_ur_model, device="cpu")
    assert len(translator.glossary) == 0  # the Urdu→English names are no use here
    out_text = translator.translate("The water is cold.")
    assert sum("\u0600" <= c <= "\u06ff" for c in out_text) > len(out_text) / 3  # it writes Urdu


@pytest.mark.slow
def test_weights_loaded_with_the_recipes_dropout_and_checked_for_shape(trained_tiny_model, tiny_recipe_path):
    """A regularisation experiment from shipped weights trains with the recipe's dropout, not the
    one saved with the weights; a recipe of another shape is refused in one line."""
    from dataclasses import replace

    from translit.train.weights import load_weights

    opts = load_recipe(tiny_recipe_path).model
    model = load_weights(trained_tiny_model / "weights", replace(opts, dropout=0.35, attention_dropout=0.05))
    assert (model.config.dropout, model.config.attention_dropout) == (0.35, 0.05)
    assert model.model.encoder.layers[0].dropout == 0.35
    with pytest.raises(DataError, match=r"does not match the weights .*d_model 48 \(the weights have d_model"):
        load_weights(trained_tiny_model / "weights", replace(opts, d_model=48))
    # the decoder's shape is checked too: one setting of the recipe covers both stacks
    with pytest.raises(DataError, match=r"ffn_dim \d+ \(the weights have encoder_ffn_dim .*ffn_dim \d+ \(the weights have decoder_ffn_dim"):
        load_weights(trained_tiny_model / "weights", replace(opts, ffn_dim=opts.ffn_dim * 2))
