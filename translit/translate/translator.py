"""Translator: the facade over the engine and the pipeline stages.

``translate`` (texts), ``translate_document`` (a document: paragraphs and sentence spans kept)
and ``translate_lines`` (a stream, N lines in, N out) all go through :meth:`Translator.run`,
which reads top-down through the stages of :mod:`translit.translate.stages`. Lines and
paragraphs are never merged or dropped.
"""

from __future__ import annotations

from dataclasses import replace

import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from functools import lru_cache
from itertools import islice
from pathlib import Path

from translit.errors import InputError
from translit.glossary import Glossary
from translit.model import ModelFolder, resolve_model
from translit.text.normalize import normalize
from translit.text.segment import split_paragraphs, split_sentences
from translit.translate.engine import END, Engine
from translit.translate.options import (
    DecodingOptions,
    EngineOptions,
    TermOptions,
    tuned_settings,
)
from translit.translate.records import (
    DocumentTranslation,
    ForcedDecoding,
    LineTranslation,
    SegmentTranslation,
)
from translit.translate.stages.assemble import (
    document,
    lines,
    segment_translation,
    sentence_translations,
)
from translit.translate.stages.chunk import chunk, join, needs_model
from translit.translate.stages.decode import decode
from translit.translate.stages.mend import mend_all
from translit.translate.stages.prepare import prepare
from translit.translate.stages.linked import link_terms
from translit.translate.stages.terms import put_back_terms

# Lines translated together by translate_lines and the record jobs. What a CTranslate2 batch holds
# shifts its results slightly, so a job cut elsewhere (Ray shards) cuts at multiples of this.
BATCH_LINES = 64


class StageClock:
    """Adds each stage's seconds to ``timings`` (nothing when it is None)."""

    def __init__(self, timings: dict[str, float] | None):
        self.timings = timings

    @contextmanager
    def __call__(self, stage: str):
        if self.timings is None:
            yield
            return
        start = time.perf_counter()
        try:
            yield
        finally:
            self.timings[stage] = self.timings.get(stage, 0.0) + time.perf_counter() - start


class Translator:
    """Translate Urdu to English with a CTranslate2 model folder.

    ``model``: None for the shipped default, a name of an installed model, or a folder path.
    ``engine``: how the model runs (:class:`EngineOptions`); ``device``, ``compute_type``,
    ``threads`` (CTranslate2's ``intra_threads``) and ``workers`` (``inter_threads``) set the
    same when ``engine`` is not given. ``options``: the decoding settings of calls that give none.
    ``glossary``: terms whose English is fixed (:class:`translit.glossary.Glossary`), added to
    the model's own names glossary (``names.tsv`` in its folder, where it has one) unless
    ``names=False``.
    """

    def __init__(
        self,
        model: str | Path | None = None,
        device: str = "auto",
        compute_type: str = "auto",
        threads: int = 0,
        workers: int = 0,
        options: DecodingOptions | None = None,
        glossary: Glossary | None = None,
        names: bool = True,
        engine: EngineOptions | None = None,
        terms: TermOptions | None = None,
    ):
        self.folder: ModelFolder = resolve_model(model)
        self.engine = Engine(self.folder, engine or EngineOptions(device, compute_type, threads, workers))
        self.options = options or DecodingOptions()
        self.term_options = terms or TermOptions()
        self.glossary = Glossary.load(self.folder.names) if names and self.folder.names else Glossary()
        if glossary is not None:
            self.glossary = self.glossary.merged(glossary)

    # what the model runs on, as resolved for this machine
    device = property(lambda self: self.engine.options.device)
    compute_type = property(lambda self: self.engine.options.compute_type)
    threads = property(lambda self: self.engine.options.threads)
    workers = property(lambda self: self.engine.options.workers)

    def tuned_settings(self, options: DecodingOptions | None = None) -> dict:
        """The model-tuned settings a decode with ``options`` uses: given, else the card's, else defaults."""
        return tuned_settings(self.folder.card, options or self.options)

    # -- the pipeline -----------------------------------------------------------------------
    def run(self, texts: list[str], options: DecodingOptions | None = None, timings: dict[str, float] | None = None) -> list[SegmentTranslation]:
        """Translate ``texts`` (each one sentence or short text) through every stage; with
        ``timings``, each stage's seconds are added to it (``translit bench stages``)."""
        options = options or self.options
        clock = StageClock(timings)
        with clock("prepare"):  # normalise, protect, glossary terms in
            segments = prepare(texts, self.glossary, options.numbers if self.folder.source_lang == "ur" else "off")
        clause_tokens = self.tuned_settings(options)["clause_split_tokens"]
        with clock("chunk"):  # SentencePiece, clause splitting
            chunks = chunk(segments, self.engine.encode, self.engine.max_input_tokens, clause_tokens, self.engine.writes,
                           self.folder.source_lang)
        with clock("decode"):  # n-best: every hypothesis the beam holds, so that N distinct texts remain
            decode(chunks, self.engine, replace(options, num_hypotheses=options.beam_size) if options.num_hypotheses > 1 else options)
        with clock("terms"):  # re-decode of left-out glossary terms; terms of several words written over their translation
            if options.keep_terms:
                put_back_terms(chunks, self.engine, options, self.term_options)
            link_terms(chunks, self.engine, options)
        with clock("join"):
            hypotheses = join(segments, chunks, self.engine.detokenize)
        with clock("mend"):
            mend_all(segments, hypotheses)
        with clock("assemble"):
            return [
                segment_translation(hyps, segment.terms + segment.linked,
                                    options.num_hypotheses if options.num_hypotheses > 1 and needs_model(segment.text, self.folder.source_lang) else 0)
                for segment, hyps in zip(segments, hypotheses)
            ]

    # -- front doors ------------------------------------------------------------------------
    def translate(self, texts: list[str] | str, options: DecodingOptions | None = None) -> list[str] | str:
        """Translate a list of segments (each one sentence or short text): one output per input.
        A single string is one text, and gives one string back."""
        if isinstance(texts, str):
            return self.translate([texts], options)[0]
        texts = list(texts)
        bad = next((t for t in texts if not isinstance(t, str)), None)
        if bad is not None:
            raise InputError(f"translate() takes strings, got {type(bad).__name__}")
        return [r.translation for r in self.run(texts, options)]

    def translate_document(self, text: str, options: DecodingOptions | None = None) -> DocumentTranslation:
        """Translate a document; paragraphs (non-empty lines) are kept, every sentence mapped to its span."""
        return document_translation(text, lambda texts: self._document_run(texts, options, document=True))

    def translate_lines(
        self, texts: Iterable[str], options: DecodingOptions | None = None, batch_lines: int = BATCH_LINES, start: int = 0
    ) -> Iterator[LineTranslation]:
        """Stream translations of lines (each a paragraph) in order, ``batch_lines`` at a time;
        numbered from ``start``."""
        return line_translations(texts, lambda batch: self._document_run(batch, options), batch_lines, start)

    def _document_run(self, texts: list[str], options: DecodingOptions | None = None, document: bool = False) -> list[SegmentTranslation]:
        """:meth:`run` on the sentences of one document (or one batch of lines), with each
        repeated name spelled one way (:mod:`translit.translate.consistency`) where the options
        ask (``consistent_names``; None: for a ``document``, not for a batch of lines)."""
        options = options or self.options
        results = self.run(texts, options)
        wanted = document if options.consistent_names is None else options.consistent_names
        if not wanted or self.folder.source_lang != "ur" or len(texts) < 2:
            return results
        from translit.translate.consistency import consistent_results

        return consistent_results(texts, results, self.force_decode)

    def force_decode(self, pairs: list[tuple[str, str]]) -> list[ForcedDecoding]:
        """Force each (Urdu, English) pair through the model and return the decoder's attention.

        The Urdu is normalised as for translation; both sides are cut to the model's position
        limit. Used by word alignment (:mod:`translit.translate.links`).
        """
        limit = self.folder.max_positions - 2
        sources = [self.engine.encode(normalize(ur))[:limit] + [END] for ur, _ in pairs]
        targets = [self.engine.encode_target(en)[: limit - 1] for _, en in pairs]
        attention = self.engine.attend(sources, targets, self.options.batch_tokens)
        return [
            ForcedDecoding(src[:-1], tgt, [row[: len(src) - 1] for row in rows])
            for src, tgt, rows in zip(sources, targets, attention)
        ]


