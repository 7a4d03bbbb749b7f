"""Record formats without a model: every byte that is not a chosen text comes back as it was."""

import csv
import io
import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from translit.errors import InputError
from translit.formats import detect_format, record_format


def lines(text):
    """Lines as translit reads a file: split after each \n only, line ends kept."""
    return iter([part for part in re.split("(?<=\n)", text) if part])


def rebuild(fmt, text, translate=lambda t: t):
    return "".join(r.rebuild([translate(t) for t in r.texts]) for r in fmt.records(lines(text)))


def texts(fmt, text):
    return [t for r in fmt.records(lines(text)) for t in r.texts]


def test_detected_from_the_extension():
    assert [detect_format(p) for p in ("a.tsv", "b.CSV", "c.jsonl.gz", "d.txt", "-", None)] == ["tsv", "csv", "jsonl", None, None, None]


def test_tsv_keeps_other_columns_and_line_ends():
    text = "id\ttext\tnote\r\nid42\tلاہور\tx\ty\r\nid43\t\"quoted\"\t\n"
    out = rebuild(record_format("tsv", ["text"]), text, lambda t: f"<{t}>")
    assert out == "id\ttext\tnote\r\nid42\t<لاہور>\tx\ty\r\nid43\t<\"quoted\">\t\n"  # a quote is text in TSV
    assert rebuild(record_format("tsv", ["2"]), "a\tb\tc") == "a\tb\tc"  # no line end at the end: none added


def test_csv_quoting_and_multiline_fields():
    fmt = record_format("csv", ["text"])
    text = 'id,text,n\n1,"ایک, دو",3\n2,"دو\nسطریں",4\n3,سادہ,"q""x"\n'
    assert texts(fmt, text) == ["ایک, دو", "دو\nسطریں", "سادہ"]
    out = rebuild(fmt, text, lambda t: 'He said "yes", then left')
    assert list(csv.reader(io.StringIO(out)))[1:] == [["1", 'He said "yes", then left', "3"]] * 1 + [
        ["2", 'He said "yes", then left', "4"], ["3", 'He said "yes", then left', 'q"x']]
    assert out.startswith("id,text,n\n") and out.endswith(',"q""x"\n')


@pytest.mark.parametrize(
    "name,columns,text,message",
    [
        ("csv", ["2"], "a,b\nc\n", "line 2: 1 fields, no column 2"),
        ("csv", ["2"], 'a,"b\nc\n', "line 1: a quoted field is never closed"),
        ("csv", ["2"], 'a,"b"c\n', "line 1: a character after a closing quote"),
        ("csv", ["text"], "id,body\n1,x\n", "no column named 'text' in the header"),
        ("tsv", [], "a\tb\n", "say which column to translate"),
        ("tsv", ["0"], "a\tb\n", "columns count from 1"),
    ],
)
def test_bad_delimited_input(name, columns, text, message):
    with pytest.raises(InputError, match=message):
        rebuild(record_format(name, columns), text)


def test_jsonl_rewrites_only_the_chosen_strings():
    fmt = record_format("jsonl", fields=["text", "meta.title", "pars"])
    line = '{"id": 1,  "text": "سلام", "meta": {"title": "عنوان", "n": null}, "pars": ["ا", "ب"], "x": "\\u00e9"}\n'
    out = rebuild(fmt, line + '{"id":2}\n\n', lambda t: f'"{t}"')
    first = out.splitlines()[0]
    assert first == '{"id": 1,  "text": "\\"سلام\\"", "meta": {"title": "\\"عنوان\\"", "n": null}, "pars": ["\\"ا\\"", "\\"ب\\""], "x": "\\u00e9"}'
    assert json.loads(first)["pars"] == ['"ا"', '"ب"'] and out.endswith('{"id":2}\n\n')


