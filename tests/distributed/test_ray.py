"""Corpus jobs on a local Ray cluster (2 actors, a few hundred lines, the tiny model): the same
text as the local engine, in order, line for line; folders and gzip; a bad shard that fails
alone; an actor killed mid-job; a driver killed and resumed; a changed input refused."""

import gzip
from dataclasses import asdict
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ray = pytest.importorskip("ray")

from translit.distributed.ray_job import RayJob, RayOptions, ShardTranslator  # noqa: E402
from translit.distributed.shard import WorkerSpec  # noqa: E402
from translit.errors import InputError  # noqa: E402

pytestmark = pytest.mark.slow
ray.cloudpickle.register_pickle_by_value(sys.modules[__name__])  # the actor classes below, for Ray's workers

WORDS = "لڑکا لڑکی کتاب پانی گھر شہر بڑا چھوٹا اچھا نیا کتا بلی".split()


def _lines(n, seed=1):
    rng = random.Random(seed)
    out = []
    for i in range(n):
        out.append("" if i % 17 == 5 else " ".join(rng.sample(WORDS, rng.randint(1, 4))) + (" ہے۔" if i % 3 else "؟"))
    return out


@pytest.fixture(scope="module", autouse=True)
def local_ray():
    yield
    if ray.is_initialized():
        ray.shutdown()


@pytest.fixture(scope="module")
def spec(tiny_model):
    return WorkerSpec(model=str(tiny_model.resolve()))


@pytest.fixture(scope="module")
def local(tiny_model):
    """The local engine at another layout than the actors' (1 thread × 2 workers against 1 × 1):
    batches are made from the input alone, so the text is the same."""
    from translit.translate import EngineOptions, Translator

    return Translator(tiny_model, engine=EngineOptions("cpu", "int8", 1, 2))


def _local(translator, lines, fmt="text"):
    from translit.translate.jobs import render_line

    return [render_line(r, fmt) for r in translator.translate_lines(lines)]


def _run(job):
    job.prepare()
    return list(job.run())


@pytest.mark.parametrize("actors", [1, 2])
def test_the_ray_job_matches_the_local_engine_line_for_line(tmp_path, spec, local, actors):
    lines = _lines(300)
    source = tmp_path / "in.txt"
    source.write_text("\r\n".join(lines[:10]) + "\r\n" + "\n".join(lines[10:]) + "\n", encoding="utf-8")
    out = tmp_path / "out" / "en.txt"
    job = RayJob(str(source), out, spec, RayOptions(actors=actors, shard_lines=37))
    assert job.shard_lines == 64  # a multiple of the local engine's batch: the same batches, the same text
    events = _run(job)
    assert sorted(e.index for e in events) == list(range(5)) and not job.result.errors
    english = _local(local, lines)  # each line ends as its input line did, \r\n or \n, as the local engine writes it
    assert out.read_bytes().decode("utf-8") == "".join(e + "\r\n" for e in english[:10]) + "".join(e + "\n" for e in english[10:])
    assert not job.state.root.exists()  # the state goes once the output is whole


