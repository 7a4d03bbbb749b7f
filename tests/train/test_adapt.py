"""`translit train adapt`: a tiny model adapted to a user's pairs or documents, end to end:
the model folder and its card, the errors a user meets, a stopped run that resumes."""

import json
import shutil
import subprocess
import sys

import pytest

pytest.importorskip("torch")
pytest.importorskip("transformers")

from conftest import make_pairs  # noqa: E402
from translit.errors import InputError, ModelError  # noqa: E402
from translit.train.adapt import AdaptOptions, adapt  # noqa: E402

pytestmark = pytest.mark.slow
QUICK = AdaptOptions(steps=20, eval_every=10, min_pairs=20, batch_tokens=400, replay_share=0.2)


def _pairs_file(path, n=120, seed=31):
    path.write_text("".join(f"{ur}\t{en}\t0.9\n" for ur, en in make_pairs(n, seed)), encoding="utf-8")
    return path


def test_adapt_pairs_gives_a_model_of_ones_own(trained_tiny_model, tiny_corpus, tmp_path):
    from translit.models import installed_models
    from translit.translate import Translator

    events = []
    result = adapt(trained_tiny_model, "mine", pairs=_pairs_file(tmp_path / "p.tsv"), options=QUICK,
                   evalsets=tiny_corpus.parent / "evalsets", models_dir=tmp_path / "models", progress=events.append)
    assert result.steps == 20 and result.stopped == "steps" and result.base == trained_tiny_model.name
    assert result.data["read"] == 120 and result.data["train"] + result.data["dev"] + sum(result.data["dropped"].values()) == 120
    assert result.replayed > 0  # the tiny recipe's corpora are here: general pairs go in beside the user's
    assert {"user_dev", "flores200-dev"} <= set(result.before) == set(result.after)
    assert [e.kind for e in events].count("eval") == 2
    card = json.loads((tmp_path / "models" / "mine" / "card.json").read_text(encoding="utf-8"))
    assert card["name"] == "mine" and card["adaptation"]["data"]["digest"] == result.data["digest"]
    assert "make" not in json.dumps(card["adaptation"])  # counts and a digest, never the user's text
    assert "mine" in [m.name for m in installed_models(tmp_path / "models")]
    assert Translator(tmp_path / "models" / "mine", threads=1).translate("لڑکا ہے۔")
    assert card["adaptation"]["options"]["strength"] == QUICK.strength
    from safetensors.torch import load_file

    base = load_file(str(trained_tiny_model / "weights" / "model.safetensors"))
    mine = load_file(str(tmp_path / "models" / "mine" / "weights" / "model.safetensors"))
    tuned = load_file(str(tmp_path / "models" / ".mine.adapt" / "best" / "model.safetensors"))
    key = next(k for k in mine if "layers.0.fc1.weight" in k)
    expected = base[key].float() + QUICK.strength * (tuned[key].float() - base[key].float())
    assert (mine[key].float() - expected).abs().max() < 1e-2  # pulled back towards the base: float16 rounding only
    with pytest.raises(InputError, match="exists"):
        adapt(trained_tiny_model, "mine", pairs=tmp_path / "p.tsv", options=QUICK, models_dir=tmp_path / "models")


