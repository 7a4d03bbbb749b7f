"""Word alignment inside a sentence pair: which Urdu word translates which English word.

Two methods, both giving links ``i-j`` (Urdu word i, English word j, 0-based whitespace tokens,
Pharaoh format):

- ``lexicon`` (default; no translation model needed): the word translation tables learned from
  the corpora (:mod:`translit.align.lexicon`), posteriors of both directions under a diagonal
  prior, symmetrised by grow-diag-final-and — the recipe of fast_align + Moses.
- ``attention``: the English sentence forced through the translation model gives the decoder's
  attention (:meth:`translit.Translator.force_decode`, composed with this module by
  :mod:`translit.translate.links`; this module never calls a model); the attention of each English piece over the Urdu
  pieces is summed into a word-by-word matrix, and a link is kept where the two words' attention
  peaks meet (intersection), plus the clear peaks of words left unlinked. Only as good as the
  model's attention.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from translit.text.normalize import normalize
from translit.text.pieces import word_index


@dataclass
class WordAlignment:
    ur_words: list[str]
    en_words: list[str]
    links: list[tuple[int, int]]

    def pharaoh(self) -> str:
        return " ".join(f"{i}-{j}" for i, j in self.links)


def _collapse(matrix: np.ndarray, rows: list[int], cols: list[int], n_rows: int, n_cols: int) -> np.ndarray:
    out = np.zeros((n_rows, n_cols))
    for r, wr in enumerate(rows):
        for c, wc in enumerate(cols):
            out[wr, wc] += matrix[r, c]
    return out


def links_from_matrix(attention: np.ndarray, grow_threshold: float = 0.5) -> list[tuple[int, int]]:
    """Links from an (English words × Urdu words) attention matrix: intersection, then clear peaks."""
    if attention.size == 0:
        return []
    en_best = attention.argmax(axis=1)  # per English word
    ur_best = attention.argmax(axis=0)  # per Urdu word
    links = {(int(i), j) for j, i in enumerate(en_best) if ur_best[i] == j}
    linked_en = {j for _, j in links}
    row_sums = attention.sum(axis=1, keepdims=True)
    share = attention / np.maximum(row_sums, 1e-9)
    for j in range(attention.shape[0]):
        if j not in linked_en and share[j, en_best[j]] >= grow_threshold:
            links.add((int(en_best[j]), j))
    return sorted(links)


def align_with_lexicon(pairs: list[tuple[str, str]], lexicon=None) -> list[WordAlignment]:
    """Word links of each (Urdu, English) pair from a word lexicon (default: the shipped one)."""
    from translit.align.lexicon import load_lexicon

    table = lexicon or load_lexicon()
    out = []
    for ur, en in pairs:
        ur_words, en_words = normalize(ur).split(), en.split()
        out.append(WordAlignment(ur_words, en_words, table.align(ur_words, en_words)))
    return out


def align_with_attention(pairs: list[tuple[str, str]], forced: list) -> list[WordAlignment]:
    """Word links of each (Urdu, English) pair from its forced decoding (``source_pieces``,
    ``target_pieces``, ``attention``: rows target pieces, columns source pieces)."""
    out = []
    for (ur, en), f in zip(pairs, forced):
        ur_words, en_words = normalize(ur).split(), en.split()
        if not ur_words or not en_words or not f.target_pieces or not f.source_pieces:
            out.append(WordAlignment(ur_words, en_words, []))
            continue
        att = np.asarray(f.attention, dtype=np.float64)
        en_idx, ur_idx = word_index(f.target_pieces), word_index(f.source_pieces)
        words = _collapse(att, en_idx, ur_idx, max(en_idx) + 1, max(ur_idx) + 1)
        n_en, n_ur = min(words.shape[0], len(en_words)), min(words.shape[1], len(ur_words))
        out.append(WordAlignment(ur_words, en_words, links_from_matrix(words[:n_en, :n_ur])))
    return out
