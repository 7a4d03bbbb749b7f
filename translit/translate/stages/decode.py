"""Stage 3, decode: every chunk through the model's beam search, in one token-budget batch."""

from __future__ import annotations

from translit.translate.engine import Engine
from translit.translate.options import DecodingOptions
from translit.translate.records import Chunk


def decode(chunks: list[Chunk], engine: Engine, options: DecodingOptions) -> None:
    """Fill in each chunk's hypotheses and scores."""
    for c, generated in zip(chunks, engine.generate([c.tokens for c in chunks], options)):
        c.hypotheses, c.scores = generated.hypotheses, generated.scores
