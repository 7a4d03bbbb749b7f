"""Speed and memory: translit, raw CTranslate2 and Hugging Face transformers side by side.

Follows CTranslate2's published method: target tokens per second, model loading excluded,
tokenisation included (and reported apart for the raw engine). Every configuration of the grid
runs in a fresh process so that its peak memory is its own.
"""

from __future__ import annotations

import itertools
import math
import multiprocessing
import resource
import statistics
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from translit.errors import InputError

ENGINES = ("translit", "ctranslate2", "transformers")
CPU_COMPUTE_TYPES = ("int8", "int8_float32", "int16", "float32")


@dataclass(frozen=True)
class SpeedConfig:
    engine: str
    compute_type: str
    threads: int
    workers: int
    batch_size: int  # sentences per batch
    beam: int
    device: str = "cpu"
    batch_tokens: int = 0  # > 0: batches filled up to this many source tokens instead of batch_size sentences

    @property
    def batch_label(self) -> str:
        return f"{self.batch_tokens} tokens" if self.batch_tokens else str(self.batch_size)


@dataclass
class SpeedResult:
    config: SpeedConfig
    sentences: int
    target_tokens: int
    seconds: float
    tokenize_seconds: float | None
    target_tokens_per_s: float
    sentences_per_s: float
    latency_p50_ms: float
    latency_p95_ms: float
    load_seconds: float
    peak_memory_mb: float
    extra: dict = field(default_factory=dict)


def resolved_layouts(folder, device: str, compute_types: str, threads: list[int], workers: list[int]) -> list:
    """(engine options, threads, workers) of each point of the grid, with ``auto`` and 0 resolved as
    `translit translate` resolves them on this machine (the tuned layout, else the default one);
    a layout the grid names twice is measured once."""
    import ctranslate2

    from translit.translate.layout import load_tuned
    from translit.translate.options import EngineOptions

    cuda = ctranslate2.get_cuda_device_count()
    out, seen = [], set()
    for ct in (c.strip() for c in compute_types.split(",") if c.strip()):
        for t in threads:
            for w in workers:
                try:
                    asked = EngineOptions(device, ct, t, w)
                    placed = asked.placed(cuda)
                    tuned = load_tuned(folder, placed.compute_type) if asked.auto_layout and placed.device == "cpu" else None
                    options = placed.resolved(cuda, tuned, folder.weights_mb())
                except ValueError as exc:
                    raise InputError(str(exc)) from None
                key = (options.device, options.compute_type, options.threads, options.workers)
                if key not in seen:
                    seen.add(key)
                    out.append((options, options.threads, options.workers))
    return out


def build_grid(engines, compute_types, threads, workers, batch_sizes, beams, device="cpu", batch_tokens: int = 0) -> list[SpeedConfig]:
    """All combinations; transformers runs in float32 (float16 on GPU), so compute types don't multiply it.
    With ``batch_tokens`` every engine fills batches by a token budget and ``batch_sizes`` is ignored."""
    if batch_tokens:
        batch_sizes = [0]
    unknown = set(engines) - set(ENGINES)
    if unknown:
        raise InputError(f"unknown engine(s) {sorted(unknown)}: choose from {', '.join(ENGINES)}")
    if device == "cpu":
        bad = set(compute_types) - set(CPU_COMPUTE_TYPES)
        if bad:
            raise InputError(f"compute type(s) {sorted(bad)} need a GPU; on CPU use {', '.join(CPU_COMPUTE_TYPES)}")
    grid = []
    for engine, t, w, b, k in itertools.product(engines, threads, workers, batch_sizes, beams):
        types = [("float16" if device == "cuda" else "float32")] if engine == "transformers" else compute_types
        for ct in types:
            if engine == "transformers" and w != workers[0]:
                continue
            grid.append(SpeedConfig(engine, ct, t, w, b, k, device, batch_tokens))
    return grid


def _length_sorted_batches(lengths: list[int], batch_size: int, batch_tokens: int) -> list[list[int]]:
    """Indices sorted by length, cut into batches of ``batch_size`` or of padded size ≤ ``batch_tokens``."""
    order = sorted(range(len(lengths)), key=lengths.__getitem__)
    if not batch_tokens:
        return [order[k : k + batch_size] for k in range(0, len(order), batch_size)]
    batches: list[list[int]] = []
    for i in order:
        if batches and (len(batches[-1]) + 1) * lengths[i] <= batch_tokens:
            batches[-1].append(i)
        else:
            batches.append([i])
    return batches


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def engine_missing(engine: str) -> str | None:
    """What an engine lacks on this install (the extra to install), or None when it can run."""
    from importlib.util import find_spec

    if engine == "transformers" and (find_spec("torch") is None or find_spec("transformers") is None):
        return "the transformers engine needs torch and transformers: pip install 'translit[train]'"
    return None