def test_a_folder_of_text_and_gzip_gives_a_folder_and_json_lines_keep_their_line_numbers(tmp_path, spec, local):
    lines = _lines(200, seed=2)
    folder = tmp_path / "corpus"
    (folder / "part").mkdir(parents=True)
    (folder / "a.txt").write_text("\n".join(lines[:130]) + "\n", encoding="utf-8")
    with gzip.open(folder / "part" / "b.txt.gz", "wt", encoding="utf-8") as f:
        f.write("\n".join(lines[130:]) + "\n")
    out = tmp_path / "out"
    job = RayJob(str(folder), out, spec, RayOptions(actors=2, shard_lines=16))
    _run(job)
    assert len(job.shards) == 5  # 3 of a.txt, 2 of b.txt.gz
    assert (out / "a.txt").read_text(encoding="utf-8").split("\n")[:-1] == _local(local, lines[:130])
    with gzip.open(out / "part" / "b.txt.gz", "rt", encoding="utf-8") as f:
        assert f.read().split("\n")[:-1] == _local(local, lines[130:])

    detailed = RayJob(str(folder / "a.txt"), tmp_path / "a.jsonl", WorkerSpec(spec.model, output="jsonl"), RayOptions(shard_lines=16))
    _run(detailed)
    got = (tmp_path / "a.jsonl").read_text(encoding="utf-8").split("\n")[:-1]
    assert got == _local(local, lines[:130], "jsonl") and json.loads(got[100])["line"] == 100

    records = tmp_path / "records.jsonl"
    records.write_text("".join(json.dumps({"id": i, "text": t}, ensure_ascii=False) + "\n" for i, t in enumerate(lines[:150])), encoding="utf-8")
    fields = RayJob(str(records), tmp_path / "records.en.jsonl", WorkerSpec(spec.model, fields=("text",)), RayOptions(shard_lines=7))
    _run(fields)
    rows = [json.loads(x) for x in (tmp_path / "records.en.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == list(range(150)) and [r["text"] for r in rows] == _local(local, lines[:150])


def test_bad_input_fails_its_own_shard_and_keeps_the_others(tmp_path, spec):
    lines = [line.encode("utf-8") for line in _lines(320, seed=3)]
    lines[99] = b"\xff\xfe broken"
    source = tmp_path / "in.txt"
    source.write_bytes(b"\n".join(lines) + b"\n")
    out = tmp_path / "out.txt"
    job = RayJob(str(source), out, spec, RayOptions(shard_lines=20))
    _run(job)
    (error,) = job.result.errors
    assert f"{source} (shard 1): invalid UTF-8 at line 100" in error
    assert job.state.done([asdict(s) for s in job.shards]) == {0, 2, 3, 4} and not out.exists()
    again = RayJob(str(source), out, spec, RayOptions(shard_lines=20), resume=True)
    assert again.prepare() == 64  # only the failed shard is left
    list(again.run())
    assert again.result.shards_done_before == 4 and again.result.lines == 0 and len(again.result.errors) == 1


class DiesOnce(ShardTranslator):
    """An actor whose process dies the first time it takes shard 3 (a marker file says it did)."""

    marker: str = ""

    def translate(self, index, where, start, blob):
        if index == 3 and not os.path.exists(self.marker):
            Path(self.marker).write_text(str(os.getpid()))
            os._exit(1)
        return super().translate(index, where, start, blob)


def test_an_actor_killed_mid_job_is_restarted_and_its_shard_redone(tmp_path, spec, local):
    lines = _lines(520, seed=4)
    source = tmp_path / "in.txt"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    marker = tmp_path / "died"
    actor = type("DiesOnceHere", (DiesOnce,), {"marker": str(marker)})
    job = RayJob(str(source), tmp_path / "out.txt", spec, RayOptions(actors=2, shard_lines=15), actor=actor)
    events = _run(job)
    assert marker.exists()  # it did die
    assert sorted(e.index for e in events) == list(range(9)) and not job.result.errors
    assert (tmp_path / "out.txt").read_text(encoding="utf-8").split("\n")[:-1] == _local(local, lines)


def test_a_killed_driver_resumes_with_only_the_unfinished_shards_and_a_changed_input_is_refused(tmp_path, tiny_model, local):
    lines = _lines(1500, seed=5)
    source, out = tmp_path / "in.txt", tmp_path / "out.txt"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    command = [sys.executable, "-m", "translit", "translate", str(source), "-o", str(out), "--engine", "ray", "--actors", "2",
               "--shard-lines", "10", "--model", str(tiny_model), "--beam", "8"]
    first = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    shards, deadline = tmp_path / "out.txt.ray" / "shards", time.monotonic() + 120
    while len(list(shards.glob("*.txt"))) < 3:
        assert first.poll() is None and time.monotonic() < deadline, "the job ended before it could be killed"
        time.sleep(0.05)
    os.killpg(first.pid, signal.SIGKILL)
    first.wait(30)
    done_at_kill = len(list(shards.glob("*.txt")))
    assert 3 <= done_at_kill < 24 and not out.exists()

    resumed = subprocess.run([*command, "--resume"], capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    summary = resumed.stderr.strip().splitlines()[-1]
    done_before = int(summary.split("(")[1].split()[0])
    assert done_before >= done_at_kill and f"in {24 - done_before} shards" in summary
    from translit.translate import DecodingOptions

    expected = [t.translation for t in local.translate_lines(lines, DecodingOptions(beam_size=8))]
    assert out.read_text(encoding="utf-8").split("\n")[:-1] == expected  # nothing lost, nothing twice

    partial = RayJob(str(source), tmp_path / "again.txt", WorkerSpec(str(tiny_model.resolve())), RayOptions(shard_lines=500))
    partial.prepare()
    partial.state.commit(0, "x\n" * 512)
    source.write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="the input changed since the job started"):
        RayJob(str(source), tmp_path / "again.txt", WorkerSpec(str(tiny_model.resolve())), RayOptions(shard_lines=500), resume=True).prepare()
