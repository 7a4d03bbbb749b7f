import json

import pytest
from sacrebleu.metrics import BLEU, CHRF
from typer.testing import CliRunner

from translit.bench.quality import compare, score
from translit.cli import app
from translit.datasets import load_testset
from translit.errors import InputError

HYPS = ["The cat sat on the mat.", "A dog runs in the park today.", "It is raining."]
REFS = ["The cat is sitting on the mat.", "A dog is running in the park.", "It rains."]


def test_scores_equal_sacrebleu():
    result = score(HYPS, REFS, "fixed")
    assert result.bleu == round(BLEU().corpus_score(HYPS, [REFS]).score, 2)
    assert result.chrf == round(CHRF().corpus_score(HYPS, [REFS]).score, 2)
    assert result.chrfpp == round(CHRF(word_order=2).corpus_score(HYPS, [REFS]).score, 2)
    assert result.signatures["chrfpp"].startswith("nrefs:1|") and "nw:2" in result.signatures["chrfpp"]


def test_mismatched_counts():
    with pytest.raises(InputError, match="2 hypotheses but 3 references"):
        score(HYPS[:2], REFS, "x")


def test_unknown_testset(tmp_path):
    with pytest.raises(InputError, match="unknown test set 'nope'"):
        load_testset("nope", evalsets=tmp_path)


def test_compare_detects_better_system():
    refs = [f"sentence number {i} is about the weather today" for i in range(60)]
    good = list(refs)
    bad = [f"number {i} weather" for i in range(60)]
    results = {r.metric: r for r in compare(bad, good, refs, samples=200)}
    assert results["bleu"].system > results["bleu"].baseline
    assert results["chrfpp"].significant


