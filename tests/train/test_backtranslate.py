"""Back-translation of a monolingual English folder with a tiny English→Urdu model, in shards."""

import gzip
import json
import subprocess
import sys

import pytest

pytest.importorskip("torch")
pytest.importorskip("transformers")

from translit.datasets import read_manifest, read_pairs  # noqa: E402
from translit.errors import DataError  # noqa: E402
from translit.train.backtranslate import BacktranslateOptions, backtranslate, planned_sentences  # noqa: E402
from translit.translate.options import EngineOptions  # noqa: E402

ONE_THREAD = EngineOptions(device="cpu", threads=1)


def _english(mono, name):
    with gzip.open(mono / name / f"{name}.en.gz", "rt", encoding="utf-8") as f:
        return f.read().splitlines()


def _corpus(out):
    return {s.name: list(read_pairs(s)) for s in read_manifest(out)}


def test_a_corpus_in_the_corpora_layout(tiny_en_ur_model, tiny_mono, tmp_path):
    out = tmp_path / "bt"
    options = BacktranslateOptions(shard_sentences=5)
    events = list(backtranslate(tiny_mono, tiny_en_ur_model, out, options, ONE_THREAD))
    assert [e.sentences for e in events if e.source == "toy_news"] == [5, 5, 5, 5, 3]
    assert [e.source for e in events if e.assembled] == ["toy_news", "toy_speech"]
    assert sum(e.sentences for e in events) == planned_sentences(tiny_mono, options) == 32
    sources = {s.name: s for s in read_manifest(out)}  # what a recipe's synthetic section reads
    assert sources["toy_news"].domain == "synthetic (back-translated): news: toy"
    assert sources["toy_speech"].license == "public domain"
    pairs = _corpus(out)
    for name in ("toy_news", "toy_speech"):
        assert [en for _, en in pairs[name]] == _english(tiny_mono, name)  # the English as it came
        assert all(sum("\u0600" <= c <= "\u06ff" for c in ur) > 0 for ur, _ in pairs[name])
        assert sources[name].pairs == len(pairs[name])
    source_md = (out / "toy_news" / "SOURCE.md").read_text(encoding="utf-8")
    assert "tiny-en-ur" in source_md and "licence: inherited from the English source: research use only" in source_md
    assert not (out / ".shards" / "toy_news").exists()  # shards removed once assembled


def test_resumes_from_the_first_missing_shard(tiny_en_ur_model, tiny_mono, tmp_path):
    options = BacktranslateOptions(shard_sentences=4, sources=["toy_news"])
    whole = tmp_path / "whole"
    list(backtranslate(tiny_mono, tiny_en_ur_model, whole, options, ONE_THREAD))
    out = tmp_path / "resumed"
    run = backtranslate(tiny_mono, tiny_en_ur_model, out, options, ONE_THREAD)
    first = [next(run), next(run)]
    run.close()  # stopped after two shards, as a killed run would be
    assert [e.cached for e in first] == [False, False]
    assert sorted(p.name for p in (out / ".shards" / "toy_news").iterdir()) == ["00000.jsonl", "00001.jsonl"]
    events = list(backtranslate(tiny_mono, tiny_en_ur_model, out, options, ONE_THREAD))
    assert [e.cached for e in events] == [True, True, False, False, False, False]
    assert _corpus(out) == _corpus(whole)
    assert list(backtranslate(tiny_mono, tiny_en_ur_model, out, options, ONE_THREAD)) == []  # done: nothing to do


def test_sampling_and_limit(tiny_en_ur_model, tiny_mono, tmp_path):
    options = BacktranslateOptions(method="sample", sampling_topk=5, limit=6, sources=["toy_speech"])
    list(backtranslate(tiny_mono, tiny_en_ur_model, tmp_path / "bt", options, ONE_THREAD))
    pairs = _corpus(tmp_path / "bt")["toy_speech"]
    assert [en for _, en in pairs] == _english(tiny_mono, "toy_speech")[:6]
    assert "method sample, top-k 5" in (tmp_path / "bt" / "toy_speech" / "SOURCE.md").read_text(encoding="utf-8")


