"""Hostile inputs: every parser and pattern that reads untrusted text, fed the repetitive inputs
that make a careless one super-linear ("ب۔" a million times, a million dots, "[" or "<script>"
without end), timed at a given size. ``benchmarks/hostile.py`` runs them at 1 MB each (target:
at least 0.5 MB/s each); the tests run them small and check that doubling the input at most
about doubles the time."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass


@dataclass
class HostileResult:
    name: str
    bytes: int  # of the input in UTF-8, as a file holds it
    seconds: float

    @property
    def mb_per_s(self) -> float:
        return self.bytes / 1e6 / max(self.seconds, 1e-9)


def _repeat(unit: str, size: int) -> str:
    """``unit`` repeated to about ``size`` bytes of UTF-8."""
    return unit * max(1, size // len(unit.encode("utf-8")))


def _split_ur(text: str) -> None:
    from translit.text.segment import split_sentences

    split_sentences(text, "ur")


def _split_en(text: str) -> None:
    from translit.text.segment import split_sentences

    split_sentences(text, "en")


def _normalize(text: str) -> None:
    from translit.text.normalize import normalize

    normalize(text)


def _numbers(text: str) -> None:
    from translit.text.numbers import rewrite_numbers

    rewrite_numbers(text)


def _clauses(text: str) -> None:
    from translit.text.clauses import split_clauses

    split_clauses(text)


def _protect(text: str) -> None:
    from translit.text.protect import protected_spans

    protected_spans(text)


def _mend(text: str) -> None:
    """The mend stage with the hostile text as both the source and the model's output."""
    from translit.translate.records import Segment
    from translit.translate.stages.mend import mend

    mend(Segment(text, []), text)


def _mend_garbled(text: str) -> None:
    """The mend stage where the source holds an address the output lacks (the look-alike search)."""
    from translit.translate.records import Segment
    from translit.translate.stages.mend import mend

    mend(Segment("www.example.pk info@example.pk 1673", []), text)


def _mend_numbers(text: str) -> None:
    """The mend stage where source and output hold thousands of spans, none copied right."""
    from translit.translate.records import Segment
    from translit.translate.stages.mend import mend

    mend(Segment(text, []), text.replace("1", "7").replace("A", "E"))


def _records(fmt: str) -> Callable[[str], None]:
    def parse(text: str) -> None:
        from translit.formats.records import record_format

        lines = iter(text.splitlines(keepends=True))
        for record in record_format(fmt).records(lines):
            record.rebuild(list(record.texts))

    parse.__name__ = f"records_{fmt}"
    return parse


# (name, repeated unit, function under test)
CASES: list[tuple[str, str, Callable[[str], None]]] = [
    ("split ur: 'ب۔'", "ب۔", _split_ur),
    ("split ur: '.'", ".", _split_ur),
    ("split en: '.'", ".", _split_en),
    ("split ur: '@.'", "a.", _split_ur),
    ("split ur: 'www.'", "www.", _split_ur),
    ("split ur: '۔۔۔ب'", "۔۔۔ب", _split_ur),
    ("split ur: one word", "ب", _split_ur),
    ("normalize: 'ب۔'", "ب۔", _normalize),
    ("normalize: '%'", "%", _normalize),
    ("clauses: '،ب'", "،ب", _clauses),
    ("numbers: 'ایک کروڑ '", "ایک کروڑ ", _numbers),
    ("numbers: '1 لاکھ 2 '", "1 لاکھ 2 ", _numbers),
    ("mend: times 'صبح 6 بجے '", "صبح 6 بجے ", _mend),
    ("protect: '.'", ".", _protect),
    ("protect: 'a.'", "a.", _protect),
    ("protect: '1.'", "1.", _protect),
    ("mend: one Urdu word", "ب", _mend),
    ("mend: '.'", ".", _mend),
    ("mend: look-alikes 'w.'", "w.", _mend_garbled),
    ("mend: look-alikes 'a@'", "a@", _mend_garbled),
    ("mend: numbers '12 '", "12 ", _mend_numbers),
    ("mend: names 'Ali '", "Ali ", _mend_numbers),
    ("mend: dates '12 جنوری 2024 '", "12 جنوری 2024 ", _mend),
    ("mend: dates '12 January '", "12 January 2024 ", _mend_numbers),
    ("markdown: '['", "[", _records("md")),
    ("markdown: '[ب]('", "[ب](", _records("md")),
    ("markdown: '`'", "`", _records("md")),
    ("html: '<script>'", "<script>", _records("html")),
    ("html: '<'", "<", _records("html")),
    ("html: '<b>ب'", "<b>ب", _records("html")),
    ("html: '<!--'", "<!--", _records("html")),
    ("srt: '00:00:01,000 --> '", "00:00:01,000 --> ", _records("srt")),
    ("csv: '\"'", '"', _records("csv")),
    ("jsonl: '['", "[", _records("jsonl")),
]


def run_case(name: str, unit: str, fn: Callable[[str], None], size: int) -> HostileResult:
    """Time one case on an input of about ``size`` characters. A case may refuse its input with
    translit's own one-line error (too deep, not valid): that is a fine answer, timed too."""
    from translit.errors import TranslitError

    text = _repeat(unit, size)
    start = time.perf_counter()
    try:
        fn(text)
    except TranslitError:
        pass
    return HostileResult(name, len(text.encode("utf-8")), time.perf_counter() - start)


def run_all(size: int, only: str | None = None) -> Iterator[HostileResult]:
    """Every case (or those whose name contains ``only``) at about ``size`` characters."""
    for name, unit, fn in CASES:
        if only is None or only in name:
            yield run_case(name, unit, fn, size)
