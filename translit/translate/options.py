"""Options of a translation, one dataclass per concern, passed down from the front end.

- :class:`EngineOptions`: how the model runs (device, compute type, threads, workers); fixed
  when a translator is made.
- :class:`DecodingOptions`: what a caller asks of one call (search, batching, and the
  translator's own steps: clause splitting, decoding left-out terms back in); a model's card
  (``decoding``, from its recipe's ``[decoding]``) fills in the settings tuned for it.
- :class:`TermOptions`: how hard the term re-decode tries (:mod:`translit.translate.stages.terms`).
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class EngineOptions:
    """How CTranslate2 runs the model. ``threads`` is CTranslate2's ``intra_threads`` (threads per
    translation; 0: as many as cores, up to 4) and ``workers`` its ``inter_threads`` (translations
    run in parallel); 0 for both: the layout ``translit bench tune`` found fastest here, else
    :func:`default_layout`. ``device``: ``cpu``, ``cuda`` (GPU 0), ``cuda:N``, or ``auto`` (CUDA when there is a GPU); ``compute_type`` ``auto``
    takes int8 on CPU and int8_float16 on GPU."""

    device: str = "auto"
    compute_type: str = "auto"
    threads: int = 0
    workers: int = 0

    def device_index(self) -> tuple[str, int]:
        """(CTranslate2 device, GPU index) of ``device``: ``cuda:1`` is GPU 1."""
        name, _, index = self.device.partition(":")
        if name not in ("cpu", "cuda", "auto") or (index and (name != "cuda" or not index.isdigit())):
            raise ValueError(f"unknown device {self.device!r} (cpu, cuda, cuda:N or auto)")
        return name, int(index or 0)

    def placed(self, cuda_devices: int) -> EngineOptions:
        """These options with ``auto`` device and compute type replaced by what this machine gets
        (threads and workers as given). A GPU asked for that this machine lacks is an error that
        says so."""
        name, index = self.device_index()
        if name == "cuda" and index >= cuda_devices:
            raise ValueError(f"no CUDA device {index} here (CTranslate2 sees {cuda_devices}): use --device cpu")
        device = self.device if name != "auto" else ("cuda" if cuda_devices > 0 else "cpu")
        compute = self.compute_type if self.compute_type != "auto" else ("int8_float16" if device.startswith("cuda") else "int8")
        return EngineOptions(device, compute, self.threads, self.workers)

    def resolved(self, cuda_devices: int, tuned: tuple[int, int] | None = None, model_mb: float | None = None) -> EngineOptions:
        """:meth:`placed`, with threads and workers left at 0 replaced: by the ``tuned``
        (threads, workers) when both are (:mod:`translit.translate.layout`), else by
        :func:`default_layout` for a model of ``model_mb`` (its CTranslate2 weights)."""
        placed = self.placed(cuda_devices)
        if tuned is not None and self.auto_layout:
            return EngineOptions(placed.device, placed.compute_type, *tuned)
        small = model_mb is not None and model_mb <= SMALL_MODEL_MB and placed.device == "cpu"
        return EngineOptions(placed.device, placed.compute_type, *default_layout(self.threads, self.workers, small_model=small))

    @property
    def auto_layout(self) -> bool:
        """Threads and workers both left to the machine (a tuned layout applies)."""
        return self.threads == 0 and self.workers == 0


# A model whose weights are at most this size runs best as one thread per translation and a
# worker per core: a matrix product this small costs less than the threads' synchronisation. The
# shipped model (10 MB int8), FLORES-200 dev on 2 cores: on AVX-512, 1 thread × 2 workers 1.86 s
# for 300 sentences against 3.61 s for 2 × 1, and one sentence 13 ms against 200 ms; on AVX2-only
# cores 6.10 s against 6.39 s (one sentence 44 ms against 28 ms). Larger models (NLLB, M2M-100)
# take the threads: each worker would hold its own buffers, and their products do pay.
SMALL_MODEL_MB = 100.0


def default_layout(threads: int, workers: int, cores: int | None = None, small_model: bool = False) -> tuple[int, int]:
    """(threads, workers) when nothing was tuned: given values kept; for a small model on CPU left
    wholly open, one thread and a worker per core; otherwise one worker unless given, and threads
    filling the cores the workers leave, up to 4."""
    cores = cores or os.cpu_count() or 1
    if small_model and not threads and not workers:
        return 1, cores
    workers = workers or 1
    return (threads or max(1, min(4, cores // workers))), workers


@dataclass(frozen=True)
class TermOptions:
    """The re-decode of a glossary term the model left out: word boundaries tried (at most
    ``places``, those within ``slack`` words on the wrong side of the best), terms put back per
    chunk (``rounds``), and the beam that decodes on from each prefix (``beam_size``; 0: the
    translation's)."""

    # 3 places and a greedy continuation from each: FLORES-200 dev with the model's names.tsv (1 × 2, this
    # machine, AVX-512), the re-decode stage 2.0 s of 10.6 → the whole run 8.45 → 7.19 s (no names: 6.31 s),
    # BLEU / chrF++ 14.55 / 41.20 → 14.54 / 41.21, term recall (`bench terms`, 100 names × 8 carriers) 800/800 both
    places: int = 3
    slack: int = 2
    rounds: int = 3
    beam_size: int = 1  # the beam that decodes on from each prefix (0: the translation's own)


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
    """What a caller asks of a decode: CTranslate2's search settings, batching, and the
    translator's own steps (clause splitting, decoding left-out glossary terms back in).

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
    keep_terms: bool = True  # decode again, with the term forced in, a chunk that left a glossary term out
    # South Asian amounts and times of day in English figures before the model reads them
    # (translit.text.numbers): "international" (15 million, 6 a.m.), "south-asian" (1.5 crore) or "off"
    numbers: str = "international"
    # a name spelled one way all through a document (translit.translate.consistency): None (the
    # default) for documents (translate_document) but not line streams, where the force decode it
    # needs cost 35% of the throughput (FLORES-200 dev, 1 × 2); True or False for both
    consistent_names: bool | None = None
    # > 1: each step draws the next piece from the K likeliest (with beam_size 1: random sampling,
    # as back-translation uses); 1 takes the best
    sampling_topk: int = 1
    sampling_temperature: float = 1.0


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