Runner = Callable[[list[str]], list[str]]


def _translit_runner(config: SpeedConfig, model_dir: str, folder) -> tuple[Runner, float | None]:
    from translit.translate import DecodingOptions, EngineOptions, Translator

    tr = Translator(model_dir, engine=EngineOptions(config.device, config.compute_type, config.threads, config.workers))
    options = DecodingOptions(beam_size=config.beam, batch_examples=config.batch_size, batch_tokens=config.batch_tokens or 4096)
    return (lambda batch: tr.translate(batch, options)), None


def _ctranslate2_runner(config: SpeedConfig, model_dir: str, folder, sentences: list[str]) -> tuple[Runner, float | None]:
    """Raw CTranslate2 with the card's search settings, sentences translated whole."""
    from translit.text.normalize import normalize
    from translit.translate.engine import END, Engine
    from translit.translate.options import DecodingOptions, EngineOptions

    engine = Engine(folder, EngineOptions(config.device, config.compute_type, config.threads, config.workers))
    options = DecodingOptions(
        beam_size=config.beam, max_decoding_length=256, batch_tokens=config.batch_tokens, batch_examples=0 if config.batch_tokens else config.batch_size
    )

    def run(batch: list[str]) -> list[str]:
        out = engine.generate([engine.encode(normalize(s)) + [END] for s in batch], options)
        return [engine.detokenize(g.hypotheses[0]) for g in out]

    t = time.perf_counter()
    [engine.encode(normalize(s)) for s in sentences]
    return run, time.perf_counter() - t


def _transformers_runner(config: SpeedConfig, model_dir: str, folder) -> tuple[Runner, float | None]:
    """The same checkpoint (``weights/``) in Hugging Face transformers, batches sorted by length."""
    import sentencepiece as spm
    import torch
    from transformers import MarianMTModel

    from translit.text.normalize import normalize
    from translit.translate.options import search_settings
    from translit.util.hf import quiet_transformers

    quiet_transformers()
    torch.set_num_threads(config.threads)
    weights = folder.path / "weights"
    if not weights.is_dir():
        raise InputError(f"{folder.path} has no weights/ folder: the transformers engine needs the Hugging Face checkpoint")
    sp_src = spm.SentencePieceProcessor(model_file=str(folder.source_spm))
    sp_tgt = spm.SentencePieceProcessor(model_file=str(folder.target_spm))
    dtype = torch.float16 if config.device == "cuda" else torch.float32
    model = MarianMTModel.from_pretrained(weights, dtype=dtype).to(config.device).eval()
    pad, eos = model.config.pad_token_id, model.config.eos_token_id
    max_len = min(256, folder.max_positions - 2)
    tuned = search_settings(folder.card)

    def run(batch: list[str]) -> list[str]:
        ids = [sp_src.encode(normalize(s)) + [eos] for s in batch]
        out: dict[int, str] = {}
        for idx in _length_sorted_batches([len(x) for x in ids], config.batch_size, config.batch_tokens):
            x = torch.full((len(idx), max(len(ids[i]) for i in idx)), pad, dtype=torch.long)
            for row, i in enumerate(idx):
                x[row, : len(ids[i])] = torch.tensor(ids[i])
            x = x.to(config.device)
            with torch.inference_mode():
                gen = model.generate(input_ids=x, attention_mask=(x != pad).long(), num_beams=config.beam, max_new_tokens=max_len, do_sample=False, **tuned)
            for row, i in enumerate(idx):
                out[i] = sp_tgt.decode([t for t in gen[row].tolist() if t not in (pad, eos)])
        return [out[i] for i in range(len(batch))]

    return run, None


def _measure(config: SpeedConfig, run: Runner, sentences: list[str], latency_sentences: int, count_tokens: Callable[[str], int],
             repeats: int = 1) -> dict:
    """Warm up, time the whole run (the fastest of ``repeats``: on a shared machine the slower
    runs measure the neighbours) and each of the first ``latency_sentences`` sentences alone."""
    run(sentences[: min(4, len(sentences))])  # warm-up
    seconds = math.inf
    for _ in range(max(repeats, 1)):
        t = time.perf_counter()
        outputs = run(sentences)
        seconds = min(seconds, time.perf_counter() - t)
    target_tokens = sum(count_tokens(o) for o in outputs)
    latencies = []
    for s in sentences[:latency_sentences]:
        t = time.perf_counter()
        run([s])
        latencies.append((time.perf_counter() - t) * 1000)
    q = statistics.quantiles(latencies, n=20) if len(latencies) >= 2 else latencies * 19
    return {
        "sentences": len(sentences), "target_tokens": target_tokens, "seconds": round(seconds, 3),
        "target_tokens_per_s": round(target_tokens / seconds, 1), "sentences_per_s": round(len(sentences) / seconds, 2),
        "latency_p50_ms": round(statistics.median(latencies), 1) if latencies else 0.0,
        "latency_p95_ms": round(q[18], 1) if latencies else 0.0,
    }


