import pytest

from translit.text.protect import protected_spans, restore_protected


def test_spans():
    text = "ملاحظہ کریں www.example.pk یا a.b@x.org پر، S-400 اور 17 جنوری 2025"
    assert protected_spans(text) == [
        ("url", "www.example.pk"),
        ("email", "a.b@x.org"),
        ("latin", "S-400"),
        ("number", "17"),
        ("number", "2025"),
    ]


@pytest.mark.parametrize(
    "source,translation,expected",
    [
        ("بادشاہی مسجد 1673 میں بنی", "The mosque was built in 1637", "The mosque was built in 1673"),
        ("دیکھیں www.example.pk", "See www.exmple.pk", "See www.example.pk"),
        # garbled so far that it no longer reads as an address
        ("دیکھیں www.example.pk۔ شکریہ۔", "See ww.example.pk for more. Thanks.", "See www.example.pk for more. Thanks."),
        ("لکھیں info@example.pk پر", "Write to info@example", "Write to info@example.pk"),
        ("دیکھیں www.example.pk", "See the example. Thanks.", "See the example. Thanks."),  # no look-alike
        ("S-400 نظام", "The S-300 system", "The S-400 system"),
        ("روس اور ایران", "Russia and Iran", "Russia and Iran"),  # nothing protected
        ("2025 میں", "In 2025", "In 2025"),  # already there
        ("2025 میں", "Last year", "Last year"),  # no look-alike: nothing invented
    ],
)
def test_restore(source, translation, expected):
    assert restore_protected(source, translation) == expected


def test_two_numbers_both_kept():
    assert restore_protected("20 سالہ معاہدہ 17 جنوری", "A 20-year treaty on January 71") == "A 20-year treaty on January 17"
