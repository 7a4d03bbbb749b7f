"""The word lexicon: Urdu↔English word translation probabilities learned from the corpora.

Two translation tables (English given Urdu and Urdu given English), built by
``scripts/build_word_lexicon.py`` from eflomal's word links over the corpora
(:mod:`translit.align.from_links`; or trained by our own EM, :mod:`translit.align.ibm`) and
shipped beside this module as ``word_lexicon.tsv.gz``. They serve two purposes:

- word alignment without a translation model (:func:`WordLexicon.align`): posteriors of both
  directions under the diagonal prior, Viterbi links, symmetrised by grow-diag-final-and;
- a translation-free similarity for sentence alignment (:func:`WordLexicon.english_bag`).

Words are compared by :func:`word_key`: surrounding punctuation stripped, lower-cased, so
``"Lahore,"`` and ``"lahore"`` are one word. The file is plain TSV (``urdu, english,
p(en|ur), p(ur|en)``; an empty word is NULL) so it can be read and checked by hand.
"""

from __future__ import annotations

import gzip
import json
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from translit.errors import DataError

SHIPPED = Path(__file__).with_name("word_lexicon.tsv.gz")
FLOOR = 1e-6  # translation probability of a pair the table does not know


def word_key(token: str) -> str:
    """The form a token is looked up by: punctuation and symbols at both ends removed, lower case."""
    start, end = 0, len(token)
    while start < end and unicodedata.category(token[start])[0] in "PS":
        start += 1
    while end > start and unicodedata.category(token[end - 1])[0] in "PS":
        end -= 1
    return token[start:end].lower()


