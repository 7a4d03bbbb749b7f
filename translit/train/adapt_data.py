"""A user's own translations as training pairs for :mod:`translit.train.adapt`: read, cleaned,
split into train and dev, and the general pairs replayed beside them.

- ``--pairs``: ``urdu<TAB>english[<TAB>score]`` lines, as ``translit align sentences --format tsv``
  writes them; ``--docs``: two folders of same-named documents, split into sentences and
  aligned with the sentence aligner (1-1, 1-2, 2-1 … beads; 1-0 and 0-1 left out).
- Cleaned as the training pipeline cleans (:func:`translit.train.data.pair_problem`: lengths,
  length ratio, script; repeats), pairs under a score floor left out; every reason counted.
- A dev split held out by document where documents are known (whole documents, so that the dev
  score is on text the model did not train on), else every k-th pair of a seeded shuffle.
- Replay: a random sample of the base recipe's general corpora, when they are on this machine,
  so that a small model learning a domain does not forget the rest.
"""

from __future__ import annotations

import hashlib
import heapq
import random
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from translit.errors import InputError
from translit.text.normalize import normalize

Pair = tuple[str, str]


@dataclass
class UserData:
    """What the user's pairs came to: read, kept for training and dev, left out and why."""

    read: int = 0
    train: list[Pair] = field(default_factory=list, repr=False)
    dev: list[Pair] = field(default_factory=list, repr=False)
    dropped: dict[str, int] = field(default_factory=dict)
    documents: int = 0  # document pairs aligned (--docs); 0 for --pairs
    unpaired: list[str] = field(default_factory=list)  # documents with no counterpart in the other folder
    digest: str = ""  # of the pairs read, in order: what the card names instead of the text

    def summary(self) -> dict:
        return {"read": self.read, "train": len(self.train), "dev": len(self.dev), "dropped": self.dropped,
                "documents": self.documents, "unpaired_documents": len(self.unpaired), "digest": self.digest}


def read_pair_file(path: Path) -> list[tuple[str, str, float | None]]:
    """``urdu<TAB>english[<TAB>score]`` lines; a clear error naming the first bad line."""
    from translit.util.gzipped import read_text, split_lines

    out = []
    for number, line in enumerate(split_lines(read_text(Path(path))), start=1):
        if not line.strip():
            continue
        cells = line.split("\t")
        if len(cells) not in (2, 3):
            raise InputError(f"{path}:{number}: expected 'urdu<TAB>english[<TAB>score]', got {len(cells)} columns")
        score = None
        if len(cells) == 3:
            try:
                score = float(cells[2])
            except ValueError:
                raise InputError(f"{path}:{number}: the third column must be a score, not {cells[2][:20]!r}") from None
        out.append((cells[0], cells[1], score))
    return out


def document_pairs(ur_dir: Path, en_dir: Path) -> tuple[list[tuple[str, str, str, float]], int, list[str]]:
    """(document, urdu, english, bead score) of every aligned bead of the same-named documents of
    the two folders (1-0 and 0-1 beads left out), the number of document pairs, and the names
    that have no counterpart."""
    from translit.align.sentences import align_sentences
    from translit.text.segment import split_sentences
    from translit.util.gzipped import read_text

    for folder in (ur_dir, en_dir):
        if not Path(folder).is_dir():
            raise InputError(f"{folder}: not a folder (--docs takes an Urdu folder and an English folder of same-named documents)")
    ur_files = {p.name: p for p in sorted(Path(ur_dir).iterdir()) if p.is_file() and not p.name.startswith(".")}
    en_files = {p.name: p for p in sorted(Path(en_dir).iterdir()) if p.is_file() and not p.name.startswith(".")}
    unpaired = sorted(set(ur_files) ^ set(en_files))
    beads = []
    names = sorted(set(ur_files) & set(en_files))
    for name in names:
        ur = [s.text for s in split_sentences(read_text(ur_files[name]), "ur")]
        en = [s.text for s in split_sentences(read_text(en_files[name]), "en")]
        for b in align_sentences(ur, en):
            if b.src and b.tgt:
                beads.append((name, " ".join(ur[i] for i in b.src), " ".join(en[j] for j in b.tgt), b.score))
    return beads, len(names), unpaired