@pytest.mark.parametrize(
    "line,message",
    [('{"text": 3}', "line 1: field text is not a string"), ('{"text": "a"', "line 1: not valid JSON"), ('[1] x', "not valid JSON")],
)
def test_bad_jsonl(line, message):
    with pytest.raises(InputError, match=message):
        rebuild(record_format("jsonl", fields=["text"]), line + "\n")


cell = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r"), max_size=12)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(cell, min_size=3, max_size=3), min_size=1, max_size=6), st.sampled_from(["\n", "\r\n"]))
def test_csv_round_trip_and_only_the_column_changes(rows, end):
    out = io.StringIO()
    csv.writer(out, lineterminator=end).writerows(rows)
    text = out.getvalue()
    fmt = record_format("csv", ["2"])
    assert rebuild(fmt, text) == text  # nothing translated: the very same bytes
    changed = list(csv.reader(io.StringIO(rebuild(record_format("csv", ["2"]), text, lambda t: t + "!"))))
    assert [[a, c] for a, _, c in changed] == [[a, c] for a, _, c in rows]
    assert [b for _, b, _ in changed] == [b + "!" for _, b, _ in rows]


tsv_cell = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\t\n\r"), max_size=12)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(tsv_cell, min_size=2, max_size=4), min_size=1, max_size=6))
def test_tsv_round_trip(rows):
    text = "".join("\t".join(r) + "\n" for r in rows)
    assert rebuild(record_format("tsv", ["1"]), text, lambda t: t) == text
    out = rebuild(record_format("tsv", ["1"]), text, lambda t: "X")
    assert [line.split("\t")[1:] for line in out.split("\n")[:-1]] == [r[1:] for r in rows]


json_value = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda kids: st.lists(kids, max_size=3) | st.dictionaries(st.text(max_size=4), kids, max_size=3),
    max_leaves=8,
)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.text(max_size=4), json_value, max_size=4), st.text(max_size=10), st.booleans())
def test_jsonl_other_fields_untouched(obj, text, ascii_escapes):
    from translit.util.jsonl import json_line

    obj = dict(obj, text=text)
    line = json.dumps(obj, ensure_ascii=ascii_escapes) + "\n"
    fmt = record_format("jsonl", fields=["text"])
    # the chosen string may come back written as translit writes JSON; every other byte as it was
    template = json.dumps(dict(obj, text="@@SENTINEL@@"), ensure_ascii=ascii_escapes) + "\n"
    assert rebuild(fmt, line) in (line, template.replace('"@@SENTINEL@@"', json_line(text)))
    out = json.loads(rebuild(record_format("jsonl", fields=["text"]), line, lambda t: "T"))
    assert out == dict(obj, text="T")


SRT = (
    "1\r\n00:00:01,000 --> 00:00:03,000\r\nوزیر اعظم نے کہا\r\nکہ ملک\r\n\r\n"
    "2\r\n00:00:03,500 --> 00:00:05,000\r\nترقی کرے گا۔\r\n\r\n"
    "3\r\n00:00:06,000 --> 00:00:07,000\r\nشکریہ۔\r\n\r\n"
)


def test_srt_sentence_across_cues_translated_whole_and_shared_out():
    fmt = record_format("srt")
    assert texts(fmt, SRT) == ["وزیر اعظم نے کہا کہ ملک ترقی کرے گا۔", "شکریہ۔"]
    assert list(fmt.sizes(lines(SRT))) == [2, 1]
    english = "The Prime Minister said that the country will progress and develop its economy."
    out = rebuild(fmt, SRT, lambda t: english if "ملک" in t else "Thank you.")
    cues = out.split("\r\n\r\n")
    assert [c.split("\r\n")[:2] for c in cues[:3]] == [[str(k), t] for k, t in
                                                     zip((1, 2, 3), ("00:00:01,000 --> 00:00:03,000", "00:00:03,500 --> 00:00:05,000", "00:00:06,000 --> 00:00:07,000"))]
    first, second = (" ".join(c.split("\r\n")[2:]) for c in cues[:2])
    assert f"{first} {second}" == english and first and second  # shared out, in order, at spaces
    assert len(cues[0].split("\r\n")) == 4  # two text lines, as the Urdu had
    assert cues[2].endswith("Thank you.") and out.endswith("\r\n\r\n")


