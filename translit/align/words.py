"""Word alignment inside a sentence pair, read from the translation model's attention.

The English sentence is forced through the decoder as a target prefix (CTranslate2
``target_prefix`` with ``return_attention``); the attention of each English piece over the Urdu
pieces is summed into a word-by-word matrix, and a link i-j (Urdu word i, English word j, both
0-based, Pharaoh format) is kept where j's attention peaks on i and i's attention peaks on j
(intersection), plus the peaks of words left unlinked when they are clear (grow step).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from translit.text.normalize import normalize


@dataclass
class WordAlignment:
    ur_words: list[str]
    en_words: list[str]
    links: list[tuple[int, int]]

    def pharaoh(self) -> str:
        return " ".join(f"{i}-{j}" for i, j in self.links)


def _word_index(pieces: list[str]) -> list[int]:
    """Word number of each SentencePiece piece (a piece starting with ▁ opens a word)."""
    index, word = [], -1
    for p in pieces:
        if p.startswith("\u2581") or word < 0:
            word += 1
        index.append(word)
    return index


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


def align_words(ur: str, en: str, translator) -> WordAlignment:
    """Links between the words of an Urdu sentence and its English translation."""
    return align_word_batch([(ur, en)], translator)[0]


def align_word_batch(pairs: list[tuple[str, str]], translator) -> list[WordAlignment]:
    """Align many pairs in one batch. ``translator`` is a :class:`translit.Translator`."""
    sp_src, sp_tgt, ct2 = translator._sp_src, translator._sp_tgt, translator._ct2
    limit = translator.folder.max_positions - 2
    sources, prefixes, meta = [], [], []
    for ur, en in pairs:
        ur_n = normalize(ur)
        src = sp_src.encode(ur_n, out_type=str)[:limit]
        tgt = sp_tgt.encode(en, out_type=str)[: limit - 1]
        sources.append(src + ["</s>"])
        prefixes.append(tgt)
        meta.append((ur_n.split(), en.split(), src, tgt))
    if not sources:
        return []
    results = ct2.translate_batch(
        sources,
        target_prefix=prefixes,
        return_attention=True,
        beam_size=1,
        max_decoding_length=max(len(p) for p in prefixes) + 1,
        max_batch_size=translator.options.batch_tokens,
        batch_type="tokens",
    )
    out = []
    for (ur_words, en_words, src, tgt), result in zip(meta, results):
        if not ur_words or not en_words or not tgt:
            out.append(WordAlignment(ur_words, en_words, []))
            continue
        att = np.asarray(result.attention[0], dtype=np.float64)[: len(tgt), : len(src)]
        en_idx, ur_idx = _word_index(tgt), _word_index(src)
        words = _collapse(att, en_idx, ur_idx, max(en_idx) + 1, max(ur_idx) + 1)
        n_en, n_ur = min(words.shape[0], len(en_words)), min(words.shape[1], len(ur_words))
        out.append(WordAlignment(ur_words, en_words, links_from_matrix(words[:n_en, :n_ur])))
    return out
