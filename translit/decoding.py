"""Decoding settings: what a caller asks of a translation, and what a model's card recommends.

``DecodingOptions`` is passed down from the CLI or library call to the translator; a model's
card (``decoding``, from its recipe's ``[decoding]``) fills in the settings tuned for it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass
class DecodingDefaults:
    """Search settings tuned on the dev sets for one model: a recipe's ``[decoding]``, written into
    the model's card (``decoding``), where the translator takes them as defaults. The values here
    are CTranslate2's own, for models that recommend nothing."""

    length_penalty: float = 1.0
    repetition_penalty: float = 1.0
    no_repeat_ngram_size: int = 0
    clause_split_tokens: int = 0  # > 0: longer segments go through clause by clause (text.clauses)


# Settings of the translator itself, not of CTranslate2's search.
_RUNTIME_SETTINGS = ("clause_split_tokens",)


@dataclass
class DecodingOptions:
    """What a caller asks of a decode: CTranslate2's search settings, batching, and the
    translator's own steps (clause splitting, decoding left-out glossary terms back in).

    ``None`` in a model-tuned setting (length penalty, repetition penalty, no-repeat n-gram size,
    clause splitting) takes the value the model's card recommends, or the default.
    """

    beam_size: int = 4
    num_hypotheses: int = 1
    length_penalty: float | None = None
    repetition_penalty: float | None = None
    no_repeat_ngram_size: int | None = None
    clause_split_tokens: int | None = None
    max_decoding_length: int = 256
    batch_tokens: int = 4096
    batch_examples: int = 0  # when > 0, batches of this many sentences instead of a token budget
    keep_terms: bool = True  # decode again, with the term forced in, a chunk that left a glossary term out


def tuned_settings(card: dict, options: DecodingOptions | None = None) -> dict:
    """Length penalty, repetition penalty, no-repeat n-gram size and clause splitting for a decode:
    those set in ``options``, else those the model ``card`` recommends, else the defaults."""
    recommended = card.get("decoding") or {}
    settings = asdict(DecodingDefaults())
    for key, default in settings.items():
        value = getattr(options, key) if options is not None else None
        settings[key] = type(default)(value if value is not None else recommended.get(key, default))
    return settings


def search_settings(card: dict, options: DecodingOptions | None = None) -> dict:
    """The part of :func:`tuned_settings` that CTranslate2's ``translate_batch`` (or Hugging Face
    ``generate``) takes: the tuned settings less the translator's own (clause splitting)."""
    return {k: v for k, v in tuned_settings(card, options).items() if k not in _RUNTIME_SETTINGS}