def clean_user_pairs(rows: list[tuple[str | None, str, str, float | None]], filters, min_score: float) -> tuple[list[tuple[str | None, Pair]], Counter]:
    """(document, (urdu, english)) of the rows that pass the training filters and the score
    floor, repeats left out; the reasons the others were dropped."""
    from translit.train.data import clean_english, pair_verdict

    kept, dropped, seen = [], Counter(), set()
    for doc, ur, en, score in rows:
        ur, en = normalize(ur), clean_english(en)
        problem = pair_verdict(ur, en, filters, seen, "low alignment score" if score is not None and score < min_score else None)
        if problem:
            dropped[problem] += 1
            continue
        kept.append((doc, (ur, en)))
    return kept, dropped


def check_direction(rows: list[tuple[str | None, str, str, float | None]], where: str) -> None:
    """Refuse pairs that are not Urdu→English: most Urdu sides without Arabic-script letters, or
    most English sides in Arabic script (the columns swapped)."""
    import re

    from translit.text.normalize import ARABIC_LETTERS

    arabic_letter = re.compile(f"[{ARABIC_LETTERS}]")

    def arabic(text: str) -> bool:
        letters = [ch for ch in text if ch.isalpha()]
        return bool(letters) and sum(1 for ch in letters if arabic_letter.match(ch)) > len(letters) / 2

    if not rows:
        return
    urdu_first = sum(arabic(ur) for _, ur, _, _ in rows)
    urdu_second = sum(arabic(en) for _, _, en, _ in rows)
    if urdu_second > len(rows) / 2 and urdu_second > urdu_first:
        raise InputError(f"{where}: the second column is Urdu: pairs must be 'urdu<TAB>english' (columns swapped?)")
    if urdu_first < len(rows) / 2:
        raise InputError(f"{where}: most pairs have no Urdu in the first column: pairs must be Urdu→English ('urdu<TAB>english')")


def split_dev(kept: list[tuple[str | None, Pair]], share: float, max_dev: int, seed: int) -> tuple[list[Pair], list[Pair]]:
    """(train, dev): whole documents go to dev (seeded order) until it holds ``share`` of the
    pairs (at most ``max_dev``) where documents are known; else a seeded sample of pairs."""
    rng = random.Random(seed)
    want = min(max_dev, max(1, round(share * len(kept))))
    docs = list(dict.fromkeys(doc for doc, _ in kept if doc is not None))
    if len(docs) >= 2:
        rng.shuffle(docs)
        chosen: set[str] = set()
        size = 0
        for doc in docs[:-1]:  # at least one document stays for training
            if size >= want:
                break
            chosen.add(doc)
            size += sum(1 for d, _ in kept if d == doc)
        return [p for d, p in kept if d not in chosen], [p for d, p in kept if d in chosen]
    order = list(range(len(kept)))
    rng.shuffle(order)
    dev_ids = set(order[:want])
    return [p for k, (_, p) in enumerate(kept) if k not in dev_ids], [p for k, (_, p) in enumerate(kept) if k in dev_ids]


def rows_digest(rows) -> str:
    h = hashlib.sha256()
    for _, ur, en, score in rows:
        h.update(f"{ur}\t{en}\t{score}\n".encode("utf-8"))
    return h.hexdigest()[:16]


def replay_pairs(recipe, count: int, seed: int, banned: set[str]) -> list[Pair]:
    """About ``count`` general pairs sampled from ``recipe``'s corpora (the sources of the general
    category with a weight above 0, in proportion to size × weight), cleaned as training cleans
    them; [] when the corpora are not on this machine."""
    from translit.datasets import read_pairs
    from translit.train.data import clean_english, pair_problem, weighted_sources

    if count <= 0 or not (Path(recipe.corpora) / "MANIFEST.tsv").is_file():
        return []
    rng = random.Random(seed)
    reservoir: list[tuple[float, int, Pair]] = []  # weighted reservoir sampling (A-Res): the largest keys u^(1/w)
    n = 0
    for source, cat, weight in weighted_sources(recipe, synthetic=False):
        if cat != "general" or weight <= 0:
            continue
        for pair in read_pairs(source):
            key, n = rng.random() ** (1.0 / weight), n + 1
            if len(reservoir) < 2 * count:
                heapq.heappush(reservoir, (key, n, pair))
            elif key > reservoir[0][0]:
                heapq.heapreplace(reservoir, (key, n, pair))
    out, seen = [], set()
    for _, _, (ur, en) in sorted(reservoir, reverse=True):
        ur, en = normalize(ur), clean_english(en)
        if pair_problem(ur, en, recipe.filter) is None and ur not in banned and en not in banned and (ur, en) not in seen:
            seen.add((ur, en))
            out.append((ur, en))
        if len(out) == count:
            break
    return out
