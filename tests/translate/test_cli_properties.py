"""Properties of `translit translate` on any input a user may bring, checked with hypothesis, and
kill -9 at random points of a job followed by --resume."""

import json
import random
import signal
import subprocess
import sys
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from translit.cli import app

runner = CliRunner()

# Urdu words, stops, Latin, digits, emoji, joiners, control characters, odd spaces.
PIECES = ["لڑکا", "کتاب", "ہے", "گھر", "۔", "؟", "،", " ", "  ", "\t", "Hello", "3.5", "😀", "👨\u200d👩\u200d👧", "★",
          "\x00", "\x0b", "\r", "\u2028", "\x85", "\u200c", "ـ", "(", ")", "!", "www.x.pk", "\ufeff", "ۓ"]
LINE = st.lists(st.sampled_from(PIECES), max_size=12).map("".join)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(LINE, min_size=1, max_size=6))
def test_n_lines_in_n_lines_out_and_spans_cover_the_source(tiny_model, lines):
    text = "".join(line + "\n" for line in lines)
    plain = runner.invoke(app, ["translate", "--model", str(tiny_model), "--threads", "1"], input=text)
    assert plain.exit_code == 0, plain.output
    out = plain.stdout.split("\n")
    assert out[-1] == "" and len(out) - 1 == len(lines)  # N lines in, N lines out, by \n alone
    for line, translation in zip(lines, out):
        if not line.strip(" \t\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\u2028\u2029\ufeff\x00"):
            assert translation.strip() == ""  # a blank line stays blank
        assert "\ufffd" not in translation and "\x00" not in translation and "\u2028" not in translation
    rows = runner.invoke(app, ["translate", "--model", str(tiny_model), "--threads", "1", "--format", "jsonl"], input=text)
    assert rows.exit_code == 0, rows.output
    records = [json.loads(r) for r in rows.stdout.split("\n")[:-1]]
    assert [r["line"] for r in records] == list(range(len(lines)))
    for line, record in zip(lines, records):
        line = line.rstrip("\r")  # a \r before the \n is the line end of a CRLF file
        assert record["source"] == line
        covered = "".join(line[s["start"] : s["end"]] for s in record["sentences"])
        assert all(line[s["start"] : s["end"]] == s["source"] for s in record["sentences"])
        assert "".join(covered.split()) == "".join(line.split())  # every non-space character in a sentence


@pytest.mark.slow
def test_kill_9_at_random_points_then_resume_gives_the_same_bytes(tiny_model, tmp_path):
    src = tmp_path / "in.txt"
    rng = random.Random(11)
    words = ["لڑکا", "کتاب", "گھر", "بلی", "دریا", "ہے۔", "،"]
    src.write_text("".join(" ".join(rng.choice(words) for _ in range(rng.randint(1, 9))) + "\n" for _ in range(1500)), encoding="utf-8")
    command = [sys.executable, "-m", "translit", "translate", str(src), "--model", str(tiny_model), "--threads", "1", "--format", "jsonl"]
    whole = tmp_path / "whole.jsonl"
    start = time.time()
    subprocess.run([*command, "-o", str(whole)], check=True, capture_output=True)
    seconds = time.time() - start
    out = tmp_path / "out.jsonl"
    kills = 0
    for attempt in range(4):
        job = subprocess.Popen([*command, "-o", str(out), "--resume"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.3, max(0.4, seconds * 0.8)))
        if job.poll() is None:
            job.send_signal(signal.SIGKILL)
            kills += 1
        job.wait()
        if out.exists():
            break
    subprocess.run([*command, "-o", str(out), "--resume"], check=True, capture_output=True)
    assert kills >= 1
    assert out.read_bytes() == whole.read_bytes()
