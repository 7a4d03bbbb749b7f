"""The network: a Hugging Face Marian encoder–decoder built from a recipe, trained from scratch.

Marian is a plain post-norm transformer with sinusoidal positions; CTranslate2 converts it
directly and the same checkpoint runs in ``transformers`` for speed comparisons. One embedding
matrix is shared by encoder, decoder and output layer (joint vocabulary).
"""

from __future__ import annotations

from translit.train.recipe import ModelOptions
from translit.util.hf import quiet_transformers


def marian_config(opts: ModelOptions, vocab_size: int, pad_id: int, eos_id: int = 0):
    from transformers import MarianConfig

    return MarianConfig(
        vocab_size=vocab_size,
        decoder_vocab_size=vocab_size,
        d_model=opts.d_model,
        encoder_layers=opts.encoder_layers,
        decoder_layers=opts.decoder_layers,
        encoder_attention_heads=opts.heads,
        decoder_attention_heads=opts.heads,
        encoder_ffn_dim=opts.ffn_dim,
        decoder_ffn_dim=opts.ffn_dim,
        dropout=opts.dropout,
        attention_dropout=opts.attention_dropout,
        activation_dropout=opts.activation_dropout,
        activation_function="relu",
        max_position_embeddings=opts.max_positions,
        pad_token_id=pad_id,
        eos_token_id=eos_id,
        decoder_start_token_id=pad_id,
        forced_eos_token_id=eos_id,
        scale_embedding=True,
        share_encoder_decoder_embeddings=True,
        tie_word_embeddings=True,
        num_beams=4,
        max_length=opts.max_positions,
    )


def build_model(opts: ModelOptions, vocab_size: int, pad_id: int):
    """A freshly initialised MarianMTModel."""
    from transformers import MarianMTModel

    quiet_transformers()
    return MarianMTModel(marian_config(opts, vocab_size, pad_id))


# the recipe's shape settings and the Marian config attributes they set
SHAPE = [("d_model", "d_model"), ("encoder_layers", "encoder_layers"), ("decoder_layers", "decoder_layers"),
          ("heads", "encoder_attention_heads"), ("heads", "decoder_attention_heads"),
          ("ffn_dim", "encoder_ffn_dim"), ("ffn_dim", "decoder_ffn_dim"), ("max_positions", "max_position_embeddings")]
