"""The training pipeline end to end on a tiny synthetic corpus, and its error cases."""

import gzip
import json
import os
import shutil

import pytest

pytest.importorskip("torch")
pytest.importorskip("transformers")

from translit.errors import DataError  # noqa: E402
from translit.train.data import build_mix, mix_key, pair_problem  # noqa: E402
from translit.train.recipe import FilterOptions, load_recipe, parse_recipe  # noqa: E402


def test_recipe_defaults_and_errors(tmp_path):
    recipe = parse_recipe({"name": "x", "model": {"d_model": 64}})
    assert recipe.model.d_model == 64 and recipe.train.lr > 0
    with pytest.raises(DataError, match="unknown keys"):
        parse_recipe({"name": "x", "model": {"dmodel": 64}})
    with pytest.raises(DataError, match="'name' is required"):
        parse_recipe({})
    bad = tmp_path / "bad.toml"
    bad.write_text("name = [", encoding="utf-8")
    with pytest.raises(DataError, match="not a valid TOML"):
        load_recipe(bad)
    with pytest.raises(DataError, match="recipe not found"):
        load_recipe(tmp_path / "missing.toml")


def test_shipped_recipe_parses():
    recipe = load_recipe("corpora/recipes/ur-en-base.toml")
    assert recipe.name == "ur-en-base"
    assert recipe.mix.weights["hadith"] == 0


@pytest.mark.parametrize(
    "ur,en,problem",
    [
        ("", "x", "empty"),
        ("یہ ایک کتاب ہے", "This is a book", None),
        ("یہ", "This is a very long sentence that does not match", "length ratio"),
        ("This is English", "This is English!", "not Urdu"),
        ("%s فائلیں", "files", "placeholders"),
        ("2020 میں", "in 2021", "numbers"),
        ("کتاب", "کتاب", "copy"),
    ],
)
def test_pair_filter(ur, en, problem):
    assert pair_problem(ur, en, FilterOptions()) == problem


def test_mix_manifest_and_dev_exclusion(tiny_recipe_path, tiny_corpus, tmp_path):
    recipe = load_recipe(tiny_recipe_path)
    manifest = build_mix(recipe, tmp_path)
    ur = (tmp_path / "train.ur").read_text(encoding="utf-8").splitlines()
    en = (tmp_path / "train.en").read_text(encoding="utf-8").splitlines()
    assert len(ur) == len(en) == manifest.pairs > 0
    with gzip.open(tiny_corpus.parent / "evalsets/flores200-dev/dev.ur.gz", "rt", encoding="utf-8") as f:
        dev = set(f.read().splitlines())
    assert not dev & set(ur)
    saved = json.loads((tmp_path / "mix.json").read_text())
    by_name = {s["name"]: s for s in saved["sources"]}
    assert by_name["toy_general"]["license"] == "CC0"
    assert by_name["toy_general"]["dropped"].get("dev set", 0) > 0
    dictionary_share = by_name["toy_dict"]["in_mix"] / saved["pairs"]
    assert dictionary_share <= 0.2 + 1e-9


