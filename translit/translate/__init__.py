"""Translation: the engine (CTranslate2 + SentencePiece), the pipeline stages, and the
:class:`Translator` facade over them; ``jobs`` runs resumable file jobs for every front end."""

from translit.translate.options import DecodingOptions, EngineOptions, TermOptions
from translit.translate.records import (
    DocumentTranslation,
    ForcedDecoding,
    Hypothesis,
    LineTranslation,
    ParagraphTranslation,
    SentenceTranslation,
)
from translit.translate.translator import Translator, translate_text

__all__ = [
    "DecodingOptions", "EngineOptions", "TermOptions", "DocumentTranslation", "ForcedDecoding", "Hypothesis",
    "LineTranslation", "ParagraphTranslation", "SentenceTranslation", "Translator", "translate_text",
]
