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
    """Token ids of the training pairs; every sequence ends with ``</s>``."""

    src: list[np.ndarray]
    tgt: list[np.ndarray]

    def __len__(self) -> int:
        return len(self.src)


def encode_pairs(ur_path: Path, en_path: Path, sp_model: Path, max_len: int, eos_id: int = 0) -> Pairs:
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_file=str(sp_model))
    ur = split_lines(Path(ur_path).read_text(encoding="utf-8"))
    en = split_lines(Path(en_path).read_text(encoding="utf-8"))
    src, tgt = [], []
    for s, t in zip(sp.encode(ur), sp.encode(en), strict=True):
        if 0 < len(s) < max_len and 0 < len(t) < max_len:
            src.append(np.array(s + [eos_id], dtype=np.int32))
            tgt.append(np.array(t + [eos_id], dtype=np.int32))
    return Pairs(src, tgt)


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


def collate(pairs: Pairs, batch: list[int], pad_id: int):
    """Tensors for one batch: source ids and mask, decoder inputs (start = pad), labels (-100 = pad)."""
    import torch

    n = len(batch)
    max_src = max(len(pairs.src[i]) for i in batch)
    max_tgt = max(len(pairs.tgt[i]) for i in batch)
    src = np.full((n, max_src), pad_id, dtype=np.int64)
    dec = np.full((n, max_tgt), pad_id, dtype=np.int64)
    labels = np.full((n, max_tgt), -100, dtype=np.int64)
    for row, i in enumerate(batch):
        s, t = pairs.src[i], pairs.tgt[i]
        src[row, : len(s)] = s
        labels[row, : len(t)] = t
        dec[row, 1 : len(t)] = t[:-1]
    src_t = torch.from_numpy(src)
    return src_t, (src_t != pad_id).long(), torch.from_numpy(dec), torch.from_numpy(labels)
