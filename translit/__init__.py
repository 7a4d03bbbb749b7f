"""translit: Urdu→English translation, alignment and transliteration.

The public API is re-exported here lazily, so ``import translit`` stays cheap: CTranslate2 and
SentencePiece load only when a translator is made.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

__version__ = "0.1.0"

_EXPORTS = {
    "normalize": "translit.text.normalize",
    "split_sentences": "translit.text.segment",
    "split_paragraphs": "translit.text.segment",
    "Sentence": "translit.text.segment",
    "Paragraph": "translit.text.segment",
    "Translator": "translit.translate",
    "translate_text": "translit.translate",
    "DecodingOptions": "translit.translate.options",
    "EngineOptions": "translit.translate.options",
    "Glossary": "translit.glossary",
    "TranslitError": "translit.errors",
    "align_sentences": "translit.align.sentences",
    "align_words": "translit.translate.links",
    "Bead": "translit.align.sentences",
    "romanize": "translit.romanizer",
    "romanize_word": "translit.romanizer",
}

__all__ = ["__version__", *_EXPORTS]

if TYPE_CHECKING:  # pragma: no cover
    from translit.align.sentences import Bead, align_sentences
    from translit.errors import TranslitError
    from translit.glossary import Glossary
    from translit.romanizer import romanize, romanize_word
    from translit.text.normalize import normalize
    from translit.text.segment import (
        Paragraph,
        Sentence,
        split_paragraphs,
        split_sentences,
    )
    from translit.translate import Translator, translate_text
    from translit.translate.links import align_words
    from translit.translate.options import DecodingOptions, EngineOptions


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'translit' has no attribute {name!r}")
