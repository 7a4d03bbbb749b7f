"""Names and numbers kept: how many of the reference's names and numbers the translation holds.

BLEU and chrF++ barely move when a name is lost (one word of thirty), yet a lost or garbled name
is what a reader of a news translation notices first. This metric counts, per sentence, the
reference's names (capitalised words that do not start the sentence: "Lahore", "Sharif", "WHO")
and numbers (digit runs, thousands separators dropped: "1,200" and "1200" are the same) that the
hypothesis holds too, exactly (case included), each as often as the reference has it. No list
of names is involved, so it measures what the model does on its own, glossary or not.

The names are a heuristic (a capitalised word after a colon or a quote may be an ordinary word;
a lower-case name is missed); both systems of a comparison are counted the same way, which is
what a comparison needs. The signature names the rules.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

VERSION = "1"
SIGNATURE = f"kept|names:capitalised-not-first|numbers:digits-no-separators|case:exact|v:{VERSION}"

_WORD = re.compile(r"[^\W\d_][\w'’.-]*|\d+(?:[.,:/]\d+)*", re.UNICODE)
_ENDS = frozenset('.!?:;"“”«»()[]')  # what may come before a word that starts a sentence
_ALWAYS_UPPER = frozenset({"I", "I'm", "I've", "I'll", "I'd", "OK"})


@dataclass
class KeptScore:
    """Names and numbers of the references, and how many of each the hypotheses kept."""

    names: int
    names_kept: int
    numbers: int
    numbers_kept: int
    signature: str = SIGNATURE

    @property
    def names_recall(self) -> float:
        return round(self.names_kept / self.names, 4) if self.names else 0.0

    @property
    def numbers_recall(self) -> float:
        return round(self.numbers_kept / self.numbers, 4) if self.numbers else 0.0

    @property
    def recall(self) -> float:
        """Names and numbers together."""
        total = self.names + self.numbers
        return round((self.names_kept + self.numbers_kept) / total, 4) if total else 0.0


def _number(token: str) -> str:
    return token.replace(",", "")


def _clean(token: str) -> str:
    """A word without its possessive or a full stop after it ("Pakistan's" → "Pakistan")."""
    for suffix in ("'s", "’s"):
        if token.endswith(suffix):
            token = token[: -len(suffix)]
    return token.rstrip(".'’-")


def items(text: str, first_too: bool = False) -> tuple[Counter, Counter]:
    """(names, numbers) of an English text. A capitalised word that starts the text or follows
    an end of sentence is no name, unless ``first_too`` (a hypothesis: the name may start it)."""
    names: Counter = Counter()
    numbers: Counter = Counter()
    for match in _WORD.finditer(text):
        token = match.group()
        if token[0].isdigit():
            numbers[_number(token)] += 1
            continue
        word = _clean(token)
        if not word or not word[0].isupper() or word in _ALWAYS_UPPER:
            continue
        before = text[: match.start()].rstrip()
        if first_too or (before and before[-1] not in _ENDS):
            names[word] += 1
    return names, numbers


def _found(wanted: Counter, have: Counter) -> int:
    return sum(min(n, have[k]) for k, n in wanted.items())


def per_line(hypotheses: list[str], references: list[str]) -> list[tuple[int, int, int, int]]:
    """(names, names kept, numbers, numbers kept) of each line."""
    if len(hypotheses) != len(references):
        raise ValueError(f"{len(hypotheses)} hypotheses but {len(references)} references")
    rows = []
    for hyp, ref in zip(hypotheses, references):
        ref_names, ref_numbers = items(ref)
        hyp_names, hyp_numbers = items(hyp, first_too=True)
        rows.append((sum(ref_names.values()), _found(ref_names, hyp_names), sum(ref_numbers.values()), _found(ref_numbers, hyp_numbers)))
    return rows


def kept(hypotheses: list[str], references: list[str]) -> KeptScore:
    """How many of the references' names and numbers the hypotheses hold (line by line)."""
    rows = per_line(hypotheses, references)
    return KeptScore(*(sum(row[k] for row in rows) for k in range(4)))


def paired_bootstrap(baseline: list[str], system: list[str], references: list[str], samples: int = 1000,
                     seed: int = 12345) -> tuple[float, float, float]:
    """(baseline share, system share, p): names and numbers kept together, and the share of
    resamplings of the lines in which the system keeps no more than the baseline (one-sided)."""
    import random

    base, other = per_line(baseline, references), per_line(system, references)

    def share(rows, idx) -> float:
        total = sum(rows[i][0] + rows[i][2] for i in idx)
        return (sum(rows[i][1] + rows[i][3] for i in idx) / total) if total else 0.0

    rng = random.Random(seed)
    n = len(references)
    worse = 0
    for _ in range(samples):
        idx = [rng.randrange(n) for _ in range(n)]
        worse += share(other, idx) <= share(base, idx)
    everything = range(n)
    return round(100 * share(base, everything), 2), round(100 * share(other, everything), 2), (worse + 1) / (samples + 1)
