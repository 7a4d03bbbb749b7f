"""Stage 2, chunk: the model inputs of each segment; and its inverse, join (stage 5).

Only segments with letters of the model's source language go to it (Urdu letters for the
Urdu→English model: numbers, Latin and punctuation pass through). A
segment over the clause limit (a model card's ``clause_split_tokens``) or over the model's input
limit is cut at clause breaks into chunks of whole clauses; a clause longer than the model's
limit is cut by pieces. Characters the model cannot write (those its vocabulary knows only as
bytes or not at all: emoji, most symbols) never reach it: the segment is cut around them and they
come through as literal chunks, in place. Join puts the chunk translations of a segment back
together, for each rank of the n-best list; a model's unknown-piece marks never reach the output.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from translit.glossary import term_count
from translit.text.clauses import join_clause_translations, split_clauses
from translit.text.normalize import ARABIC_LETTERS
from translit.translate.engine import END
from translit.translate.records import Chunk, Hypothesis, Segment

_URDU_LETTER = re.compile(f"[{ARABIC_LETTERS}]")
_ANY_LETTER = re.compile(r"[^\W\d_]")


def needs_model(text: str, source_lang: str = "ur") -> bool:
    """Only text with letters of the language the model reads goes to it: Urdu letters for an
    Urdu model (numbers, Latin and punctuation pass through), any letter for another (English)."""
    return bool((_URDU_LETTER if source_lang == "ur" else _ANY_LETTER).search(text))


def split_for_model(
    text: str, encode: Callable[[str], list[str]], hard_limit: int, clause_tokens: int = 0
) -> list[tuple[list[str], str]]:
    """(source pieces with the end mark, source text) of the chunks ``text`` is translated in.

    ``text`` goes whole when it fits ``clause_tokens`` pieces (when > 0) and ``hard_limit``;
    otherwise it is cut at clause breaks into runs of whole clauses within that length, and a
    clause longer than ``hard_limit`` is cut by pieces (its leading parts carry no source text).
    """
    limit = min(hard_limit, clause_tokens) if clause_tokens > 0 else hard_limit
    tokens = encode(text)
    if len(tokens) <= limit:
        return [(tokens + [END], text)]
    chunks: list[tuple[list[str], str]] = []
    for clause in split_clauses(text):
        toks = encode(clause)
        if chunks and chunks[-1][1] and len(chunks[-1][0]) + len(toks) <= limit:
            chunks[-1] = (chunks[-1][0] + toks, chunks[-1][1] + " " + clause)
            continue
        while len(toks) > hard_limit:
            chunks.append((toks[:hard_limit], ""))
            toks = toks[hard_limit:]
        chunks.append((toks, clause))
    return [(c + [END], source) for c, source in chunks]


# Joiners that belong to the symbol run around them (👨‍👩‍👧, ❤️, keycaps).
_JOINERS = "\u200d\ufe0e\ufe0f\u20e3"


def split_literals(text: str, writes: Callable[[str], bool], source_lang: str = "ur") -> list[tuple[str, bool]]:
    """``text`` cut into (part, literal) runs: literal runs are characters the model cannot
    ``writes`` (with the joiners between them), and parts without source letters between them; the
    rest goes to the model. Stripped parts, in order; joined with spaces they give ``text`` back
    up to spaces."""
    runs: list[list] = []
    for ch in text:
        literal = (ch in _JOINERS and bool(runs) and runs[-1][1]) or (not ch.isspace() and ch not in _JOINERS and not writes(ch))
        if runs and runs[-1][1] == literal:
            runs[-1][0] += ch
        else:
            runs.append([ch, literal])
    parts: list[tuple[str, bool]] = []
    for part, literal in runs:
        part = part.strip()
        if not part:
            continue
        literal = literal or not needs_model(part, source_lang)
        if parts and parts[-1][1] and literal:
            parts[-1] = (parts[-1][0] + " " + part, True)
        else:
            parts.append((part, literal))
    return parts


def chunk(
    segments: list[Segment], encode: Callable[[str], list[str]], hard_limit: int, clause_tokens: int = 0,
    writes: Callable[[str], bool] = lambda ch: True, source_lang: str = "ur",
) -> list[Chunk]:
    """The model inputs of all ``segments`` that need the model, in order, with literal chunks
    for what the model cannot write (``writes``); each chunk holds the segment's glossary terms
    that its own text holds."""
    out = []
    for i, segment in enumerate(segments):
        if not needs_model(segment.text, source_lang):
            continue
        for part, literal in split_literals(segment.text, writes, source_lang):
            if literal:
                out.append(Chunk(i, part, [], literal=part))
                continue
            for tokens, source in split_for_model(part, encode, hard_limit, clause_tokens):
                linked = [t for t in segment.linked if term_count(source, t.source)]
                out.append(Chunk(i, source, tokens, [t for t in segment.terms if term_count(source, t.target)], linked=linked))
    return out


_UNKNOWN = re.compile("\\s*[\ufffd\u2047]+")  # what a decoder's unknown or broken byte pieces come out as
_STOP_AT_END = re.compile(r"(?<![.\s])\.$")
_ENDS_SENTENCE = re.compile(r"[.!?\u06d4\u061f\u2026]['\")\]\u201d\u2019]*$")


def _texts(pieces: list[Chunk], rank: int, detokenize: Callable[[list[str]], str]) -> tuple[list[str], float, int]:
    """The chunks' translations of one rank (a literal chunk's own text), the sum of their
    log-probabilities and their length in pieces (end marks included)."""
    texts, logp, length = [], 0.0, 0
    for k, c in enumerate(pieces):
        if c.literal is not None:
            texts.append(c.literal)
            continue
        tokens = c.hypotheses[min(rank, len(c.hypotheses) - 1)]
        text = c.texts[min(rank, len(c.texts) - 1)] if c.texts else detokenize(tokens)
        text = _UNKNOWN.sub("", text).strip()
        cut_here = k + 1 < len(pieces) and pieces[k + 1].literal is not None and not _ENDS_SENTENCE.search(c.source)
        texts.append(_STOP_AT_END.sub("", text) if cut_here else text)  # the sentence goes on after the literal
        n = len(tokens) + 1
        logp += c.scores[min(rank, len(c.scores) - 1)] * n
        length += n
    return texts, logp, length


def join(segments: list[Segment], chunks: list[Chunk], detokenize: Callable[[list[str]], str]) -> list[list[Hypothesis]]:
    """Each segment's hypotheses, best first: its chunks' translations of the same rank joined
    as clauses (a chunk with fewer hypotheses repeats its last), scored by the mean
    log-probability over all their pieces. A segment that needed no model gets its own text."""
    parts: dict[int, list[Chunk]] = {}
    for c in chunks:
        parts.setdefault(c.owner, []).append(c)
    out = []
    for i, segment in enumerate(segments):
        pieces = parts.get(i)
        if not pieces:
            out.append([Hypothesis(segment.text, 0.0)])
            continue
        hyps = []
        for rank in range(next(len(c.hypotheses) for c in pieces if c.literal is None)):
            texts, logp, length = _texts(pieces, rank, detokenize)
            hyps.append(Hypothesis(join_clause_translations([c.source for c in pieces], texts), logp / max(length, 1)))
        out.append(hyps)
    return out