def _run_engine(config: SpeedConfig, model_dir: str, sentences: list[str], latency_sentences: int, repeats: int = 1) -> SpeedResult:
    """Runs inside a child process: load, warm up, time the batch run and single-sentence latency.
    Every engine decodes with the search settings the model card recommends."""
    import sentencepiece as spm

    from translit.model import load_model_folder

    folder = load_model_folder(Path(model_dir))
    sp_tgt = spm.SentencePieceProcessor(model_file=str(folder.target_spm))
    start = time.perf_counter()
    if config.engine == "translit":
        run, tokenize_s = _translit_runner(config, model_dir, folder)
    elif config.engine == "ctranslate2":
        run, tokenize_s = _ctranslate2_runner(config, model_dir, folder, sentences)
    else:
        run, tokenize_s = _transformers_runner(config, model_dir, folder)
    load_s = time.perf_counter() - start
    measured = _measure(config, run, sentences, latency_sentences, lambda o: len(sp_tgt.encode(o)), repeats)
    return SpeedResult(
        config=config, **measured,
        tokenize_seconds=round(tokenize_s, 3) if tokenize_s is not None else None,
        load_seconds=round(load_s, 3), peak_memory_mb=round(_peak_mb(), 1),
    )


def run_grid(grid: list[SpeedConfig], model_dir: Path, sentences: list[str], latency_sentences: int = 20, repeats: int = 1) -> Iterator[SpeedResult]:
    """Run each configuration in its own process (each timed run the fastest of ``repeats``);
    yields results as they finish."""
    if not sentences:
        raise InputError("no sentences to translate")
    ctx = multiprocessing.get_context("spawn")
    for config in grid:
        with ctx.Pool(1) as pool:
            yield pool.apply(_run_engine, (config, str(model_dir), sentences, latency_sentences, repeats))


def ratios(results: list[SpeedResult]) -> list[dict]:
    """Speed ratios at equal threads, batch and beam: CTranslate2 over transformers, translit overhead."""
    by_key: dict[tuple, dict[str, SpeedResult]] = {}
    for r in results:
        c = r.config
        by_key.setdefault((c.threads, c.batch_label, c.beam, c.device), {})[f"{c.engine}:{c.compute_type}:{c.workers}"] = r
    rows = []
    for (threads, batch, beam, device), group in by_key.items():
        hf = next((r for k, r in group.items() if k.startswith("transformers")), None)
        for name, r in group.items():
            if r.config.engine != "ctranslate2":
                continue
            row = {"threads": threads, "batch_size": batch, "beam": beam, "device": device, "compute_type": r.config.compute_type, "workers": r.config.workers}
            if hf is not None:
                row["ctranslate2_vs_transformers"] = round(hf.seconds / r.seconds, 2)
            tl = group.get(f"translit:{r.config.compute_type}:{r.config.workers}")
            if tl is not None:
                row["translit_overhead"] = round(tl.seconds / r.seconds - 1, 4)
            rows.append(row)
    return rows


def best_layouts(results: list[SpeedResult]) -> list[dict]:
    """Each engine at its own fastest layout (threads × workers) per compute type, batch and beam,
    and translit's speed relative to raw CTranslate2 when both are at their best: a fair
    comparison, since the layout that suits one engine need not suit another."""
    best: dict[tuple, SpeedResult] = {}
    for r in results:
        c = r.config
        key = (c.engine, c.compute_type, c.batch_label, c.beam, c.device)
        if key not in best or r.seconds < best[key].seconds:
            best[key] = r
    rows = []
    for (engine, compute, batch, beam, device), r in best.items():
        row = {"engine": engine, "compute_type": compute, "batch_size": batch, "beam": beam, "device": device,
               "threads": r.config.threads, "workers": r.config.workers, "seconds": r.seconds, "sentences_per_s": r.sentences_per_s}
        raw = best.get(("ctranslate2", compute, batch, beam, device))
        if engine != "ctranslate2" and raw is not None:
            row["speed_vs_ctranslate2"] = round(raw.seconds / r.seconds, 3)
        rows.append(row)
    return rows


def result_dicts(results: list[SpeedResult]) -> list[dict]:
    return [asdict(r) for r in results]
