"""Sentence alignment of two documents that translate each other: beads found by dynamic programming.

A bead joins 0–2 Urdu sentences with 0–2 English ones (1-1, 1-2, 2-1, 2-2, 1-0, 0-1), in order,
covering every sentence of both sides once. Its cost mixes

- a length prior (Gale & Church 1993): the English length of a bead is about ``c`` times its
  Urdu length, with a variance that grows with length, plus the prior odds of each bead type;
- a similarity: the cosine of hashed character n-gram vectors of the Urdu side's machine
  translation and of the English side (numbers and Latin words alone when no translation is
  given). A merged bead is scored on the sum of its sentences' vectors, as one text.

The search runs row by row in a band around the diagonal with NumPy, so documents of thousands
of sentences align in seconds.
"""

from __future__ import annotations

import math
import re
import zlib
from dataclasses import dataclass

import numpy as np

MOVES = ((1, 1), (1, 0), (0, 1), (2, 1), (1, 2), (2, 2))
# Prior probabilities of bead types (Gale & Church), as costs.
PRIOR = {(1, 1): 0.89, (1, 0): 0.005, (0, 1): 0.005, (2, 1): 0.0445, (1, 2): 0.0445, (2, 2): 0.011}
_TOKEN = re.compile(r"\d+|[A-Za-z]{2,}")


@dataclass(frozen=True)
class Bead:
    """Indices of the Urdu (``src``) and English (``tgt``) sentences aligned together."""

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    score: float  # similarity of the bead, 0..1 (0 for insertions and deletions)

    @property
    def kind(self) -> str:
        return f"{len(self.src)}-{len(self.tgt)}"


@dataclass
class AlignOptions:
    dims: int = 4096  # hashed n-gram features
    ngram: int = 3
    length_weight: float = 0.1  # weight of the Gale–Church cost against the similarity cost (tuned on FLORES dev)
    skip_cost: float = 0.2  # similarity cost of leaving a sentence unaligned (tuned on FLORES dev)
    band: int = 0  # half-width of the search band; 0: chosen from the document sizes
    variance: float = 6.8
    use_similarity: bool = True  # False: lengths only (the Gale–Church baseline)


def _features(texts: list[str], opts: AlignOptions, lexical_only: bool) -> np.ndarray:
    """Hashed character n-gram counts (or, for untranslated Urdu, numbers and Latin tokens)."""
    matrix = np.zeros((len(texts), opts.dims), dtype=np.float32)
    for row, text in enumerate(texts):
        if lexical_only:
            grams = _TOKEN.findall(text.lower())
        else:
            t = f" {' '.join(text.lower().split())} "
            grams = [t[k : k + opts.ngram] for k in range(max(1, len(t) - opts.ngram + 1))]
            grams += [f"#{tok}" for tok in _TOKEN.findall(text.lower())]
        for g in grams:
            matrix[row, zlib.crc32(g.encode("utf-8")) % opts.dims] += 1.0
    return matrix