@dataclass
class WordLexicon:
    """``forward[ur][en] = p(en | ur)``; ``backward[en][ur] = p(ur | en)``; ``""`` is NULL."""

    forward: dict[str, dict[str, float]]
    backward: dict[str, dict[str, float]]
    diagonal_tension: float = 4.0
    null_prob: float = 0.08
    info: dict = field(default_factory=dict)
    _tops: dict = field(default_factory=dict, repr=False, compare=False)  # word → its best translations

    # ---- files -------------------------------------------------------------------------------
    def save(self, path: Path) -> None:
        """Write the TSV (gzip), atomically: header line of JSON settings, then one row per pair."""
        from translit.util.files import atomic_write_bytes

        pairs: dict[tuple[str, str], list[float]] = {}
        for ur, row in self.forward.items():
            for en, p in row.items():
                pairs.setdefault((ur, en), [0.0, 0.0])[0] = p
        for en, row in self.backward.items():
            for ur, p in row.items():
                pairs.setdefault((ur, en), [0.0, 0.0])[1] = p
        header = {"diagonal_tension": self.diagonal_tension, "null_prob": self.null_prob, **self.info}
        lines = ["# translit word lexicon " + json.dumps(header, ensure_ascii=False)]
        for (ur, en), (f, b) in sorted(pairs.items()):
            lines.append(f"{ur}\t{en}\t{f:.4g}\t{b:.4g}")
        data = gzip.compress(("\n".join(lines) + "\n").encode("utf-8"), compresslevel=9, mtime=0)
        atomic_write_bytes(Path(path), data)

    @classmethod
    def load(cls, path: Path | str = SHIPPED) -> WordLexicon:
        path = Path(path)
        if not path.is_file():
            raise DataError(f"word lexicon not found: {path}")
        try:
            with gzip.open(path, "rt", encoding="utf-8") as f:
                first = f.readline()
                if not first.startswith("# translit word lexicon "):
                    raise DataError(f"{path}: not a translit word lexicon")
                header = json.loads(first[len("# translit word lexicon ") :])
                forward: dict[str, dict[str, float]] = {}
                backward: dict[str, dict[str, float]] = {}
                for n, line in enumerate(f, start=2):
                    parts = line.rstrip("\n").split("\t")
                    if len(parts) != 4:
                        raise DataError(f"{path}: line {n} does not have 4 tab-separated fields")
                    ur, en, p_f, p_b = parts[0], parts[1], float(parts[2]), float(parts[3])
                    if p_f > 0:
                        forward.setdefault(ur, {})[en] = p_f
                    if p_b > 0:
                        backward.setdefault(en, {})[ur] = p_b
        except (OSError, EOFError, UnicodeDecodeError, ValueError) as exc:
            raise DataError(f"{path}: unreadable word lexicon ({exc})") from exc
        tension = float(header.pop("diagonal_tension", 4.0))
        null = float(header.pop("null_prob", 0.08))
        return cls(forward, backward, tension, null, header)

    # ---- alignment ---------------------------------------------------------------------------
    def _table(self, rows: dict[str, dict[str, float]], given: list[str], produced: list[str]) -> np.ndarray:
        """(len(produced) × len(given)+1) matrix of t(produced | given), NULL in the last column."""
        out = np.full((len(produced), len(given) + 1), FLOOR)
        at: dict[str, list[int]] = {}  # produced word → its positions
        for j, p in enumerate(produced):
            at.setdefault(p, []).append(j)
        # only the (given, produced) pairs the lexicon has are looked at: a sentence pair's words
        # against each row's keys, intersected in C, instead of every cell in Python
        cells: tuple[list[int], list[int], list[float]] = ([], [], [])
        same: tuple[list[int], list[int]] = ([], [])
        for i, g in enumerate([*given, None]):
            row = rows.get(g if g is not None else "")
            if row:
                for p in row.keys() & at.keys():
                    for j in at[p]:
                        cells[0].append(j)
                        cells[1].append(i)
                        cells[2].append(row[p])
            if g and g in at:  # numbers, Latin names: the same string on both sides
                same[0].extend(at[g])
                same[1].extend([i] * len(at[g]))
        out[cells[0], cells[1]] = np.maximum(cells[2], FLOOR)
        out[same[0], same[1]] = 0.5
        return out

    def _prior(self, n_given: int, n_produced: int) -> np.ndarray:
        i = (np.arange(n_given) + 1) / n_given
        j = (np.arange(n_produced) + 1) / n_produced
        diag = np.exp(-self.diagonal_tension * np.abs(i[None, :] - j[:, None]))
        diag *= (1 - self.null_prob) / diag.sum(axis=1, keepdims=True)
        return np.concatenate([diag, np.full((n_produced, 1), self.null_prob)], axis=1)

    def posteriors(self, ur_keys: list[str], en_keys: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """P(English word j comes from Urdu word i) as (m × n+1), and P(Urdu i from English j) as (n × m+1)."""
        fwd = self._prior(len(ur_keys), len(en_keys)) * self._table(self.forward, ur_keys, en_keys)
        bwd = self._prior(len(en_keys), len(ur_keys)) * self._table(self.backward, en_keys, ur_keys)
        return fwd / fwd.sum(axis=1, keepdims=True), bwd / bwd.sum(axis=1, keepdims=True)

    def align(self, ur_tokens: list[str], en_tokens: list[str]) -> list[tuple[int, int]]:
        """Links (Urdu index, English index) between two token lists, by grow-diag-final-and."""
        ur_keys = [word_key(t) for t in ur_tokens]
        en_keys = [word_key(t) for t in en_tokens]
        ur_pos = [k for k, w in enumerate(ur_keys) if w]
        en_pos = [k for k, w in enumerate(en_keys) if w]
        if not ur_pos or not en_pos:
            return []
        fwd, bwd = self.posteriors([ur_keys[k] for k in ur_pos], [en_keys[k] for k in en_pos])
        n = len(ur_pos)
        forward = {(int(i), j) for j, i in enumerate(fwd.argmax(axis=1)) if i < n}
        backward = {(i, int(j)) for i, j in enumerate(bwd.argmax(axis=1)) if j < len(en_pos)}
        links = grow_diag_final_and(forward, backward)
        return sorted((ur_pos[i], en_pos[j]) for i, j in links)

    # ---- similarity --------------------------------------------------------------------------
    def english_bag(self, ur_tokens: list[str], top: int = 5, min_prob: float = 0.02) -> dict[str, float]:
        """Expected English words of an Urdu sentence: Σ over its words of their top translations."""
        bag: dict[str, float] = {}
        for token in ur_tokens:
            key = word_key(token)
            if not key:
                continue
            if (key, top, min_prob) not in self._tops:
                self._tops[(key, top, min_prob)] = _top(self.forward.get(key), top, min_prob)
            for en, p in self._tops[(key, top, min_prob)]:
                bag[en] = bag.get(en, 0.0) + p
            if key.isascii():  # numbers, Latin words pass through untranslated
                bag[key] = bag.get(key, 0.0) + 1.0
        return bag


def _top(row: dict[str, float] | None, top: int, min_prob: float) -> list[tuple[str, float]]:
    if not row:
        return []
    best = sorted(((p, en) for en, p in row.items() if en and p >= min_prob), reverse=True)[:top]
    return [(en, p) for p, en in best]


def grow_diag_final_and(forward: set[tuple[int, int]], backward: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """Koehn's symmetrisation: the intersection, grown into the union through neighbours."""
    links = forward & backward
    union = forward | backward
    neighbours = [(-1, 0), (0, -1), (1, 0), (0, 1), (-1, -1), (-1, 1), (1, -1), (1, 1)]
    ur_done = {i for i, _ in links}
    en_done = {j for _, j in links}
    grew = True
    while grew:
        grew = False
        for i, j in sorted(links):
            for di, dj in neighbours:
                cand = (i + di, j + dj)
                if cand in union and cand not in links and (cand[0] not in ur_done or cand[1] not in en_done):
                    links.add(cand)
                    ur_done.add(cand[0])
                    en_done.add(cand[1])
                    grew = True
    for cand in sorted(union - links):
        if cand[0] not in ur_done and cand[1] not in en_done:
            links.add(cand)
            ur_done.add(cand[0])
            en_done.add(cand[1])
    return links


@lru_cache(maxsize=4)
def load_lexicon(path: str | None = None) -> WordLexicon:
    """The shipped lexicon (or the one at ``path``), read once per process."""
    return WordLexicon.load(path or SHIPPED)

