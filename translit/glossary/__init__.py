"""Glossaries: Urdu terms whose English is fixed (names above all), put in before translation.

A small model trained on a few hundred thousand pairs cannot spell a name it has never seen
("پیزشکیان" came out as "Pzishkian"), and the Urdu script leaves out the vowels a spelling
needs. A glossary entry fixes it: every whole-word match of the Urdu term in the normalised
source is replaced by its English before the model sees it, and the model, trained to copy
Latin-script names through (``translit.train.augment``), writes it into the translation, where
:func:`restore_terms` mends a copy that came out misspelt ("Alimen Khamenei" → "Ali Khamenei").
Where the model left a term out altogether, the translator decodes the sentence again with the
term forced in (:mod:`translit.glossary.placement` says where).

A glossary file is UTF-8 TSV: ``urdu<TAB>english`` per line; a line that starts with ``#`` is a
comment. Users bring their own files; a model folder may hold a names glossary of its own
(``names.tsv``, built from data by the model's pipeline), which the translator applies by default.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from translit.errors import InputError
from translit.text.normalize import normalize
from translit.util.gzipped import read_text, split_lines

_WORD_CHAR = r"[\w\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]"  # letters, digits and Arabic marks


@dataclass(frozen=True)
class Term:
    """A glossary term: the Urdu (normalised) and the English it must become."""

    source: str
    target: str

    @property
    def several_words(self) -> bool:
        """A term of several words on either side ("وزیر اعظم" → "Prime Minister", "کروڑ" →
        "ten million"): not put into the Urdu but written over the words that translate it
        (:mod:`translit.translate.stages.linked`), so that its neighbours stay the model's own."""
        return len(self.source.split()) > 1 or len(self.target.split()) > 1


@dataclass(frozen=True)
class TermMatch:
    """A term found in a text, at ``start:end`` of that (normalised) text."""

    start: int
    end: int
    term: Term