def test_a_later_round_takes_the_next_window_into_the_same_folder(tiny_en_ur_model, tiny_mono, tmp_path):
    out = tmp_path / "bt"
    first = BacktranslateOptions(limit=3, sources=["toy_speech"], shard_sentences=2)
    second = BacktranslateOptions(skip=3, limit=4, sources=["toy_speech"], shard_sentences=3)
    list(backtranslate(tiny_mono, tiny_en_ur_model, out, first, ONE_THREAD))
    events = list(backtranslate(tiny_mono, tiny_en_ur_model, out, second, ONE_THREAD))
    assert [(e.source, e.sentences) for e in events] == [("toy_speech_from_4", 3), ("toy_speech_from_4", 1)]
    assert planned_sentences(tiny_mono, second) == 4
    english = _english(tiny_mono, "toy_speech")
    pairs = _corpus(out)  # both rounds, told apart by name, in one corpora folder
    assert [en for _, en in pairs["toy_speech"]] == english[:3]
    assert [en for _, en in pairs["toy_speech_from_4"]] == english[3:7]
    source_md = (out / "toy_speech_from_4" / "SOURCE.md").read_text(encoding="utf-8")
    assert "monolingual source `toy_speech`" in source_md and f"sentences 4–7 of {len(english)}" in source_md
    beyond = BacktranslateOptions(skip=len(english), sources=["toy_speech"])
    assert planned_sentences(tiny_mono, beyond) == 0
    assert list(backtranslate(tiny_mono, tiny_en_ur_model, out, beyond, ONE_THREAD)) == []  # an empty window writes nothing
    assert sorted(pairs) == sorted(s.name for s in read_manifest(out))