def test_cli_quality_json_matches_sacrebleu(tiny_model, tiny_corpus, tmp_path):
    src = tmp_path / "src.ur"
    ref = tmp_path / "ref.en"
    src.write_text("لڑکا کتاب ہے۔\nگھر ہے۔\n", encoding="utf-8")
    ref.write_text("Boy book.\nHouse.\n", encoding="utf-8")
    hyps = tmp_path / "hyps.txt"
    result = CliRunner().invoke(
        app, ["bench", "quality", "--model", str(tiny_model), "--src", str(src), "--ref", str(ref), "--json", "--save", str(hyps)]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    saved = hyps.read_text(encoding="utf-8").splitlines()
    assert data["chrfpp"] == round(CHRF(word_order=2).corpus_score(saved, [["Boy book.", "House."]]).score, 2)
    assert data["translit_signature"]["beam"] == 4 and len(data["translit_signature"]["model_hash"]) == 12
    assert data["translit_signature"]["no_repeat_ngram_size"] == 3  # the tiny model card's recommendation
    args = ["bench", "quality", "--model", str(tiny_model), "--src", str(src), "--ref", str(ref), "--json"]
    free = CliRunner().invoke(app, args + ["--no-repeat-ngram-size", "0"])
    assert free.exit_code == 0, free.output
    assert json.loads(free.stdout)["translit_signature"]["no_repeat_ngram_size"] == 0
    assert data["translit_signature"]["keep_terms"] is True and data["translit_signature"]["repetition_penalty"] == 1.0
    other = CliRunner().invoke(app, args + ["--repetition-penalty", "1.2", "--no-keep-terms"])
    assert other.exit_code == 0, other.output
    signature = json.loads(other.stdout)["translit_signature"]
    assert signature["repetition_penalty"] == 1.2 and signature["keep_terms"] is False


def test_cli_quality_bad_arguments(tiny_model, tmp_path):
    runner = CliRunner()
    both = runner.invoke(app, ["bench", "quality", "--model", str(tiny_model)])
    assert both.exit_code != 0 and "either --testset" in both.stderr
    src, ref = tmp_path / "a", tmp_path / "b"
    src.write_text("ایک\nدو\n", encoding="utf-8")
    ref.write_text("one\n", encoding="utf-8")
    mismatch = runner.invoke(app, ["bench", "quality", "--model", str(tiny_model), "--src", str(src), "--ref", str(ref)])
    assert mismatch.exit_code != 0 and "has 2 lines but" in mismatch.stderr


def test_testsets_found_by_option_or_translit_data(tiny_model, tiny_corpus, tmp_path, monkeypatch):
    """A fresh clone has no ../shared: test sets come from --evalsets or $TRANSLIT_DATA, and
    without either the error says how to give them."""
    monkeypatch.delenv("TRANSLIT_DATA", raising=False)
    monkeypatch.chdir(tmp_path)
    args = ["bench", "quality", "--model", str(tiny_model), "--testset", "flores200-dev", "--json", "--threads", "1"]
    missing = CliRunner().invoke(app, args)
    assert missing.exit_code == 1 and "pass --evalsets DIR or set TRANSLIT_DATA" in missing.stderr
    assert "Traceback" not in missing.output
    given = CliRunner().invoke(app, [*args, "--evalsets", str(tiny_corpus.parent / "evalsets")])
    assert given.exit_code == 0, given.output
    monkeypatch.setenv("TRANSLIT_DATA", str(tiny_corpus.parent))
    from_env = CliRunner().invoke(app, args)
    assert from_env.exit_code == 0, from_env.output
    assert json.loads(from_env.stdout)["chrfpp"] == json.loads(given.stdout)["chrfpp"]
    unknown = CliRunner().invoke(app, [*args[:4], "--testset", "nope"])
    assert unknown.exit_code == 1 and "known: flores200-dev, tico19-dev" in unknown.stderr
    assert list(tmp_path.iterdir()) == []  # nothing written without --out


def test_names_and_numbers_kept_counts_the_references_names_and_numbers():
    from translit.bench.kept import items, kept

    ref = "The minister, Asif Zardari, met 1,200 farmers in Lahore on 5 May. He said: Yes."
    names, numbers = items(ref)
    # sentence starts ("The", "He", "Yes" after a colon) are no names; a possessive is its name
    assert set(names) == {"Asif", "Zardari", "Lahore", "May"} and set(numbers) == {"1200", "5"}
    assert items("Pakistan's army")[0] == {} and items("Pakistan's army", first_too=True)[0] == {"Pakistan": 1}
    found = kept(["Zardari met 1200 farmers in lahore on May 15."], [ref])
    assert (found.names, found.names_kept) == (4, 2)  # "lahore" lower-cased is not kept
    assert (found.numbers, found.numbers_kept) == (2, 1)  # 1,200 = 1200; 15 is not 5
    assert found.recall == round(3 / 6, 4)
    # a name twice in the reference counts twice, and is kept once when written once
    assert kept(["Karachi is big."], ["In Karachi and Karachi alone."]).names_kept == 1


def test_quality_scores_carry_the_kept_shares_and_their_signature():
    result = score(["Ali went to Karachi in 2020."], ["Yesterday Ali went to Karachi in 2021."], "x")
    assert (result.names, result.names_kept, result.numbers, result.numbers_kept) == (2, 1.0, 1, 0.0)
    assert result.signatures["kept"].startswith("kept|names:")


def test_compare_tests_the_names_and_numbers_kept():
    refs = [f"Ali met Sara in Karachi on day {i}." for i in range(60)]
    keeps = list(refs)
    loses = [f"Ali met someone there on day {i}." for i in range(60)]  # keeps the number, not Sara or Karachi
    results = {r.metric: r for r in compare(loses, keeps, refs, samples=200)}
    assert results["kept"].baseline == round(100 / 3, 2) and results["kept"].system == 100.0
    assert results["kept"].significant
    backwards = {r.metric: r for r in compare(keeps, loses, refs, samples=200)}
    assert not backwards["kept"].significant