def test_adapt_documents_holds_out_whole_documents(trained_tiny_model, tiny_corpus, tmp_path):
    ur, en = tmp_path / "ur", tmp_path / "en"
    ur.mkdir(), en.mkdir()
    for k in range(6):
        pairs = make_pairs(20, 100 + k)
        (ur / f"doc{k}.txt").write_text(" ".join(u for u, _ in pairs), encoding="utf-8")
        (en / f"doc{k}.txt").write_text(" ".join(e for _, e in pairs), encoding="utf-8")
    (ur / "lonely.txt").write_text("لڑکا ہے۔", encoding="utf-8")
    result = adapt(trained_tiny_model, "docs", docs=(ur, en), options=QUICK, evalsets=tiny_corpus.parent / "evalsets",
                   models_dir=tmp_path / "models")
    assert result.data["documents"] == 6 and result.data["unpaired_documents"] == 1
    assert 0 < result.data["dev"] < result.data["train"]
    from translit.train.adapt_data import split_dev

    kept = [(f"d{k // 10}", (f"u{k}", f"e{k}")) for k in range(60)]
    train, dev = split_dev(kept, 0.25, 500, seed=1)
    dev_docs = {int(u[1:]) // 10 for u, _ in dev}
    assert len(dev) == 10 * len(dev_docs) and not dev_docs & {int(u[1:]) // 10 for u, _ in train}  # whole documents


def test_the_errors_a_user_meets(trained_tiny_model, tiny_model, tmp_path):
    good = _pairs_file(tmp_path / "p.tsv")
    swapped = tmp_path / "swapped.tsv"
    swapped.write_text("".join(f"{en}\t{ur}\n" for ur, en in make_pairs(60, 3)), encoding="utf-8")
    with pytest.raises(InputError, match="columns swapped"):
        adapt(trained_tiny_model, "x", pairs=swapped, options=QUICK, models_dir=tmp_path)
    with pytest.raises(InputError, match="adaptation needs at least 20"):
        adapt(trained_tiny_model, "x", pairs=_pairs_file(tmp_path / "few.tsv", n=5), options=QUICK, models_dir=tmp_path)
    bad = tmp_path / "bad.tsv"
    bad.write_text("لڑکا\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad.tsv:1: expected 'urdu<TAB>english\[<TAB>score\]'"):
        adapt(trained_tiny_model, "x", pairs=bad, options=QUICK, models_dir=tmp_path)
    converted = tmp_path / "converted"
    shutil.copytree(tiny_model, converted, ignore=shutil.ignore_patterns("weights"))
    with pytest.raises(ModelError, match="no weights/ folder.*converted from Hugging Face"):
        adapt(converted, "x", pairs=good, options=QUICK, models_dir=tmp_path)
    with pytest.raises(InputError, match="plain folder name"):
        adapt(trained_tiny_model, "..", pairs=good, options=QUICK, models_dir=tmp_path)
    with pytest.raises(InputError, match="either --pairs"):
        adapt(trained_tiny_model, "x", options=QUICK, models_dir=tmp_path)


def test_a_stopped_run_resumes(trained_tiny_model, tiny_corpus, tmp_path):
    pairs = _pairs_file(tmp_path / "p.tsv")
    options = AdaptOptions(steps=30, eval_every=10, min_pairs=20, batch_tokens=400, replay_share=0.0)
    run_dir = tmp_path / "run"

    def stop_after_first_eval(event):
        if event.kind == "eval":
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        adapt(trained_tiny_model, "resumed", pairs=pairs, options=options, run_dir=run_dir, models_dir=tmp_path / "models",
              evalsets=tiny_corpus.parent / "evalsets", progress=stop_after_first_eval)
    assert (run_dir / "state.pt").is_file() and not (tmp_path / "models" / "resumed").exists()
    first = [json.loads(line)["step"] for line in (run_dir / "metrics.jsonl").read_text().splitlines()]
    result = adapt(trained_tiny_model, "resumed", pairs=pairs, options=options, run_dir=run_dir, models_dir=tmp_path / "models",
                   evalsets=tiny_corpus.parent / "evalsets")
    steps = [json.loads(line)["step"] for line in (run_dir / "metrics.jsonl").read_text().splitlines()]
    assert steps[: len(first)] == first and steps == sorted(set(steps)) and len(steps) == 3  # went on, never started over
    assert result.steps == 30
    other = _pairs_file(tmp_path / "other.tsv", seed=99)
    with pytest.raises(InputError, match="another adaptation"):
        adapt(trained_tiny_model, "other", pairs=other, options=options, run_dir=run_dir, models_dir=tmp_path / "models")


def test_cli(trained_tiny_model, tiny_corpus, tmp_path):
    cmd = [sys.executable, "-m", "translit", "train", "adapt", "--model", str(trained_tiny_model), "--name", "cli",
           "--pairs", str(_pairs_file(tmp_path / "p.tsv")), "--steps", "10", "--eval-every", "10",
           "--evalsets", str(tiny_corpus.parent / "evalsets"), "--models-dir", str(tmp_path / "models"), "--json"]
    done = subprocess.run(cmd, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["steps"] == 10 and result["model"].endswith("cli")
    again = subprocess.run(cmd, capture_output=True, text=True)
    assert again.returncode == 1 and again.stderr.count("\n") == 1 and "exists" in again.stderr
