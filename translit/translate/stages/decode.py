"""Stage 3, decode: every chunk through the model's beam search, in one token-budget batch."""

from __future__ import annotations

from translit.translate.engine import Engine
from translit.translate.options import DecodingOptions
from translit.translate.records import Chunk


def decode(chunks: list[Chunk], engine: Engine, options: DecodingOptions) -> None:
    """Fill in each model chunk's hypotheses and scores (literal chunks have none)."""
    model_chunks = [c for c in chunks if c.literal is None]
    for c, generated in zip(model_chunks, engine.generate([c.tokens for c in model_chunks], options)):
        c.hypotheses, c.scores = generated.hypotheses, generated.scores
