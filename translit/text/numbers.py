"""South Asian numbers and times of day, written as English writes them before the model reads them.

Urdu counts in ہزار (thousand), لاکھ (100 000), کروڑ (10 million), ارب (billion) and کھرب (100
billion), with digits or number words before them and the fractions ڈیڑھ (1½), ڈھائی (2½), ساڑھے
(and a half), سوا (and a quarter), پونے (less a quarter): "ڈیڑھ لاکھ", "1.5 کروڑ", "ساڑھے تین ارب".
A small model turns "ایک کروڑ" into "one crew". Such an amount is replaced in the (normalised)
Urdu by its English figure — "150,000", "15 million", "3.5 billion" (``international``) or, as
Pakistani and Indian English papers write, "1.5 lakh", "1.5 crore" (``south-asian``) — which the
model copies through as it copies any number, and the mend stage puts back where it garbles it.

A time of day — صبح (morning), دوپہر (noon to afternoon), سہ پہر (afternoon), شام (evening), رات
(night) with an hour and بجے, and ساڑھے / سوا / پونے for half past, quarter past, quarter to — is
put right in the translation (a mender, :func:`restore_times`): "صبح 6 بجے" → "6 a.m.", "رات ساڑھے
10 بجے" → "10:30 p.m." wherever the model wrote the hour. (Written into the Urdu before the model
reads it, "6 a.m." made the model's sentences worse: "6 A.m. The market opens.") An hour without
its part of the day is left to the model.

Every pattern here is linear (no nested quantifiers); nothing is changed where no scale word or
time word stands, so text without them comes back as it was.
"""

from __future__ import annotations

import re

STYLES = ("international", "south-asian", "off")

UNITS = {
    "ایک": 1, "دو": 2, "تین": 3, "چار": 4, "پانچ": 5, "چھ": 6, "چھے": 6, "سات": 7, "آٹھ": 8, "نو": 9, "دس": 10,
    "گیارہ": 11, "بارہ": 12, "تیرہ": 13, "چودہ": 14, "پندرہ": 15, "سولہ": 16, "سترہ": 17, "اٹھارہ": 18, "انیس": 19,
    "بیس": 20, "پچیس": 25, "تیس": 30, "چالیس": 40, "پچاس": 50, "ساٹھ": 60, "ستر": 70, "اسی": 80, "نوے": 90, "سو": 100,
}
HALVES = {"ڈیڑھ": 1.5, "ڈھائی": 2.5}
SHIFTS = {"ساڑھے": 0.5, "سوا": 0.25, "پونے": -0.25}
SCALES = {"ہزار": 10**3, "لاکھ": 10**5, "کروڑ": 10**7, "ارب": 10**9, "کھرب": 10**11}

_WORDS = "|".join(sorted(UNITS, key=len, reverse=True))
_NUMBER = rf"(?:\d{{1,3}}(?:,\d{{2,3}})+|\d{{1,12}}(?:\.\d{{1,3}})?|{_WORDS})"
_EDGE_BEFORE = r"(?<![\w\u0600-\u06ff])"
_EDGE_AFTER = r"(?![\w\u0600-\u06ff])"
_AMOUNT = re.compile(
    rf"{_EDGE_BEFORE}(?:(?P<half>{'|'.join(HALVES)})|(?:(?P<shift>{'|'.join(SHIFTS)})\s+)?(?P<number>{_NUMBER}))"
    rf"\s+(?P<scale>{'|'.join(SCALES)})(?:\s+(?P<scale2>ہزار|لاکھ|کروڑ|ارب))?"
    rf"(?:\s+(?P<more>\d{{1,3}}|{_WORDS})\s+(?P<more_scale>ہزار|لاکھ|کروڑ))?{_EDGE_AFTER}"  # 10 لاکھ 50 ہزار
)
PARTS = {"صبح": "morning", "دوپہر": "noon", "سہ پہر": "afternoon", "شام": "evening", "رات": "night"}
_TIME = re.compile(
    rf"{_EDGE_BEFORE}(?P<part>{'|'.join(sorted(PARTS, key=len, reverse=True))})\s+(?:کے\s+)?"
    rf"(?:(?P<shift>{'|'.join(SHIFTS)})\s+)?(?P<hour>\d{{1,2}}|{_WORDS})\s+بجے{_EDGE_AFTER}"
)


def _value(number: str) -> float | None:
    if number in UNITS:
        return float(UNITS[number])
    try:
        return float(number.replace(",", ""))
    except ValueError:
        return None