def test_vtt_header_notes_and_settings_kept():
    vtt = "WEBVTT\n\nNOTE made by hand\n\n00:01.000 --> 00:02.000 align:start\nشکریہ۔\n\nid-2\n00:02.500 --> 00:03.000\nلڑکا۔\n"
    out = rebuild(record_format("vtt"), vtt, lambda t: "EN")
    assert out == "WEBVTT\n\nNOTE made by hand\n\n00:01.000 --> 00:02.000 align:start\nEN\n\nid-2\n00:02.500 --> 00:03.000\nEN\n"


def test_bad_subtitles():
    with pytest.raises(InputError, match="line 1: a cue without a timing line"):
        rebuild(record_format("srt"), "1\nno timing\nشکریہ\n")
    with pytest.raises(InputError, match="--column and --field are not for it"):
        record_format("srt", ["2"])


def test_wrap_and_share():
    from translit.formats.subtitles import share, wrap

    assert wrap("short", 2) == ["short"]
    two = wrap("The Prime Minister said that the country will progress soon", 2)
    assert len(two) == 2 and " ".join(two) == "The Prime Minister said that the country will progress soon"
    assert abs(len(two[0]) - len(two[1])) < 15
    assert share("a b c d e f", [1, 1, 1]) == ["a b", "c d", "e f"]
    assert share("a b", [5, 5, 5]) == ["a", "…", "b"]  # fewer words than cues: never an empty cue


MD = """# عنوان

پہلی سطر
دوسری سطر، دیکھیں [ربط](https://a.example/x_(y)) اور `کوڈ`۔

- نکتہ
  1. اندرونی

```
x = "لاہور"

y = 2
```

| شہر | آبادی |
|---|---|
| لاہور | 13 |
"""


def test_markdown_structure_kept_and_prose_translated():
    fmt = record_format("md")
    assert texts(fmt, MD) == ["عنوان", "پہلی سطر دوسری سطر، دیکھیں", "ربط", "اور", "۔", "نکتہ", "اندرونی", "شہر", "آبادی", "لاہور", "13"]
    out = rebuild(fmt, MD, lambda t: f"<{t}>")
    assert out.startswith("# <عنوان>\n\n<پہلی سطر دوسری سطر، دیکھیں> [<ربط>](https://a.example/x_(y)) <اور> `کوڈ`<۔>\n\n")
    assert "- <نکتہ>\n  1. <اندرونی>\n" in out
    assert '```\nx = "لاہور"\n\ny = 2\n```\n' in out  # code, blank line and all, untouched
    assert "| <شہر> | <آبادی> |\n|---|---|\n| <لاہور> | <13> |\n" in out
    assert rebuild(fmt, MD) != MD  # paragraph lines are joined: the structure, not the wrapping, is kept
    assert len(list(fmt.units(lines(MD + "\n")))) == 5  # blocks a resumed job counts (the code block is one)


HTML = """<!DOCTYPE html>
<html lang="ur" dir='rtl'><head><title>لاہور</title><style>p{x:1}</style>
<script>var s = "<p>لاہور</p>";</script></head>
<body><!-- تبصرہ --><p class="a">English &amp; only.</p>
<p>لڑکا <b>کتاب</b> پڑھتا ہے &amp; خوش ہے۔</p><pre>لاہور</pre><p>ٹوٹا <i>ہوا
</body></html>"""