Run = Callable[[list[str]], list[SegmentTranslation]]


def document_translation(text: str, run: Run) -> DocumentTranslation:
    """``text`` as a document (paragraphs kept, sentences with their spans), its sentences
    translated by ``run`` (:meth:`Translator.run` with fixed options, or a server's batched run)."""
    paragraphs = split_paragraphs(text, "ur")
    sentences = [s for p in paragraphs for s in p.sentences]
    return document(text, paragraphs, sentence_translations(sentences, run([s.text for s in sentences])))


def line_translations(
    texts: Iterable[str], run: Run, batch_lines: int = BATCH_LINES, start: int = 0, ahead: int = 1
) -> Iterator[LineTranslation]:
    """Line records of ``texts`` (each a paragraph; N in, N out), numbered from ``start``, their
    sentences translated by ``run``, ``batch_lines`` lines at a time, in order.

    ``ahead`` more batches are translated while one is handed out (0: none, no thread pool): a batch ends when its slowest
    sub-batch does, and the next batch's sub-batches (already queued) keep the other workers busy
    meanwhile; splitting and mending also overlap with decoding, which releases the GIL."""

    def translate(batch: list[str]):
        split = [split_sentences(line, "ur") for line in batch]
        sentences = [s for ss in split for s in ss]
        return batch, split, sentence_translations(sentences, run([s.text for s in sentences]))

    stream = iter(texts)
    if ahead < 1:  # one batch at a time, in the caller's thread (a server's request is one batch)
        while batch := list(islice(stream, batch_lines)):
            yield from lines(start, *translate(batch))
            start += len(batch)
        return
    with ThreadPoolExecutor(max_workers=ahead + 1, thread_name_prefix="translit-lines") as pool:
        pending: deque = deque()
        try:
            while True:
                while len(pending) <= ahead and (batch := list(islice(stream, batch_lines))):
                    pending.append(pool.submit(translate, batch))
                if not pending:
                    return
                batch, split, translations = pending.popleft().result()
                yield from lines(start, batch, split, translations)
                start += len(batch)
        finally:  # a consumer that stops early leaves nothing running
            for future in pending:
                future.cancel()


@lru_cache(maxsize=4)
def _cached(model: str | None, names: bool) -> Translator:
    return Translator(model, names=names)


def translate_text(text: str, model: str | Path | None = None, options: DecodingOptions | None = None, names: bool = True) -> str:
    """Translate one Urdu text (sentences and paragraphs kept) in one call; the translator is
    loaded once per model and kept for later calls."""
    if not isinstance(text, str):
        raise InputError(f"translate_text() takes a string, got {type(text).__name__}")
    translator = _cached(None if model is None else str(model), names)
    return translator.translate_document(text, options).translation
