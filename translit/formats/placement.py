"""Where the English of a text that lay in several pieces goes (HTML text nodes between inline
tags, the runs of a Word paragraph): the English words shared out over the pieces, in order, by
the word links between the Urdu of each piece and the English."""

from __future__ import annotations

import re
from collections.abc import Callable

from translit.text.normalize import ARABIC_LETTERS

_URDU = re.compile(f"[{ARABIC_LETTERS}]")


def monotone_owners(counts: list[list[int]]) -> list[int]:
    """For each target word (rows), the piece (columns) it goes to: a non-decreasing choice
    that agrees with the most word links (``counts[j][i]``: links between target word j and the
    words of piece i); ties stay in the earlier piece."""
    if not counts:
        return []
    k = len(counts[0])
    best = [list(counts[0])]
    back: list[list[int]] = [list(range(k))]
    for row in counts[1:]:
        prev = best[-1]
        scores, choice = [], []
        top, arg = -1, 0
        for i in range(k):
            if prev[i] > top:
                top, arg = prev[i], i
            scores.append(top + row[i])
            choice.append(arg)
        best.append(scores)
        back.append(choice)
    i = max(range(k), key=lambda c: (best[-1][c], -c))
    owners = [i]
    for j in range(len(counts) - 1, 0, -1):
        i = back[j][i]
        owners.append(i)
    return owners[::-1]


def proportional_owners(words_of: list[list[str]], n_english: int) -> list[int]:
    """For each of ``n_english`` English words, the piece at the same relative position of the
    Urdu (by word count): where nothing is linked, every piece still gets its share, so no tag
    or run is lost. One pass over both (linear)."""
    total = sum(len(w) for w in words_of) or 1
    ends, run = [], 0
    for words in words_of:
        run += len(words)
        ends.append(run)
    owners, piece, last = [], 0, len(words_of) - 1
    for j in range(n_english):
        where = (j + 0.5) * total / n_english
        while piece < last and not where < ends[piece]:
            piece += 1
        owners.append(piece if where < ends[piece] else last)
    return owners


# Above this many pieces (a hostile document's thousands of inline tags in one block), the English
# is shared out by position alone: word links, covering every piece and keeping separators cost
# pieces × words, and no real paragraph has this many runs.
MAX_PIECES = 64


def _by_position(pieces: list[str], english_words: list[str]) -> list[str]:
    """The English shared out over the pieces with Urdu in proportion to their words; a piece
    without Urdu keeps its own text. Linear in the pieces and the words."""
    urdu = [i for i, p in enumerate(pieces) if _URDU.search(p)]
    parts = [" ".join(p.split()) if not _URDU.search(p) else "" for p in pieces]
    if not urdu:
        return parts
    owners = proportional_owners([pieces[i].split() for i in urdu], len(english_words))
    shared: list[list[str]] = [[] for _ in urdu]
    for word, owner in zip(english_words, owners):
        shared[owner].append(word)
    for k, i in enumerate(urdu):
        parts[i] = " ".join(shared[k])
    return parts


def _link_counts(pieces: list[str], english_words: list[str], align: Callable) -> list[list[int]]:
    """``counts[j][i]``: word links between English word j and the Urdu words of piece i."""
    words_of = [p.split() for p in pieces]
    owner_of_word = [i for i, words in enumerate(words_of) for _ in words]
    links = align(" ".join(w for words in words_of for w in words), " ".join(english_words)).links
    counts = [[0] * len(pieces) for _ in english_words]
    for s, t in links:
        if s < len(owner_of_word) and t < len(english_words):
            counts[t][owner_of_word[s]] += 1
    return counts