def test_html_markup_kept_text_translated():
    from translit.formats.html import tokens

    fmt = record_format("html")
    # entities decoded; a block with several Urdu text nodes also sends each node alone (its
    # fallback, where sharing out the block's English would leave a node empty)
    assert texts(fmt, HTML) == ["لاہور", "لڑکا کتاب پڑھتا ہے & خوش ہے۔", "لڑکا", "کتاب", "پڑھتا ہے & خوش ہے۔", "ٹوٹا ہوا", "ٹوٹا", "ہوا"]
    english = {"لاہور": "Lahore", "لڑکا کتاب پڑھتا ہے & خوش ہے۔": "The boy reads a book & is happy.", "ٹوٹا ہوا": "broken",
               "لڑکا": "boy", "کتاب": "book", "پڑھتا ہے & خوش ہے۔": "reads & is happy.", "ٹوٹا": "broken", "ہوا": "happened"}
    out = rebuild(fmt, HTML, english.get)
    assert out.startswith('<!DOCTYPE html>\n<html lang="en" dir=\'ltr\'><head><title>Lahore</title><style>p{x:1}</style>')
    assert '<script>var s = "<p>لاہور</p>";</script>' in out and "<!-- تبصرہ -->" in out and "<pre>لاہور</pre>" in out
    assert '<p class="a">English &amp; only.</p>' in out  # no Urdu: byte for byte
    block = out[out.index("<p>The") : out.index("</p><pre>")]
    assert block.count("<b>") == 1 and block.count("</b>") == 1 and "&amp;" in block
    assert " ".join(re.sub("<[^>]+>", " ", block).split()) == "The boy reads a book &amp; is happy."
    assert out.endswith("</body></html>") and "<i>" in out  # broken markup tolerated, nothing lost
    kinds = [k for k, _ in tokens(HTML)]
    assert "".join(t for _, t in tokens(HTML)) == HTML and kinds.count("keep") == 5


def test_monotone_owners_follow_the_links_in_order():
    from translit.formats.placement import monotone_owners

    # target words 0..3; node 0 links to words 0-1, node 1 to word 3, word 2 unlinked
    assert monotone_owners([[1, 0], [1, 0], [0, 0], [0, 1]]) == [0, 0, 0, 1]
    # a link that would go back (word 2 to node 0 after word 1 went to node 1) is outvoted
    assert monotone_owners([[1, 0], [0, 2], [1, 0], [0, 1]]) == [0, 1, 1, 1]
    assert monotone_owners([]) == []


html_soup = st.lists(st.sampled_from(
    list("<>/=\"' abp!-&;") + ["<b>", "</b>", "<p>", "</p>", "<a href='x'>", "</a>", "لڑکا", "کتاب ", "<!--", "-->",
                             "<br/>", "&amp;", "<script>", "</script>", '<div dir="rtl">', "</div>"]), max_size=30).map("".join)


@settings(max_examples=300, deadline=None)
@given(html_soup)
def test_html_any_soup_keeps_its_markup(doc):
    """Any text cuts into tokens that give it back; translated, the comments, raw elements and
    block tags come back in order, and no inline tag appears that the input did not have."""
    from translit.formats.html import _is_block, tokens

    assert "".join(t for _, t in tokens(doc)) == doc
    out = rebuild(record_format("html"), doc, lambda t: "EN words")

    def fixed(toks):
        return [(k, t) for k, t in toks if k == "keep" or (k == "tag" and _is_block(t))]

    switched = [(k, t.replace('dir="rtl"', 'dir="ltr"') if k == "tag" else t) for k, t in fixed(tokens(doc))]
    assert fixed(tokens(out)) == switched
    assert {t for k, t in tokens(out) if k == "tag"} <= {t.replace('dir="rtl"', 'dir="ltr"') for k, t in tokens(doc) if k == "tag"}


def test_long_cue_english_wraps_to_readable_lines():
    srt = "1\n00:00:01,000 --> 00:00:04,000\nایک لمبی سطر۔\n\n"
    english = "This is a much longer English sentence than the short Urdu line it comes from."
    lines = rebuild(record_format("srt"), srt, lambda t: english).split("\n")[2:-2]
    assert len(lines) == 2 and all(len(line) <= 45 for line in lines) and " ".join(lines) == english
