"""``bench stages``: every stage of the translator timed, in pipeline order, against the engine
alone on the same sentences; the translations themselves are unchanged by the timing."""

import json
import subprocess
import sys

from translit.bench.stages import time_stages

LINES = ["لڑکا کتاب ہے۔ بلی پانی ہے۔", "", "گھر بڑا ہے۔"] * 30


def test_each_stage_is_timed_and_the_total_adds_up(tiny_translator):
    result = time_stages(tiny_translator, LINES)
    assert list(result.stages) == ["split", "prepare", "chunk", "decode", "terms", "join", "mend", "assemble"]
    assert result.lines == 90 and result.sentences == 90  # an empty line has no sentence
    assert abs(result.total - sum(result.stages.values())) < 0.01 and all(v >= 0 for v in result.stages.values())
    assert result.raw > 0 and 0 < result.ratio and result.overhead < result.total
    assert result.signature["model"] == tiny_translator.folder.name


def test_timing_a_run_leaves_its_translations_as_they_are(tiny_translator):
    timings = {}
    texts = ["لڑکا کتاب ہے۔", "بلی پانی ہے۔"]
    assert [r.translation for r in tiny_translator.run(texts, timings=timings)] == tiny_translator.translate(texts)
    assert set(timings) == {"prepare", "chunk", "decode", "terms", "join", "mend", "assemble"}


def test_the_command_reports_json(tiny_model, tmp_path):
    src = tmp_path / "in.txt"
    src.write_text("\n".join(LINES) + "\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "translit", "bench", "stages", "--model", str(tiny_model), "--src", str(src), "--json"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["lines"] == 90 and set(result) >= {"stages", "total", "raw", "overhead", "ratio", "signature"}
