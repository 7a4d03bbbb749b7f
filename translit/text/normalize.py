"""Urdu normalisation: one documented pipeline that turns web Urdu into the form the model knows.

Steps, in order (see ``../shared/docs/urdu-mt-notes.md`` §1 for why each exists):

1. Unicode: NFC everywhere, plus NFKC for Arabic presentation forms and ligatures
   (U+FB50–U+FDFF, U+FE70–U+FEFF). Compatibility folding is limited to Arabic script so that
   Latin text (ligatures, superscripts, the ellipsis) passes through unchanged.
2. Arabic → Urdu letters: kaf → keheh, Arabic yeh and alef maksura → Farsi yeh, teh marbuta →
   teh marbuta goal, heh with yeh above → heh goal with hamza; ی + hamza above → ئ.
3. Arabic heh (U+0647): per word, heh goal (ہ) or do-chashmee (ھ), chosen by a lexicon of
   correctly spelled Urdu words built from the corpora, falling back on position rules.
4. Removed: tatweel, bidi controls, zero-width joiner/space, BOM, soft hyphen.
   ZWNJ policy: dropped after a non-joining letter or next to a non-letter (it is then
   invisible); between two joining letters it marks a word boundary and becomes a space,
   which is how the same compounds are written in the training text.
5. Urdu (U+06F0–9) and Arabic-Indic (U+0660–9) digits → ASCII; Arabic decimal and thousands
   separators and percent sign → ``.`` ``,`` ``%``.
6. Optional: Arabic diacritics (zabar, zer, pesh, tanween, shadda, sukun, superscript alef).
7. Whitespace: runs of spaces and tabs become one space, lines are stripped, line breaks kept.
   No space before Urdu punctuation (۔ ؟ ، ؛), one space after it before a letter.

The pipeline is idempotent and fast: everything is ``str.translate`` and precompiled regexes;
the per-word heh step runs only where U+0647 occurs.
"""

from __future__ import annotations

import re
import unicodedata

from translit.text import heh

__all__ = ["normalize", "ARABIC_HEH", "HEH_GOAL", "DO_CHASHMEE"]

ARABIC_HEH = "\u0647"
HEH_GOAL = "\u06c1"
DO_CHASHMEE = "\u06be"
TATWEEL = "\u0640"
ZWNJ = "\u200c"

# Step 1: compatibility folding restricted to Arabic presentation forms.
_PRESENTATION_RANGES = [(0xFB50, 0xFDFF), (0xFE70, 0xFEFF)]


def _presentation_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for lo, hi in _PRESENTATION_RANGES:
        for cp in range(lo, hi + 1):
            ch = chr(cp)
            folded = unicodedata.normalize("NFKC", ch)
            if folded != ch:
                table[cp] = folded
    table[0xFEFF] = ""  # BOM / zero width no-break space
    return table


# Step 2 and 5 and the removals of step 4: one translate table.
_LETTERS = {
    "\u0643": "\u06a9",  # ك Arabic kaf → ک keheh
    "\u064a": "\u06cc",  # ي Arabic yeh → ی Farsi yeh
    "\u0649": "\u06cc",  # ى alef maksura → ی
    "\u0629": "\u06c3",  # ة teh marbuta → ۃ teh marbuta goal
    "\u06c0": "\u06c2",  # ۀ heh with yeh above → ۂ heh goal with hamza above
    "\u06d5": "\u06c1",  # ە ae → ہ
}
_REMOVE = "\u0640\u200b\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u00ad\ufeff\u2060"
# A zero-width joiner is removed (it only changes how Arabic letters join) except inside emoji
# and symbol sequences, where it makes one picture of several (👨‍👩‍👧): it stays only between two
# symbols (a run of joiners is not a join, so the class leaves the joiner itself out).
_SYMBOLS = "\u00a9\u00ae\u203c-\u2bff\ufe0f\U0001f000-\U0001faff"
_STRAY_ZWJ = re.compile(f"(?<![{_SYMBOLS}])\u200d|\u200d(?![{_SYMBOLS}])")
# Combining marks of other scripts (Latin accents, symbols' marks) on an Arabic letter: noise
# from a keyboard or a converter, which only garbles the word for a model.
_STRAY_MARKS = re.compile("(?<=[\u0600-\u06ff\u0750-\u077f])[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")
_DIGITS = {chr(0x06F0 + i): str(i) for i in range(10)} | {chr(0x0660 + i): str(i) for i in range(10)}
_SEPARATORS = {"\u066b": ".", "\u066c": ",", "\u066a": "%"}
_DIACRITICS = "".join(chr(c) for c in range(0x064B, 0x0653)) + "\u0670\u0656\u0657\u0658\u065a\u065b\u065c\u065d\u065e\u065f"

_SIMPLE_MAP = {ord(k): v for k, v in (_LETTERS | _DIGITS | _SEPARATORS).items()}
_BASE_TABLE: dict[int, str | None] = {}
# Presentation forms fold to Arabic letters, which the letter map then turns into Urdu ones.
_BASE_TABLE.update({cp: folded.translate(_SIMPLE_MAP) for cp, folded in _presentation_table().items()})
_BASE_TABLE.update(_SIMPLE_MAP)
_BASE_TABLE.update({ord(c): None for c in _REMOVE if c != TATWEEL})
_DIACRITIC_TABLE = {ord(c): None for c in _DIACRITICS}

