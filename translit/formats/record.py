"""A record: the texts to translate in one unit of a file, and how to put it back. Every format
module yields these; the registry (:mod:`translit.formats.records`) sits above them all."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Protocol


@dataclass
class Record:
    """One unit of a file (a line; a CSV record may span lines): ``texts`` to translate, in
    order, and ``rebuild``, which gives the record's text, line end included, with their
    translations in place and every other byte as it was read."""

    texts: list[str]
    rebuild: Callable[[list[str]], str]
    source: str = field(default="", repr=False)  # the record as read


class RecordFormat(Protocol):
    name: str

    def records(self, lines: Iterator[str]) -> Iterator[Record]:
        """Records of ``lines`` (each with its line end)."""

    def units(self, lines: Iterator[str]) -> Iterator[str]:
        """The raw text of each record of ``lines``, as written (to count a partial output's records)."""
