"""Alignment error rate of word links against a hand-checked gold set with sure and possible
links (Och & Ney 2003): ``AER = 1 − (|A∩S| + |A∩P|) / (|A| + |S|)``, with ``S ⊆ P``.

A gold file (``benchmarks/gold/word_links.tsv``) names sentence pairs by test set and line and
holds only the links; the sentences come from the dev sets at run time, and each link is checked
against the words there, so a gold file that no longer matches its sentences fails loudly.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from translit.errors import InputError

Link = tuple[int, int]


@dataclass(frozen=True)
class GoldPair:
    testset: str
    line: int
    ur: str
    en: str
    sure: frozenset[Link]
    possible: frozenset[Link]  # sure links included


def _links(field: str, where: str) -> tuple[set[Link], set[Link]]:
    sure, possible = set(), set()
    for token in field.split():
        sep = "-" if "-" in token else "?"
        try:
            i, j = (int(x) for x in token.split(sep))
        except ValueError:
            raise InputError(f"{where}: not a link: {token!r} (i-j sure, i?j possible)") from None
        (sure if sep == "-" else possible).add((i, j))
    return sure, possible | sure


def load_gold(path: Path, evalsets: Path | None = None) -> list[GoldPair]:
    """The gold pairs of ``path`` with their sentences read from the test sets."""
    from translit.datasets import load_testset
    from translit.text.normalize import normalize

    sets: dict[str, tuple[list[str], list[str]]] = {}
    pairs = []
    for number, row in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not row.strip() or row.startswith("#"):
            continue
        where = f"{path}:{number}"
        try:
            name, line, field = row.split("\t")
        except ValueError:
            raise InputError(f"{where}: expected 3 tab-separated columns (test set, line, links)") from None
        if name not in sets:
            sets[name] = load_testset(name, evalsets)[1:]
        ur, en = sets[name][0][int(line)], sets[name][1][int(line)]
        sure, possible = _links(field, where)
        n_ur, n_en = len(normalize(ur).split()), len(en.split())
        bad = [link for link in possible if not (0 <= link[0] < n_ur and 0 <= link[1] < n_en)]
        if bad:
            raise InputError(f"{where}: link {bad[0][0]}-{bad[0][1]} outside the pair ({n_ur} Urdu, {n_en} English words)")
        pairs.append(GoldPair(name, int(line), ur, en, frozenset(sure), frozenset(possible)))
    return pairs


def aer(predicted: list[set[Link]], gold: list[GoldPair]) -> dict:
    """Pooled precision (against possible), recall (against sure) and AER of predicted links."""
    a = s = a_s = a_p = 0
    for links, g in zip(predicted, gold, strict=True):
        links = set(links)
        a += len(links)
        s += len(g.sure)
        a_s += len(links & g.sure)
        a_p += len(links & g.possible)
    return {
        "pairs": len(gold), "links": a, "sure": s,
        "precision": round(a_p / a, 4) if a else 0.0, "recall": round(a_s / s, 4) if s else 0.0,
        "aer": round(1 - (a_s + a_p) / (a + s), 4) if a + s else 0.0,
    }
