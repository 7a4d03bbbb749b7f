"""Dates: Urdu dates with a Gregorian month ("17 جنوری 2025", "جنوری 2025", "17 جنوری") and their
repair in a translation that lost the month.

A small model often keeps a date's numbers but drops or garbles its month: "17 جنوری 2025"
comes out as "17, 2025" or "Putin 17, Moscow". Where the translation has no month name but the
date's day or year is there, the numbers are replaced by the whole date in English ("17 January
2025"); where the numbers stand next to the wrong month, the month is put right. A translation
that has the right month is left alone, and nothing is added where none of the date's numbers
came through.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from translit.text.normalize import ARABIC_LETTERS

MONTHS = {
    "جنوری": "January",
    "فروری": "February",
    "مارچ": "March",
    "اپریل": "April",
    "مئی": "May",
    "مئ": "May",
    "جون": "June",
    "جولائی": "July",
    "جولائ": "July",
    "اگست": "August",
    "ستمبر": "September",
    "اکتوبر": "October",
    "نومبر": "November",
    "دسمبر": "December",
}
_ENGLISH_MONTH = re.compile(
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b\.?"
)
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_DATE = re.compile(
    rf"(?:(?<!\d)(?P<day>[1-9]|[12]\d|3[01])\s*)?(?<![{ARABIC_LETTERS}])(?P<month>{_MONTH})(?![{ARABIC_LETTERS}])"
    rf"(?:\s+(?P<year>\d{{4}})(?!\d))?"
)

_MAX_DATES = 16  # distinct dates of one sentence mended (bounds the work on a crafted text)
_DAY_TO_YEAR = 12  # most characters between a day and a year of the same date ("17 of the month, 2025")


@dataclass(frozen=True)
class UrduDate:
    day: str | None
    month: str  # English
    year: str | None

    @property
    def english(self) -> str:
        return " ".join(p for p in (self.day, self.month, self.year) if p)


def find_dates(text: str) -> list[UrduDate]:
    """Dates in normalised Urdu ``text``: a month name with a day before it or a year after it
    (a bare month name is left out: مارچ is also a march)."""
    out = []
    for m in _DATE.finditer(text):
        if m.group("day") or m.group("year"):
            out.append(UrduDate(m.group("day"), MONTHS[m.group("month")], m.group("year")))
    return out


def _anchors(source: str, translation: str, value: str | None) -> list[re.Match]:
    """Where ``value`` (a date's day or year) stands in the translation, if it is in the source
    only once: a number that also appears elsewhere in the source could be that one."""
    if value is None or len(re.findall(rf"(?<!\d){value}(?!\d)", source)) != 1:
        return []
    return list(re.finditer(rf"(?<![\d.,]){value}(?:st|nd|rd|th)?(?!\d)", translation))


def _widen_to_month(translation: str, start: int, end: int) -> tuple[int, int]:
    """Take in an English month name right before or after the span (the model's wrong month)."""
    window = max(0, start - 40)  # a month name and its spaces: never further back than this
    before = re.search(rf"(?:{_ENGLISH_MONTH.pattern})\s+$", translation[window:start])
    if before is not None:
        start = window + before.start()
    after = re.match(rf"\s+(?:{_ENGLISH_MONTH.pattern})", translation[end:])
    if after is not None:
        end += after.end()
    return start, end


def restore_dates(source: str, translation: str) -> str:
    """Put back the months of ``source``'s dates that ``translation`` lost (see the module)."""
    if not translation:
        return translation
    for date in list(dict.fromkeys(find_dates(source)))[:_MAX_DATES]:
        if any(date.month[:3] == m.group()[:3] for m in _ENGLISH_MONTH.finditer(translation)):
            continue  # the month came through
        anchors = _anchors(source, translation, date.day) + _anchors(source, translation, date.year)
        if not anchors:
            continue
        anchors.sort(key=lambda a: a.start())
        start, end = anchors[0].start(), anchors[0].end()
        if len(anchors) > 1 and anchors[-1].start() - end <= _DAY_TO_YEAR:
            end = anchors[-1].end()
        start, end = _widen_to_month(translation, start, end)
        translation = translation[:start] + date.english + translation[end:]
    return translation
