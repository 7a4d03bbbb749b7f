"""Stage 3, decode: every chunk through the model's beam search, in one token-budget batch."""

from __future__ import annotations

from dataclasses import replace

from translit.translate.engine import Engine
from translit.translate.options import DecodingOptions
from translit.translate.records import Chunk


def decode(chunks: list[Chunk], engine: Engine, options: DecodingOptions) -> None:
    """Fill in each model chunk's hypotheses and scores (literal chunks have none)."""
    model_chunks = [c for c in chunks if c.literal is None]
    options = per_sentence_batches(model_chunks, options)
    for c, generated in zip(model_chunks, engine.generate([c.tokens for c in model_chunks], options)):
        c.hypotheses, c.scores = generated.hypotheses, generated.scores


def per_sentence_batches(chunks: list[Chunk], options: DecodingOptions) -> DecodingOptions:
    """``batch_examples`` counts the caller's sentences, not the clauses the translator cuts them
    into: a batch of N sentences holds N × (chunks per sentence) chunks, so that one sentence cut
    in two is one decode of two chunks, not two decodes one after the other."""
    if options.batch_examples <= 0 or not chunks:
        return options
    sentences = len({c.owner for c in chunks})
    per_sentence = -(-len(chunks) // sentences)
    return replace(options, batch_examples=options.batch_examples * per_sentence)
