"""A learned Urdu-script → Latin spelling model for single words.

Urdu writes few vowels, so romanisation is a guess that data must make: ``پزشکیان`` could be
read many ways, and English spells names its own way (``ماسکو`` → *moscow*). The model is a
noisy-channel transducer learned from (Urdu word, English spelling) pairs:

- **Letter emissions.** Every Urdu letter emits an English substring of 0–3 letters. EM over all
  monotone segmentations of each pair learns ``p(substring | letter)``; the Viterbi segmentations
  then give the same table per context (the letters on either side, ``^``/``$`` at the edges),
  so that final ``ی`` can prefer *i* and medial ``و`` *o*, smoothed towards the plain table.
- **English letter model.** A 4-gram letter model (Witten–Bell smoothing) of the English side
  says which spellings look like English names and words.
- **Search.** A beam search scores ``log p(emissions) + lm_weight · log p_LM + length_bonus · letters``
  (the bonus offsets the letter model's preference for short, vowel-less output).
"""

from __future__ import annotations

import gzip
import json
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

MAX_EMIT = 3  # an Urdu letter emits at most this many English letters
FORMAT = "translit-romanizer/1"


MAX_WORD = 48  # letters spelled in one search; longer runs go in pieces of this length


def train_emissions(
    pairs: list[tuple[str, str]], iterations: int = 8, progress: Callable[[int, float], None] | None = None
) -> dict[str, dict[str, float]]:
    """EM over monotone segmentations: ``table[letter][substring] = p(substring | letter)``."""
    table: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(lambda: 1.0))
    for iteration in range(iterations):
        counts: dict[str, Counter] = defaultdict(Counter)
        log_likelihood = 0.0
        for ur, en in pairs:
            n, m = len(ur), len(en)
            fwd = [[0.0] * (m + 1) for _ in range(n + 1)]
            fwd[0][0] = 1.0
            for i in range(1, n + 1):
                emit = table[ur[i - 1]]
                for j in range(m + 1):
                    fwd[i][j] = sum(
                        fwd[i - 1][j - k] * emit[en[j - k : j]] for k in range(min(MAX_EMIT, j) + 1) if fwd[i - 1][j - k]
                    )
            total = fwd[n][m]
            if total <= 0:
                continue
            log_likelihood += math.log(total)
            bwd = [[0.0] * (m + 1) for _ in range(n + 1)]
            bwd[n][m] = 1.0
            for i in range(n, 0, -1):
                emit = table[ur[i - 1]]
                for j in range(m, -1, -1):
                    if not bwd[i][j]:
                        continue
                    for k in range(min(MAX_EMIT, j) + 1):
                        if fwd[i - 1][j - k]:
                            p = emit[en[j - k : j]]
                            bwd[i - 1][j - k] += p * bwd[i][j]
                            counts[ur[i - 1]][en[j - k : j]] += fwd[i - 1][j - k] * p * bwd[i][j] / total
        new: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        for letter, c in counts.items():
            norm = sum(c.values())
            for sub, v in c.items():
                if v / norm > 1e-4:
                    new[letter][sub] = v / norm
        table = new
        if progress:
            progress(iteration + 1, log_likelihood)
    return {letter: dict(subs) for letter, subs in table.items()}


def segment(emissions: dict[str, dict[str, float]], ur: str, en: str) -> list[str] | None:
    """The most likely split of ``en`` into one substring per letter of ``ur`` (None if impossible)."""
    n, m = len(ur), len(en)
    score = [[-math.inf] * (m + 1) for _ in range(n + 1)]
    back = [[0] * (m + 1) for _ in range(n + 1)]
    score[0][0] = 0.0
    for i in range(1, n + 1):
        emit = emissions.get(ur[i - 1], {})
        for j in range(m + 1):
            for k in range(min(MAX_EMIT, j) + 1):
                p = emit.get(en[j - k : j], 0.0)
                if p and score[i - 1][j - k] > -math.inf and score[i - 1][j - k] + math.log(p) > score[i][j]:
                    score[i][j], back[i][j] = score[i - 1][j - k] + math.log(p), k
    if score[n][m] == -math.inf:
        return None
    pieces, j = [], m
    for i in range(n, 0, -1):
        k = back[i][j]
        pieces.append(en[j - k : j])
        j -= k
    return pieces[::-1]


