"""``translit bench stages``: where translit's time goes, stage by stage, against CTranslate2
alone. The lines are split into sentences, then translated in the batches ``translate_lines``
uses (64 lines), each stage of :meth:`Translator.run` timed (``timings``); beside it the engine
alone decodes the same sentences, whole, in the same batches with the same settings (as
``bench speed``'s raw CTranslate2 does). Decode and the term re-decode are the engine's work;
every other stage is translit's own overhead."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from translit.bench.signature import signature
from translit.text.normalize import normalize
from translit.text.segment import split_sentences
from translit.translate import DecodingOptions, Translator
from translit.translate.engine import END
from translit.translate.translator import BATCH_LINES

ENGINE_STAGES = ("decode", "terms")


@dataclass
class StageResult:
    lines: int
    sentences: int
    stages: dict[str, float]  # seconds, in pipeline order (split first)
    total: float  # all stages
    raw: float  # CTranslate2 alone on the same sentences and batches
    signature: dict = field(default_factory=dict)

    @property
    def overhead(self) -> float:
        """translit's own seconds: every stage but the engine's."""
        return sum(v for k, v in self.stages.items() if k not in ENGINE_STAGES)

    @property
    def ratio(self) -> float:
        """Speed of translit relative to CTranslate2 alone (1.0: no cost; the target is ≥ 0.95)."""
        return self.raw / self.total if self.total else 0.0


def time_stages(translator: Translator, lines: list[str], options: DecodingOptions | None = None) -> StageResult:
    options = options or translator.options
    start = time.perf_counter()
    split = [[s.text for s in split_sentences(line, "ur")] for line in lines]
    stages = {"split": time.perf_counter() - start}
    batches = [[s for ss in split[i:i + BATCH_LINES] for s in ss] for i in range(0, len(split), BATCH_LINES)]
    translator.run(batches[0][:4], options)  # warm up
    for batch in batches:
        translator.run(batch, options, stages)
    engine = translator.engine
    pieces = [[engine.encode(normalize(s))[: engine.max_input_tokens] + [END] for s in batch] for batch in batches]
    start = time.perf_counter()
    for batch in pieces:
        engine.generate(batch, options)
    raw = time.perf_counter() - start
    total = sum(stages.values())
    folder = translator.folder
    return StageResult(len(lines), sum(len(b) for b in batches), {k: round(v, 3) for k, v in stages.items()}, round(total, 3), round(raw, 3),
                       signature(model=folder.name, model_digest=folder.digest(), threads=translator.threads, workers=translator.workers,
                                 beam=options.beam_size, compute_type=translator.compute_type))
