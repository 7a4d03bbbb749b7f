"""Tokenised training pairs and token-budget batches with little padding.

Pairs are sorted by length (with random tie-breaks that change every epoch) and packed so that
``batch size × (longest source + longest target)`` stays under the budget; the batch order is
then shuffled. The plan of an epoch depends only on (seed, epoch), so a resumed run can skip
the batches it already trained on.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from translit.util.gzipped import split_lines


@dataclass
class Pairs:
    """Token ids of the training pairs; every sequence ends with ``</s>``. ``src_text`` keeps the
    source sentences when batches re-split them (:class:`SubwordSampler`)."""

    src: list[np.ndarray]
    tgt: list[np.ndarray]
    src_text: list[str] | None = None

    def __len__(self) -> int:
        return len(self.src)


def encode_pairs(src_path: Path, tgt_path: Path, sp_model: Path, max_len: int, eos_id: int = 0, keep_text: bool = False) -> Pairs:
    """The pairs of two line-aligned files (source side first) whose both sides fit ``max_len`` pieces."""
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_file=str(sp_model))
    sources = split_lines(Path(src_path).read_text(encoding="utf-8"))
    targets = split_lines(Path(tgt_path).read_text(encoding="utf-8"))
    src, tgt, text = [], [], []
    for line, s, t in zip(sources, sp.encode(sources), sp.encode(targets), strict=True):
        if 0 < len(s) < max_len and 0 < len(t) < max_len:
            src.append(np.array(s + [eos_id], dtype=np.int32))
            tgt.append(np.array(t + [eos_id], dtype=np.int32))
            text.append(line)
    return Pairs(src, tgt, text if keep_text else None)


class SubwordSampler:
    """Subword regularisation (Kudo, 2018): each batch's source sentences split into pieces drawn
    from the unigram tokenizer's lattice, so the model sees many splits of a word, not only the
    best one. A draw longer than ``max_len`` pieces falls back to the best split."""

    def __init__(self, sp_model: Path, alpha: float, max_len: int, seed: int, eos_id: int = 0):
        import sentencepiece as spm

        spm.set_random_generator_seed(seed)
        self.sp = spm.SentencePieceProcessor(model_file=str(sp_model))
        self.alpha, self.max_len, self.eos_id = alpha, max_len, eos_id

    def __call__(self, pairs: Pairs, batch: list[int]) -> list[np.ndarray]:
        if pairs.src_text is None:
            raise ValueError("subword sampling needs the source sentences (encode_pairs(keep_text=True))")
        drawn = self.sp.encode([pairs.src_text[i] for i in batch], enable_sampling=True, alpha=self.alpha, nbest_size=-1)
        return [
            np.array(ids + [self.eos_id], dtype=np.int32) if 0 < len(ids) < self.max_len else pairs.src[i]
            for i, ids in zip(batch, drawn)
        ]


def plan_epoch(pairs: Pairs, batch_tokens: int, seed: int, epoch: int) -> list[list[int]]:
    """Batches of pair indices for one epoch, packed under the token budget, in shuffled order."""
    rng = random.Random(seed * 100_003 + epoch)
    order = sorted(range(len(pairs)), key=lambda i: (len(pairs.src[i]), len(pairs.tgt[i]), rng.random()))
    batches: list[list[int]] = []
    current: list[int] = []
    max_src = max_tgt = 0
    for i in order:
        s, t = max(max_src, len(pairs.src[i])), max(max_tgt, len(pairs.tgt[i]))
        if current and (len(current) + 1) * (s + t) > batch_tokens:
            batches.append(current)
            current, s, t = [], len(pairs.src[i]), len(pairs.tgt[i])
        current.append(i)
        max_src, max_tgt = s, t
    if current:
        batches.append(current)
    rng.shuffle(batches)
    return batches


def collate(pairs: Pairs, batch: list[int], pad_id: int, sources: list[np.ndarray] | None = None):
    """Tensors for one batch: source ids and mask, decoder inputs (start = pad), labels (-100 = pad).
    ``sources``: the batch's source ids when they differ from the pairs' (a sampled split)."""
    import torch

    sources = sources if sources is not None else [pairs.src[i] for i in batch]
    n = len(batch)
    max_src = max(len(s) for s in sources)
    max_tgt = max(len(pairs.tgt[i]) for i in batch)
    src = np.full((n, max_src), pad_id, dtype=np.int64)
    dec = np.full((n, max_tgt), pad_id, dtype=np.int64)
    labels = np.full((n, max_tgt), -100, dtype=np.int64)
    for row, (i, s) in enumerate(zip(batch, sources)):
        t = pairs.tgt[i]
        src[row, : len(s)] = s
        labels[row, : len(t)] = t
        dec[row, 1 : len(t)] = t[:-1]
    src_t = torch.from_numpy(src)
    return src_t, (src_t != pad_id).long(), torch.from_numpy(dec), torch.from_numpy(labels)