@dataclass
class Glossary:
    """``terms[urdu] = english``, Urdu normalised as the translator normalises its input.

    Longer terms win over shorter ones they contain ("مسعود پزشکیان" before "پزشکیان").
    """

    terms: dict[str, str] = field(default_factory=dict)
    _pattern: re.Pattern | None = field(default=None, init=False, repr=False, compare=False)

    @classmethod
    def from_pairs(cls, pairs: Iterable[tuple[str, str]]) -> Glossary:
        terms: dict[str, str] = {}
        for ur, en in pairs:
            key = " ".join(normalize(ur).split())
            if key and en.strip():
                terms[key] = en.strip()
        return cls(terms)

    @classmethod
    def load(cls, path: Path | str) -> Glossary:
        """Read a glossary TSV (plain or gzipped); a clear error for a missing file, invalid UTF-8 or a bad line."""
        path = Path(path)
        text = read_text(path)
        pairs = []
        for number, line in enumerate(split_lines(text), start=1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            ur, tab, en = line.partition("\t")
            if not tab or not ur.strip() or not en.strip() or "\t" in en:
                raise InputError(f"{path}:{number}: expected 'urdu<TAB>english', got {line[:60]!r}")
            pairs.append((ur, en))
        return cls.from_pairs(pairs)

    def merged(self, other: Glossary) -> Glossary:
        """This glossary with ``other``'s terms added; ``other`` wins where both have a term."""
        return Glossary({**self.terms, **other.terms})

    def digest(self) -> str:
        """Short content hash of the terms ('none' when empty), for benchmark signatures."""
        if not self.terms:
            return "none"
        import hashlib

        text = "".join(f"{ur}\t{en}\n" for ur, en in sorted(self.terms.items()))
        return f"{len(self.terms)}:{hashlib.sha256(text.encode()).hexdigest()[:8]}"

    def __len__(self) -> int:
        return len(self.terms)

    def _regex(self) -> re.Pattern | None:
        if self._pattern is None and self.terms:
            alternatives = "|".join(re.escape(t) for t in sorted(self.terms, key=len, reverse=True))
            self._pattern = re.compile(f"(?<!{_WORD_CHAR})(?:{alternatives})(?!{_WORD_CHAR})")
        return self._pattern

    def find(self, text: str) -> list[TermMatch]:
        """Terms of this glossary in normalised ``text``, left to right, not overlapping."""
        pattern = self._regex()
        if pattern is None:
            return []
        return [TermMatch(m.start(), m.end(), Term(m.group(), self.terms[m.group()])) for m in pattern.finditer(text)]

    def apply(self, text: str) -> tuple[str, list[Term]]:
        """``text`` with every term replaced by its English, and the terms found, in order."""
        applied, terms, _ = self._apply(text, self.find(text))
        return applied, terms

    def apply_one_word(self, text: str) -> tuple[str, list[Term], list[Term]]:
        """``text`` with its terms of one word replaced by their English, those terms in order,
        and the terms of several words (:attr:`Term.several_words`), left in Urdu, once each:
        :mod:`translit.translate.stages.linked` writes those over their translation."""
        return self._apply(text, self.find(text), linked=True)

    @staticmethod
    def _apply(text: str, matches: list[TermMatch], linked: bool = False) -> tuple[str, list[Term], list[Term]]:
        kept = [m for m in matches if not (linked and m.term.several_words)]
        several = list(dict.fromkeys(m.term for m in matches if linked and m.term.several_words))
        if not kept:
            return text, [], several
        out, last = [], 0
        for m in kept:
            out.append(text[last : m.start])
            out.append(m.term.target)
            last = m.end
        out.append(text[last:])
        return "".join(out), [m.term for m in kept], several


def load_glossaries(paths: Iterable[Path | str] | None) -> Glossary | None:
    """Glossary files merged into one (a later file wins a term), or None when there are none."""
    merged = None
    for path in paths or ():
        loaded = Glossary.load(path)
        merged = loaded if merged is None else merged.merged(loaded)
    return merged


_TOKEN = re.compile(r"\S+")
_LEAD = re.compile(r"^[^\w]*")
_TAIL = re.compile(r"(?:['’]s)?[^\w]*$")
MEND_SIMILARITY = 0.7  # a window of the translation this close to a missing term's English is taken for it
ANCHORED_SIMILARITY = 0.6  # the same for a run that keeps one word of a multi-word term in place


def term_count(text: str, target: str) -> int:
    """How often ``target`` stands in ``text`` as whole words ("Blinkenn's" holds no "Blinken")."""
    return len(re.findall(rf"(?<!\w){re.escape(target)}(?!\w)", text))


def restore_terms(translation: str, terms: list[Term]) -> str:
    """Mend terms the model garbled: where a term's English is missing from the translation, the
    run of words most like it ("Alimen Khamenei" for "Ali Khamenei", "XIJinping" for "Xi Jinping")
    is replaced by it, and so is a run of capitalised words that keeps one of a multi-word term's
    words in place ("Masoud Mavichian" for "Masoud Pezeshkian"); possessive and punctuation around
    the run stay. Nothing is added where no run comes close, and a run that already holds another
    term is left alone."""
    for term in terms:
        if not term_count(translation, term.target):
            taken = [t.target for t in terms]
            span = _closest_run(translation, term.target, taken) or _anchored_run(translation, term.target, taken)
            if span is not None:
                translation = translation[: span[0]] + term.target + translation[span[1] :]
    return translation


def _runs(text: str, sizes: set[int], taken: list[str]) -> Iterator[tuple[int, int, str]]:
    """(start, end, core) of each run of ``sizes`` words in ``text``: the core is the run less its
    leading punctuation and its trailing possessive and punctuation; runs holding a ``taken``
    term are left out."""
    tokens = list(_TOKEN.finditer(text))
    for size in sorted(sizes):
        for k in range(len(tokens) - size + 1):
            start, end = tokens[k].start(), tokens[k + size - 1].end()
            window = text[start:end]
            lead = _LEAD.match(window).end()
            tail = lead + _TAIL.search(window[lead:]).start()
            core = window[lead:tail]
            if core and not any(term_count(core, t) for t in taken):
                yield start + lead, start + tail, core


def _most_alike(runs: Iterable[tuple[int, int, str]], target: str, floor: float) -> tuple[int, int] | None:
    """Span of the run whose core is most like ``target``, if more alike than ``floor``."""
    from difflib import SequenceMatcher

    best, best_ratio = None, floor
    for start, end, core in runs:
        ratio = SequenceMatcher(None, core.lower(), target.lower()).ratio()
        if ratio > best_ratio:
            best, best_ratio = (start, end), ratio
    return best


def _closest_run(text: str, target: str, taken: list[str]) -> tuple[int, int] | None:
    """Span of the run of words in ``text`` (one word fewer to one more than ``target`` has) most
    like ``target``, at least ``MEND_SIMILARITY`` alike, holding none of the ``taken`` terms."""
    n = len(target.split())
    return _most_alike(_runs(text, {max(1, n - 1), n, n + 1}, taken), target, MEND_SIMILARITY)


def _anchored_run(text: str, target: str, taken: list[str]) -> tuple[int, int] | None:
    """Span of a run of as many capitalised words as the multi-word ``target`` has, with at least
    one of them equal to ``target``'s word in the same place and the others garbled copies (at
    least ``ANCHORED_SIMILARITY`` alike as a whole), holding none of the ``taken`` terms."""
    words = target.split()
    if len(words) < 2:
        return None

    def anchored(core: str) -> bool:
        got = core.split()
        return len(got) == len(words) and all(w[:1].isupper() for w in got) and any(g == w for g, w in zip(got, words))

    runs = (run for run in _runs(text, {len(words)}, taken) if anchored(run[2]))
    return _most_alike(runs, target, ANCHORED_SIMILARITY)