def _context_keys(word: str, i: int) -> list[str]:
    """Keys of letter ``i`` in context, narrowest last: ``left|letter|*``, ``*|letter|right``, both."""
    w = "^" + word + "$"
    left, letter, right = w[i], w[i + 1], w[i + 2]
    return [f"{left}{letter}*", f"*{letter}{right}", f"{left}{letter}{right}"]


def context_counts(emissions: dict[str, dict[str, float]], pairs: Iterable[tuple[str, str]]) -> dict[str, dict[str, int]]:
    """Counts of each letter's emitted substring per context, from the Viterbi segmentations."""
    counts: dict[str, Counter] = defaultdict(Counter)
    for ur, en in pairs:
        pieces = segment(emissions, ur, en)
        if pieces is None:
            continue
        for i, piece in enumerate(pieces):
            for key in _context_keys(ur, i):
                counts[key][piece] += 1
    return {k: dict(v) for k, v in counts.items()}


class LetterModel:
    """An n-gram model of English letters with Witten–Bell interpolation; ``^``/``$`` pad words."""

    def __init__(self, counts: dict[str, dict[str, int]], order: int):
        self.order = order
        self.counts = counts
        self._totals = {h: (sum(c.values()), len(c)) for h, c in counts.items()}
        self._floor = 1.0 / (len(counts.get("", {})) + 1)
        self._cache: dict[tuple[str, str], float] = {}

    @classmethod
    def train(cls, words: Iterable[str], order: int = 4) -> LetterModel:
        counts: dict[str, Counter] = defaultdict(Counter)
        for word in words:
            padded = "^" * (order - 1) + word + "$"
            for i in range(order - 1, len(padded)):
                for n in range(order):
                    counts[padded[i - n : i]][padded[i]] += 1
        return cls({h: dict(c) for h, c in counts.items()}, order)

    def prob(self, history: str, letter: str) -> float:
        history = history[len(history) - (self.order - 1) :] if self.order > 1 else ""
        key = (history, letter)
        if key not in self._cache:
            p = self._floor
            for n in range(self.order):
                h = history[len(history) - n :] if n else ""
                seen = self.counts.get(h)
                if not seen:
                    break
                total, types = self._totals[h]
                weight = total / (total + types)
                p = weight * seen.get(letter, 0) / total + (1 - weight) * p
            self._cache[key] = p
        return self._cache[key]