def test_a_resumed_run_rebuilds_its_mix_when_the_data_changed(tiny_recipe_path, tiny_corpus, tmp_path):
    from translit.train.trainer import prepare

    recipe = load_recipe(tiny_recipe_path)
    run = tmp_path / "run"
    spm = prepare(recipe, run, tiny_corpus.parent / "evalsets")
    mix, vocabulary = run / "data" / "mix.json", spm.read_bytes()
    first = json.loads(mix.read_text())
    prepare(recipe, run, tiny_corpus.parent / "evalsets")
    assert json.loads(mix.read_text()) == first and first["key"]  # same data: kept as built
    recipe.mix.weights["toy_general"] = 0.5
    prepare(recipe, run, tiny_corpus.parent / "evalsets")
    second = json.loads(mix.read_text())
    assert second["key"] != first["key"] and second["pairs"] < first["pairs"]
    assert len((run / "data" / "train.ur").read_text(encoding="utf-8").splitlines()) == second["pairs"]
    assert spm.read_bytes() == vocabulary  # the run's vocabulary stays
    extra = tiny_corpus.parent / "corpora-plus"
    shutil.copytree(tiny_corpus, extra)
    with (extra / "MANIFEST.tsv").open("a", encoding="utf-8") as f:
        f.write("toy_more\tsentences\t10\tgeneral: more\tCC0\n")  # a source added to the folder
    recipe.corpora = extra
    recipe.mix.weights["toy_general"] = 1  # back to the first weights, but the manifest changed
    assert mix_key(recipe) != first["key"]
    moved = tmp_path / "moved"
    shutil.copytree(tiny_corpus, moved)
    recipe.corpora = moved  # the same data in another folder: the same mix
    assert mix_key(recipe) == first["key"]


def test_missing_corpus_folder(tiny_recipe_path, tmp_path):
    recipe = load_recipe(tiny_recipe_path)
    recipe.corpora = tmp_path / "nowhere"
    with pytest.raises(DataError, match="corpus folder not found"):
        build_mix(recipe, tmp_path / "out")


def test_unequal_line_counts(tiny_corpus, tiny_recipe_path, tmp_path):
    broken = tmp_path / "corpora"
    shutil.copytree(tiny_corpus, broken)
    with gzip.open(broken / "toy_dict/toy_dict.en.gz", "at", encoding="utf-8") as f:
        f.write("extra line\n")
    recipe = load_recipe(tiny_recipe_path)
    recipe.corpora = broken
    with pytest.raises(DataError, match="unequal line counts"):
        build_mix(recipe, tmp_path / "out")


def test_cli_unwritable_output(tiny_recipe_path, tmp_path):
    from typer.testing import CliRunner

    from translit.cli import app

    if os.geteuid() == 0:
        target = "/proc/translit-cannot-write"
    else:
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        target = str(locked / "run")
    result = CliRunner().invoke(app, ["train", "data", "--recipe", str(tiny_recipe_path), "--run-dir", target])
    assert result.exit_code != 0
    assert "cannot write to" in result.stderr
    assert "Traceback" not in result.output


def test_cli_missing_corpus(tiny_recipe_path, tmp_path):
    from typer.testing import CliRunner

    from translit.cli import app

    result = CliRunner().invoke(
        app, ["train", "data", "--recipe", str(tiny_recipe_path), "--run-dir", str(tmp_path / "r"), "--corpora", str(tmp_path / "none")]
    )
    assert result.exit_code != 0 and "corpus folder not found" in result.stderr


def test_end_to_end_model_folder(trained_tiny_model):
    import ctranslate2

    names = {p.name for p in trained_tiny_model.iterdir()}
    assert {"model.bin", "config.json", "shared_vocabulary.json", "spm.model", "card.json", "README.md", "weights"} <= names
    assert (trained_tiny_model / "weights/model.safetensors").is_file()
    assert not list(trained_tiny_model.glob("weights/*.bin")) and not list(trained_tiny_model.glob("weights/*.pt"))  # no pickles
    translator = ctranslate2.Translator(str(trained_tiny_model), compute_type="int8")
    out = translator.translate_batch([["▁", "</s>"]], max_decoding_length=5)
    assert out[0].hypotheses


