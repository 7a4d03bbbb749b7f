"""Stage 2, chunk: the model inputs of each segment; and its inverse, join (stage 5).

Only segments with Urdu letters go to the model; numbers, Latin and punctuation pass through. A
segment over the clause limit (a model card's ``clause_split_tokens``) or over the model's input
limit is cut at clause breaks into chunks of whole clauses; a clause longer than the model's
limit is cut by pieces. Join puts the chunk translations of a segment back together, for each
rank of the n-best list.
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


def needs_model(text: str) -> bool:
    """Only text with Urdu letters goes to the model; numbers, Latin and punctuation pass through."""
    return bool(_URDU_LETTER.search(text))


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


def chunk(segments: list[Segment], encode: Callable[[str], list[str]], hard_limit: int, clause_tokens: int = 0) -> list[Chunk]:
    """The model inputs of all ``segments`` that need the model, in order; each chunk holds the
    segment's glossary terms that its own text holds."""
    return [
        Chunk(i, source, tokens, [t for t in segment.terms if term_count(source, t.target)])
        for i, segment in enumerate(segments)
        if needs_model(segment.text)
        for tokens, source in split_for_model(segment.text, encode, hard_limit, clause_tokens)
    ]


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
        for rank in range(len(pieces[0].hypotheses)):
            texts, logp, length = [], 0.0, 0
            for c in pieces:
                tokens = c.hypotheses[min(rank, len(c.hypotheses) - 1)]
                texts.append(detokenize(tokens))
                n = len(tokens) + 1
                logp += c.scores[min(rank, len(c.scores) - 1)] * n
                length += n
            hyps.append(Hypothesis(join_clause_translations([c.source for c in pieces], texts), logp / max(length, 1)))
        out.append(hyps)
    return out
