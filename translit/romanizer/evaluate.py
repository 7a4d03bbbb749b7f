"""Accuracy of a romanizer on (Urdu, English) pairs: exact match, n-best hit, character error rate."""

from __future__ import annotations

from translit.romanizer.mining import edit_distance


def score_spellings(romanizer, pairs: list[tuple[str, str]], n: int = 5) -> dict[str, float]:
    exact = in_nbest = errors = letters = 0
    for ur, en in pairs:
        guesses = [text for text, _ in romanizer.spellings(ur, n=n)]
        best = guesses[0] if guesses else ""
        exact += best == en
        in_nbest += en in guesses
        errors += edit_distance(best, en)
        letters += len(en)
    count = max(len(pairs), 1)
    return {"exact": exact / count, "in_nbest": in_nbest / count, "cer": errors / max(letters, 1)}
