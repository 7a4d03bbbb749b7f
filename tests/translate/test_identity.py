"""With an identity "translator" (every text comes back as it went out), every byte of every
document comes back: CSV and TSV (quotes, line breaks in cells, CRLF), JSON Lines (escapes as
written), HTML (entities and markup), Markdown (hard-wrapped paragraphs), subtitles (markup,
dialogue lines) and plain text files (CRLF line ends, a last line without one) through the job."""

import csv
import io
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from translit.formats.records import record_format
from translit.translate.jobs import FileJob, render_line, run_job, translated_records
from translit.translate.options import DecodingOptions
from translit.translate.records import LineTranslation

URDU = ["لڑکا", "کتاب", "ہے۔", "پانی", "گھر؟", "ڈیڑھ لاکھ", "ۃ"]
NOISE = st.lists(st.sampled_from(list("ab x1,;\"'\t|#*-_()[]{}<>&é€ \u00a0") + ["\n", "\r\n", "  "]), max_size=12).map("".join)
PIECE = st.one_of(NOISE, st.sampled_from(URDU), st.lists(st.sampled_from(URDU), min_size=1, max_size=4).map(" ".join))
TEXT = st.lists(PIECE, min_size=1, max_size=5).map("".join)
S = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))

def identity(texts, options, start=0):
    """A Translator.translate_lines that gives every text back as it came."""
    for k, t in enumerate(texts, start=start):
        yield LineTranslation(k, t, t, [])


def run(fmt, doc):
    records = fmt.records(iter(doc.splitlines(keepends=True)))
    return "".join(text for text, *_ in translated_records(identity, records, DecodingOptions()))


@S
@given(rows=st.lists(st.tuples(TEXT, TEXT, TEXT), min_size=1, max_size=6), end=st.sampled_from(["\n", "\r\n"]))
def test_csv(rows, end):
    buf = io.StringIO()
    csv.writer(buf, lineterminator=end).writerows([("a", "text", "c"), *rows])
    doc = buf.getvalue()
    assert run(record_format("csv", ["text"]), doc) == doc


CELL = TEXT.map(lambda t: t.replace("\t", " ").replace("\r", " ").replace("\n", " "))  # TSV cells hold no tab or line end


@S
@given(rows=st.lists(st.tuples(CELL, CELL, CELL), min_size=1, max_size=6), end=st.sampled_from(["\n", "\r\n"]))
def test_tsv(rows, end):
    doc = "".join("\t".join(r) + end for r in [("a", "text", "c"), *rows])
    assert run(record_format("tsv", ["text"]), doc) == doc


@S
@given(objs=st.lists(st.tuples(TEXT, st.integers()), min_size=1, max_size=6))
def test_jsonl(objs):
    doc = "".join(json.dumps({"text": t, "n": n}, ensure_ascii=bool(n % 2)) + "\n" for t, n in objs)
    assert run(record_format("jsonl", fields=["text"]), doc) == doc


HTML = st.sampled_from(["<p>", "</p>", "<b>", "</b>", '<a href="/x">', "</a>", "<br>", "<!-- c -->", " | ", "\n", "&amp;", "&gt;", "&#1604;", "&nbsp;"])


@S
@given(parts=st.lists(st.one_of(HTML, st.sampled_from(URDU), NOISE.filter(lambda t: "<" not in t and "&" not in t)), min_size=1, max_size=12))
def test_html(parts):
    doc = "<div>" + "".join(parts) + "</div>\n"
    assert run(record_format("html"), doc) == doc


@S
@given(paras=st.lists(st.lists(TEXT.filter(lambda t: "\n" not in t and "\r" not in t), min_size=1, max_size=3), min_size=1, max_size=4))
def test_md(paras):
    doc = "\n\n".join("\n".join(p) for p in paras) + "\n"
    assert run(record_format("md"), doc) == doc


TAG = st.sampled_from(["<i>", "</i>", "<b>", "</b>", "{\\an8}", '<font color="#fff">', "</font>", "- "])
CUE_LINE = st.lists(st.one_of(st.sampled_from(URDU), TAG, st.sampled_from(["x", "1", "-", "..."])), min_size=1, max_size=5).map(" ".join)


@S
@given(cues=st.lists(st.lists(CUE_LINE, min_size=1, max_size=2), min_size=1, max_size=4), vtt=st.booleans())
def test_subtitles(cues, vtt):
    sep = "." if vtt else ","
    doc = ("WEBVTT\n\n" if vtt else "") + "".join(f"{k + 1}\n00:00:{k:02d}{sep}000 --> 00:00:{k:02d}{sep}900\n" + "\n".join(lines) + "\n\n" for k, lines in enumerate(cues))
    assert run(record_format("vtt" if vtt else "srt"), doc) == doc


LINE = st.lists(st.one_of(NOISE, st.sampled_from(URDU)), max_size=4).map("".join).map(lambda t: t.replace("\r", "").replace("\n", ""))


@S
@given(lines=st.lists(st.tuples(LINE, st.sampled_from(["\n", "\r\n"])), min_size=1, max_size=8), last_end=st.booleans())
def test_text_jobs_keep_each_line_end(tmp_path_factory, lines, last_end):
    doc = "".join(text + end for text, end in lines)
    if not last_end:
        doc = doc[: -len(lines[-1][1])]
    folder = tmp_path_factory.mktemp("job")
    src, out = folder / "in.txt", folder / "out.txt"
    src.write_bytes(doc.encode("utf-8"))
    job = FileJob(src, out)
    job.check()
    list(run_job(identity, job, DecodingOptions(), lambda r: render_line(r, "text"), keep_ends=True))
    assert out.read_bytes() == doc.encode("utf-8")
