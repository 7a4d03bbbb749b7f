"""A names glossary mined from the parallel corpora: no hand lists.

A small model spells a name from subword pieces and often gets a rare one wrong ("Stanford" →
"Stinford") even after seeing it dozens of times. The pairs it learnt from hold the right spelling:
in every real sentence pair, the Urdu word that the word lexicon links alone to an English name
(:func:`translit.train.augment.name_links`: a word that is capitalised inside sentences of the
English data) is counted with that name. A pair becomes a glossary entry when

- it was linked at least ``min_links`` times,
- most sentences holding the Urdu word link it to this name (``min_share``: an ordinary word that
  sometimes stands beside a name, or that is also a name, is left out: "امن" is peace, not Aman),
- it is this Urdu word's most frequent name, and
- the English spells the sound of the Urdu (consonant skeletons, :mod:`translit.romanizer.mining`):
  a name, not a translation the lexicon happened to link ("امریکہ" → "US" stays with the model), and
- the word is not first of all an ordinary word: its likeliest translation in the word lexicon is
  not an English word usually written in lower case ("عمر" is "age" far more often than "Umar":
  glossed as a name, it turned every "age" of the TICO-19 dev set into "Umar").

Only real pairs count (synthetic Urdu spells names as the back-translation model guessed) and the
dev sets' sentences are left out, as in the training mix. The result is a ``names.tsv`` for a
model folder (:mod:`translit.glossary`), with its provenance in a comment header.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from translit.align.lexicon import word_key
from translit.romanizer.mining import skeleton_similarity
from translit.train.augment import name_links
from translit.train.data import EVALSETS, SourceReport, dev_sentences, read_source, weighted_sources
from translit.train.recipe import Recipe
from translit.train.truecase import Truecaser
from translit.util.files import atomic_write_text

_POSSESSIVE = re.compile(r"['’]s$")


@dataclass
class NameMiningOptions:
    """What makes a linked (Urdu word, English name) pair a glossary entry."""

    min_links: int = 3
    min_share: float = 0.5  # of the real pairs holding the Urdu word, the share linking it to the name
    min_similarity: float = 0.5  # consonant skeletons alike: the English spells the Urdu's sound
    min_letters: int = 3  # shorter Urdu words are too often something else

    def __post_init__(self) -> None:
        from translit.errors import InputError

        if self.min_links < 1:
            raise InputError(f"min_links must be at least 1, not {self.min_links}")
        for name in ("min_share", "min_similarity"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise InputError(f"{name} must be in [0, 1], not {value}")


@dataclass(frozen=True)
class MinedName:
    """A glossary entry and the evidence for it."""

    urdu: str
    english: str
    links: int  # sentence pairs in which the lexicon linked the two
    sentences: int  # real sentence pairs whose Urdu holds the word
    similarity: float

    @property
    def share(self) -> float:
        return self.links / self.sentences if self.sentences else 0.0


def real_pairs(recipe: Recipe, evalsets: Path, progress: Callable[[str], None] | None = None) -> list[tuple[str, str, str]]:
    """The recipe's real (not synthetic) pairs as (category, Urdu, English), cleaned and filtered
    as the mix has them, dev sentences and repeats left out. A source the recipe weighs 0 is left
    out (loosely parallel paragraphs: poor evidence, and long to align); other weights and the caps
    do not apply (evidence is counted once)."""
    banned = dev_sentences(evalsets)
    seen: set[tuple[str, str]] = set()
    pairs: list[tuple[str, str, str]] = []
    for source, cat, weight in weighted_sources(recipe, synthetic=False):
        if weight <= 0:
            continue
        report = SourceReport(source.name, source.kind, source.domain, source.license, 1.0)
        pairs.extend((cat, ur, en) for ur, en in read_source(source, recipe, banned, seen, report))
        if progress:
            progress(source.name)
    return pairs


def count_links(pairs: Iterable[tuple[str, str]], names: dict[str, str], lexicon) -> tuple[Counter, Counter]:
    """(links[(urdu, name)], sentences[urdu]): how often each Urdu word was linked to each name,
    and in how many pairs each Urdu word stands at all (pairs whose English has a capital letter:
    where a link to a name could be seen)."""
    links: Counter = Counter()
    sentences: Counter = Counter()
    for ur, en in pairs:
        if not any(ch.isupper() for ch in en):
            continue  # lower case throughout (a headline source, a dictionary entry): no name to see
        ur_words = ur.split(" ")
        sentences.update({word_key(w) for w in ur_words})
        for link in name_links(ur_words, en.split(), lexicon, names):
            links[(word_key(ur_words[link.ur_index]), link.name)] += 1
    return links, sentences


def ordinary_translation(ur: str, lexicon, names: dict[str, str], min_similarity: float = 0.5) -> str | None:
    """The Urdu word's likeliest translation in the lexicon when that is an ordinary English word
    (letters, not usually capitalised: not in ``names``, a truecaser's forms, and not a spelling
    of the Urdu's sound either: "karkook" for کرکوک is a name), else None."""
    row = lexicon.forward.get(ur)
    if not row:
        return None
    top = _POSSESSIVE.sub("", max(row.items(), key=lambda kv: kv[1])[0])
    if not top.isalpha() or top in names or skeleton_similarity(ur, top) >= min_similarity:
        return None
    return top


def select_names(links: Counter, sentences: Counter, options: NameMiningOptions,
                 ordinary: Callable[[str], str | None] = lambda ur: None) -> list[MinedName]:
    """The pairs that pass ``options``, one per Urdu word (its most linked name), by Urdu word;
    ``ordinary(urdu)`` names the ordinary word an Urdu word mostly is (such words are left out)."""
    best: dict[str, tuple[int, str]] = {}
    for (ur, name), n in links.items():
        if n > best.get(ur, (0, ""))[0]:
            best[ur] = (n, name)
    out = []
    for ur, (n, name) in best.items():
        if n < options.min_links or len(ur) < options.min_letters:
            continue
        similarity = skeleton_similarity(ur, name)
        entry = MinedName(ur, name, n, max(sentences[ur], n), round(similarity, 3))
        if entry.share >= options.min_share and similarity >= options.min_similarity and not ordinary(ur):
            out.append(entry)
    return sorted(out, key=lambda e: e.urdu)


def mine_names(recipe: Recipe, evalsets: Path | None = None, options: NameMiningOptions | None = None,
               lexicon=None, progress: Callable[[str], None] | None = None) -> list[MinedName]:
    """Mine the recipe's real corpora for a names glossary (see the module's docstring)."""
    options = options or NameMiningOptions()
    evalsets = evalsets if evalsets is not None else Path(recipe.corpora).parent / "evalsets"
    if lexicon is None:
        from translit.align.lexicon import load_lexicon

        lexicon = load_lexicon()
    pairs = real_pairs(recipe, evalsets, progress)
    # which words are names: their case inside sentences of running text, as the mix decides it
    truecaser = Truecaser.fit(en for cat, _, en in pairs if cat in ("general", "religious"))
    links, sentences = count_links(((ur, en) for _, ur, en in pairs), truecaser.forms, lexicon)
    return select_names(links, sentences, options, lambda ur: ordinary_translation(ur, lexicon, truecaser.forms, options.min_similarity))


def _corpora_version(corpora: Path) -> str:
    """The corpora folder as the recipe names it, with a digest of its manifest: which data it was."""
    manifest = corpora / "MANIFEST.tsv"
    if not manifest.is_file():
        return str(corpora)
    return f"{corpora} (MANIFEST.tsv sha256 {hashlib.sha256(manifest.read_bytes()).hexdigest()[:12]})"


def write_names(names: list[MinedName], path: Path, recipe: Recipe, options: NameMiningOptions) -> None:
    """Write ``names.tsv`` (``urdu<TAB>english``) atomically, with how it was made as comments."""
    header = [
        "# Names glossary mined from the real parallel corpora by `translit train names` (no hand lists).",
        f"# recipe: {recipe.name}; corpora: {_corpora_version(Path(recipe.corpora))}; dev sets left out: {', '.join(EVALSETS)}",
        f"# min_links {options.min_links}, min_share {options.min_share}, min_similarity {options.min_similarity}, "
        f"min_letters {options.min_letters}; {len(names)} entries; {datetime.date.today().isoformat()}",
    ]
    rows = [f"{n.urdu}\t{n.english}" for n in names]
    atomic_write_text(Path(path), "\n".join(header + rows) + "\n")


__all__ = ["NameMiningOptions", "MinedName", "real_pairs", "count_links", "select_names", "ordinary_translation", "mine_names", "write_names"]
