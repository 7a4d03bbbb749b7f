"""`translit translate` on TSV, CSV and JSON Lines with the tiny model: chosen texts translated,
every other byte kept, N records in and N out, resumable, bad files refused in one line."""

import json
import re
import subprocess
import sys

import pytest

from translit.formats import record_format
from translit.translate import Translator
from translit.translate.jobs import FileJob, complete_records, run_record_job
from translit.translate.options import DecodingOptions


def _cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "translit", "translate", "--threads", "1", *args],
                          capture_output=True, text=True, cwd=cwd)


@pytest.fixture(scope="module")
def translator(tiny_model):
    return Translator(str(tiny_model), threads=1)


def _english(translator, texts):
    return [t.translation for t in translator.translate_lines(texts, DecodingOptions())]


def test_tsv_column_by_name(tiny_model, translator, tmp_path):
    src = tmp_path / "in.tsv"
    src.write_bytes("id\ttext\tnote\r\nid42\tلڑکا بڑا ہے۔\tکتاب\r\nid43\t\t\r\n".encode())
    done = _cli(str(src), "--model", str(tiny_model), "--column", "text", "-o", str(tmp_path / "out.tsv"))
    assert done.returncode == 0, done.stderr
    out = (tmp_path / "out.tsv").read_bytes().decode()
    english = _english(translator, ["لڑکا بڑا ہے۔"])[0]
    assert out == f"id\ttext\tnote\r\nid42\t{english}\tکتاب\r\nid43\t\t\r\n"  # the note column is not chosen


