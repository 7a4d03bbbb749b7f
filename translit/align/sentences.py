"""Sentence alignment of two documents that translate each other: beads found by dynamic programming.

A bead joins 0–2 Urdu sentences with 0–2 English ones (1-1, 1-2, 2-1, 2-2, 1-0, 0-1), in order,
covering every sentence of both sides once. Its cost mixes

- a length prior (Gale & Church 1993): the English length of a bead is about ``c`` times its
  Urdu length, with a variance that grows with length, plus the prior odds of each bead type;
- a similarity, the weighted sum of up to two cosines of hashed feature vectors:
  the English words each Urdu sentence should contain by the word lexicon learned from the
  corpora (:mod:`translit.align.lexicon`) against the English sentence's words, both weighted by
  inverse document frequency; and, when machine translations of the Urdu side are given,
  character n-grams of the translation against those of the English. With neither, numbers and
  Latin words alone. A merged bead is scored on the sum of its sentences' vectors, as one text;
- floors on what a bead's parts share: every sentence of a merged bead must reach a cosine with
  the other side (a caption next to a sentence is not absorbed into it), and a 1-1 bead of two
  sentences that share almost nothing pays extra (they are left unaligned instead).

Of two readings that cost the same (a sentence repeated on one side), the first copy is aligned
and the later one left out.

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
WIDE_MOVES = ((3, 1), (1, 3))  # with AlignOptions.wide_beads: a sentence against three
TWO_THREE = ((2, 3), (3, 2))  # with AlignOptions.two_three: two sentences against three
# Prior probabilities of bead types (Gale & Church), as costs.
PRIOR = {(1, 1): 0.89, (1, 0): 0.005, (0, 1): 0.005, (2, 1): 0.0445, (1, 2): 0.0445, (2, 2): 0.011, (3, 1): 0.005, (1, 3): 0.005,
         (2, 3): 0.002, (3, 2): 0.002}
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
    dims: int = 4096  # hashed features per similarity component (2048 cost the MT n-grams 0.01 F1 on FLORES dev)
    ngram: int = 3
    length_weight: float = 0.1  # weight of the Gale–Church cost against the similarity cost (tuned on FLORES dev)
    skip_cost: float = 0.2  # similarity cost of leaving a sentence unaligned (tuned on FLORES dev)
    band: int = 0  # half-width of the search band; 0: chosen from the document sizes
    variance: float = 6.8
    use_similarity: bool = True  # False: lengths only (the Gale–Church baseline)
    use_lexicon: bool = True  # word translation tables (translit.align.lexicon) as a similarity
    lexicon_weight: float = 0.85  # its share of the similarity when machine translations are given too (FLORES dev)
    translation_idf: bool = True  # the translations' n-grams weighted by their rarity in the English document
    wide_beads: bool = True  # also 3-1 and 1-3 beads (a sentence split in three on the other side; bench align-docs: mixed 0.919 → 0.940 on FLORES dev)
    part_floor: float = 0.15  # a merged bead's every part must reach this cosine with the other side…
    pair_floor: float = 0.1  # a 1-1 bead below this cosine…
    pair_weight: float = 3.0  # …pays this much per unit short: unrelated neighbours are left unaligned (mixed: FLORES 0.961 → 0.964, TICO 0.949 → 0.956)
    part_weight: float = 2.0  # …or pay this much per unit short (bench align-docs mixed, FLORES dev 0.940 → 0.945; held-out TICO 0.918 → 0.935)

    two_three: bool = False  # also 2-3 and 3-2 beads (two sentences merged and split otherwise on the other side)

    @property
    def moves(self) -> tuple[tuple[int, int], ...]:
        return MOVES + (WIDE_MOVES if self.wide_beads else ()) + (TWO_THREE if self.two_three else ())

    @property
    def widest(self) -> int:
        return max(max(m) for m in self.moves)


def _hash(grams, row: np.ndarray, dims: int, weights: dict[str, float] | None = None, scale: float = 1.0) -> None:
    for g in grams:
        row[zlib.crc32(g.encode("utf-8")) % dims] += scale * (weights.get(g, 1.0) if weights else 1.0)


def _grams(text: str, n: int) -> list[str]:
    """Character n-grams of a text (lower case, spaces squeezed) and its numbers and Latin words (``#``-marked)."""
    t = f" {' '.join(text.lower().split())} "
    return [t[k : k + n] for k in range(max(1, len(t) - n + 1))] + [f"#{tok}" for tok in _TOKEN.findall(text.lower())]


def _ngram_features(texts: list[str], opts: AlignOptions, idf: dict[str, float] | None = None) -> np.ndarray:
    """Hashed character n-grams plus numbers and Latin words (for English or its MT), each
    weighted by ``idf`` where given (what every sentence shares, " th", "the", counts for little)."""
    matrix = np.zeros((len(texts), opts.dims), dtype=np.float32)
    for row, text in enumerate(texts):
        _hash(_grams(text, opts.ngram), matrix[row], opts.dims, idf)
    return matrix


def _gram_idf(texts: list[str], n: int) -> dict[str, float]:
    """Inverse document frequency of each n-gram over the sentences of one side."""
    df: dict[str, int] = {}
    for text in texts:
        for g in set(_grams(text, n)):
            df[g] = df.get(g, 0) + 1
    return {g: math.log((len(texts) + 1) / (c + 0.5)) for g, c in df.items()}


def _anchor_features(texts: list[str], opts: AlignOptions) -> np.ndarray:
    """Numbers and Latin words only: what an untranslated Urdu sentence shares with English."""
    matrix = np.zeros((len(texts), opts.dims), dtype=np.float32)
    for row, text in enumerate(texts):
        _hash(_TOKEN.findall(text.lower()), matrix[row], opts.dims)
    return matrix


def _lexicon_features(ur: list[str], en: list[str], lexicon, opts: AlignOptions) -> tuple[np.ndarray, np.ndarray]:
    """English words of each sentence against the expected English words of each Urdu sentence
    (word translation tables), both weighted by inverse document frequency on the English side.
    The Urdu is normalised first, as the tables were learned from normalised text."""
    from translit.align.lexicon import word_key
    from translit.text.normalize import normalize

    en_words = [[k for k in (word_key(t) for t in s.split()) if k] for s in en]
    df: dict[str, int] = {}
    for words in en_words:
        for w in set(words):
            df[w] = df.get(w, 0) + 1
    idf = {w: math.log((len(en) + 1) / (c + 0.5)) for w, c in df.items()}
    default_idf = math.log((len(en) + 1) / 0.5)
    src = np.zeros((len(ur), opts.dims), dtype=np.float32)
    tgt = np.zeros((len(en), opts.dims), dtype=np.float32)
    for row, words in enumerate(en_words):
        _hash(words, tgt[row], opts.dims, idf)
    for row, sentence in enumerate(ur):
        for w, p in lexicon.english_bag(normalize(sentence).split()).items():
            _hash([w], src[row], opts.dims, scale=p * idf.get(w, default_idf))
    return src, tgt


def _features(ur: list[str], en: list[str], translations: list[str] | None, lexicon, opts: AlignOptions):
    """The similarity components as (Urdu-side matrix, English-side matrix, weight)."""
    parts = []
    if translations is not None:
        idf = _gram_idf(en, opts.ngram) if opts.translation_idf else None
        parts.append((_ngram_features(translations, opts, idf), _ngram_features(en, opts, idf), 1.0 - opts.lexicon_weight))
    if lexicon is not None:
        parts.append((*_lexicon_features(ur, en, lexicon, opts), opts.lexicon_weight))
    if not parts:
        parts.append((_anchor_features(ur, opts), _anchor_features(en, opts), 1.0))
    total = sum(w for _, _, w in parts)
    return [(src, tgt, w / total) for src, tgt, w in parts]  # a lone component weighs 1


def _span_vector(features: np.ndarray, size: int) -> np.ndarray:
    """Vectors of each run of ``size`` neighbouring sentences (k … k+size−1)."""
    if len(features) < size:
        return np.zeros((0, features.shape[1]), np.float32)
    return sum(features[k : len(features) - size + 1 + k] for k in range(size))


def _combined(parts, side: int, widest: int = 2) -> dict[int, np.ndarray]:
    """Per span size (1 … widest): components normalised, scaled by √weight and joined, so that
    a dot product is the weighted sum of the components' cosines."""
    out = {}
    for size in range(1, widest + 1):
        blocks = [_normalise(_span_vector(p[side], size)) * math.sqrt(p[2]) for p in parts]
        out[size] = np.concatenate(blocks, axis=1) if blocks else np.zeros((0, 0), np.float32)
    return out


class _BandedSimilarity:
    """Cosines of every bead the search can visit, computed block by block with matrix products.

    For Urdu span start ``i`` the English span starts the search can ask for lie in
    ``[base[i], base[i] + width)``; one (rows × band) product per block of rows and span sizes
    replaces thousands of memory-bound vector products.
    """

    def __init__(self, src: dict[int, np.ndarray], tgt: dict[int, np.ndarray], base: np.ndarray, width: int,
                 moves=MOVES, block: int = 64):
        self.base, self.width = base, width
        self.table: dict[tuple[int, int], np.ndarray] = {}
        for di, dj in moves:
            if di and dj:
                rows, cols = len(src[di]), len(tgt[dj])
                out = np.zeros((rows, width), dtype=np.float32)
                for r0 in range(0, rows, block):
                    r1 = min(rows, r0 + block)
                    j0 = int(base[r0:r1].min())
                    j1 = min(cols, int(base[r0:r1].max()) + width)
                    if j1 <= j0:
                        continue
                    product = src[di][r0:r1] @ tgt[dj][j0:j1].T
                    for r in range(r0, r1):
                        lo = int(base[r]) - j0
                        piece = product[r - r0, max(lo, 0) : lo + width]
                        out[r, : len(piece)] = piece
                self.table[(di, dj)] = out

    def get(self, di: int, dj: int, i: int, js: np.ndarray) -> np.ndarray:
        """Cosines of Urdu span (i, size di) with English spans (js, size dj); 0 outside the band."""
        table = self.table[(di, dj)]
        if i >= len(table):
            return np.zeros(len(js), dtype=np.float32)
        offset = js - self.base[i]
        inside = (offset >= 0) & (offset < self.width)
        return np.where(inside, table[i, np.clip(offset, 0, self.width - 1)], 0.0)


def _normalise(v: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(v, axis=1, keepdims=True)
    return v / np.maximum(norms, 1e-9)


def _length_cost(l1: np.ndarray, l2: np.ndarray, ratio: float, variance: float) -> np.ndarray:
    """Gale–Church: −log P(|δ|) with δ = (l2 − c·l1) / sqrt(l1·s²), vectorised."""
    mean = (l1 + l2 / ratio) / 2
    delta = (l2 - l1 * ratio) / np.sqrt(np.maximum(mean, 1) * variance)
    p = np.clip(2 * (1 - 0.5 * (1 + _erf(np.abs(delta) / math.sqrt(2)))), 1e-12, 1)
    return -np.log(p)


def _erf(x: np.ndarray) -> np.ndarray:
    """erf for x ≥ 0, vectorised (Abramowitz & Stegun 7.1.26, absolute error < 1.5e-7)."""
    t = 1.0 / (1.0 + 0.3275911 * x)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    return 1.0 - poly * np.exp(-x * x)


def _check_inputs(ur_sentences: list[str], en_sentences: list[str], translations: list[str] | None) -> None:
    from translit.text.check import check_texts

    check_texts(ur_sentences, "Urdu sentence")
    check_texts(en_sentences, "English sentence")
    if translations is not None and len(translations) != len(ur_sentences):
        raise ValueError(f"{len(translations)} translations for {len(ur_sentences)} Urdu sentences")


def align_sentences(
    ur_sentences: list[str],
    en_sentences: list[str],
    translations: list[str] | None = None,
    options: AlignOptions | None = None,
    lexicon=None,
) -> list[Bead]:
    """Align two sentence lists.

    ``translations``: English machine translations of the Urdu side (optional); ``lexicon``: a
    :class:`translit.align.lexicon.WordLexicon` (default: the shipped one when
    ``options.use_lexicon``).
    """
    _check_inputs(ur_sentences, en_sentences, translations)
    opts = options or AlignOptions()
    n, m = len(ur_sentences), len(en_sentences)
    if n == 0 or m == 0:
        return [Bead((i,), (), 0.0) for i in range(n)] + [Bead((), (j,), 0.0) for j in range(m)]
    if lexicon is None and opts.use_lexicon and opts.use_similarity:
        from translit.align.lexicon import load_lexicon

        lexicon = load_lexicon()
    parts = _features(ur_sentences, en_sentences, translations, lexicon if opts.use_lexicon else None, opts)
    widest = opts.widest
    src_vecs, tgt_vecs = _combined(parts, 0, widest), _combined(parts, 1, widest)
    ur_len = np.array([len(s) for s in ur_sentences], dtype=np.float64)
    en_len = np.array([len(s) for s in en_sentences], dtype=np.float64)
    ratio = max(en_len.sum(), 1) / max(ur_len.sum(), 1)
    ur_span = {size: _span_vector(ur_len[:, None], size)[:, 0] for size in range(1, widest + 1)}
    en_span = {size: _span_vector(en_len[:, None], size)[:, 0] for size in range(1, widest + 1)}
    band = opts.band or max(20, abs(n - m) + int(0.08 * max(n, m)))

    def window(i: int) -> tuple[int, int]:
        centre = round(i * m / n)
        return max(0, centre - band), min(m, centre + band) + 1

    windows = [window(i) for i in range(n + 1)]
    lows = [lo for lo, _ in windows]
    row_hi = np.array([hi for _, hi in windows] + [windows[n][1]] * (widest - 1))
    # a bead starting at Urdu i is asked for by rows i+1 … i+widest, at English starts lo-widest … hi-1
    base = np.maximum(np.array(lows[1:]) - widest, 0)
    width = int((row_hi[widest : n + widest] - base).max()) + 1
    sim = _BandedSimilarity(src_vecs, tgt_vecs, base, width, opts.moves) if opts.use_similarity else None
    inf = np.float64(np.inf)
    cost = [np.full(0, inf)] * (n + 1)
    for i, (lo, hi) in enumerate(windows):
        row = np.full(hi - lo, inf)
        js = np.arange(lo, hi)
        if i == 0 and lo == 0:
            row[0] = 0.0
        for di, dj in opts.moves:
            if di == 0 or i - di < 0:
                continue
            prev, plo = cost[i - di], lows[i - di]
            pj = js - dj
            ok = (pj >= plo) & (pj < plo + len(prev)) & (pj >= 0)
            if not ok.any():
                continue
            before = np.where(ok, prev[np.clip(pj - plo, 0, len(prev) - 1)], inf)
            step = _move_cost(di, dj, i - di, pj, sim, ur_span, en_span, ratio, opts)
            row = np.minimum(row, before + step)
        # 0-1 moves inside the row: row[j] = min(row[j], row[j-1] + skip); a scan done with a prefix trick.
        skip = opts.skip_cost - math.log(PRIOR[(0, 1)]) * opts.length_weight
        shifted = row - skip * np.arange(len(row))
        row = np.minimum.accumulate(shifted) + skip * np.arange(len(row))
        cost[i] = row
    return _backtrace(cost, lows, n, m, sim, ur_span, en_span, ratio, opts)


def _move_cost(di, dj, i, js, sim, ur_span, en_span, ratio, opts) -> np.ndarray:
    """Cost of the bead that takes Urdu sentences i..i+di−1 and English js..js+dj−1 (vector over js)."""
    prior = -math.log(PRIOR[(di, dj)]) * opts.length_weight
    if dj == 0:
        return np.full(len(js), opts.skip_cost + prior)
    valid = (js >= 0) & (js + dj <= len(en_span[1]))
    if i + di > len(ur_span[1]) or len(en_span[dj]) == 0:
        return np.full(len(js), np.inf)
    jj = np.clip(js, 0, len(en_span[dj]) - 1)
    cosine = sim.get(di, dj, i, jj) if sim is not None else np.full(len(jj), 0.5)
    length = _length_cost(np.full(len(jj), ur_span[di][i]), en_span[dj][jj], ratio, opts.variance)
    # merged beads pay their similarity cost per sentence they cover, so they are not a shortcut
    out = (1 - cosine) * (di + dj) / 2 + opts.length_weight * length + prior
    if sim is not None and di + dj > 2 and opts.part_weight:
        out = out + opts.part_weight * np.maximum(opts.part_floor - _weakest_part(di, dj, i, jj, sim), 0.0)
    elif sim is not None and opts.pair_weight:  # a 1-1 bead of two sentences that share almost nothing
        out = out + opts.pair_weight * np.maximum(opts.pair_floor - cosine, 0.0)
    return np.where(valid, out, np.inf)


def _weakest_part(di: int, dj: int, i: int, js: np.ndarray, sim) -> np.ndarray:
    """The lowest cosine of one sentence of a merged bead's longer side with the whole other side
    (for a 2-2 bead, of each side's sentences with the other side): a sentence that belongs to
    the bead shares words with the other side, an unrelated caption next to it does not."""
    parts = []
    if dj > 1 or di == dj:
        parts += [sim.get(di, 1, i, js + k) for k in range(dj)]
    if di > 1 or di == dj:
        parts += [sim.get(1, dj, i + k, js) for k in range(di)]
    return np.minimum.reduce(parts)


def _backtrace(cost, lows, n, m, sim, ur_span, en_span, ratio, opts) -> list[Bead]:
    beads: list[Bead] = []
    i, j = n, m
    skip01 = opts.skip_cost - math.log(PRIOR[(0, 1)]) * opts.length_weight
    while i > 0 or j > 0:
        here = cost[i][j - lows[i]]
        found = None
        # skips first: of two readings that cost the same (a sentence repeated on one side), the
        # later copy is the one left out and the first is aligned
        for di, dj in sorted(opts.moves, key=lambda move: 0 in move, reverse=True):
            pi, pj = i - di, j - dj
            if pi < 0 or pj < 0 or not (lows[pi] <= pj < lows[pi] + len(cost[pi])):
                continue
            if di == 0:
                step = skip01
            else:
                step = _move_cost(di, dj, pi, np.array([pj]), sim, ur_span, en_span, ratio, opts)[0]
            if np.isclose(cost[pi][pj - lows[pi]] + step, here, rtol=1e-9, atol=1e-6):
                found = (di, dj)
                break
        if found is None:  # cannot happen unless costs are not finite
            raise RuntimeError(f"alignment backtrace failed at ({i}, {j})")
        di, dj = found
        src = tuple(range(i - di, i))
        tgt = tuple(range(j - dj, j))
        score = float(sim.get(di, dj, i - di, np.array([j - dj]))[0]) if di and dj and sim is not None else 0.0
        beads.append(Bead(src, tgt, round(score, 4)))
        i, j = i - di, j - dj
    beads.reverse()
    return beads
