import pytest

from translit.text.dates import UrduDate, find_dates, restore_dates
from translit.text.normalize import normalize


def test_find_dates_needs_a_day_or_a_year():
    assert find_dates("17 جنوری 2025 کو") == [UrduDate("17", "January", "2025")]
    assert find_dates("جنوری 2025 میں") == [UrduDate(None, "January", "2025")]
    assert find_dates("5 مئی کو اور 19مارچ 2020") == [UrduDate("5", "May", None), UrduDate("19", "March", "2020")]
    assert find_dates("لانگ مارچ ہوا") == []  # a march, not March
    assert find_dates(normalize("۱۷ جنوری ۲۰۲۵")) == [UrduDate("17", "January", "2025")]
    assert UrduDate("17", "January", "2025").english == "17 January 2025"


SOURCE = "روسی صدر پوتن 17 جنوری 2025 کو ماسکو میں"


@pytest.mark.parametrize(
    "translation,restored",
    [
        ("Putin 17, Moscow", "Putin 17 January 2025, Moscow"),  # the month and year lost
        ("Putin, Moscow, 17, 2025, Moscow", "Putin, Moscow, 17 January 2025, Moscow"),
        ("Putin on June 17, 2025 in Moscow", "Putin on 17 January 2025 in Moscow"),  # the wrong month
        ("Putin on 17th 2025", "Putin on 17 January 2025"),
        ("Putin on 17 January 2025 in Moscow", "Putin on 17 January 2025 in Moscow"),  # right: untouched
        ("Putin on January 17, 2025", "Putin on January 17, 2025"),
        ("Putin in Moscow", "Putin in Moscow"),  # no number came through: nothing added
        ("", ""),
    ],
)
def test_restore_dates(translation, restored):
    assert restore_dates(SOURCE, translation) == restored


def test_restore_dates_leaves_numbers_the_source_has_twice():
    source = "17 جنوری کو 17 لوگ آئے"
    assert restore_dates(source, "On 17, 17 people came") == "On 17, 17 people came"
    assert restore_dates("جنوری 2020 میں", "in 2020") == "in January 2020"
    assert restore_dates("کوئی تاریخ نہیں", "no date 2020") == "no date 2020"
