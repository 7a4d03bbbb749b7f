"""One name, one spelling per document.

A small model spells a name a little differently each time ("Paschekian", "Pazciian",
"Pizishkian" for one پزشکیان; "Potin" and "Puton" for پوتن). Within a document (what
``translate_document`` gets; for a file job, each batch of 64 lines, which the input alone fixes,
so a resumed job gives the same bytes), every Urdu word that occurs in two sentences or more whose
translations hold a name is followed to the English words the model's attention links it to
(one force decode of those sentences). Where that is one capitalised word that English does not
write lower-case (:mod:`translit.text.casing`) and the spellings read alike (one name, not two),
the chosen spelling (one the corpora's English writes, as "Putin" among "Potin" and "Puton",
else the one written most often, else the first) replaces the others — but only spellings English
never writes (a garbled name: "Pazciian", not "Olympic" or "Brazilian", which stay as the model
wrote them; the word lexicon's English side tells them apart), one word for one word (a run such as "New Zealand" is never cut). What
changed is reported per sentence (``respelled``). Measured on the dev sets before these limits,
looser rules cut "New Zealand" to "Zealand" and turned "Olympic" into "Olympicus".
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
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


@lru_cache(maxsize=1)
def _english_words() -> frozenset[str]:
    """The English words of the shipped word lexicon (real words and the names of the corpora)."""
    from translit.align.lexicon import load_lexicon

    return frozenset(load_lexicon().backward)


def english_word(word: str) -> bool:
    """Whether ``word`` is one the corpora's English writes ("Olympic", "Putin"), not a garbled
    spelling ("Pazciian", "Potin")."""
    from translit.align.lexicon import word_key

    return word_key(word) in _english_words()


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
    if len(capital) != 1:
        return None  # one word for one word: a run ("New Zealand") is never cut or grown
    name = _core(en_words[capital[0]])
    if not name or usually_lower(name):
        return None  # a word English writes lower-case ("This", "The" at a sentence start): no name
    return capital[0], capital[0], name


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
        # a spelling English writes wins over garbled ones; then the most written; then the first
        chosen = max(counts, key=lambda name: (english_word(name), counts[name], -next(k for k, s in enumerate(spots) if s[3] == name)))
        for i, first, last, name in spots:
            if name != chosen and not english_word(name) and SequenceMatcher(None, name.lower(), chosen.lower()).ratio() >= ALIKE:
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
