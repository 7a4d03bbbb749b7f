"""Translator: CTranslate2 + SentencePiece, token-budget batching, documents, streaming.

The translator normalises and splits the Urdu, puts glossary terms in, translates all sentences
of a call in one token-budget batch (long ones clause by clause), mends what must come through
(numbers, dates, terms; a term left out is decoded back in), and maps every translation back to
its source span. Lines and paragraphs are never merged or dropped: N lines in give N
translations out.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from translit.decoding import DecodingOptions, search_settings, tuned_settings
from translit.errors import ModelError
from translit.glossary import Glossary, Term, restore_terms, shipped_names, term_count
from translit.glossary.placement import fits, held_terms, insertion_points, word_groups, word_sources
from translit.model import ModelFolder, resolve_model
from translit.text.clauses import join_clause_translations, split_clauses
from translit.text.dates import restore_dates
from translit.text.normalize import normalize
from translit.text.protect import restore_protected
from translit.text.segment import Sentence, split_paragraphs, split_sentences

_URDU_LETTER = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufefc]")


@dataclass
class Hypothesis:
    text: str
    score: float  # mean log-probability per target token


@dataclass
class SentenceTranslation:
    """One source sentence, where it is in the input, and its translation."""

    start: int
    end: int
    source: str
    translation: str
    confidence: float  # exp(mean token log-prob): 0..1
    alternatives: list[Hypothesis] = field(default_factory=list)
    terms: list[Term] = field(default_factory=list)  # glossary terms put in before translation


@dataclass
class ParagraphTranslation:
    start: int
    end: int
    translation: str
    sentences: list[SentenceTranslation]


@dataclass
class DocumentTranslation:
    source: str
    paragraphs: list[ParagraphTranslation]

    @property
    def translation(self) -> str:
        """The translated document: one line per source paragraph, in order."""
        return "\n".join(p.translation for p in self.paragraphs)


@dataclass
class LineTranslation:
    """One input line (a paragraph, possibly empty) of a stream."""

    index: int
    source: str
    translation: str
    sentences: list[SentenceTranslation]


@dataclass
class ForcedDecoding:
    """A given translation forced through the decoder: the pieces of both sides and the
    attention of each target piece over the source pieces (rows: target, columns: source)."""

    source_pieces: list[str]
    target_pieces: list[str]
    attention: list[list[float]]


TERM_PLACES = 6  # word boundaries tried, at most, for a glossary term the model left out
TERM_SLACK = 2  # ... those with at most this many more words on the wrong side than the best
TERM_ROUNDS = 3  # terms put back per chunk, at most


@dataclass
class _Chunk:
    """One model input: a whole segment or some of its clauses (``owner``: the segment's index),
    its glossary terms, its hypotheses (target pieces, best first) and their mean log-probs."""

    owner: int
    source: str  # the chunk's text, glossary terms in English; "" for leading parts of an over-long clause
    tokens: list[str]
    terms: list[Term]
    hypotheses: list[list[str]] = field(default_factory=list)
    scores: list[float] = field(default_factory=list)
    given_up: set[Term] = field(default_factory=set)  # left out terms no re-decode could put back


def _needs_model(text: str) -> bool:
    """Only text with Urdu letters goes to the model; numbers, Latin and punctuation pass through."""
    return bool(_URDU_LETTER.search(text))


class Translator:
    """Translate Urdu to English with a CTranslate2 model folder.

    ``model``: None for the shipped default, a name in ``models/``, or a folder path.
    ``threads`` maps to CTranslate2's ``intra_threads`` (threads per translation) and
    ``workers`` to ``inter_threads`` (translations run in parallel).
    ``glossary``: terms whose English is fixed (:class:`translit.glossary.Glossary`), added to the
    names glossary that ships with the toolkit unless ``names=False``.
    """

    def __init__(
        self,
        model: str | Path | None = None,
        device: str = "auto",
        compute_type: str = "auto",
        threads: int = 0,
        workers: int = 1,
        options: DecodingOptions | None = None,
        glossary: Glossary | None = None,
        names: bool = True,
    ):
        import ctranslate2
        import sentencepiece as spm

        self.folder: ModelFolder = resolve_model(model)
        if device == "auto":
            device = "cuda" if ctranslate2.get_cuda_device_count() > 0 else "cpu"
        if compute_type == "auto":
            compute_type = "int8_float16" if device == "cuda" else "int8"
        self.device, self.compute_type = device, compute_type
        self.threads = threads or min(os.cpu_count() or 1, 4)
        self.workers = workers
        self.options = options or DecodingOptions()
        self.glossary = shipped_names() if names else Glossary()
        if glossary is not None:
            self.glossary = self.glossary.merged(glossary)
        try:
            self._ct2 = ctranslate2.Translator(
                str(self.folder.path),
                device=device,
                compute_type=compute_type,
                intra_threads=self.threads,
                inter_threads=workers,
            )
            self._sp_src = spm.SentencePieceProcessor(model_file=str(self.folder.source_spm))
            self._sp_tgt = (
                self._sp_src
                if self.folder.target_spm == self.folder.source_spm
                else spm.SentencePieceProcessor(model_file=str(self.folder.target_spm))
            )
        except (RuntimeError, ValueError, OSError) as exc:
            raise ModelError(f"cannot load model {self.folder.path}: {exc}") from None

    def force_decode(self, pairs: list[tuple[str, str]]) -> list[ForcedDecoding]:
        """Force each (Urdu, English) pair through the model and return the decoder's attention.

        The Urdu is normalised as for translation; both sides are cut to the model's position
        limit. Used by word alignment.
        """
        limit = self.folder.max_positions - 2
        sources, prefixes = [], []
        for ur, en in pairs:
            sources.append(self._sp_src.encode(normalize(ur), out_type=str)[:limit] + ["</s>"])
            prefixes.append(self._sp_tgt.encode(en, out_type=str)[: limit - 1])
        return [
            ForcedDecoding(src[:-1], tgt, [row[: len(src) - 1] for row in rows])
            for src, tgt, rows in zip(sources, prefixes, self._attention(sources, prefixes))
        ]

    def _attention(self, sources: list[list[str]], targets: list[list[str]]) -> list[list[list[float]]]:
        """Attention of each target piece over the source pieces (``</s>`` included), forcing
        ``targets`` through the decoder."""
        if not sources:
            return []
        results = self._ct2.translate_batch(
            sources,
            target_prefix=targets,
            return_attention=True,
            beam_size=1,
            max_decoding_length=max(len(t) for t in targets) + 1,
            max_batch_size=self.options.batch_tokens,
            batch_type="tokens",
        )
        return [[list(row) for row in r.attention[0][: len(t)]] if t else [] for r, t in zip(results, targets)]

    # -- segments ---------------------------------------------------------------------------
    def _pieces(self, text: str, clause_tokens: int = 0) -> list[tuple[list[str], str]]:
        """(tokens, source text) of the chunks one normalised segment is translated in.

        A segment over ``clause_tokens`` pieces (when > 0) or over the model's input limit is cut
        at clause breaks into chunks of whole clauses within that length; a clause longer than
        the model's limit is cut by tokens (its leading parts carry no source text).
        """
        hard_limit = self.folder.max_input_tokens - 1
        limit = min(hard_limit, clause_tokens) if clause_tokens > 0 else hard_limit
        tokens = self._sp_src.encode(text, out_type=str)
        if len(tokens) <= limit:
            return [(tokens + ["</s>"], text)]
        chunks: list[tuple[list[str], str]] = []
        for clause in split_clauses(text):
            toks = self._sp_src.encode(clause, out_type=str)
            if chunks and chunks[-1][1] and len(chunks[-1][0]) + len(toks) <= limit:
                chunks[-1] = (chunks[-1][0] + toks, chunks[-1][1] + " " + clause)
                continue
            while len(toks) > hard_limit:
                chunks.append((toks[:hard_limit], ""))
                toks = toks[hard_limit:]
            chunks.append((toks, clause))
        return [(c + ["</s>"], source) for c, source in chunks]

    def tuned_settings(self, options: DecodingOptions | None = None) -> dict:
        """The model-tuned settings a decode with ``options`` uses: given, else the card's, else defaults."""
        return tuned_settings(self.folder.card, options or self.options)

    def _decode(self, batches: list[list[str]], options: DecodingOptions, target_prefix: list[list[str]] | None = None):
        search = search_settings(self.folder.card, options)
        return self._ct2.translate_batch(
            batches,
            target_prefix=target_prefix,
            beam_size=options.beam_size,
            num_hypotheses=max(options.num_hypotheses, 1),
            **search,
            max_decoding_length=min(options.max_decoding_length, self.folder.max_positions - 2),
            max_batch_size=options.batch_examples or options.batch_tokens,
            batch_type="examples" if options.batch_examples else "tokens",
            return_scores=True,
            max_input_length=0,
        )

    def _translate_normalized(self, segments: list[str], options: DecodingOptions) -> list[tuple[str, float, list[Hypothesis], list[Term]]]:
        """Translations of normalised segments: (best, confidence, alternatives, glossary terms)."""
        inputs, terms = [], []
        for seg in segments:
            text, found = self.glossary.apply(seg)
            inputs.append(text)
            terms.append(found)
        clause_tokens = self.tuned_settings(options)["clause_split_tokens"]
        chunks = [
            _Chunk(i, source, tokens, [t for t in terms[i] if term_count(source, t.target)])
            for i, text in enumerate(inputs)
            if _needs_model(text)
            for tokens, source in self._pieces(text, clause_tokens)
        ]
        if chunks:
            for chunk, result in zip(chunks, self._decode([c.tokens for c in chunks], options)):
                chunk.hypotheses, chunk.scores = list(result.hypotheses), list(result.scores)
            if options.keep_terms:
                self._keep_terms(chunks, options)
        out = [(text, 1.0, [], found) for text, found in zip(inputs, terms)]
        parts: dict[int, list[_Chunk]] = {}
        for chunk in chunks:
            parts.setdefault(chunk.owner, []).append(chunk)
        for i, pieces in parts.items():
            hyps = []
            for rank in range(len(pieces[0].hypotheses)):
                texts, logp, length = [], 0.0, 0
                for c in pieces:
                    tokens = c.hypotheses[min(rank, len(c.hypotheses) - 1)]
                    texts.append(self._sp_tgt.decode(tokens))
                    n = len(tokens) + 1
                    logp += c.scores[min(rank, len(c.scores) - 1)] * n
                    length += n
                hyps.append(Hypothesis(join_clause_translations([c.source for c in pieces], texts), logp / max(length, 1)))
            for h in hyps:
                h.text = restore_terms(restore_dates(inputs[i], restore_protected(inputs[i], h.text)), terms[i])
            best = hyps[0]
            alternatives = hyps if options.num_hypotheses > 1 else []
            out[i] = (best.text, math.exp(best.score), alternatives, terms[i])
        return out

    # -- glossary terms the model left out ---------------------------------------------------
    def _keep_terms(self, chunks: list[_Chunk], options: DecodingOptions) -> None:
        """Put back glossary terms the model left out (:mod:`translit.glossary.placement`): each
        chunk that lacks one is decoded again from prefixes that end in the term, at the word
        boundaries its attention suggests, and takes the continuation the model scores highest
        that keeps the chunk's other terms. One term per chunk and round, a few rounds."""
        for _ in range(TERM_ROUNDS):
            missing: list[tuple[_Chunk, Term, set[str]]] = []  # chunk, the term it lacks, the terms it must hold
            for chunk in chunks:
                if chunk.terms:
                    held = held_terms(self._sp_tgt.decode(chunk.hypotheses[0]), chunk.terms)
                    term = next((t for t in chunk.terms if t.target not in held and t not in chunk.given_up), None)
                    if term is not None:
                        missing.append((chunk, term, held | {term.target}))
            if not missing:
                return
            attention = self._attention([c.tokens for c, _, _ in missing], [c.hypotheses[0] for c, _, _ in missing])
            jobs = [
                (k, prefix)
                for k, ((chunk, term, _), rows) in enumerate(zip(missing, attention))
                for prefix in self._term_prefixes(chunk, term, rows)
            ]
            chosen: dict[int, list[tuple[float, list[str]]]] = {}
            for (k, _), hyps in zip(jobs, self._redecode([(missing[k][0].tokens, prefix) for k, prefix in jobs], options)):
                chunk, _, needed = missing[k]
                if hyps and (k not in chosen or hyps[0][0] > chosen[k][0][0]):
                    if fits(self._sp_tgt.decode(hyps[0][1]), chunk.source, chunk.terms, needed):
                        chosen[k] = hyps
            for k, (chunk, term, _) in enumerate(missing):
                if k in chosen:
                    chunk.scores = [score for score, _ in chosen[k]]
                    chunk.hypotheses = [tokens for _, tokens in chosen[k]]
                else:
                    chunk.given_up.add(term)

    def _term_prefixes(self, chunk: _Chunk, term: Term, attention: list[list[float]]) -> list[list[str]]:
        """Target prefixes to decode ``chunk`` again from: its best translation's first words up
        to each likely place of ``term`` (its last stop dropped), then the term."""
        best = chunk.hypotheses[0]
        groups = word_groups(best)
        words = [self._sp_tgt.decode([best[i] for i in g]) for g in groups]
        start, end = self._term_span(chunk, term)
        prefixes = []
        for j in insertion_points(word_sources(groups, attention), start, end, TERM_SLACK, TERM_PLACES):
            head = " ".join(words[:j])
            if j == len(words):
                head = head.rstrip(".!?")
            prefixes.append(self._sp_tgt.encode(f"{head} {term.target}".strip(), out_type=str))
        return prefixes

    def _redecode(self, jobs: list[tuple[list[str], list[str]]], options: DecodingOptions) -> list[list[tuple[float, list[str]]]]:
        """Each (source tokens, target prefix) decoded on from the prefix: its hypotheses with
        the mean log-probability of all their pieces (prefix and end mark included), best first."""
        if not jobs:
            return []
        results = self._decode([src for src, _ in jobs], options, target_prefix=[prefix for _, prefix in jobs])
        flat = [(k, tokens) for k, r in enumerate(results) for tokens in r.hypotheses]
        scored = self._ct2.score_batch(
            [jobs[k][0] for k, _ in flat], [tokens for _, tokens in flat],
            max_batch_size=options.batch_tokens, batch_type="tokens",
        )
        ranked: list[list[tuple[float, list[str]]]] = [[] for _ in jobs]
        for (k, tokens), s in zip(flat, scored):
            ranked[k].append((sum(s.log_probs) / max(len(s.log_probs), 1), tokens))
        return [sorted(hyps, key=lambda h: -h[0]) for hyps in ranked]

    def _term_span(self, chunk: _Chunk, term: Term) -> tuple[int, int]:
        """Source piece positions (start, end) of ``term``'s English in the chunk, as near as
        encoding the text before it and through it tells."""
        at = chunk.source.find(term.target)
        start = len(self._sp_src.encode(chunk.source[:at].rstrip(), out_type=str)) if at > 0 else 0
        end = len(self._sp_src.encode(chunk.source[: at + len(term.target)], out_type=str))
        return start, max(end, start + 1)

    def translate(self, texts: list[str], options: DecodingOptions | None = None) -> list[str]:
        """Translate a list of segments (each one sentence or short text); one output per input."""
        normalized = [normalize(t) for t in texts]
        return [t for t, _, _, _ in self._translate_normalized(normalized, options or self.options)]

    # -- documents --------------------------------------------------------------------------
    def _translate_sentences(self, sentences: list[Sentence], options: DecodingOptions) -> list[SentenceTranslation]:
        results = self._translate_normalized([normalize(s.text) for s in sentences], options)
        return [
            SentenceTranslation(s.start, s.end, s.text, text, round(conf, 4), alts, terms)
            for s, (text, conf, alts, terms) in zip(sentences, results)
        ]

    def translate_document(self, text: str, options: DecodingOptions | None = None) -> DocumentTranslation:
        """Translate a document; paragraphs (non-empty lines) are kept, every sentence mapped to its span."""
        options = options or self.options
        paragraphs = split_paragraphs(text, "ur")
        flat = [s for p in paragraphs for s in p.sentences]
        translated = iter(self._translate_sentences(flat, options))
        out = []
        for p in paragraphs:
            sents = [next(translated) for _ in p.sentences]
            out.append(ParagraphTranslation(p.start, p.end, " ".join(s.translation for s in sents), sents))
        return DocumentTranslation(text, out)

    def translate_lines(
        self, lines: Iterable[str], options: DecodingOptions | None = None, chunk_lines: int = 64, start: int = 0
    ) -> Iterator[LineTranslation]:
        """Stream translations of lines (each a paragraph) in order, holding ``chunk_lines`` at a time."""
        options = options or self.options
        chunk: list[str] = []
        index = start

        def flush() -> Iterator[LineTranslation]:
            nonlocal index
            split = [split_sentences(line, "ur") for line in chunk]
            translated = iter(self._translate_sentences([s for ss in split for s in ss], options))
            for line, sents in zip(chunk, split):
                result = [next(translated) for _ in sents]
                yield LineTranslation(index, line, " ".join(s.translation for s in result), result)
                index += 1

        for line in lines:
            chunk.append(line)
            if len(chunk) >= chunk_lines:
                yield from flush()
                chunk = []
        if chunk:
            yield from flush()
