"""One name, one spelling per document.

A small model spells a name a little differently each time ("Paschekian", "Pazciian",
"Pizishkian" for one پزشکیان; "Potin" and "Puton" for پوتن). Within a document (what
``translate_document`` gets; for a file job, each batch of 64 lines, which the input alone fixes,
so a resumed job gives the same bytes), every Urdu word that occurs in two sentences or more whose
translations hold a name is followed to the English words the model's attention links it to
(one force decode of those sentences). Where those are capitalised words that English does not
write lower-case (:mod:`translit.text.casing`), that read alike (a spelling of one name, not
another word), and the occurrences differ, the spelling written most often (the first, on a tie)
is written into every occurrence. What changed is reported per sentence (``respelled``).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from difflib import SequenceMatcher

from translit.text.casing import usually_lower
from translit.text.normalize import ARABIC_LETTERS

_URDU_WORD = re.compile(f"^[{ARABIC_LETTERS}]{{3,}}$")
_EDGE = re.compile(r"^([\"'“‘(\[]*)(.*?)([\"'”’)\],.;:!?]*(?:'s|’s)?[\"'”’)\],.;:!?]*)$")
ALIKE = 0.5  # spellings at least this alike (character ratio) are taken for one name
MAX_SENTENCES = 512  # sentences of one document looked at (the force decode costs a decoder pass)


@dataclass(frozen=True)
class Respelling:
    """A name written as elsewhere in the document: the Urdu word, the English it was, what it became."""

    source: str
    before: str
    after: str


def _names_in(translation: str) -> bool:
    """Whether a translation holds a name: a capitalised word past the first that English does not
    usually write lower-case."""
    return any(_core(w)[:1].isupper() and not usually_lower(_core(w)) for w in translation.split()[1:])


def repeated_words(sources: list[str], translations: list[str]) -> dict[str, list[int]]:
    """Urdu words (3 letters or more) in two sentences or more whose translations hold a name:
    word → those sentences."""
    where: dict[str, list[int]] = {}
    for i, (text, english) in enumerate(zip(sources[:MAX_SENTENCES], translations)):
        if not _names_in(english):
            continue
        for word in dict.fromkeys(text.split()):
            if _URDU_WORD.match(word):
                where.setdefault(word, []).append(i)
    return {w: s for w, s in where.items() if len(s) > 1}


def _spelling(en_words: list[str], linked: list[int]) -> tuple[int, int, str] | None:
    """(first, last, name) of the run of capitalised English words linked to an Urdu word, if
    they make one run; the name without the punctuation and possessive around it."""
    capital = sorted(j for j in set(linked) if _core(en_words[j])[:1].isupper())
    if not capital or capital[-1] - capital[0] != len(capital) - 1:
        return None
    if any(usually_lower(_core(en_words[j])) for j in capital):
        return None  # a word English writes lower-case ("This", "The" at a sentence start): no name
    name = " ".join(_core(en_words[j]) for j in capital)
    return (capital[0], capital[-1], name) if name else None


def _core(word: str) -> str:
    return _EDGE.match(word).group(2)


def make_consistent(sources: list[str], translations: list[str], force_decode) -> tuple[list[str], list[list[Respelling]]]:
    """``translations`` of ``sources`` (normalised Urdu sentences of one document) with each
    repeated unknown word's English spelled one way, and what changed per sentence.
    ``force_decode(pairs)`` gives the model's attention (:meth:`Translator.force_decode`)."""
    from translit.align.words import align_with_attention
    from translit.text.normalize import normalize

    sources = [normalize(s) for s in sources]
    changes: list[list[Respelling]] = [[] for _ in translations]
    words = repeated_words(sources, translations)
    if not words:
        return translations, changes
    todo = sorted({i for sentences in words.values() for i in sentences})
    pairs = [(sources[i], translations[i]) for i in todo]
    found: dict[str, list[tuple[int, int, int, str]]] = {}  # word → (sentence, first, last, name)
    for i, alignment in zip(todo, align_with_attention(pairs, force_decode(pairs))):
        by_word: dict[int, list[int]] = {}
        for u, e in alignment.links:
            by_word.setdefault(u, []).append(e)
        for u, linked in by_word.items():
            word = alignment.ur_words[u]
            if word in words and (spelled := _spelling(alignment.en_words, linked)) is not None:
                found.setdefault(word, []).append((i, *spelled))
    edits: dict[int, list[tuple[int, int, str, str, str]]] = {}  # sentence → (first, last, old, new, word)
    for word, spots in found.items():
        counts = Counter(name for _, _, _, name in spots)
        if len(counts) < 2:
            continue
        chosen = max(counts, key=lambda name: (counts[name], -next(k for k, s in enumerate(spots) if s[3] == name)))
        for i, first, last, name in spots:
            if name != chosen and SequenceMatcher(None, name.lower(), chosen.lower()).ratio() >= ALIKE:
                edits.setdefault(i, []).append((first, last, name, chosen, word))
    out = list(translations)
    for i, spans in edits.items():
        tokens = out[i].split(" ")
        if len(tokens) != len(translations[i].split()):
            continue  # spaces other than single ones: word positions are not token positions
        done: list[tuple[int, int]] = []
        for first, last, old, new, word in sorted(spans, reverse=True):
            if any(first <= b and a <= last for a, b in done):
                continue  # two Urdu words linked to one English run: it is respelled once
            lead, trail = _EDGE.match(tokens[first]).group(1), _EDGE.match(tokens[last]).group(3)
            tokens[first : last + 1] = [lead + new + trail]
            done.append((first, last))
            changes[i].insert(0, Respelling(word, old, new))
        out[i] = " ".join(tokens)
    return out, changes


def consistent_results(sources: list[str], results: list, force_decode) -> list:
    """``results`` (one :class:`SegmentTranslation` per source sentence) made consistent."""
    translations, changes = make_consistent(sources, [r.translation for r in results], force_decode)
    return [replace(r, translation=t, respelled=c) if c else r for r, t, c in zip(results, translations, changes)]
