"""How one text of a record (a cell, a field, a cue) goes to the model and comes back.

- A text without Urdu letters is not translated: it comes back byte for byte (a number, a code,
  an English cell, a line of ``x`` with line breaks in it).
- A text of several lines (a CSV cell with quoted line breaks) keeps its line breaks where its
  sentences allow: its lines are cut into runs that end a sentence (or a line without Urdu, or
  an empty one), each run is translated as one text and comes back on a line of its own, with
  the line end it had. A sentence that runs across a line break is translated whole, on the
  first of its lines.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from translit.text.normalize import ARABIC_LETTERS
from translit.text.segment import CLOSERS, STOPS

_URDU = re.compile(f"[{ARABIC_LETTERS}]")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\n|\r)|[^\r\n]+$")


def has_urdu(text: str) -> bool:
    return _URDU.search(text) is not None


def plan(text: str) -> tuple[list[str], Callable[[list[str]], str]]:
    """(what to translate, how to put the translations back) for one text of a record."""
    if not has_urdu(text):
        return [], lambda _: text
    if "\n" not in text and "\r" not in text:
        return [text], lambda translations: translations[0]
    lines = _LINE.findall(text)
    runs: list[list[str]] = []  # lines; a run's translation takes its first line's place
    open_run = False
    for line in lines:
        body = line.rstrip("\r\n")
        urdu = has_urdu(body)
        if open_run and urdu:
            runs[-1].append(line)
        else:
            runs.append([line])
        open_run = urdu and not body.rstrip().rstrip(CLOSERS).endswith(tuple(STOPS))
    wanted = [" ".join(line.strip() for line in run) for run in runs if has_urdu(run[0])]

    def rebuild(translations: list[str]) -> str:
        if translations == wanted:  # nothing changed: the text as it was, spacing and all
            return text
        it = iter(translations)
        out = []
        for run in runs:
            if not has_urdu(run[0]):
                out.append(run[0])
                continue
            first, last = run[0], run[-1]
            lead = first[: len(first) - len(first.lstrip())]
            out.append(lead + next(it) + last[len(last.rstrip("\r\n")) :])
        return "".join(out)

    return wanted, rebuild
