"""``translit bench tune``: time the thread layouts a model can run with on this machine
(threads per translation × translations in parallel, within the cores) through the translator
itself, and keep the fastest for documents and files (:mod:`translit.translate.layout`).

Each layout translates the same sentences in token batches (the way files and documents go),
best of ``repeats``; the latency of one sentence at a time is measured beside it (the median
over ``single`` sentences). The batch throughput picks the layout."""

from __future__ import annotations

import os
import statistics
import time
from dataclasses import dataclass, field

from translit.bench.signature import signature
from translit.translate import DecodingOptions, EngineOptions, Translator


@dataclass
class LayoutTiming:
    threads: int
    workers: int
    seconds: float  # the sentences in token batches, best of the repeats
    sentences_per_s: float
    single_p50_ms: float  # one sentence at a time, median


@dataclass
class TuneResult:
    model: str
    model_digest: str
    sentences: int
    timings: list[LayoutTiming]
    best: LayoutTiming
    signature: dict = field(default_factory=dict)


def layouts(cores: int | None = None) -> list[tuple[int, int]]:
    """(threads, workers) with threads × workers ≤ cores: 1 × 1, the cores as threads, the cores
    as workers, and the splits between (up to 4 threads: more never paid for models this small)."""
    cores = cores or os.cpu_count() or 1
    found = {(t, w) for t in range(1, min(cores, 4) + 1) for w in range(1, cores + 1) if t * w <= cores and (t * w == cores or (t, w) == (1, 1))}
    return sorted(found, key=lambda tw: (tw[0] * tw[1], -tw[1]))


def tune(model, sentences: list[str], grid: list[tuple[int, int]] | None = None, single: int = 30, repeats: int = 2,
         options: DecodingOptions | None = None):
    """Yield a :class:`LayoutTiming` per layout of ``grid`` (default :func:`layouts`), then the
    :class:`TuneResult`."""
    options = options or DecodingOptions()
    timings = []
    folder = None
    for threads, workers in grid or layouts():
        translator = Translator(model, engine=EngineOptions("cpu", "int8", threads, workers))
        folder = translator.folder
        translator.translate(sentences[:8], options)  # warm up
        best = float("inf")
        for _ in range(repeats):
            start = time.perf_counter()
            translator.translate(sentences, options)
            best = min(best, time.perf_counter() - start)
        singles = []
        for sentence in sentences[:single]:
            start = time.perf_counter()
            translator.translate([sentence], options)
            singles.append(time.perf_counter() - start)
        timing = LayoutTiming(threads, workers, round(best, 3), round(len(sentences) / best, 1),
                              round(1000 * statistics.median(singles), 1) if singles else 0.0)
        timings.append(timing)
        yield timing
    best = min(timings, key=lambda t: t.seconds)
    yield TuneResult(folder.name, folder.digest(), len(sentences), timings, best,
                     signature(model=folder.name, model_digest=folder.digest(), beam=options.beam_size, compute_type="int8"))
