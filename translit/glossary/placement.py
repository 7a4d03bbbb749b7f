"""Where a glossary term the model left out goes back in.

Sometimes the model drops a term's English altogether (a name in a long sentence, "... its
Iranian we have signed ..."), so there is no garbled copy for :func:`restore_terms` to mend. The
translator then decodes the segment again with a prefix forced on the decoder: the first words of
its translation and the term, and lets the model go on from there. These functions choose which
first words: the decoder's attention over the source says where each target word came from, and
the term fits at a word boundary with few words on the wrong side of it (a word before the term
that came from source after it, or the other way round). Attention is a rough guide, so the
translator tries the few best boundaries and keeps the continuation the model scores highest
(mean log-probability of the whole translation).
"""

from __future__ import annotations

from translit.glossary import Term, restore_terms, term_count
from translit.text.pieces import word_groups

__all__ = ["word_groups", "word_sources", "insertion_points", "held_terms", "fits"]


def word_sources(groups: list[list[int]], attention: list[list[float]]) -> list[float | None]:
    """For each target word, the mean source position its pieces attend to most; the source's
    last position (its end-of-sentence mark, where a decoder parks attention it has no use for)
    does not count, and a word whose pieces all attend most to it gets None."""
    out: list[float | None] = []
    for group in groups:
        found = []
        for i in group:
            row = attention[i] if i < len(attention) else []
            if row:
                best = max(range(len(row)), key=row.__getitem__)
                if best < len(row) - 1:
                    found.append(best)
        out.append(sum(found) / len(found) if found else None)
    return out


def insertion_points(sources: list[float | None], start: int, end: int, slack: int = 2, count: int = 6) -> list[int]:
    """Word boundaries (0: before the first word, n: after the last) where a term that the source
    holds at positions ``start:end`` may go, best first: a boundary costs the words before it
    that came from source after the term plus the words after it that came from source before
    it; those within ``slack`` of the cheapest, at most ``count`` of them."""
    n = len(sources)
    costs = []
    for j in range(n + 1):
        late = sum(1 for s in sources[:j] if s is not None and s >= end)
        early = sum(1 for s in sources[j:] if s is not None and s < start)
        costs.append((late + early, j))
    costs.sort()
    return [j for cost, j in costs[:count] if cost <= costs[0][0] + slack]


def held_terms(translation: str, terms: list[Term]) -> set[str]:
    """The English of those ``terms`` that ``translation`` holds as whole words, once mended."""
    mended = restore_terms(translation, terms)
    return {t.target for t in terms if term_count(mended, t.target)}


def fits(translation: str, source: str, terms: list[Term], needed: set[str]) -> bool:
    """Whether ``translation`` (mended) holds every ``needed`` term and writes none of ``terms``
    more often than ``source`` does (a forced name is often repeated: "Moscow, Moscow")."""
    mended = restore_terms(translation, terms)
    return all(term_count(mended, t) for t in needed) and all(
        term_count(mended, t.target) <= term_count(source, t.target) for t in terms
    )