def segments(pieces: list[str], english: str, align: Callable) -> list[tuple[int, str]]:
    """``english`` cut into (piece, words) runs in English order, each run going with the piece
    whose Urdu its words are linked to (an unlinked word goes with the word before it), so that
    a piece may come back in another place or in two places (Urdu puts the verb last)."""
    english_words = english.split()
    if not english_words:
        return []
    if len(pieces) > MAX_PIECES:
        return [(i, part) for i, part in enumerate(_by_position(pieces, english_words)) if part]
    counts = _link_counts(pieces, english_words, align)
    if not any(any(row) for row in counts):
        counts = [[int(i == o) for i in range(len(pieces))] for o in proportional_owners([p.split() for p in pieces], len(english_words))]
    owners: list[int | None] = [max(range(len(pieces)), key=lambda i: (row[i], -i)) if any(row) else None for row in counts]
    first = next((o for o in owners if o is not None), 0)
    resolved: list[int] = []
    for owner in owners:
        resolved.append(owner if owner is not None else (resolved[-1] if resolved else first))
    _cover_every_piece(resolved, [p.split() for p in pieces])
    out: list[tuple[int, list[str]]] = []
    for word, owner in zip(english_words, resolved):
        if out and out[-1][0] == owner:
            out[-1][1].append(word)
        else:
            out.append((owner, [word]))
    return _keep_untranslated([(owner, " ".join(words)) for owner, words in out], pieces, set(english_words))


def _keep_untranslated(runs: list[tuple[int, str]], pieces: list[str], english_words: set[str]) -> list[tuple[int, str]]:
    """A piece without Urdu letters (a separator such as ``|`` between two links) that got no
    English and that the English does not hold comes back as it was, after the run of the piece
    before it: nothing that needed no translation is lost."""
    from translit.align.lexicon import word_key

    keys = {word_key(w) for w in english_words} - {""}
    for piece, text in enumerate(pieces):
        kept = " ".join(text.split())
        if not kept or _URDU.search(kept) or kept in english_words or word_key(kept) in keys or any(owner == piece for owner, _ in runs):
            continue
        at = max((k + 1 for k, (owner, _) in enumerate(runs) if owner < piece), default=0)
        runs.insert(at, (piece, kept))
    return runs


def _cover_every_piece(owners: list[int], words_of: list[list[str]]) -> None:
    """A piece with Urdu words that got no English (none of its words linked) takes the English
    word at its relative position from a piece that has more than one, so that its markup (a
    link, a bold run) comes back instead of vanishing."""
    total, before = sum(len(w) for w in words_of) or 1, 0
    for piece, words in enumerate(words_of):
        middle, before = before + len(words) / 2, before + len(words)
        if not any(_URDU.search(w) for w in words) or piece in owners:  # a separator keeps its own text
            continue
        j = min(int(middle * len(owners) / total), len(owners) - 1)
        if owners.count(owners[j]) > 1:
            owners[j] = piece


def share_out(pieces: list[str], english: str, align: Callable) -> list[str]:
    """``english`` shared out over the Urdu ``pieces`` of one text, in order (each piece keeps its
    place; where the English reorders, a piece may get fewer words, or none): ``align(urdu,
    english)`` gives word links (``.links``: (Urdu word, English word) pairs over whitespace words)."""
    english_words = english.split()
    if not english_words:
        return [""] * len(pieces)
    if len(pieces) > MAX_PIECES:
        return _by_position(pieces, english_words)
    counts = _link_counts(pieces, english_words, align)
    linked = any(any(row) for row in counts)
    owners = monotone_owners(counts) if linked else proportional_owners([p.split() for p in pieces], len(english_words))
    parts = [" ".join(w for w, o in zip(english_words, owners) if o == i) for i in range(len(pieces))]
    runs = _keep_untranslated([(i, part) for i, part in enumerate(parts) if part], pieces, set(english_words))
    return [" ".join(text for owner, text in runs if owner == i) for i in range(len(pieces))]


def lexicon_aligner() -> Callable:
    """Word links from the shipped word lexicon (no model)."""
    from translit.align.words import align_with_lexicon

    return lambda ur, en: align_with_lexicon([(ur, en)])[0]
