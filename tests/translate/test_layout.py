"""The thread layout: measured by ``translit bench tune``, kept per model and CPU, taken by a
translator left to choose; the default otherwise; sub-batches cut for the workers."""

import json
import subprocess
import sys

import pytest

from translit.bench.tune import TuneResult, layouts, tune
from translit.translate import EngineOptions, Translator
from translit.translate.layout import load_tuned, save_tuned, tuned_path
from translit.translate.options import default_layout

SENTENCES = [f"{a} {b} ہے۔" for a in ("لڑکا", "کتاب", "پانی", "گھر") for b in ("بڑا", "نیا", "اچھا", "چھوٹا")]


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("TRANSLIT_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def test_the_grid_keeps_within_the_cores():
    assert layouts(1) == [(1, 1)]
    assert layouts(2) == [(1, 1), (1, 2), (2, 1)]
    assert set(layouts(4)) == {(1, 1), (1, 4), (2, 2), (4, 1)}
    assert all(t * w <= 8 and t <= 4 for t, w in layouts(8))


def test_the_default_layout_fills_the_cores_the_workers_leave():
    assert default_layout(0, 0, cores=2) == (2, 1)
    assert default_layout(0, 2, cores=2) == (1, 2)
    assert default_layout(0, 0, cores=16) == (4, 1)
    assert default_layout(3, 0, cores=2) == (3, 1)
    # a small model left wholly open: one thread per translation, a worker per core
    assert default_layout(0, 0, cores=2, small_model=True) == (1, 2)
    assert default_layout(0, 0, cores=16, small_model=True) == (1, 16)
    assert default_layout(2, 0, cores=2, small_model=True) == (2, 1)  # a given value still wins


def test_a_small_model_on_cpu_gets_a_worker_per_core_and_a_large_one_threads():
    opts = EngineOptions("cpu", "int8", 0, 0)
    cores = default_layout(0, 0, small_model=True)[1]
    assert opts.resolved(0, model_mb=10).threads == 1 and opts.resolved(0, model_mb=10).workers == cores
    assert opts.resolved(0, model_mb=600).workers == 1  # NLLB-sized: threads, one worker
    assert opts.resolved(0, (2, 1), model_mb=10).threads == 2  # a tuned layout wins over the default


def test_a_tuned_layout_is_taken_when_threads_and_workers_are_left_open(home, tiny_model):
    events = list(tune(tiny_model, SENTENCES, grid=[(1, 1), (1, 2)], single=3, repeats=1))
    *timings, result = events
    assert isinstance(result, TuneResult) and [(t.threads, t.workers) for t in timings] == [(1, 1), (1, 2)]
    assert result.best in timings and all(t.seconds > 0 and t.single_p50_ms > 0 for t in timings)
    folder = Translator(tiny_model, engine=EngineOptions("cpu", "int8", 1, 1)).folder
    save_tuned(folder, "int8", 1, 2, {"seconds": 1.0})
    assert load_tuned(folder, "int8") == (1, 2) and load_tuned(folder, "int16") is None
    chosen = Translator(tiny_model, device="cpu")
    assert (chosen.threads, chosen.workers) == (1, 2)
    told = Translator(tiny_model, device="cpu", threads=2)
    assert (told.threads, told.workers) == (2, 1)  # a given value wins: the tuned layout is for both left open


def test_a_broken_tuned_file_is_ignored(home, tiny_model):
    tuned_path().parent.mkdir(parents=True)
    tuned_path().write_text("{not json", encoding="utf-8")
    translator = Translator(tiny_model, device="cpu")
    assert (translator.threads, translator.workers) == default_layout(0, 0, small_model=True)


def test_bench_tune_reports_and_keeps_the_fastest(home, tiny_model, tmp_path):
    src = tmp_path / "sentences.txt"
    src.write_text("\n".join(SENTENCES) + "\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "translit", "bench", "tune", "--model", str(tiny_model), "--src", str(src),
                           "--single", "2", "--json"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    best = (result["best"]["threads"], result["best"]["workers"])
    assert best in [(t["threads"], t["workers"]) for t in result["timings"]]
    table = json.loads(tuned_path().read_text(encoding="utf-8"))
    (entry,) = table.values()
    assert (entry["threads"], entry["workers"]) == best and entry["model"] == tiny_model.name
    src.write_text("\n".join(SENTENCES[:5]) + "\n", encoding="utf-8")
    short = subprocess.run([sys.executable, "-m", "translit", "bench", "tune", "--model", str(tiny_model), "--src", str(src)],
                           capture_output=True, text=True, timeout=60)
    assert short.returncode == 1 and "tuning needs at least 10" in short.stderr


def test_a_call_is_cut_into_the_same_sub_batches_whatever_the_workers(tiny_model):
    two = Translator(tiny_model, engine=EngineOptions("cpu", "int8", 1, 2)).engine
    one = Translator(tiny_model, engine=EngineOptions("cpu", "int8", 1, 1)).engine
    many = [["▁x"] * 50] * 40  # 2000 pieces: four sub-batches of 500
    assert two._batch_tokens(many, 4096) == one._batch_tokens(many, 4096) == 500
    assert two._batch_tokens([["▁x"] * 10], 4096) == 256  # a small call is not cut
    assert two._batch_tokens(many * 10, 4096) == 4096


def test_new_weights_in_the_same_folder_get_a_new_digest_and_lose_the_tuned_layout(home, tiny_model, tmp_path):
    import shutil

    from translit.model import resolve_model

    copy = tmp_path / "model"
    shutil.copytree(tiny_model, copy)
    folder = resolve_model(str(copy))
    before = folder.digest()
    assert folder.digest() == before  # hashed once, the same answer
    save_tuned(folder, "int8", 1, 2, {"seconds": 1.0})
    weights = copy / "model.bin"
    weights.write_bytes(weights.read_bytes() + b"\0")  # other weights: the cached hash must not stand
    assert folder.digest() != before and load_tuned(folder, "int8") is None
