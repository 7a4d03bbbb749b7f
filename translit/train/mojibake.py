"""Mojibake in English training targets, repaired.

Some corpora carry English that was once decoded with the wrong code page: "Mugabe‚Äôs" is
"Mugabe’s" read as Mac Roman, "â€œ" is "“" read as Windows-1252 (34 STS-B headlines in
``../shared/corpora``). A model learns such strings as words: the 27 628-step model wrote "‚Äôs"
in three of its TICO-19 dev translations. ftfy undoes the wrong decoding where it can tell one
happened; text that is fine (all ASCII, or real accents and quotes) comes back unchanged.
"""

from __future__ import annotations


# UTF-8's punctuation (E2 80 xx: ‘ ’ “ ” – —) read on a Mac starts with these two characters
_MAC_SIGN = "\u201aÄ"


def repair_mojibake(text: str) -> str:
    """``text`` with wrongly decoded UTF-8 put right ("Mugabe‚Äôs" → "Mugabe’s")."""
    if text.isascii():
        return text
    import ftfy

    fixed = ftfy.fix_encoding(text)
    if _MAC_SIGN in fixed:  # Mac Central European, which ftfy does not try ("‚Äėtitillating‚Äô")
        for page in ("mac_latin2", "mac_roman"):
            try:
                return fixed.encode(page).decode("utf-8")
            except UnicodeError:
                continue
    return fixed


__all__ = ["repair_mojibake"]
