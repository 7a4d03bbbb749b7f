"""Translator: CTranslate2 + SentencePiece, token-budget batching, documents, streaming.

The translator normalises and splits the Urdu, translates all sentences of a call in one
token-budget batch, and maps every translation back to its source span. Lines and paragraphs
are never merged or dropped: N lines in give N translations out.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from translit.errors import ModelError
from translit.glossary import Glossary, Term, restore_terms, shipped_names
from translit.model import ModelFolder, resolve_model
from translit.text.clauses import join_clause_translations, split_clauses
from translit.text.dates import restore_dates
from translit.text.normalize import normalize
from translit.text.protect import restore_protected
from translit.text.segment import Sentence, split_paragraphs, split_sentences

_URDU_LETTER = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufefc]")


@dataclass
class DecodingDefaults:
    """Search settings tuned on the dev sets for one model: a recipe's ``[decoding]``, written into
    the model's card (``decoding``), where the translator takes them as defaults. The values here
    are CTranslate2's own, for models that recommend nothing."""

    length_penalty: float = 1.0
    repetition_penalty: float = 1.0
    no_repeat_ngram_size: int = 0
    clause_split_tokens: int = 0  # > 0: longer segments go through clause by clause (text.clauses)


# Settings of the translator itself, not of CTranslate2's search.
_RUNTIME_SETTINGS = ("clause_split_tokens",)


@dataclass
class DecodingOptions:
    """Search settings passed to CTranslate2.

    ``None`` in a model-tuned setting (length penalty, repetition penalty, no-repeat n-gram size,
    clause splitting) takes the value the model's card recommends, or the default.
    """

    beam_size: int = 4
    num_hypotheses: int = 1
    length_penalty: float | None = None
    repetition_penalty: float | None = None
    no_repeat_ngram_size: int | None = None
    clause_split_tokens: int | None = None
    max_decoding_length: int = 256
    batch_tokens: int = 4096
    batch_examples: int = 0  # when > 0, batches of this many sentences instead of a token budget


def tuned_settings(card: dict, options: DecodingOptions | None = None) -> dict:
    """Length penalty, repetition penalty, no-repeat n-gram size and clause splitting for a decode:
    those set in ``options``, else those the model ``card`` recommends, else the defaults."""
    recommended = card.get("decoding") or {}
    settings = asdict(DecodingDefaults())
    for key, default in settings.items():
        value = getattr(options, key) if options is not None else None
        settings[key] = type(default)(value if value is not None else recommended.get(key, default))
    return settings


def search_settings(card: dict, options: DecodingOptions | None = None) -> dict:
    """The part of :func:`tuned_settings` that CTranslate2's ``translate_batch`` (or Hugging Face
    ``generate``) takes: the tuned settings less the translator's own (clause splitting)."""
    return {k: v for k, v in tuned_settings(card, options).items() if k not in _RUNTIME_SETTINGS}


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
        if not sources:
            return []
        results = self._ct2.translate_batch(
            sources,
            target_prefix=prefixes,
            return_attention=True,
            beam_size=1,
            max_decoding_length=max(len(p) for p in prefixes) + 1,
            max_batch_size=self.options.batch_tokens,
            batch_type="tokens",
        )
        out = []
        for src, tgt, result in zip(sources, prefixes, results):
            rows = result.attention[0][: len(tgt)] if tgt else []
            out.append(ForcedDecoding(src[:-1], tgt, [list(r[: len(src) - 1]) for r in rows]))
        return out

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

    def _decode(self, batches: list[list[str]], options: DecodingOptions):
        search = search_settings(self.folder.card, options)
        return self._ct2.translate_batch(
            batches,
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
        jobs: list[list[str]] = []
        owner: list[int] = []
        chunk_sources: dict[int, list[str]] = {}
        clause_tokens = self.tuned_settings(options)["clause_split_tokens"]
        for i, text in enumerate(inputs):
            if _needs_model(text):
                for piece, source in self._pieces(text, clause_tokens):
                    jobs.append(piece)
                    owner.append(i)
                    chunk_sources.setdefault(i, []).append(source)
        results = self._decode(jobs, options) if jobs else []
        out = [(text, 1.0, [], found) for text, found in zip(inputs, terms)]
        parts: dict[int, list] = {}
        for i, result in zip(owner, results):
            parts.setdefault(i, []).append(result)
        for i, pieces in parts.items():
            hyps = []
            for rank in range(len(pieces[0].hypotheses)):
                texts, logp, length = [], 0.0, 0
                for r in pieces:
                    tokens = r.hypotheses[min(rank, len(r.hypotheses) - 1)]
                    texts.append(self._sp_tgt.decode(tokens))
                    n = len(tokens) + 1
                    logp += r.scores[min(rank, len(r.scores) - 1)] * n
                    length += n
                hyps.append(Hypothesis(join_clause_translations(chunk_sources[i], texts), logp / max(length, 1)))
            for h in hyps:
                h.text = restore_terms(restore_dates(inputs[i], restore_protected(inputs[i], h.text)), terms[i])
            best = hyps[0]
            alternatives = hyps if options.num_hypotheses > 1 else []
            out[i] = (best.text, math.exp(best.score), alternatives, terms[i])
        return out

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