def _plain(value: float) -> str:
    """1.5 → "1.5", 15.0 → "15", 3.25 → "3.25"."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return text


def english_amount(value: float, style: str = "international") -> str:
    """An amount as English writes it: "150,000", "15 million", "3.5 billion"; in the
    ``south-asian`` style "1.5 lakh", "2 crore" (above a crore, still crore: "350 crore")."""
    if style == "south-asian":
        for name, size in (("crore", 10**7), ("lakh", 10**5)):
            if value >= size:
                return f"{_plain(value / size)} {name}"
        return f"{round(value):,}" if value == round(value) else _plain(value)
    for name, size in (("trillion", 10**12), ("billion", 10**9), ("million", 10**6)):
        if value >= size:
            return f"{_plain(value / size)} {name}"
    return f"{round(value):,}" if value == round(value) else _plain(value)


def _amount(match: re.Match, style: str) -> str:
    if match.group("half"):
        value = HALVES[match.group("half")]
    else:
        value = _value(match.group("number"))
        if value is None:
            return match.group()
        if match.group("shift"):
            value += SHIFTS[match.group("shift")]
    value *= SCALES[match.group("scale")]
    if match.group("scale2"):
        value *= SCALES[match.group("scale2")]
    if match.group("more"):
        more = (_value(match.group("more")) or 0) * SCALES[match.group("more_scale")]
        if more >= value:  # not a smaller part of the same amount: two amounts
            return f"{english_amount(value, style)} {english_amount(more, style)}"
        value += more
    return english_amount(value, style)


def _meridiem(part: str, hour: int) -> str:
    if PARTS[part] == "morning":
        return "a.m." if hour != 12 else "p.m."
    if PARTS[part] == "night":
        return "a.m." if hour == 12 or hour <= 4 else "p.m."
    if PARTS[part] == "noon":
        return "p.m." if hour == 12 or hour <= 6 else "a.m."
    return "p.m."


def _clock(match: re.Match) -> tuple[str, str, str] | None:
    """(hour as written in English, the clock time, a.m./p.m.) of a time of day, or None."""
    text = _time(match)
    if text == match.group():
        return None
    clock, meridiem = text.rsplit(" ", 1)
    return clock.split(":")[0], clock, meridiem


# the hour in a translation, with whatever the model put after it for the part of the day
_AFTER_HOUR = r"(?::\d{2})?(?:\s*(?:[aApP]\.?\s?[mM]\b\.?|\.[mM]\.|o'clock))?"


def restore_times(source: str, translation: str) -> str:
    """The times of day of ``source`` (normalised Urdu) right in ``translation``: where the hour
    stands once in the translation, it becomes the clock time with a.m. or p.m. ("The meeting
    will begin 9.m." → "… 9 a.m."; "at 6 p.m." for صبح 6 بجے → "at 6 a.m."). A translation that lost
    the hour is left as it is."""
    if "بجے" not in source or not translation:
        return translation
    for match in list(_TIME.finditer(source))[:8]:
        found = _clock(match)
        if found is None:
            continue
        hour, clock, meridiem = found
        spots = list(re.finditer(rf"(?<![\d:.,]){hour}{_AFTER_HOUR}(?![\d])", translation))
        if len(spots) == 1:
            spot = spots[0]
            translation = translation[: spot.start()] + f"{clock} {meridiem}" + translation[spot.end() :]
    return translation


def _time(match: re.Match) -> str:
    hour_value = _value(match.group("hour"))
    if hour_value is None or not 1 <= hour_value <= 12 or hour_value != int(hour_value):
        return match.group()
    hour, minutes = int(hour_value), 0
    shift = match.group("shift")
    if shift == "ساڑھے":
        minutes = 30
    elif shift == "سوا":
        minutes = 15
    elif shift == "پونے":
        hour, minutes = (hour - 1) or 12, 45
    clock = f"{hour}:{minutes:02d}" if minutes else str(hour)
    return f"{clock} {_meridiem(match.group('part'), int(hour_value))}"


def rewrite_numbers(text: str, style: str = "international") -> str:
    """``text`` (normalised Urdu) with its South Asian amounts in English figures (see the
    module); ``style`` "off" changes nothing."""
    if style == "off" or not text:
        return text
    if style not in STYLES:
        raise ValueError(f"numbers style must be one of {', '.join(STYLES)}, not {style!r}")
    if any(scale in text for scale in SCALES):
        text = _AMOUNT.sub(lambda m: _amount(m, style), text)
    return text
