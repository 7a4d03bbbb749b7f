"""Translation tables estimated from word links: relative frequencies of linked word pairs.

The shipped lexicon's tables can come from a stronger aligner's links (eflomal's, run by
``scripts/build_word_lexicon.py --aligner eflomal``) instead of our own EM: in the forward
direction every English word is linked to at most one Urdu word or to none (NULL), so
``p(en | ur)`` is how often ``ur`` is the word ``en`` comes from, among all the words ``ur``
gives; the backward direction gives ``p(ur | en)`` the same way.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

Links = set[tuple[int, int]]


def _normalised(counts: dict[str, Counter], min_prob: float, null_min_prob: float) -> dict[str, dict[str, float]]:
    table = {}
    for source, row in counts.items():
        total = sum(row.values())
        floor = null_min_prob if source == "" else min_prob
        kept = {target: c / total for target, c in row.items() if c / total >= floor}
        if kept:
            table[source] = kept
    return table


def tables_from_links(
    pairs: Iterable[tuple[list[str], list[str], Links, Links]], min_prob: float = 0.01, null_min_prob: float = 0.0005
) -> tuple[dict[str, dict[str, float]], dict[str, dict[str, float]]]:
    """``forward[ur][en] = p(en | ur)`` and ``backward[en][ur] = p(ur | en)`` from
    ``(ur words, en words, forward links, backward links)`` with links ``(i, j)`` = (Urdu word i,
    English word j); ``""`` is NULL. Pairs under ``min_prob`` (``null_min_prob`` for NULL) are
    left out."""
    forward: dict[str, Counter] = defaultdict(Counter)
    backward: dict[str, Counter] = defaultdict(Counter)
    for ur, en, fwd, bwd in pairs:
        _count(forward, ur, en, fwd)  # each English word from one Urdu word or NULL
        _count(backward, en, ur, {(j, i) for i, j in bwd})  # each Urdu word from one English word or NULL
    return _normalised(forward, min_prob, null_min_prob), _normalised(backward, min_prob, null_min_prob)


def _count(counts: dict[str, Counter], given: list[str], produced: list[str], links: Links) -> None:
    """Count each link (given word k, produced word m) and every produced word left unlinked as NULL's."""
    for k, m in links:
        counts[given[k]][produced[m]] += 1
    linked = {m for _, m in links}
    for m, word in enumerate(produced):
        if m not in linked:
            counts[""][word] += 1
