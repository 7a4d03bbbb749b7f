"""Find (Urdu word, English spelling) pairs that are transliterations, to learn romanisation from.

Candidates come from the word lexicon (word pairs that translate each other with high
probability both ways: *پاکستان/pakistan*, but also *کتاب/book*) and from one-word dictionary
entries. A pair is kept as a transliteration when the consonant skeletons of the two words agree
(letters grouped by sound: ``ک ق`` ~ ``k c q``; vowels and glides dropped on both sides) — the
idea of transliteration mining (Sajjad et al. 2012), with a plain edit-distance test.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from translit.text.normalize import ARABIC_LETTERS

_UR_GROUPS = [
    ("بپ", "b"), ("تٹطث", "t"), ("سصش", "s"), ("جژچ", "j"), ("دڈ", "d"), ("ذزضظ", "z"), ("رڑ", "r"),
    ("غگ", "g"), ("ف", "b"), ("قک", "k"), ("ل", "l"), ("م", "m"), ("نں", "n"), ("خ", "k"),
]  # ح ہ ھ ع ا و ی ے ء: vowels, glides and h, dropped
_UR_CLASS = {ch: cls for letters, cls in _UR_GROUPS for ch in letters}
_EN_RULES = [("ph", "b"), ("ch", "j"), ("sh", "s"), ("kh", "k"), ("gh", "g"), ("th", "t"), ("ck", "k"), ("x", "ks"),
             ("q", "k"), ("c", "k"), ("p", "b"), ("f", "b"), ("v", "b")]
_EN_DROP = set("aeiouyhw'-")

URDU_WORD = re.compile(f"^[{ARABIC_LETTERS}]{{2,}}$")
LATIN_WORD = re.compile(r"^[a-z]{2,}$")


def urdu_skeleton(word: str) -> str:
    return "".join(_UR_CLASS.get(ch, "") for ch in word)


def english_skeleton(word: str) -> str:
    word = word.lower()
    for a, b in _EN_RULES:
        word = word.replace(a, b)
    return "".join(ch for ch in word if ch not in _EN_DROP)


def edit_distance(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def skeleton_similarity(ur: str, en: str) -> float:
    """1 − normalised edit distance between the consonant skeletons (0 when either is empty)."""
    a, b = urdu_skeleton(ur), english_skeleton(en)
    if not a or not b:
        return 0.0
    return 1.0 - edit_distance(a, b) / max(len(a), len(b))


def is_transliteration(ur: str, en: str, min_similarity: float = 0.6) -> bool:
    """Whether ``en`` plausibly spells the sound of ``ur`` (rather than translating it)."""
    if not URDU_WORD.match(ur) or not LATIN_WORD.match(en):
        return False
    if len(en) > 3 * len(ur) + 2 or len(urdu_skeleton(ur)) < 2:
        return False
    return skeleton_similarity(ur, en) >= min_similarity


def lexicon_candidates(lexicon, min_prob: float = 0.15) -> Iterable[tuple[str, str]]:
    """Word pairs that the lexicon translates into each other with ``min_prob`` both ways."""
    for ur, row in lexicon.forward.items():
        for en, p in row.items():
            if p >= min_prob and lexicon.backward.get(en, {}).get(ur, 0.0) >= min_prob:
                yield ur, en


def mine(candidates: Iterable[tuple[str, str]], min_similarity: float = 0.6) -> list[tuple[str, str]]:
    """The transliteration pairs among ``candidates`` (English lower-cased), each once, in order."""
    seen: set[tuple[str, str]] = set()
    out = []
    for ur, en in candidates:
        pair = (ur.strip(), en.strip().lower())
        if pair not in seen and is_transliteration(*pair, min_similarity=min_similarity):
            seen.add(pair)
            out.append(pair)
    return out
