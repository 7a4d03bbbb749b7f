"""Name-copy augmentation: training pairs whose Urdu names are already written in English.

A glossary (``translit.glossary``) puts a name's English spelling into the Urdu before the model
sees it ("مسعود Pezeshkian نے …"), and the model must then copy that spelling through. A small
model does so only sometimes. This teaches it: for a share of the pairs with a name in the
English, a copy of the pair is added in which the Urdu word linked to that name (by the shipped
word lexicon, a confident one-to-one link) is replaced by the name as the English writes it.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from dataclasses import dataclass

from translit.align.lexicon import word_key
from translit.text.normalize import ARABIC_LETTERS

_URDU_WORD = re.compile(f"^[{ARABIC_LETTERS}\u064b-\u065f\u0670]+$")
_NAME = re.compile(r"^[A-Z][A-Za-z-]*[a-z][A-Za-z-]*$|^[A-Z]{2,}$")  # Putin, Al-Assad, NATO
_POSSESSIVE = re.compile(r"['’]s?$")
_EDGE = re.compile(r"^[\W_]+|[\W_]+$")
MIN_LINK_PROB = 0.05  # the lexicon must know the pair in one direction: not a link from position alone


@dataclass
class NameLink:
    """An Urdu word (index into the Urdu words) and the English name it was linked to."""

    ur_index: int
    name: str


def name_links(ur_words: list[str], en_words: list[str], lexicon, names: dict[str, str]) -> list[NameLink]:
    """Confident links from Urdu words to English names: words whose usual spelling (``names``: a
    truecaser's forms) is capitalised, so "Testing" in a menu item is not one. Each name takes the
    Urdu word linked to it alone that the lexicon knows best as its translation."""
    candidates = {}
    for j, token in enumerate(en_words):
        word = _POSSESSIVE.sub("", _EDGE.sub("", token))
        if _NAME.match(word) and names.get(word.lower()) == word:
            candidates[j] = word
    if not candidates:
        return []
    links = lexicon.align(ur_words, en_words)
    per_ur: dict[int, list[int]] = {}
    for i, j in links:
        per_ur.setdefault(i, []).append(j)
    best: dict[int, tuple[float, int]] = {}  # English name → (probability, Urdu word) of its best source
    for i, js in per_ur.items():
        if len(js) != 1 or js[0] not in candidates:
            continue
        j, ur_key = js[0], word_key(ur_words[i])
        if not _URDU_WORD.match(ur_key):
            continue
        en_keys = {word_key(en_words[j]), candidates[j].lower()}  # "putin's" and "putin"
        p = max(max(lexicon.forward.get(ur_key, {}).get(k, 0.0), lexicon.backward.get(k, {}).get(ur_key, 0.0)) for k in en_keys)
        if p >= MIN_LINK_PROB and p > best.get(j, (0.0, -1))[0]:
            best[j] = (p, i)  # a postposition linked to the name as well ("پوتن نے") loses to the name
    out = [NameLink(i, candidates[j]) for j, (_, i) in best.items()]
    return sorted(out, key=lambda link: link.ur_index)


def copy_names(ur: str, links: list[NameLink], rng: random.Random, keep: float = 0.7) -> str:
    """``ur`` with a random non-empty subset of its linked words replaced by their English names."""
    chosen = [link for link in links if rng.random() < keep] or [rng.choice(links)]
    words = ur.split(" ")
    for link in chosen:
        words[link.ur_index] = words[link.ur_index].replace(_EDGE.sub("", words[link.ur_index]), link.name)
    return " ".join(words)


def name_copy_pairs(
    pairs: list[tuple[str, str]], share: float, seed: int, names: dict[str, str], lexicon=None
) -> Iterator[tuple[int, str, str]]:
    """For about ``share`` of the pairs that have a linkable name: (index of the pair, Urdu with
    names copied in, English unchanged). ``names``: lower case → usual capitalised spelling."""
    if share <= 0:
        return
    if lexicon is None:
        from translit.align.lexicon import load_lexicon

        lexicon = load_lexicon()
    rng = random.Random(seed)
    for index, (ur, en) in enumerate(pairs):
        if rng.random() >= share or not any(ch.isupper() for ch in en):
            continue
        links = name_links(ur.split(" "), en.split(), lexicon, names)
        if links:
            yield index, copy_names(ur, links, rng), en