def test_jsonl_fields(tiny_model, translator, tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": 7, "text": "لڑکا بڑا ہے۔", "meta": {"title": "کتاب"}, "keep": "پانی"}\n{"id": 8}\n', encoding="utf-8")
    done = _cli(str(src), "--model", str(tiny_model), "--field", "text", "--field", "meta.title")
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert rows[0] == {"id": 7, "text": _english(translator, ["لڑکا بڑا ہے۔"])[0],
                       "meta": {"title": _english(translator, ["کتاب"])[0]}, "keep": "پانی"}
    assert done.stdout.splitlines()[1] == '{"id": 8}'


CSV = 'id,text,n\n1,"لڑکا, بڑا ہے۔",3\n2,"پانی\nٹھنڈا ہے۔",4\n3,کتاب,"q""x"\n4,گھر,5\n'


def _job(src, out, resume=False):
    fmt = record_format("csv", ["2"])
    job = FileJob(str(src), out, resume=resume, count_done=lambda p, limit: complete_records(p, fmt, limit=limit))
    job.check()
    return job, fmt


def test_csv_resumes_by_records_not_lines(tiny_model, translator, tmp_path):
    """A record spanning lines (a quoted line break), a partial stopped after two records and
    torn in the third: the resumed file equals an uninterrupted run, and the CLI's output."""
    src = tmp_path / "in.csv"
    src.write_text(CSV, encoding="utf-8")
    whole = _cli(str(src), "--model", str(tiny_model), "-c", "2")
    assert whole.returncode == 0, whole.stderr
    assert whole.stdout.count("\n") == CSV.count("\n") - 1  # the quoted line break became a space in English
    out = tmp_path / "out.csv"
    job, fmt = _job(src, out)
    run = run_record_job(translator.translate_lines, job, fmt, DecodingOptions(), batch_records=1)
    assert [next(run), next(run), next(run)] == [0, 1, 2]  # the header and two records
    run.close()
    partial = out.with_name("out.csv.partial")
    with partial.open("a", encoding="utf-8") as f:
        f.write('3,"a torn rec')  # a kill in the middle of a record
    assert complete_records(partial, record_format("csv", ["2"])) == 3
    job, fmt = _job(src, out, resume=True)
    assert list(run_record_job(translator.translate_lines, job, fmt, DecodingOptions())) == [3, 4]
    assert out.read_text(encoding="utf-8") == whole.stdout and not partial.exists()


@pytest.mark.parametrize(
    "name,content,args,message",
    [
        ("ragged.csv", "id,text\n1\n", ["-c", "2"], "line 2: 1 fields, no column 2"),
        ("open.csv", 'id,text\n1,"never closed\n', ["-c", "2"], "line 2: a quoted field is never closed"),
        ("broken.jsonl", '{"text": "لڑکا"\n', ["--field", "text"], "line 1: not valid JSON"),
        ("fields.jsonl", '{"text": "لڑکا"}\n', [], "is JSON Lines: say which fields to translate with --field"),
        ("cols.tsv", "a\tb\n", [], "say which column to translate"),
        ("plain.txt", "لڑکا\n", ["-c", "2"], "--column is for --format tsv or csv"),
    ],
)
def test_bad_files_one_line_error(tiny_model, tmp_path, name, content, args, message):
    src = tmp_path / name
    src.write_text(content, encoding="utf-8")
    done = _cli(str(src), "--model", str(tiny_model), *args, "-o", str(tmp_path / "out"))
    assert done.returncode == 1 and message in done.stderr, done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
    assert not (tmp_path / "out").exists()


SRT = (
    "1\n00:00:01,000 --> 00:00:02,000\nلڑکا اور\n\n"
    "2\n00:00:02,000 --> 00:00:03,000\nلڑکی بڑے ہیں۔\n\n"
    "3\n00:00:04,000 --> 00:00:05,000\nپانی ٹھنڈا ہے۔\n\n"
)


def test_srt_resumes_at_a_group_of_cues(tiny_model, translator, tmp_path):
    """Cues 1–2 are one sentence (one record); a partial torn after cue 1 is cut back to the
    start, one torn in cue 3 back to the end of cue 2."""
    src = tmp_path / "in.srt"
    src.write_text(SRT, encoding="utf-8")
    whole = _cli(str(src), "--model", str(tiny_model))
    assert whole.returncode == 0, whole.stderr
    blocks = whole.stdout.split("\n\n")
    assert [b.split("\n")[:2] for b in blocks[:3]] == [s.split("\n")[:2] for s in SRT.split("\n\n")[:3]]
    fmt = record_format("srt")
    begun = FileJob(str(src), tmp_path / "out.srt")
    begun.start()  # a job begun: its partial and the record of what it is from
    begun.release()  # … and its process gone
    partial = tmp_path / "out.srt.partial"
    partial.write_text(blocks[0] + "\n\n", encoding="utf-8")  # the first cue of a two-cue record
    assert complete_records(partial, fmt, str(src)) == 0 and partial.read_text() == ""
    partial.write_text("\n\n".join(blocks[:2]) + "\n\n3\n00:00:04,0", encoding="utf-8")
    assert complete_records(partial, fmt, str(src)) == 1
    assert partial.read_text(encoding="utf-8") == "\n\n".join(blocks[:2]) + "\n\n"
    job = FileJob(str(src), tmp_path / "out.srt", resume=True, count_done=lambda p, limit: complete_records(p, fmt, str(src), limit))
    # no batch of the hand-made partial was recorded as synced: the resume starts from the top
    assert list(run_record_job(translator.translate_lines, job, fmt, DecodingOptions())) == [0, 1]
    assert (tmp_path / "out.srt").read_text(encoding="utf-8") == whole.stdout


def test_markdown_file(tiny_model, translator, tmp_path):
    src = tmp_path / "doc.md"
    src.write_text("# کتاب\n\nلڑکا بڑا ہے۔\n\n```\nلڑکا\n```\n", encoding="utf-8")
    done = _cli(str(src), "--model", str(tiny_model))
    assert done.returncode == 0, done.stderr
    heading, paragraph = _english(translator, ["کتاب", "لڑکا بڑا ہے۔"])
    assert done.stdout == f"# {heading}\n\n{paragraph}\n\n```\nلڑکا\n```\n"


def test_html_file(tiny_model, translator, tmp_path):
    src = tmp_path / "page.html"
    src.write_text('<html lang="ur" dir="rtl"><body><p>لڑکا <b>بڑا</b> ہے۔</p><p>Hi &amp; bye</p></body></html>\n', encoding="utf-8")
    done = _cli(str(src), "--model", str(tiny_model), "-o", str(tmp_path / "out.html"))
    assert done.returncode == 0, done.stderr
    out = (tmp_path / "out.html").read_text(encoding="utf-8")
    assert out.startswith('<html lang="en" dir="ltr"><body><p>') and "<b>" in out and "</b>" in out
    assert out.endswith("</p><p>Hi &amp; bye</p></body></html>\n")
    english = _english(translator, ["لڑکا بڑا ہے۔"])[0]
    assert " ".join(re.sub("<[^>]+>", " ", out.split("<p>")[1]).split()) == " ".join(english.split())
