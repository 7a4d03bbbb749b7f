"""Clauses: cutting a long Urdu sentence at its commas and joining the clause translations.

A small model garbles long sentences: names come out misspelt, dates lose their month, loops
start. Translated clause by clause, the same sentence comes out closer to the reference (the
shipped model: FLORES-200 dev chrF++ +0.6, TICO-19 dev +1.6). Each clause is translated as if it
were a sentence, so the joins are mended: a full stop the model put at the end of a clause that
ended with a comma becomes that comma, and a clause translation that starts with a capitalised
word that English writes lower-case inside sentences ("But", "Which", "Therefore", "People") is
lower-cased (function words always; other words by :mod:`translit.text.casing`'s counts). Names
keep their capital: they are capitalised inside sentences too.
"""

from __future__ import annotations

import re

from translit.text.casing import usually_lower

_BREAK = re.compile(r"(?<=[\u060c\u061b,;:])\s+")
# Urdu and Latin comma and semicolon, and the mark each becomes in English.
_JOIN_MARK = {"\u060c": ",", ",": ",", "\u061b": ";", ";": ";"}
_FUNCTION_WORDS = frozenset(
    """a an the and but or nor so yet which who whom whose that this these those it its he she
    they we you his her their our my your him them us me there here while although though because
    since as if when where whereas after before until unless then also however in on at by for
    from with without of to into about under over between during including according is are was
    were be been has have had will would can could may might shall should must do does did not no
    all both each every some many most other such only even than what how why""".split()
)
_FIRST_WORD = re.compile(r"[\"'“‘(]*([A-Za-z]+)")
_FINAL_STOP = re.compile(r"(?<![.\s])\.\s*$")


def split_clauses(text: str) -> list[str]:
    """The clauses of ``text``, each with its closing comma, semicolon or colon; joined with single
    spaces they give back ``text`` up to the spaces at the breaks."""
    return [c for c in _BREAK.split(text) if c]


def _close(source: str, translation: str) -> str:
    """End a non-final clause's translation with the mark that ends its source clause."""
    mark = _JOIN_MARK.get(source.rstrip()[-1:]) if source.strip() else None
    if mark is None or not translation:
        return translation
    last_word = translation.split()[-1]
    if _FINAL_STOP.search(translation) and last_word.count(".") == 1:  # not "U.S." or "..."
        return translation.rstrip()[:-1] + mark
    if translation[-1].isalnum():
        return translation + mark
    return translation


def _open(translation: str) -> str:
    """Lower-case a clause translation's first word where only the sentence start capitalised it."""
    m = _FIRST_WORD.match(translation)
    if m is None:
        return translation
    word = m.group(1)
    if word[0].isupper() and (len(word) == 1 or word[1:].islower()) and (word.lower() in _FUNCTION_WORDS or usually_lower(word)):
        i = m.start(1)
        return translation[:i] + word[0].lower() + translation[i + 1 :]
    return translation


def join_clause_translations(sources: list[str], translations: list[str]) -> str:
    """One sentence from the translations of its consecutive source chunks."""
    out = []
    last = len(sources) - 1
    for i, (source, translation) in enumerate(zip(sources, translations)):
        translation = translation.strip()
        if out:
            translation = _open(translation)
        if i < last:
            translation = _close(source, translation)
        if translation:
            out.append(translation)
    return " ".join(out)