def test_bad_requests(tiny_en_ur_model, trained_tiny_model, tiny_mono, tmp_path):
    with pytest.raises(DataError, match="not an English→Urdu model"):
        list(backtranslate(tiny_mono, trained_tiny_model, tmp_path / "a", engine=ONE_THREAD))
    with pytest.raises(DataError, match="no source named nope"):
        list(backtranslate(tiny_mono, tiny_en_ur_model, tmp_path / "b", BacktranslateOptions(sources=["nope"]), ONE_THREAD))
    with pytest.raises(DataError, match="no MANIFEST.tsv"):
        list(backtranslate(tmp_path, tiny_en_ur_model, tmp_path / "c", engine=ONE_THREAD))
    with pytest.raises(DataError, match="method must be one of beam, sample"):
        BacktranslateOptions(method="greedy")
    with pytest.raises(DataError, match="the limit and skip ≥ 0"):
        BacktranslateOptions(skip=-1)
    bad = tmp_path / "bad-mono"
    bad.mkdir()
    (bad / "MANIFEST.tsv").write_text("name\tsentences\tdomain\tlicense\nx\tmany\tnews\tcc\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"bad-mono/MANIFEST.tsv: sentences must be whole numbers"):
        list(backtranslate(bad, tiny_en_ur_model, tmp_path / "d", engine=ONE_THREAD))


def test_cli(tiny_en_ur_model, trained_tiny_model, tiny_mono, tmp_path):
    cmd = [sys.executable, "-m", "translit", "train", "backtranslate", "--mono", str(tiny_mono), "--out", str(tmp_path / "bt"),
           "--threads", "1", "--source", "toy_speech", "--shard-size", "4"]
    done = subprocess.run(cmd + ["--model", str(tiny_en_ur_model), "--json"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert [(e["shard"], e["sentences"]) for e in lines] == [(0, 4), (1, 4), (2, 1)] and lines[-1]["assembled"]
    bad = subprocess.run(cmd + ["--model", str(trained_tiny_model)], capture_output=True, text=True)
    assert bad.returncode == 1 and "not an English→Urdu model" in bad.stderr
    assert len(bad.stderr.strip().splitlines()) == 1 and "Traceback" not in bad.stderr


def test_synthetic_pairs_mixed_in_tagged(tiny_en_ur_model, tiny_mono, tiny_recipe_path, tmp_path):
    from translit.train.data import build_mix
    from translit.train.recipe import load_recipe

    bt = tmp_path / "bt"
    list(backtranslate(tiny_mono, tiny_en_ur_model, bt, engine=ONE_THREAD))
    synthetic = _corpus(bt)
    recipe = load_recipe(tiny_recipe_path)
    plain = build_mix(recipe, tmp_path / "plain")
    recipe.synthetic.corpora = str(bt)
    recipe.synthetic.weights = {"toy_news": 2, "toy_speech": 0}
    recipe.synthetic.max_share = 0.9
    manifest = build_mix(recipe, tmp_path / "mixed")
    reports = {r.name: r for r in manifest.sources}
    assert reports["toy_news"].kind == "synthetic" and reports["toy_speech"].in_mix == 0
    ur = (tmp_path / "mixed" / "train.ur").read_text(encoding="utf-8").splitlines()
    en = (tmp_path / "mixed" / "train.en").read_text(encoding="utf-8").splitlines()
    tagged = [(u, e) for u, e in zip(ur, en) if u.startswith("<bt> ")]
    assert len(tagged) == reports["toy_news"].in_mix > 0
    assert {e for _, e in tagged} <= {e for _, e in synthetic["toy_news"]}  # real English, untouched
    assert len(ur) - len(tagged) == plain.pairs  # the real pairs are all still there
    recipe.synthetic.max_share = 0.01  # the cap holds the synthetic share down
    capped = build_mix(recipe, tmp_path / "capped")
    assert {r.name: r for r in capped.sources}["toy_news"].in_mix <= 0.01 * capped.pairs + 1


@pytest.fixture(scope="module")
def tiny_mono_ur(tmp_path_factory):
    """A monolingual Urdu folder in the mono-ur layout: one source of 11 sentences."""
    from conftest import make_pairs

    root = tmp_path_factory.mktemp("shared") / "mono-ur"
    (root / "toy_ur_news").mkdir(parents=True)
    with gzip.open(root / "toy_ur_news" / "toy_ur_news.ur.gz", "wt", encoding="utf-8") as f:
        f.writelines(ur + "\n" for ur, _ in make_pairs(11, 9))
    (root / "MANIFEST.tsv").write_text("name\tsentences\tdomain\tlicense\ntoy_ur_news\t11\tnews: toy Urdu\tMIT\n", encoding="utf-8")
    return root


def test_forward_translation_keeps_the_urdu_and_mixes_in_untagged(trained_tiny_model, tiny_en_ur_model, tiny_mono_ur,
                                                                   tiny_recipe_path, tmp_path):
    from translit.train.data import build_mix
    from translit.train.recipe import load_recipe

    ft = tmp_path / "ft"
    events = list(backtranslate(tiny_mono_ur, trained_tiny_model, ft, BacktranslateOptions(shard_sentences=4), ONE_THREAD, "ur-en"))
    assert [e.sentences for e in events] == [4, 4, 3] and events[-1].assembled
    assert planned_sentences(tiny_mono_ur, BacktranslateOptions(), "ur-en") == 11
    source = read_manifest(ft)[0]
    assert source.domain == "synthetic (forward-translated): news: toy Urdu"
    with gzip.open(tiny_mono_ur / "toy_ur_news" / "toy_ur_news.ur.gz", "rt", encoding="utf-8") as f:
        urdu = f.read().splitlines()
    pairs = list(read_pairs(source))
    assert [ur for ur, _ in pairs] == urdu[: len(pairs)] and len(pairs) >= 9  # the Urdu as it came
    md = (ft / "toy_ur_news" / "SOURCE.md").read_text(encoding="utf-8")
    assert "(forward-translated)" in md and "the Urdu is the monolingual source" in md and "inherited from the Urdu source: MIT" in md
    with pytest.raises(DataError, match="not an Urdu→English model"):
        list(backtranslate(tiny_mono_ur, tiny_en_ur_model, tmp_path / "x", engine=ONE_THREAD, direction="ur-en"))
    with pytest.raises(DataError, match="direction must be one of en-ur, ur-en"):
        list(backtranslate(tiny_mono_ur, trained_tiny_model, tmp_path / "y", direction="ur-ur"))

    recipe = load_recipe(tiny_recipe_path)
    plain = build_mix(recipe, tmp_path / "plain")
    recipe.synthetic.forward, recipe.synthetic.forward_max_share = str(ft), 0.5
    manifest = build_mix(recipe, tmp_path / "mixed")
    report = {r.name: r for r in manifest.sources}["toy_ur_news"]
    assert report.kind == "forward" and report.read == len(pairs) and 0 < report.kept == report.in_mix  # cleaned like the rest
    assert manifest.pairs == plain.pairs + report.kept
    mixed = (tmp_path / "mixed" / "train.ur").read_text(encoding="utf-8").splitlines()
    assert not any(u.startswith("<bt>") for u in mixed)  # untagged: the Urdu is real
    assert len(set(ur for ur, _ in pairs) & set(mixed)) >= report.kept
    recipe.synthetic.forward_max_share = 0.01  # its own cap
    capped = build_mix(recipe, tmp_path / "capped")
    assert {r.name: r for r in capped.sources}["toy_ur_news"].in_mix <= 0.01 * capped.pairs + 1


def test_forwardtranslate_cli(trained_tiny_model, tiny_en_ur_model, tiny_mono_ur, tmp_path):
    cmd = [sys.executable, "-m", "translit", "train", "forwardtranslate", "--mono", str(tiny_mono_ur), "--out", str(tmp_path / "ft"),
           "--threads", "1", "--shard-size", "6"]
    done = subprocess.run(cmd + ["--model", str(trained_tiny_model), "--json"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert [json.loads(line)["sentences"] for line in done.stdout.splitlines()] == [6, 5]
    bad = subprocess.run(cmd + ["--model", str(tiny_en_ur_model)], capture_output=True, text=True)
    assert bad.returncode == 1 and "not an Urdu→English model" in bad.stderr and "Traceback" not in bad.stderr