def _span_vectors(features: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Vectors of single sentences and of each pair of neighbours (k, k+1)."""
    pairs = features[:-1] + features[1:] if len(features) > 1 else np.zeros((0, features.shape[1]), np.float32)
    return features, pairs


def _normalise(v: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(v, axis=1, keepdims=True)
    return v / np.maximum(norms, 1e-9)


def _length_cost(l1: np.ndarray, l2: np.ndarray, ratio: float, variance: float) -> np.ndarray:
    """Gale–Church: −log P(|δ|) with δ = (l2 − c·l1) / sqrt(l1·s²), vectorised."""
    mean = (l1 + l2 / ratio) / 2
    delta = (l2 - l1 * ratio) / np.sqrt(np.maximum(mean, 1) * variance)
    p = np.clip(2 * (1 - 0.5 * (1 + _erf(np.abs(delta) / math.sqrt(2)))), 1e-12, 1)
    return -np.log(p)


_erf = np.vectorize(math.erf, otypes=[np.float64])


def align_sentences(
    ur_sentences: list[str],
    en_sentences: list[str],
    translations: list[str] | None = None,
    options: AlignOptions | None = None,
) -> list[Bead]:
    """Align two sentence lists. ``translations``: English machine translations of the Urdu side."""
    opts = options or AlignOptions()
    n, m = len(ur_sentences), len(en_sentences)
    if n == 0 or m == 0:
        return [Bead((i,), (), 0.0) for i in range(n)] + [Bead((), (j,), 0.0) for j in range(m)]
    if translations is not None and len(translations) != n:
        raise ValueError(f"{len(translations)} translations for {n} Urdu sentences")
    lexical = translations is None
    src_feats = _features(translations if translations is not None else ur_sentences, opts, lexical)
    tgt_feats = _features(en_sentences, opts, lexical)
    s1, s2 = _span_vectors(src_feats)
    t1, t2 = _span_vectors(tgt_feats)
    src_vecs = {1: _normalise(s1), 2: _normalise(s2)}
    tgt_vecs = {1: _normalise(t1), 2: _normalise(t2)}
    ur_len = np.array([len(s) for s in ur_sentences], dtype=np.float64)
    en_len = np.array([len(s) for s in en_sentences], dtype=np.float64)
    ratio = max(en_len.sum(), 1) / max(ur_len.sum(), 1)
    ur_span = {1: ur_len, 2: ur_len[:-1] + ur_len[1:]}
    en_span = {1: en_len, 2: en_len[:-1] + en_len[1:]}
    band = opts.band or max(20, abs(n - m) + int(0.08 * max(n, m)))

    def window(i: int) -> tuple[int, int]:
        centre = round(i * m / n)
        return max(0, centre - band), min(m, centre + band) + 1

    inf = np.float64(np.inf)
    cost = [np.full(0, inf)] * (n + 1)
    lows = [0] * (n + 1)
    for i in range(n + 1):
        lo, hi = window(i)
        lows[i] = lo
        row = np.full(hi - lo, inf)
        js = np.arange(lo, hi)
        if i == 0 and lo == 0:
            row[0] = 0.0
        for di, dj in MOVES:
            if di == 0 or i - di < 0:
                continue
            prev, plo = cost[i - di], lows[i - di]
            pj = js - dj
            ok = (pj >= plo) & (pj < plo + len(prev)) & (pj >= 0)
            if not ok.any():
                continue
            before = np.where(ok, prev[np.clip(pj - plo, 0, len(prev) - 1)], inf)
            step = _move_cost(di, dj, i - di, pj, src_vecs, tgt_vecs, ur_span, en_span, ratio, opts)
            row = np.minimum(row, before + step)
        # 0-1 moves inside the row: row[j] = min(row[j], row[j-1] + skip); a scan done with a prefix trick.
        skip = opts.skip_cost - math.log(PRIOR[(0, 1)]) * opts.length_weight
        shifted = row - skip * np.arange(len(row))
        row = np.minimum.accumulate(shifted) + skip * np.arange(len(row))
        cost[i] = row
    return _backtrace(cost, lows, n, m, src_vecs, tgt_vecs, ur_span, en_span, ratio, opts)


def _move_cost(di, dj, i, js, src_vecs, tgt_vecs, ur_span, en_span, ratio, opts) -> np.ndarray:
    """Cost of the bead that takes Urdu sentences i..i+di−1 and English js..js+dj−1 (vector over js)."""
    prior = -math.log(PRIOR[(di, dj)]) * opts.length_weight
    if dj == 0:
        return np.full(len(js), opts.skip_cost + prior)
    valid = (js >= 0) & (js + dj <= len(en_span[1]))
    jj = np.clip(js, 0, len(tgt_vecs[dj]) - 1)
    if i + di > len(ur_span[1]) or len(tgt_vecs[dj]) == 0:
        return np.full(len(js), np.inf)
    sim = src_vecs[di][i] @ tgt_vecs[dj][jj].T if opts.use_similarity else np.full(len(jj), 0.5)
    length = _length_cost(np.full(len(jj), ur_span[di][i]), en_span[dj][jj], ratio, opts.variance)
    # merged beads pay their similarity cost per sentence they cover, so they are not a shortcut
    out = (1 - sim) * (di + dj) / 2 + opts.length_weight * length + prior
    return np.where(valid, out, np.inf)


def _backtrace(cost, lows, n, m, src_vecs, tgt_vecs, ur_span, en_span, ratio, opts) -> list[Bead]:
    beads: list[Bead] = []
    i, j = n, m
    skip01 = opts.skip_cost - math.log(PRIOR[(0, 1)]) * opts.length_weight
    while i > 0 or j > 0:
        here = cost[i][j - lows[i]]
        found = None
        for di, dj in MOVES:
            pi, pj = i - di, j - dj
            if pi < 0 or pj < 0 or not (lows[pi] <= pj < lows[pi] + len(cost[pi])):
                continue
            if di == 0:
                step = skip01
            else:
                step = _move_cost(di, dj, pi, np.array([pj]), src_vecs, tgt_vecs, ur_span, en_span, ratio, opts)[0]
            if np.isclose(cost[pi][pj - lows[pi]] + step, here, rtol=1e-9, atol=1e-6):
                found = (di, dj)
                break
        if found is None:  # cannot happen unless costs are not finite
            raise RuntimeError(f"alignment backtrace failed at ({i}, {j})")
        di, dj = found
        src = tuple(range(i - di, i))
        tgt = tuple(range(j - dj, j))
        score = float(src_vecs[di][i - di] @ tgt_vecs[dj][j - dj]) if di and dj else 0.0
        beads.append(Bead(src, tgt, round(score, 4)))
        i, j = i - di, j - dj
    beads.reverse()
    return beads
