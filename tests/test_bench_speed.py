import json

import pytest
from typer.testing import CliRunner

from translit.bench.speed import build_grid
from translit.cli import app
from translit.errors import InputError


def test_grid_combinations():
    grid = build_grid(["translit", "ctranslate2", "transformers"], ["int8", "float32"], [1, 2], [1], [1, 8], [4])
    engines = [c.engine for c in grid]
    assert engines.count("ctranslate2") == 2 * 2 * 2  # compute types × threads × batch sizes
    assert engines.count("transformers") == 2 * 2  # float32 only
    assert {c.compute_type for c in grid if c.engine == "transformers"} == {"float32"}


def test_grid_rejects_bad_values():
    with pytest.raises(InputError, match="unknown engine"):
        build_grid(["marian"], ["int8"], [1], [1], [1], [4])
    with pytest.raises(InputError, match="need a GPU"):
        build_grid(["ctranslate2"], ["float16"], [1], [1], [1], [4])


def test_speed_run_writes_reports(tiny_model, tmp_path):
    pytest.importorskip("torch")  # the transformers engine: the train extra
    pytest.importorskip("matplotlib")  # the plot: the bench (or test) extra
    src = tmp_path / "src.ur"
    src.write_text("لڑکا کتاب ہے۔\nگھر ہے۔\nبلی دریا ہے۔\n", encoding="utf-8")
    out = tmp_path / "report" / "speed"
    result = CliRunner().invoke(
        app,
        ["bench", "speed", "--model", str(tiny_model), "--src", str(src), "--batch-sizes", "1,2", "--threads", "1",
         "--latency-sentences", "2", "--out", str(out), "--json"],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {r["config"]["engine"] for r in data["results"]} == {"translit", "ctranslate2", "transformers"}
    for r in data["results"]:
        assert r["sentences_per_s"] > 0 and r["peak_memory_mb"] > 0 and r["target_tokens"] >= 0
    assert data["ratios"] and "translit_overhead" in data["ratios"][0] and "ctranslate2_vs_transformers" in data["ratios"][0]
    for suffix in (".json", ".md", ".png"):
        assert out.with_suffix(suffix).stat().st_size > 0
    assert out.with_suffix(".png").read_bytes()[:4] == b"\x89PNG"


def test_speed_with_token_budget(tiny_model, tmp_path):
    src = tmp_path / "src.ur"
    src.write_text("لڑکا کتاب ہے۔\nگھر ہے۔\nبلی دریا ہے۔\n" * 4, encoding="utf-8")
    out = tmp_path / "tokens"
    result = CliRunner().invoke(
        app,
        ["bench", "speed", "--model", str(tiny_model), "--src", str(src), "--sentences", "0", "--batch-tokens", "32",
         "--engines", "translit,ctranslate2", "--threads", "1", "--latency-sentences", "0", "--repeats", "2", "--out", str(out), "--json"],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["signature"]["repeats"] == 2  # each run the fastest of two
    assert [r["config"]["batch_tokens"] for r in data["results"]] == [32, 32]
    assert all(r["sentences"] == 12 for r in data["results"])  # --sentences 0: the whole file
    # both engines decode with the model card's settings, so they produce the same output
    assert data["signature"]["no_repeat_ngram_size"] == 3
    assert data["results"][0]["target_tokens"] == data["results"][1]["target_tokens"]
    assert "32 tokens" in out.with_suffix(".md").read_text()
    assert not out.with_suffix(".png").exists()  # nothing to plot against batch size


def test_token_batches_respect_the_budget():
    from translit.bench.speed import _length_sorted_batches

    lengths = [5, 1, 9, 3, 3, 7]
    batches = _length_sorted_batches(lengths, 0, 10)
    assert sorted(i for b in batches for i in b) == list(range(6))
    assert all(len(b) * max(lengths[i] for i in b) <= 10 or len(b) == 1 for b in batches)
    assert _length_sorted_batches(lengths, 4, 0) == [[1, 3, 4, 0], [5, 2]]


def test_speed_bad_arguments(tiny_model):
    result = CliRunner().invoke(app, ["bench", "speed", "--model", str(tiny_model), "--threads", "two"])
    assert result.exit_code != 0 and "--threads: expected comma-separated numbers" in result.stderr


def test_speed_writes_nothing_unless_asked(tiny_model, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    src = tmp_path / "src.ur"
    src.write_text("لڑکا کتاب ہے۔\n", encoding="utf-8")
    result = CliRunner().invoke(
        app, ["bench", "speed", "--model", str(tiny_model), "--src", str(src), "--engines", "ctranslate2", "--batch-sizes", "1",
              "--threads", "1", "--latency-sentences", "0"],
    )
    assert result.exit_code == 0, result.output
    assert "| ctranslate2 | int8 | 1 |" in result.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["src.ur"]


def test_speed_without_the_train_extra_says_what_to_install(tiny_model, monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "torch" else real(name, *a))
    from translit.bench.speed import engine_missing

    assert engine_missing("ctranslate2") is None
    result = CliRunner().invoke(app, ["bench", "speed", "--model", str(tiny_model), "--engines", "translit,transformers"])
    assert result.exit_code == 1 and "pip install 'translit[train]'" in result.stderr
    assert "Traceback" not in result.output


def test_each_engine_is_compared_at_its_own_best_layout():
    from translit.bench.speed import SpeedConfig, SpeedResult, best_layouts

    def result(engine, threads, workers, seconds):
        config = SpeedConfig(engine=engine, compute_type="int8", threads=threads, workers=workers, batch_size=8, beam=4)
        return SpeedResult(config, 100, 1000, seconds, None, 1000 / seconds, 100 / seconds, 1.0, 2.0, 0.1, 50.0)

    rows = best_layouts([result("ctranslate2", 2, 1, 4.0), result("ctranslate2", 1, 2, 3.0),
                         result("translit", 2, 1, 3.2), result("translit", 1, 2, 3.5)])
    by_engine = {r["engine"]: r for r in rows}
    assert (by_engine["ctranslate2"]["threads"], by_engine["ctranslate2"]["workers"]) == (1, 2)
    assert (by_engine["translit"]["threads"], by_engine["translit"]["workers"]) == (2, 1)
    assert by_engine["translit"]["speed_vs_ctranslate2"] == round(3.0 / 3.2, 3) and "speed_vs_ctranslate2" not in by_engine["ctranslate2"]


def test_speed_takes_translates_options_and_resolves_them_alike(tiny_model, tmp_path):
    """--device, --compute-type, --threads, --workers, --beam: the names and defaults of
    `translit translate`, each a comma-separated list for a grid; auto and 0 resolved as the
    translator resolves them here (issue 42)."""
    from translit.translate import Translator

    src = tmp_path / "src.ur"
    src.write_text("لڑکا کتاب ہے۔\n", encoding="utf-8")
    result = CliRunner().invoke(
        app, ["bench", "speed", "--model", str(tiny_model), "--src", str(src), "--engines", "ctranslate2", "--batch-sizes", "1",
              "--latency-sentences", "0", "--json"],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    translator = Translator(tiny_model)
    [config] = [r["config"] for r in data["results"]]
    assert (config["device"], config["compute_type"], config["threads"], config["workers"]) == (
        translator.device, translator.compute_type, translator.threads, translator.workers)
    assert data["signature"]["device"] == "cpu"
    grid = CliRunner().invoke(
        app, ["bench", "speed", "--model", str(tiny_model), "--src", str(src), "--engines", "ctranslate2", "--batch-sizes", "1",
              "--latency-sentences", "0", "--compute-type", "int8,float32", "--threads", "1", "--workers", "1,1", "--beam", "1,2", "--json"],
    )
    assert grid.exit_code == 0, grid.output
    configs = [(r["config"]["compute_type"], r["config"]["beam"]) for r in json.loads(grid.stdout)["results"]]
    assert sorted(configs) == [("float32", 1), ("float32", 2), ("int8", 1), ("int8", 2)]  # a layout named twice runs once
