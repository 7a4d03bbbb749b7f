"""A property suite over the record formats: random documents (random non-Urdu bytes, markup,
quotes, line breaks, Urdu words) through the tiny model. Whatever the document, everything that
is not Urdu text comes back, in order: other CSV columns and JSON fields byte for byte, every
subtitle timing and markup token, every HTML tag, Markdown code and link targets."""

import csv
import io
import json
import re

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from translit.formats.records import record_format
from translit.translate.jobs import translated_records

URDU = ["لڑکا", "کتاب", "ہے۔", "پانی", "گھر؟"]
NOISE = st.lists(st.sampled_from(list("ab x1,;\"'\t|#*-_()[]{}<>&é€") + ["\n", "\r\n"]), max_size=12).map("".join)
PIECE = st.one_of(NOISE, st.sampled_from(URDU), st.lists(st.sampled_from(URDU), min_size=1, max_size=4).map(" ".join))
TEXT = st.lists(PIECE, min_size=1, max_size=5).map("".join)
SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))


@pytest.fixture(scope="module")
def translate(tiny_translator):
    def run(fmt, document: str) -> str:
        records = fmt.records(iter(document.splitlines(keepends=True)))
        return "".join(text for text, *_ in translated_records(tiny_translator.translate_lines, records, tiny_translator.options))

    return run


@SETTINGS
@given(rows=st.lists(st.tuples(TEXT, TEXT, TEXT), min_size=1, max_size=6))
def test_csv_keeps_every_other_column_and_every_row(translate, rows):
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([("a", "text", "c"), *rows])
    out = translate(record_format("csv", ["text"]), buffer.getvalue())
    got = list(csv.reader(io.StringIO(out)))
    assert len(got) == len(rows) + 1
    for (a, text, c), row in zip(rows, got[1:]):
        assert (row[0], row[2]) == (a, c)
        if not re.search("[\u0600-\u06ff]", text):
            assert row[1] == text


@SETTINGS
@given(objects=st.lists(st.tuples(TEXT, NOISE, st.integers()), min_size=1, max_size=6))
def test_jsonl_keeps_every_other_field_byte_for_byte(translate, objects):
    lines = [json.dumps({"k": keep, "text": text, "n": n}, ensure_ascii=bool(n % 2)) + "\n" for text, keep, n in objects]
    out = translate(record_format("jsonl", fields=["text"]), "".join(lines)).splitlines(keepends=True)
    assert len(out) == len(lines)
    for before, after in zip(lines, out):
        a, b = json.loads(before), json.loads(after)
        assert (a["k"], a["n"]) == (b["k"], b["n"])
        assert before[: before.index('"text"')] == after[: after.index('"text"')]  # the bytes before the field


TAG = st.sampled_from(["<i>", "</i>", "<b>", "</b>", "{\\an8}", '<font color="#fff">', "</font>"])


@SETTINGS
@given(cues=st.lists(st.lists(st.one_of(st.sampled_from(URDU), TAG, st.sampled_from(["x", "1", "-", "..."])), min_size=1,
                              max_size=6), min_size=1, max_size=5))
def test_subtitles_keep_every_timing_and_markup_token_in_order(translate, cues):
    doc = "".join(f"{k + 1}\n00:00:{k:02d},000 --> 00:00:{k:02d},900\n{' '.join(words)}\n\n" for k, words in enumerate(cues))
    out = translate(record_format("srt"), doc)
    token = re.compile(r"\{\\[^}]*\}|</?[a-z][^>]*>|\d\d:\d\d:\d\d,\d{3} --> \d\d:\d\d:\d\d,\d{3}")
    assert token.findall(out) == token.findall(doc)
    assert out.count("\n\n") == doc.count("\n\n")


@SETTINGS
@given(parts=st.lists(st.one_of(st.sampled_from(["<p>", "</p>", "<b>", "</b>", '<a href="/x">', "</a>", "<br>", "<!-- c -->", " | "]),
                                st.sampled_from(URDU), NOISE.filter(lambda t: "<" not in t and "&" not in t)), min_size=1, max_size=12))
@example(parts=["لڑکا", '<a href="/x">', "</a>", "لڑکا"])  # an empty link between two Urdu texts: it was dropped
@example(parts=["لڑکا", "<br>", "کتاب"])
def test_html_keeps_every_tag_in_order(translate, parts):
    from translit.formats.html import tokens

    doc = "<div>" + "".join(parts) + "</div>\n"
    out = translate(record_format("html"), doc)
    assert [t for k, t in tokens(out) if k != "text"] == [t for k, t in tokens(doc) if k != "text"]


@SETTINGS
@given(code=NOISE.filter(lambda t: "`" not in t and "\n" not in t and "\r" not in t), target=st.sampled_from(["/a", "http://x.pk/b?c=1"]),
       words=st.lists(st.sampled_from(URDU), min_size=1, max_size=4))
def test_markdown_keeps_code_and_link_targets(translate, code, target, words):
    doc = f"# {' '.join(words)}\n\n{' '.join(words)} `{code}` [{words[0]}]({target})\n\n```\n{' '.join(words)}\n```\n"
    out = translate(record_format("md"), doc)
    assert f"`{code}`" in out and f"]({target})" in out and out.endswith(f"```\n{' '.join(words)}\n```\n")
