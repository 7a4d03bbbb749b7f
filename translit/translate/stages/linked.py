"""Stage 4b, linked terms: glossary terms of several words written over the words that translate them.

A term of several words put into the Urdu as English ("وزیر اعظم" → "Prime Minister", "کروڑ" →
"ten million") is a stretch of foreign text in the middle of a sentence, and a small model
rewrites its neighbours around it ("کل Prime Minister …" → "Total Prime Minister …"). So such a
term stays in Urdu: the model translates the sentence as written, the decoder's attention over
the source says which words of the translation came from the term's Urdu, and the term's English
is written over that run of words — or, where the model wrote nothing for it, put in at the
word boundary the attention suggests (:func:`~translit.glossary.placement.insertion_points`).
Every other word is the model's own, as it wrote it without the glossary; punctuation stuck to
the replaced words stays. Only chunks that hold such a term pay for the attention.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from translit.glossary import Term
from translit.glossary.placement import insertion_points, word_groups, word_sources
from translit.translate.engine import Engine
from translit.translate.options import DecodingOptions
from translit.translate.records import Chunk

_EDGE = re.compile(r"^(\W*)(.*?)(\W*)$", re.S)  # a word's leading punctuation, its core, its trailing punctuation


def link_terms(chunks: list[Chunk], engine: Engine, options: DecodingOptions) -> None:
    """Write each chunk's linked terms into every hypothesis's text (``Chunk.texts``), in place."""
    todo = [(c, k) for c in chunks if c.linked and c.literal is None for k in range(len(c.hypotheses))]
    if not todo:
        return
    attention = engine.attend([c.tokens for c, _ in todo], [c.hypotheses[k] for c, k in todo], options.batch_tokens)
    for (c, k), rows in zip(todo, attention):
        if not c.texts:
            c.texts = [engine.detokenize(h) for h in c.hypotheses]
        groups = word_groups(c.hypotheses[k])
        words = [engine.detokenize([c.hypotheses[k][i] for i in g]) for g in groups]
        c.texts[k] = " ".join(w for w in written_over(words, word_sources(groups, rows), term_places(c, engine)) if w)


def term_places(c: Chunk, engine: Engine) -> list[tuple[Term, int, int]]:
    """(term, first source piece, end) of each occurrence of the chunk's linked terms in its
    source, in order, as near as encoding the text before it and through it tells."""
    places = []
    for term in c.linked:
        for m in re.finditer(rf"(?<!\w){re.escape(term.source)}(?!\w)", c.source):
            start = len(engine.encode(c.source[: m.start()].rstrip())) if m.start() > 0 else 0
            end = len(engine.encode(c.source[: m.end()]))
            places.append((term, start, max(end, start + 1)))
    return sorted(places, key=lambda p: p[1])


def written_over(words: list[str], sources: list[float | None], places: list[tuple[Term, int, int]]) -> list[str]:
    """``words`` with each term written over the run of words that translate it (or put in where
    it fits best when none does); other words untouched."""
    spans: list[tuple[int, int, Term]] = []
    taken: set[int] = set()
    for term, start, end in places:
        run = term_run(words, sources, term, start, end, taken)
        if run is None:
            free = [j for j in insertion_points(sources, start, end) if not any(i < j < e for i, e, _ in spans)]
            run = (free[0], free[0]) if free else None
        if run is not None:
            spans.append((run[0], run[1], term))
            taken.update(range(*run))
    out = list(words)
    for i, j, term in sorted(spans, key=lambda s: (s[0], s[1]), reverse=True):
        out[i:j] = [_framed(words[i:j], term.target, at_start=i == 0 and bool(words))]
    return out


def term_run(words: list[str], sources: list[float | None], term: Term, start: int, end: int, taken: set[int]) -> tuple[int, int] | None:
    """(first, last + 1) of the words that translate the term at source pieces ``start:end``:
    words whose attention falls in that span, and words spelt like a word of the term's English
    ("prime ministers" for "Prime Minister") near it; the longest run of them (a word the
    attention parks on the end mark may sit inside a run), less a leading article the term
    does not have. None where no word is the term's."""
    size = len(term.target.split())
    near = [i for i, s in enumerate(sources) if s is not None and start - 0.5 <= s <= end - 0.5]
    window = range(min(near) - size - 1, max(near) + size + 2) if near else range(len(words))
    spelt = {i for i in window if 0 <= i < len(words) and _spelt_like(words[i], term.target)}
    runs: list[list[int]] = []
    for i in sorted((set(near) | spelt) - taken):
        if runs and i - runs[-1][-1] <= 2 and all(sources[k] is None for k in range(runs[-1][-1] + 1, i)):
            runs[-1] += list(range(runs[-1][-1] + 1, i + 1))
        else:
            runs.append([i])
    runs = [r for r in runs if not taken.intersection(r)]
    if not runs:
        return None
    best = max(runs, key=lambda r: (sum(1 for i in r if i in spelt), len(r)))
    first, last = best[0], best[-1] + 1
    if last - first > 1 and _core(words[first]) in _ARTICLES and _core(term.target.split()[0]) not in _ARTICLES:
        first += 1
    return first, last


_ARTICLES = {"the", "a", "an"}


def _core(word: str) -> str:
    """A word without the punctuation around it, lower-cased."""
    return _EDGE.match(word).group(2).lower()


def _spelt_like(word: str, target: str) -> bool:
    """Whether ``word`` is spelt like one of ``target``'s words (case, a plural, a small slip)."""
    core = _core(word)
    if len(core) < 3:
        return False
    for t in map(_core, target.split()):
        if len(t) < 3:
            continue
        if core == t or (min(len(core), len(t)) >= 4 and (core.startswith(t) or t.startswith(core))):
            return True
        if SequenceMatcher(None, core, t).ratio() >= 0.8:
            return True
    return False


def _framed(replaced: list[str], target: str, at_start: bool) -> str:
    """``target`` with the punctuation the replaced words had before and after them; capitalised
    where it starts the sentence and the word it replaces was."""
    lead = _EDGE.match(replaced[0]).group(1) if replaced else ""
    last = _EDGE.match(replaced[-1]) if replaced else None
    trail = last.group(3) if last else ""
    if last and re.search(r"['’]s$", last.group(2)):  # a possessive stays one: "the minister's" → "the Prime Minister's"
        trail = last.group(2)[-2:] + trail
    first = replaced[0][len(lead):] if replaced else ""
    if at_start and target[:1].islower() and (not replaced or first[:1].isupper()):
        target = target[0].upper() + target[1:]
    return lead + target + trail