def test_card_contents(trained_tiny_model):
    card = json.loads((trained_tiny_model / "card.json").read_text())
    assert card["architecture"]["d_model"] == 32
    assert card["training"]["steps"] == 150
    assert {s["testset"] for s in card["scores"]} == {"flores200-dev", "tico19-dev"}
    for s in card["scores"]:
        assert {"bleu", "chrf", "chrfpp"} <= set(s) and "nrefs:1" in s["signatures"]["chrfpp"]
        ours = s["translit_signature"]
        assert ours["model"] == card["name"] and ours["beam"] == 4 and len(ours["model_hash"]) == 12
        assert ours["no_repeat_ngram_size"] == 3  # scored with the settings the card recommends
    assert card["decoding"] == {"length_penalty": 1.0, "repetition_penalty": 1.0, "no_repeat_ngram_size": 3, "clause_split_tokens": 0}
    assert set(card["training"]["selection"]["flores_dev_half_a_chrfpp"]) == {"best", "average", "last", "ema"}
    assert all(set(s["halves"]) == {"A", "B"} for s in card["scores"])  # every score also on both fixed halves
    assert {s["name"]: s["license"] for s in card["data"]["sources"]}["toy_general"] == "CC0"
    readme = (trained_tiny_model / "README.md").read_text()
    assert "chrF++" in readme and "CC0" in readme and "model_hash:" in readme
    assert card["training"]["cooldown"] is None and "Cool-down" not in readme


def test_card_names_the_cooldown(trained_tiny_model):
    from translit.train.card import render_readme

    card = json.loads((trained_tiny_model / "card.json").read_text())
    card["training"]["cooldown"] = {"start": 100, "steps": 50}
    assert "from step 100 to step 150 (`translit train run --cooldown-steps 50`)" in render_readme(card)
    assert "stopped" not in render_readme(card)
    card["training"]["steps"] = 140  # a run stopped before its cool-down's end says so
    assert "the run stopped at step 140, before the end, the rate at 20% of where it started" in render_readme(card)


def test_a_model_is_named_after_its_folder_not_its_recipe(trained_tiny_model):
    from translit.train.card import render_readme

    card = json.loads((trained_tiny_model / "card.json").read_text())
    assert card["name"] == trained_tiny_model.name and card["training"]["recipe"]["name"] == "tiny"
    card["name"] = "tiny-shipped"  # what an export with --out models/tiny-shipped writes
    readme = render_readme(card)
    assert readme.startswith("# tiny-shipped:") and "Recipe: `corpora/recipes/tiny.toml`." in readme
    assert "--recipe corpora/recipes/tiny.toml --init-from models/tiny-shipped" in readme
    assert "translit train export --recipe corpora/recipes/tiny.toml --out models/tiny-shipped" in readme


def test_resume_after_interruption(tiny_recipe_path, tmp_path):
    from translit.train.trainer import train

    recipe = load_recipe(tiny_recipe_path)
    recipe.train.eval_every = 20
    run = tmp_path / "run"
    first = train(recipe, run, max_steps=40)
    for event in first:
        if event.kind == "eval" and event.step == 20:
            break  # the process "dies" here, after the state saved at step 20
    first.close()
    events = list(train(recipe, run, max_steps=40))
    evals = [e.step for e in events if e.kind == "eval"]
    assert evals == [40]  # resumed from 20, not from 0
    assert events[-1].kind == "done" and events[-1].step == 40
    import torch

    state = torch.load(run / "state.pt", weights_only=True)
    assert state["ema"]["updates"] == 40  # the moving average resumed with the run


def test_weight_average_follows_then_smooths():
    import torch

    from translit.train.trainer import WeightAverage

    layer = torch.nn.Linear(2, 1, bias=False)
    with torch.no_grad():
        layer.weight.fill_(1.0)
    ema = WeightAverage(layer, decay=0.5)
    with torch.no_grad():
        layer.weight.fill_(12.0)
    ema.update()  # first update: decay ramps to 2/11, so the average moves most of the way
    assert torch.allclose(ema.weights[0], torch.full((1, 2), 1.0 * 2 / 11 + 12.0 * 9 / 11))
    for _ in range(50):
        ema.update()
    assert ema.decay == 0.5 and torch.allclose(ema.weights[0], torch.full((1, 2), 12.0), atol=1e-4)
    restored = WeightAverage(layer, 0.5, ema.state_dict())
    assert restored.updates == 51 and torch.equal(restored.weights[0], ema.weights[0])


