"""Each sample file of tests/data/formats through `translit translate` with the tiny model:
everything but the Urdu text comes back as it was."""

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "formats"
URDU = re.compile("[\u0600-\u06ff]")


def _translate(tiny_model, name, tmp_path, *args) -> str:
    out = tmp_path / f"out-{name}"
    done = subprocess.run([sys.executable, "-m", "translit", "translate", str(SAMPLES / name), "--model", str(tiny_model),
                           "--threads", "1", "-o", str(out), *args], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return out.read_bytes().decode("utf-8") if not name.endswith(".docx") else str(out)


def test_tsv(tiny_model, tmp_path):
    src = (SAMPLES / "sample.tsv").read_bytes().decode()
    out = _translate(tiny_model, "sample.tsv", tmp_path, "-c", "urdu")
    rows_in, rows_out = [r.split("\t") for r in src.split("\r\n")], [r.split("\t") for r in out.split("\r\n")]
    assert len(rows_out) == len(rows_in) and rows_out[0] == rows_in[0]
    assert [(r[0], r[2]) for r in rows_out[1:-1]] == [(r[0], r[2]) for r in rows_in[1:-1]]
    assert not any(URDU.search(r[1]) for r in rows_out[1:-1]) and rows_out[3][1] == ""


def test_csv(tiny_model, tmp_path):
    src = (SAMPLES / "sample.csv").read_text(encoding="utf-8")
    out = _translate(tiny_model, "sample.csv", tmp_path, "-c", "headline", "-c", "body")
    rows_in, rows_out = list(csv.reader(io.StringIO(src))), list(csv.reader(io.StringIO(out)))
    assert len(rows_out) == len(rows_in) and rows_out[0] == rows_in[0]
    assert [(r[0], r[3]) for r in rows_out] == [(r[0], r[3]) for r in rows_in]
    assert out.splitlines()[-1] == src.splitlines()[-1]  # a row without Urdu: byte for byte


def test_jsonl(tiny_model, tmp_path):
    src = [json.loads(line) for line in (SAMPLES / "sample.jsonl").read_text(encoding="utf-8").splitlines()]
    out = _translate(tiny_model, "sample.jsonl", tmp_path, "--field", "title", "--field", "paragraphs")
    rows = [json.loads(line) for line in out.splitlines()]
    assert [{k: v for k, v in r.items() if k not in ("title", "paragraphs")} for r in rows] == \
        [{k: v for k, v in r.items() if k not in ("title", "paragraphs")} for r in src]
    assert [len(r["paragraphs"]) for r in rows] == [len(r["paragraphs"]) for r in src]


@pytest.mark.parametrize("name", ["sample.srt", "sample.vtt"])
def test_subtitles(tiny_model, tmp_path, name):
    src = (SAMPLES / name).read_text(encoding="utf-8")
    out = _translate(tiny_model, name, tmp_path)
    timings = [line for line in src.splitlines() if "-->" in line]
    assert [line for line in out.splitlines() if "-->" in line] == timings
    assert out.count("\n\n") == src.count("\n\n")  # every cue still a block of its own
    if name.endswith(".vtt"):
        assert out.startswith("WEBVTT\nKind: captions\n\nNOTE Urdu captions, written for translit's tests\n\nintro\n")


def test_markdown(tiny_model, tmp_path):
    src = (SAMPLES / "sample.md").read_text(encoding="utf-8")
    out = _translate(tiny_model, "sample.md", tmp_path)

    def markers(text):  # headings, list items, code fences, table rows, in order
        return [m.group(1) for line in text.splitlines() if (m := re.match(r"^(#+ |- |\||```)", line))]

    assert markers(out) == markers(src) == ["# ", "## ", "- ", "- ", "```", "```", "|", "|", "|"]
    assert "```sh\ntranslit translate news.md\n```" in out and "](https://example.org/bus)" in out
    assert out.count("\n\n") == src.count("\n\n")  # the blocks stay blocks


def test_html(tiny_model, tmp_path):
    from translit.formats.html import _is_block, tokens

    src = (SAMPLES / "sample.html").read_text(encoding="utf-8")
    out = _translate(tiny_model, "sample.html", tmp_path)
    fixed = [(k, t) for k, t in tokens(src) if k == "keep" or (k == "tag" and _is_block(t))]
    assert [(k, t) for k, t in tokens(out) if k == "keep" or (k == "tag" and _is_block(t))] == \
        [(k, t.replace('lang="ur" dir="rtl"', 'lang="en" dir="ltr"')) for k, t in fixed]
    assert "<pre>نہیں بدلے گا</pre>" in out and 'href="https://example.org/bus?x=1&amp;y=2"' in out
    assert out.count("<strong>") == 1 and out.count("<em>") == 1


def test_docx(tiny_model, tmp_path):
    docx = pytest.importorskip("docx")
    out = docx.Document(_translate(tiny_model, "sample.docx", tmp_path))
    src = docx.Document(str(SAMPLES / "sample.docx"))
    assert len(out.paragraphs) == len(src.paragraphs) and out.paragraphs[0].style.name == "Heading 1"
    assert out.tables[0].cell(1, 1).text == "08:00" and out.core_properties.author == "translit tests"
    assert any(r.bold for r in out.paragraphs[1].runs)
