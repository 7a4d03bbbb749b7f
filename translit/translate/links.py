"""Word links for translations: the word aligner (:mod:`translit.align.words`) composed with a
translator where the links come from the model's attention. Every front end (the CLI's
``translate --align`` and ``align words``, a server) links words through here."""

from __future__ import annotations

from translit.align import WORD_METHODS
from translit.align.words import WordAlignment, align_with_attention, align_with_lexicon
from translit.errors import InputError
from translit.translate.records import SentenceTranslation


def align_word_batch(pairs: list[tuple[str, str]], translator=None, method: str = "lexicon", lexicon=None) -> list[WordAlignment]:
    """Word links inside many (Urdu, English) pairs. ``method`` ``lexicon`` uses a word lexicon
    (``lexicon``, default the shipped one; no model needed); ``attention`` forces each pair
    through ``translator`` (a :class:`translit.Translator`) and reads the decoder's attention."""
    if method not in WORD_METHODS:
        raise InputError(f"unknown word alignment method {method!r}; choose one of {', '.join(WORD_METHODS)}")
    if method == "lexicon":
        return align_with_lexicon(pairs, lexicon)
    if translator is None:
        raise InputError("attention alignment needs a translator")
    return align_with_attention(pairs, translator.force_decode(pairs))


def align_words(ur: str, en: str, translator=None, method: str = "lexicon", lexicon=None) -> WordAlignment:
    """Links between the words of an Urdu sentence and its English translation."""
    return align_word_batch([(ur, en)], translator, method, lexicon)[0]


def sentence_links(sentences: list[SentenceTranslation], translator=None, method: str = "lexicon") -> list[str]:
    """Pharaoh links (``i-j``) between each translated sentence's source and translation."""
    return [a.pharaoh() for a in align_word_batch([(s.source, s.translation) for s in sentences], translator, method)]