# Letters of the Arabic script block used in Urdu, for word and joining decisions.
# Letters of the Arabic script as Urdu uses them (no digits, punctuation, diacritics or tatweel),
# as a character-class body: f"[{ARABIC_LETTERS}]".
ARABIC_LETTERS = "\u0621-\u063a\u0641-\u064a\u066e-\u06d3\u06d5\u06fa-\u06ff"
# Letters that never join to the following letter: after them a ZWNJ is invisible.
_NON_JOINING = "\u0621\u0622\u0623\u0624\u0625\u0627\u062f\u0630\u0631\u0632\u0648\u0671\u0688\u0691\u0698\u06c4\u06c5\u06c6\u06c7\u06c8\u06c9\u06cb\u06d2\u06d3"
# Consonants that aspirate: a heh inside a word after them is almost always do-chashmee.
ASPIRATING = "\u0628\u067e\u062a\u0679\u062c\u0686\u062f\u0688\u0631\u0691\u06a9\u06af\u0644\u0645\u0646"

_ZWNJ_TO_SPACE = re.compile(f"(?<=[{ARABIC_LETTERS}])(?<![{_NON_JOINING}]){ZWNJ}+(?=[{ARABIC_LETTERS}])")
_HEH_TATWEEL = re.compile(f"{ARABIC_HEH}{TATWEEL}+")
_HEH_WORD = re.compile(f"[{ARABIC_LETTERS}]*{ARABIC_HEH}[{ARABIC_LETTERS}]*")
_HSPACE = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_LINE_EDGES = re.compile(r"^ +| +$", re.MULTILINE)
_SPACE_BEFORE_PUNCT = re.compile(r" +(?=[\u06d4\u061f\u060c\u061b])")
# A percent sign typed before its number ("%88", "(%37.6)"): how Urdu text written right to left
# often stores "88%". Two digits or a decimal at least, so that a placeholder ("%1", "%1$s") stays.
_PERCENT_FIRST = re.compile(r"(?<![\w%$])%(\d{2,}(?:[.,]\d+)?|\d[.,]\d+)(?![\w%$]|[.,]\d)")
_NO_SPACE_AFTER_PUNCT = re.compile(f"([\u06d4\u061f\u060c\u061b])(?=[{ARABIC_LETTERS}])")


def _resolve_heh_word(word: str) -> str:
    """Spell one word that contains Arabic heh with Urdu's two hehs."""
    positions = [i for i, ch in enumerate(word) if ch == ARABIC_HEH]
    if len(positions) <= 4:
        best, best_count = None, 0
        for mask in range(1 << len(positions)):
            chars = list(word)
            for bit, pos in enumerate(positions):
                chars[pos] = DO_CHASHMEE if mask >> bit & 1 else HEH_GOAL
            candidate = "".join(chars)
            count = heh.frequency(candidate)
            if count > best_count:
                best, best_count = candidate, count
        if best is not None:
            return best
    chars = list(word)
    for pos in positions:
        inside = 0 < pos < len(word) - 1
        chars[pos] = DO_CHASHMEE if inside and word[pos - 1] in ASPIRATING else HEH_GOAL
    return "".join(chars)


def normalize(text: str, *, strip_diacritics: bool = True) -> str:
    """Return ``text`` in the canonical Urdu form the toolkit translates from.

    Latin-script text passes through unchanged (apart from whitespace); the result is a fixed
    point: ``normalize(normalize(x)) == normalize(x)``.
    """
    if not text:
        return text
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
        text = text.translate(_BASE_TABLE)
        if "\u200d" in text:
            text = _STRAY_ZWJ.sub("", text)
        text = _STRAY_MARKS.sub("", text)
        if "%" in text:
            text = _PERCENT_FIRST.sub(r"\1%", text)
        if TATWEEL in text:
            # "هـ" (heh + tatweel) is the conventional spelling of do-chashmee: ساتهـ → ساتھ.
            text = _HEH_TATWEEL.sub(DO_CHASHMEE, text).replace(TATWEEL, "")
        if strip_diacritics:
            text = text.translate(_DIACRITIC_TABLE)
        if ARABIC_HEH in text:
            text = _HEH_WORD.sub(lambda m: _resolve_heh_word(m.group(0)), text)
        if ZWNJ in text:
            text = _ZWNJ_TO_SPACE.sub(" ", text).replace(ZWNJ, "")
        # ی + hamza above: NFC leaves the pair apart, Urdu writes ئ.
        text = unicodedata.normalize("NFC", text.replace("\u06cc\u0654", "\u0626"))
        text = _HSPACE.sub(" ", text)
        text = _SPACE_BEFORE_PUNCT.sub("", text)
        text = _NO_SPACE_AFTER_PUNCT.sub(r"\1 ", text)
    else:
        text = _HSPACE.sub(" ", text)
    return _LINE_EDGES.sub("", text)