@dataclass
class Romanizer:
    """Everything needed to romanise a word; saved as one gzipped JSON file."""

    emissions: dict[str, dict[str, float]]
    contexts: dict[str, dict[str, int]]
    letters: LetterModel
    lm_weight: float = 0.5
    length_bonus: float = 1.0
    smoothing: float = 2.0  # pseudo-counts of the broader table in each context's estimate
    info: dict = field(default_factory=dict)
    _memo: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    @classmethod
    def train(cls, pairs: list[tuple[str, str]], iterations: int = 8, progress=None, **settings) -> Romanizer:
        emissions = train_emissions(pairs, iterations, progress)
        contexts = context_counts(emissions, pairs)
        return cls(emissions, contexts, LetterModel.train(en for _, en in pairs), **settings)

    def _choices(self, word: str, i: int, keep: int = 8) -> list[tuple[str, float]]:
        probs = dict(self.emissions.get(word[i], {}))
        tables = [self.contexts[k] for k in _context_keys(word, i) if k in self.contexts]
        for table in tables:  # broader contexts first, each estimate backs off to the one before
            total = sum(table.values())
            for piece in set(probs) | set(table):
                probs[piece] = (table.get(piece, 0) + self.smoothing * probs.get(piece, 0.0)) / (total + self.smoothing)
        ranked = sorted(((p, piece) for piece, p in probs.items() if p > 0), reverse=True)[:keep]
        return [(piece, math.log(p)) for p, piece in ranked]

    def spellings(self, word: str, n: int = 1, beam: int = 8) -> list[tuple[str, float]]:
        """The ``n`` best Latin spellings of one Urdu word with their scores (higher is better).

        Letters the model never saw are skipped; a word of only such letters gives ``[]``.
        """
        if len(word) > MAX_WORD:
            return self._long(word, n, beam)
        key = (word, n, beam)
        if key not in self._memo:
            if len(self._memo) > 100_000:
                self._memo.clear()
            self._memo[key] = self._search(word, n, beam)
        return self._memo[key]

    def _long(self, word: str, n: int, beam: int) -> list[tuple[str, float]]:
        """A run of letters longer than any word (a joined-up line, a hostile input) is spelled
        in pieces of ``MAX_WORD`` letters, so that the time grows with its length, not its square:
        the ``n`` best of the first piece, each followed by the best of the rest."""
        pieces = [word[k : k + MAX_WORD] for k in range(0, len(word), MAX_WORD)]
        rest = [self.spellings(p, 1, beam) for p in pieces[1:]]
        tail = "".join(r[0][0] for r in rest if r)
        tail_score = sum(r[0][1] for r in rest if r)
        return [(text + tail, round(score + tail_score, 3)) for text, score in self.spellings(pieces[0], n, beam)]

    def _search(self, word: str, n: int, beam: int) -> list[tuple[str, float]]:
        word = "".join(ch for ch in word if ch in self.emissions)
        if not word:
            return []
        pad = "^" * (self.letters.order - 1)
        hyps: list[tuple[float, str]] = [(0.0, "")]
        for i in range(len(word)):
            best: dict[str, float] = {}
            for score, out in hyps:
                for piece, logp in self._choices(word, i):
                    s, history = score + logp + self.length_bonus * len(piece), pad + out
                    for letter in piece:
                        s += self.lm_weight * math.log(self.letters.prob(history, letter))
                        history += letter
                    key = out + piece
                    if s > best.get(key, -math.inf):
                        best[key] = s
            hyps = sorted(((s, o) for o, s in best.items()), reverse=True)[:beam]
        ended = [(s + self.lm_weight * math.log(self.letters.prob(pad + o, "$")), o) for s, o in hyps if o]
        ended.sort(reverse=True)
        return [(o, round(s, 3)) for s, o in ended[:n]]

    def save(self, path: Path) -> None:
        data = {
            "format": FORMAT,
            "info": self.info,
            "settings": {"lm_weight": self.lm_weight, "length_bonus": self.length_bonus, "smoothing": self.smoothing},
            "emissions": {k: {p: round(v, 6) for p, v in row.items()} for k, row in self.emissions.items()},
            "contexts": self.contexts,
            "letter_model": {"order": self.letters.order, "counts": self.letters.counts},
        }
        tmp = Path(path).with_suffix(".tmp")
        with gzip.open(tmp, "wt", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False, sort_keys=True)
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path) -> Romanizer:
        from translit.errors import ModelError

        try:
            with gzip.open(path, "rt", encoding="utf-8") as f:
                data = json.load(f)
        except (OSError, EOFError, ValueError) as exc:
            raise ModelError(f"cannot read romanizer {path}: {exc}") from None
        if data.get("format") != FORMAT:
            raise ModelError(f"{path}: not a {FORMAT} file")
        lm = data["letter_model"]
        return cls(data["emissions"], data["contexts"], LetterModel(lm["counts"], lm["order"]), info=data.get("info", {}), **data["settings"])
