import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from translit.text.segment import split_paragraphs, split_sentences


def texts(text, lang="ur"):
    return [s.text for s in split_sentences(text, lang)]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("شکریہ۔", ["شکریہ۔"]),
        ("یہ کتاب ہے۔ وہ قلم ہے۔", ["یہ کتاب ہے۔", "وہ قلم ہے۔"]),
        ("کیا آپ آئیں گے؟ ہاں!", ["کیا آپ آئیں گے؟", "ہاں!"]),
        ("ہے۔وہ گیا", ["ہے۔", "وہ گیا"]),  # ۔ glued to the next word still ends the sentence
        ("قیمت 3.5 روپے ہے۔ ٹھیک", ["قیمت 3.5 روپے ہے۔", "ٹھیک"]),
        ("پی۔ایچ۔ڈی کی ڈگری ملی۔ اچھا", ["پی۔ایچ۔ڈی کی ڈگری ملی۔", "اچھا"]),
        ("یہ 500 ق۔م کی بات ہے۔", ["یہ 500 ق۔م کی بات ہے۔"]),
        ("اس نے کہا “چلو۔” پھر گیا۔", ["اس نے کہا “چلو۔”", "پھر گیا۔"]),
        ("پہلی لائن\nدوسری لائن", ["پہلی لائن", "دوسری لائن"]),
        ("اس نے کہا ”چلو۔“ پھر گیا۔", ["اس نے کہا ”چلو۔“", "پھر گیا۔"]),  # right-to-left closing quote
        ("وہ آ گیا ہے- اب چلو", ["وہ آ گیا ہے-", "اب چلو"]),  # hyphen as a full stop
        ("سوچا ۔۔۔ پھر لکھا۔", ["سوچا ۔۔۔ پھر لکھا۔"]),  # ۔۔۔ is an ellipsis
        ("دیکھیں https://example.com/a?b=1. پھر", ["دیکھیں https://example.com/a?b=1.", "پھر"]),
    ],
)
def test_urdu(text, expected):
    assert texts(text) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Dr. Smith went home. He slept.", ["Dr. Smith went home.", "He slept."]),
        ("J. K. Rowling wrote it. Yes!", ["J. K. Rowling wrote it.", "Yes!"]),
        ("It costs 3.5 dollars. Cheap.", ["It costs 3.5 dollars.", "Cheap."]),
        ("Mail a.b@example.org today. Done.", ["Mail a.b@example.org today.", "Done."]),
        ('He said "Stop." Then he left.', ['He said "Stop."', "Then he left."]),
        ("See e.g. the notes. Fine.", ["See e.g. the notes.", "Fine."]),
        ("Wait... what? OK.", ["Wait... what?", "OK."]),
        ("At 10 a.m. we met.", ["At 10 a.m. we met."]),
    ],
)
def test_english(text, expected):
    assert texts(text, "en") == expected


def test_offsets_point_into_the_input():
    text = "  پہلا جملہ۔   دوسرا؟ "
    for s in split_sentences(text):
        assert text[s.start : s.end] == s.text


def test_empty_and_blank():
    assert split_sentences("") == []
    assert split_sentences(" \n\t ") == []


def test_unknown_language():
    with pytest.raises(ValueError):
        split_sentences("x", "fr")


def test_paragraphs_keep_shape():
    text = "پہلا۔ دوسرا۔\n\n  تیسرا\n"
    paras = split_paragraphs(text)
    assert [p.text for p in paras] == ["پہلا۔ دوسرا۔", "تیسرا"]
    assert [s.text for s in paras[0].sentences] == ["پہلا۔", "دوسرا۔"]
    for p in paras:
        assert text[p.start : p.end] == p.text
        for s in p.sentences:
            assert text[s.start : s.end] == s.text


alphabet = st.sampled_from(list("ابپتہھیے ۔؟!?.…\"”')\n abcXY12.@:/") + ["\u06d4", "Dr", "e.g", "www.", "http://"])


@settings(max_examples=500, deadline=None)
@given(st.lists(alphabet, max_size=60).map("".join), st.sampled_from(["ur", "en"]))
def test_lossless(text, lang):
    sentences = split_sentences(text, lang)
    pos = 0
    for s in sentences:
        assert s.start >= pos and s.end > s.start
        assert text[s.start : s.end] == s.text == s.text.strip()
        assert text[pos : s.start].strip() == ""  # only whitespace between sentences
        pos = s.end
    assert text[pos:].strip() == ""


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_lossless_any_text(text):
    covered = "".join("".join(s.text.split()) for s in split_sentences(text))
    assert covered == "".join(text.split())
