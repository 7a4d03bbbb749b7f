"""South Asian amounts and times of day (translit.text.numbers): figures a reader can trust."""

import pytest

from translit.text.normalize import normalize
from translit.text.numbers import english_amount, restore_times, rewrite_numbers


@pytest.mark.parametrize("urdu, international, south_asian", [
    ("ایک کروڑ سے زیادہ", "10 million سے زیادہ", "1 crore سے زیادہ"),
    ("ڈیڑھ لاکھ روپے", "150,000 روپے", "1.5 lakh روپے"),
    ("1.5 کروڑ", "15 million", "1.5 crore"),
    ("ساڑھے تین ارب ڈالر", "3.5 billion ڈالر", "350 crore ڈالر"),
    ("ڈھائی ہزار", "2,500", "2,500"),
    ("پونے دو لاکھ", "175,000", "1.75 lakh"),
    ("50 ہزار افراد", "50,000 افراد", "50,000 افراد"),
    ("دو کھرب", "200 billion", "20000 crore"),
    ("10 لاکھ 50 ہزار", "1.05 million", "10.5 lakh"),
    ("2 کروڑ 30 لاکھ", "23 million", "2.3 crore"),
])
def test_amounts_become_english_figures(urdu, international, south_asian):
    assert rewrite_numbers(normalize(urdu)) == international
    assert rewrite_numbers(normalize(urdu), "south-asian") == south_asian


@pytest.mark.parametrize("urdu", ["ہزاروں لوگ آئے", "دو دن بعد", "نو منتخب وزیر", "سو گیا", "کتاب"])
def test_words_that_are_no_amount_stay(urdu):
    assert rewrite_numbers(normalize(urdu)) == normalize(urdu)
    assert rewrite_numbers(normalize("ایک کروڑ"), "off") == normalize("ایک کروڑ")


def test_english_amounts():
    assert english_amount(1.5e7) == "15 million" and english_amount(150_000) == "150,000" and english_amount(3.5e9) == "3.5 billion"
    assert english_amount(1.5e7, "south-asian") == "1.5 crore" and english_amount(99_999, "south-asian") == "99,999"


@pytest.mark.parametrize("urdu, model, fixed", [
    ("اجلاس صبح 9 بجے شروع ہوگا۔", "The meeting will begin 9.m.", "The meeting will begin 9 a.m."),
    ("صبح 6 بجے", "at 6 p.m.", "at 6 a.m."),
    ("وہ رات 10 بجے گھر آیا۔", "He came home at 10 p.m.", "He came home at 10 p.m."),
    ("رات ساڑھے 10 بجے", "at 10 in the night", "at 10:30 p.m. in the night"),
    ("دوپہر 12 بجے", "at 12 o'clock", "at 12 p.m."),
    ("رات 12 بجے", "at 12", "at 12 a.m."),
    ("رات 2 بجے", "at 2", "at 2 a.m."),
    ("پونے 6 بجے شام", "at 6", "at 6"),  # the part of the day after the hour: left to the model
    ("صبح 6 بجے", "The morning opens the market.", "The morning opens the market."),  # no hour: nothing to put right
    ("صبح 6 بجے اور 6 کتابیں", "6 books at 6", "6 books at 6"),  # the hour twice: which one is unknown
])
def test_times_of_day_are_put_right_where_the_hour_came_through(urdu, model, fixed):
    assert restore_times(normalize(urdu), model) == fixed


def test_the_readme_example_reads_ten_million(tiny_model):
    from translit.translate.stages.prepare import prepare
    from translit.glossary import Glossary

    (segment,) = prepare(["شہر کی آبادی ایک کروڑ سے زیادہ ہے۔"], Glossary())
    assert "10 million" in segment.text
    (segment,) = prepare(["شہر کی آبادی ایک کروڑ سے زیادہ ہے۔"], Glossary(), "south-asian")
    assert "1 crore" in segment.text
