"""Restore the case of English training targets that a corpus lower-cased throughout.

Some sources (the STS-B news headlines above all) carry English in lower case only, and a model
trained on them writes "russia's president vladimir putin". A frequency truecaser fitted on the
properly cased English of the same mix knows that "russia" is written "Russia" inside a
sentence; it rewrites each all-lowercase target word by word and capitalises its first letter.
Only case changes: the letters, spacing and punctuation of a target stay as they were.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

_WORD = re.compile(r"[^\W\d_](?:[\w'’.-]*\w)?")
_SENTENCE_END = re.compile(r"[.!?:\"“”]$")
MIN_COUNT = 2  # a cased form must be seen this often inside sentences before it is trusted


def is_lowercased(text: str) -> bool:
    """True for text with lowercase letters and no uppercase one."""
    return any(ch.islower() for ch in text) and not any(ch.isupper() for ch in text)


def _title_cased(words: list[re.Match]) -> bool:
    """Headings and menu items ("Open File", "Save As") capitalise most words after the first."""
    rest = words[1:]
    return sum(1 for m in rest if m.group()[0].isupper()) * 2 > len(rest)


@dataclass
class Truecaser:
    """``forms[word.lower()]`` is the spelling that word has inside properly cased sentences,
    kept only where it is not all lowercase (names, acronyms: "russia" → "Russia", "nato" → "NATO")."""

    forms: dict[str, str] = field(default_factory=dict)

    @classmethod
    def fit(cls, texts: Iterable[str]) -> Truecaser:
        """Count spellings of words inside sentences (not first words) of mixed-case texts."""
        counts: dict[str, Counter[str]] = {}
        for text in texts:
            words = list(_WORD.finditer(text))
            if is_lowercased(text) or _title_cased(words):
                continue  # lower case throughout, or Title Case / SHOUTING: says nothing about case
            previous_end = 0
            for match in words:
                gap = text[previous_end : match.start()].rstrip()  # between the last word and this one
                # first words, and words after a full stop, are capitalised by position: not counted
                inside = not _SENTENCE_END.search(gap) if gap else previous_end > 0
                if inside:
                    word = match.group()
                    counts.setdefault(word.lower(), Counter())[word] += 1
                previous_end = match.end()
        forms = {}
        for low, spellings in counts.items():
            form, n = spellings.most_common(1)[0]
            if form != low and n >= MIN_COUNT and n > spellings.get(low, 0):
                forms[low] = form
        return cls(forms)

    def apply(self, text: str) -> str:
        """``text`` with known words in their usual case and the first letter capitalised; text
        that is not lower case throughout comes back unchanged."""
        if not is_lowercased(text):
            return text
        out = _WORD.sub(lambda m: self.forms.get(m.group(), m.group()), text)
        for i, ch in enumerate(out):
            if ch.isalpha():
                return out[:i] + ch.upper() + out[i + 1 :]
        return out