def test_learning_rate_rewarms_when_moments_start_afresh():
    from translit.train.trainer import REWARM_STEPS, lr_at

    plain = lr_at(7801, 7e-4, 800)
    assert lr_at(7801, 7e-4, 800, rewarm_from=7800) == pytest.approx(plain / REWARM_STEPS)
    assert lr_at(7800 + REWARM_STEPS, 7e-4, 800, rewarm_from=7800) == pytest.approx(lr_at(7800 + REWARM_STEPS, 7e-4, 800))


def test_learning_rate_cools_down_linearly_to_zero():
    from translit.train.trainer import Cooldown, lr_at

    cool = Cooldown(start=1000, steps=400)
    assert lr_at(1000, 7e-4, 800, cooldown=cool) == pytest.approx(lr_at(1000, 7e-4, 800))
    assert lr_at(1200, 7e-4, 800, cooldown=cool) == pytest.approx(lr_at(1200, 7e-4, 800) / 2)
    assert lr_at(1400, 7e-4, 800, cooldown=cool) == 0.0


def test_cooldown_stops_the_run_and_the_next_run_rewarms(tiny_recipe_path, tmp_path):
    import torch

    from translit.train.trainer import REWARM_STEPS, train

    recipe = load_recipe(tiny_recipe_path)
    recipe.train.eval_every = 1000
    run = tmp_path / "run"
    list(train(recipe, run, max_steps=50))
    events = list(train(recipe, run, max_steps=1000, cooldown_steps=50))
    assert events[-1].kind == "done" and events[-1].step == 100  # stops where the rate reaches zero
    logged = [e.lr for e in events if e.kind == "log"]
    assert logged[-1] == 0.0
    state = torch.load(run / "state.pt", weights_only=True)
    assert state["cooldown"] == {"start": 50, "steps": 50}
    events = list(train(recipe, run, max_steps=150))  # continued: climbs back from zero
    assert events[-1].step == 150
    state = torch.load(run / "state.pt", weights_only=True)
    assert state["cooldown"] is None and state["rewarm_from"] == 100
    assert 0 < [e.lr for e in events if e.kind == "log"][-1] < recipe.train.lr * 50 / REWARM_STEPS + 1e-12


def test_continue_from_exported_weights(trained_tiny_model, tiny_recipe_path, tmp_path):
    from translit.train.trainer import train

    recipe = load_recipe(tiny_recipe_path)
    recipe.train.eval_every = 1000
    events = list(train(recipe, tmp_path / "run2", max_steps=155, init_weights=trained_tiny_model / "weights"))
    assert events[-1].kind == "done" and events[-1].step == 155  # the schedule goes on from step 150
    assert (tmp_path / "run2/spm.model").read_bytes() == (trained_tiny_model / "spm.model").read_bytes()


def test_sigterm_stops_cleanly(tiny_recipe_path, tmp_path):
    import signal

    from translit.train.trainer import train

    recipe = load_recipe(tiny_recipe_path)
    recipe.train.eval_every = 10
    events = []
    for event in train(recipe, tmp_path / "run", max_steps=1000):
        events.append(event)
        if event.kind == "eval":
            os.kill(os.getpid(), signal.SIGTERM)  # as `kill <pid>` would
    assert events[-1].kind == "done" and events[-1].step < 1000
    assert (tmp_path / "run/state.pt").exists()
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL  # handler handed back


