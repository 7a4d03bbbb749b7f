"""SentencePiece for the model: one joint Urdu+English vocabulary, shared by encoder and decoder.

Normalisation is SentencePiece's ``identity`` rule: the Urdu side was already normalised by
``translit.normalize``, and SentencePiece's default ``nmt_nfkc`` would otherwise rewrite
characters (ZWNJ, bidi marks) behind our back. Ids follow Marian's convention (``</s>`` = 0,
``<unk>`` = 1); the model appends ``<pad>`` as the last id.
"""

from __future__ import annotations

import random
from pathlib import Path

from translit.convert.own import (  # the special pieces the converter expects
    EOS,
    PAD,
    UNK,
)
from translit.train.recipe import TokenizerOptions
from translit.util.gzipped import split_lines

MAX_TRAINING_LINES = 400_000


def train_tokenizer(texts: list[Path], model_prefix: Path, opts: TokenizerOptions, seed: int = 1) -> Path:
    """Train on the unique lines of ``texts``; returns the path of the ``.model`` file."""
    import sentencepiece as spm

    lines: set[str] = set()
    for path in texts:
        lines.update(line for line in split_lines(Path(path).read_text(encoding="utf-8")) if line)
    sample = sorted(lines)
    random.Random(seed).shuffle(sample)
    sample = sample[:MAX_TRAINING_LINES]
    model_prefix.parent.mkdir(parents=True, exist_ok=True)
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(sample),
        model_prefix=str(model_prefix),
        vocab_size=opts.vocab_size,
        model_type=opts.model_type,
        character_coverage=opts.character_coverage,
        normalization_rule_name="identity",
        byte_fallback=True,
        split_digits=True,
        eos_id=0,
        unk_id=1,
        bos_id=-1,
        pad_id=-1,
        eos_piece=EOS,
        unk_piece=UNK,
        input_sentence_size=MAX_TRAINING_LINES,
        shuffle_input_sentence=True,
        minloglevel=2,
        num_threads=2,
    )
    return model_prefix.with_suffix(".model")


def vocabulary(sp_model: Path) -> list[str]:
    """The model's token list: SentencePiece pieces in id order, then ``<pad>``."""
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_file=str(sp_model))
    return [sp.id_to_piece(i) for i in range(sp.get_piece_size())] + [PAD]
