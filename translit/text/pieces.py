"""SentencePiece pieces and the words they make: a piece that starts with ``▁`` starts a word."""

from __future__ import annotations

WORD_START = "\u2581"  # SentencePiece's mark of a piece that starts a word


def word_groups(pieces: list[str]) -> list[list[int]]:
    """Indices of ``pieces`` grouped into words; a first piece without the mark still starts one."""
    groups: list[list[int]] = []
    for i, piece in enumerate(pieces):
        if piece.startswith(WORD_START) or not groups:
            groups.append([i])
        else:
            groups[-1].append(i)
    return groups


def word_index(pieces: list[str]) -> list[int]:
    """Word number of each piece."""
    index = [0] * len(pieces)
    for word, group in enumerate(word_groups(pieces)):
        for i in group:
            index[i] = word
    return index
