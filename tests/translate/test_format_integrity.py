"""Bytes that are not Urdu text come back as they were (issue 38, items 8–10): links of a menu
keep their text, cue markup and timings come back in order, dialogue cues keep their lines, and
a timing line inside a cue's text is an error that names it."""

import re
import subprocess
import sys

import pytest


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "translit", "translate", *args], capture_output=True, text=True, timeout=120)


def test_every_link_of_a_menu_keeps_english_inside_it(tiny_model, tmp_path):
    page = tmp_path / "nav.html"
    page.write_text('<nav><a href="/">لڑکا</a> | <a href="/about">کتاب ہے</a></nav>\n', encoding="utf-8")
    done = _cli(str(page), "--model", str(tiny_model))
    assert done.returncode == 0, done.stderr
    links = re.findall(r'<a href="[^"]*">([^<]*)</a>', done.stdout)
    assert len(links) == 2 and all(text.strip() for text in links), done.stdout
    assert re.search(r"</a> \| <a", done.stdout), done.stdout  # the separator stays between the links


SRT = """1
00:00:01,000 --> 00:00:02,000
{\\an8}لڑکا ہے۔

2
00:00:02,000 --> 00:00:03,000
<font color="#ffff00">کتاب</font> ہے۔

3
00:00:03,000 --> 00:00:04,000
<b>لڑکا</b> <i>کتاب ہے۔</i>

4
00:00:04,000 --> 00:00:05,000
- لڑکا ہے۔
- کتاب ہے۔
"""


def test_cue_markup_and_timings_come_back_in_order_and_dialogue_keeps_its_lines(tiny_model, tmp_path):
    src = tmp_path / "in.srt"
    src.write_text(SRT, encoding="utf-8")
    done = _cli(str(src), "--model", str(tiny_model))
    assert done.returncode == 0, done.stderr
    markup = re.compile(r"\{\\[^}]*\}|</?[a-z][^>]*>|\d\d:\d\d:\d\d,\d{3} --> \d\d:\d\d:\d\d,\d{3}")
    assert markup.findall(done.stdout) == markup.findall(SRT)
    assert not re.search("[\u0600-\u06ff]", done.stdout)
    last = done.stdout.rstrip("\n").split("\n\n")[-1].split("\n")
    assert len(last) == 4 and last[2].startswith("- ") and last[3].startswith("- ")


def test_a_vtt_voice_tag_stays_in_its_cue(tiny_model, tmp_path):
    src = tmp_path / "in.vtt"
    src.write_text("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Ahmed>لڑکا ہے۔</v>\n\n00:00:02.000 --> 00:00:03.000\nکتاب ہے۔\n",
                   encoding="utf-8")
    done = _cli(str(src), "--model", str(tiny_model))
    cues = done.stdout.split("\n\n")
    assert cues[1].split("\n")[1].startswith("<v Ahmed>") and cues[1].rstrip().endswith("</v>") and "</v>" not in cues[2]


@pytest.mark.parametrize("text", [
    "1\n00:00:01,000 --> 00:00:02,000\nلڑکا ہے\n2\n00:00:03,000 --> 00:00:04,000\nکتاب؟\n",
])
def test_a_timing_line_inside_a_cue_is_an_error_naming_it(tiny_model, tmp_path, text):
    src = tmp_path / "in.srt"
    src.write_text(text, encoding="utf-8")
    done = _cli(str(src), "--model", str(tiny_model))
    assert done.returncode == 1 and "line 5: a timing line inside a cue's text" in done.stderr


def test_text_the_model_dropped_is_reported_not_lost_silently():
    """"<em>50 روپے</em>" came back "<em>50.</em>": a text whose translation kept no word is listed."""
    from translit.formats.records import record_format
    from translit.translate.jobs import translated_records
    from translit.translate.options import DecodingOptions
    from translit.translate.records import LineTranslation

    def drops_words(texts, options=None, start=0):
        for k, text in enumerate(texts):
            english = "50." if "روپے" in text else "Lahore."
            yield LineTranslation(start + k, text, english, [])

    dropped: list[str] = []
    doc = "<p><em>50 روپے</em></p>\n<p>لاہور</p>\n"
    out = "".join(text for text, *_ in translated_records(drops_words, record_format("html").records(iter([doc])),
                                                            DecodingOptions(), dropped=dropped))
    assert "<em>50.</em>" in out and dropped == ["50 روپے"]