def test_ctranslate2_decodes_like_the_trained_model(trained_tiny_model, tmp_path):
    """The converted model starts decoding from <pad>, as training did: same greedy output as transformers."""
    import ctranslate2
    import sentencepiece as spm
    import torch
    from transformers import MarianMTModel

    from translit.train.export import convert_to_ctranslate2, save_hf_checkpoint

    hf_model = MarianMTModel.from_pretrained(trained_tiny_model / "weights", dtype=torch.float32).eval()
    hf_dir = save_hf_checkpoint(hf_model, trained_tiny_model / "spm.model", tmp_path / "hf")
    ct2_dir = convert_to_ctranslate2(hf_dir, tmp_path / "ct2", quantization="float32")
    assert json.loads((ct2_dir / "config.json").read_text())["decoder_start_token"] == "<pad>"
    sp = spm.SentencePieceProcessor(model_file=str(trained_tiny_model / "spm.model"))
    ct2 = ctranslate2.Translator(str(ct2_dir), compute_type="float32")
    for ur in ["لڑکا کتاب ہے۔", "بلی دریا اور گھر ہے۔"]:
        ids = sp.encode(ur) + [0]
        hf_out = hf_model.generate(torch.tensor([ids]), num_beams=1, do_sample=False, max_new_tokens=20, forced_eos_token_id=None)[0].tolist()
        hf_pieces = [sp.id_to_piece(i) for i in hf_out if i not in (0, hf_model.config.pad_token_id)]
        ct2_pieces = ct2.translate_batch([sp.encode(ur, out_type=str) + ["</s>"]], beam_size=1, max_decoding_length=20)[0].hypotheses[0]
        assert ct2_pieces == hf_pieces


def test_export_a_soup_of_forked_runs(tiny_run, tiny_recipe_path, tiny_corpus, tmp_path):
    """A run forked from the tiny run's state, trained on with no dropout: the mean of the two runs'
    EMA weights exports as the "soup" candidate, and the card says which runs went in."""
    import torch
    from typer.testing import CliRunner

    from translit.cli import app
    from translit.train.export import export_model, load_run_state, soup_weights
    from translit.train.trainer import train

    fork = tmp_path / "fork"
    shutil.copytree(tiny_run, fork)
    recipe = load_recipe(tiny_recipe_path)
    recipe.model.dropout = 0.0
    recipe.train.eval_every = 1000
    assert list(train(recipe, fork, max_steps=160))[-1].step == 160
    a, b = load_run_state(tiny_run), load_run_state(fork)
    soup = soup_weights([a, b])
    key = next(k for k, v in a["ema"]["weights"].items() if v.dtype.is_floating_point and v.numel() > 1)
    assert torch.allclose(soup[key], (a["ema"]["weights"][key] + b["ema"]["weights"][key]) / 2)
    assert not torch.equal(a["ema"]["weights"][key], b["ema"]["weights"][key])

    out = tmp_path / "models/tiny-soup"
    export_model(load_recipe(tiny_recipe_path), tiny_run, out, tiny_corpus.parent / "evalsets", candidates=(), soup_with=[fork])
    card = json.loads((out / "card.json").read_text())
    assert card["training"]["selection"]["chosen"] == "soup"
    assert card["training"]["selection"]["soup_with"] == [{"run": "fork", "steps": 160, "recipe": "tiny"}]
    assert "Soup: the mean of this run's EMA weights and those of run `fork`" in (out / "README.md").read_text()

    result = CliRunner().invoke(app, ["train", "export", "--recipe", str(tiny_recipe_path), "--run-dir", str(tiny_run),
                                      "--out", str(tmp_path / "models/x"), "--soup-with", str(tmp_path / "nowhere")])
    assert result.exit_code != 0 and "no run state in" in result.stderr and "Traceback" not in result.output


def test_a_crafted_state_is_refused_not_run(tmp_path):
    """A state.pt that asks to run code on load (resuming a run, ``export --soup-with``) is
    refused in one line; the code never runs."""
    import pickle

    from translit.errors import DataError
    from translit.train.export import load_run_state

    marker = tmp_path / "pwned"

    class Payload:
        def __reduce__(self):
            import os

            return (os.system, (f"touch {marker}",))

    run = tmp_path / "run"
    run.mkdir()
    (run / "state.pt").write_bytes(pickle.dumps({"step": 1, "model": Payload()}))
    with pytest.raises(DataError, match="not a translit run state"):
        load_run_state(run)
    assert not marker.exists()
