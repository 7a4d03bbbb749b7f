"""Stage 4, terms: glossary terms the model left out altogether, decoded back in.

A chunk whose best translation lacks one of its glossary terms even once mended is forced
through the decoder for its attention; :mod:`translit.glossary.placement` turns that into the
word boundaries where the term may go; the chunk is decoded again from prefixes that end in the
term at those boundaries, each candidate is scored whole, and the best that keeps the chunk's
other terms and repeats none wins. One term per chunk and round, a few rounds
(:class:`~translit.translate.options.TermOptions`); a term nothing can place is given up.
Only chunks that lost a term pay for it.
"""

from __future__ import annotations

from dataclasses import replace

from translit.glossary import Term
from translit.glossary.placement import (
    fits,
    held_terms,
    insertion_points,
    word_groups,
    word_sources,
)
from translit.translate.engine import Engine
from translit.translate.options import DecodingOptions, TermOptions
from translit.translate.records import Chunk

Ranked = list[tuple[float, list[str]]]  # (mean log-prob, target pieces), best first


def missing_terms(chunks: list[Chunk], engine: Engine) -> list[tuple[Chunk, Term, set[str]]]:
    """(chunk, the term it lacks, the terms a new translation must hold) for each chunk whose
    best translation lacks a term not yet given up."""
    missing = []
    for c in chunks:
        if c.terms:
            held = held_terms(engine.detokenize(c.hypotheses[0]), c.terms)
            term = next((t for t in c.terms if t.target not in held and t not in c.given_up), None)
            if term is not None:
                missing.append((c, term, held | {term.target}))
    return missing


def put_back_terms(chunks: list[Chunk], engine: Engine, options: DecodingOptions, terms: TermOptions | None = None) -> None:
    """Decode back in, in place, the glossary terms the chunks' best translations left out."""
    terms = terms or TermOptions()
    for _ in range(terms.rounds):
        missing = missing_terms(chunks, engine)
        if not missing:
            return
        attention = engine.attend([c.tokens for c, _, _ in missing], [c.hypotheses[0] for c, _, _ in missing], options.batch_tokens)
        jobs = [
            (k, prefix)
            for k, ((c, term, _), rows) in enumerate(zip(missing, attention))
            for prefix in term_prefixes(c, term, rows, engine, terms)
        ]
        chosen: dict[int, Ranked] = {}
        search = replace(options, beam_size=terms.beam_size, num_hypotheses=1) if terms.beam_size else options
        for (k, _), ranked in zip(jobs, redecode([(missing[k][0].tokens, prefix) for k, prefix in jobs], engine, search)):
            c, _, needed = missing[k]
            if ranked and (k not in chosen or ranked[0][0] > chosen[k][0][0]):
                if fits(engine.detokenize(ranked[0][1]), c.source, c.terms, needed):
                    chosen[k] = ranked
        for k, (c, term, _) in enumerate(missing):
            if k in chosen:
                c.scores = [score for score, _ in chosen[k]]
                c.hypotheses = [tokens for _, tokens in chosen[k]]
            else:
                c.given_up.add(term)


def term_prefixes(c: Chunk, term: Term, attention: list[list[float]], engine: Engine, options: TermOptions) -> list[list[str]]:
    """Target prefixes to decode ``c`` again from: its best translation's first words up to each
    likely place of ``term`` (its last stop dropped), then the term."""
    best = c.hypotheses[0]
    groups = word_groups(best)
    words = [engine.detokenize([best[i] for i in g]) for g in groups]
    start, end = term_span(c, term, engine)
    prefixes = []
    for j in insertion_points(word_sources(groups, attention), start, end, options.slack, options.places):
        head = " ".join(words[:j])
        if j == len(words):
            head = head.rstrip(".!?")
        prefixes.append(engine.encode_target(f"{head} {term.target}".strip()))
    return prefixes


def redecode(jobs: list[tuple[list[str], list[str]]], engine: Engine, options: DecodingOptions) -> list[Ranked]:
    """Each (source pieces, target prefix) decoded on from the prefix: its hypotheses with the
    mean log-probability of all their pieces (prefix and end mark included), best first."""
    if not jobs:
        return []
    generated = engine.generate([src for src, _ in jobs], options, target_prefix=[prefix for _, prefix in jobs])
    flat = [(k, tokens) for k, g in enumerate(generated) for tokens in g.hypotheses]
    scores = engine.score([jobs[k][0] for k, _ in flat], [tokens for _, tokens in flat], options.batch_tokens)
    ranked: list[Ranked] = [[] for _ in jobs]
    for (k, tokens), score in zip(flat, scores):
        ranked[k].append((score, tokens))
    return [sorted(r, key=lambda h: -h[0]) for r in ranked]


def term_span(c: Chunk, term: Term, engine: Engine) -> tuple[int, int]:
    """Source piece positions (start, end) of ``term``'s English in the chunk, as near as encoding
    the text before it and through it tells."""
    at = c.source.find(term.target)
    start = len(engine.encode(c.source[:at].rstrip())) if at > 0 else 0
    end = len(engine.encode(c.source[: at + len(term.target)]))
    return start, max(end, start + 1)
