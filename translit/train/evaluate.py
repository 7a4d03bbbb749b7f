"""Score a model folder on a dev set: during training (greedy, a slice) and for the card."""

from __future__ import annotations

from pathlib import Path

from translit.bench.quality import QualityScore, load_testset, score


def translate_sentences(model_dir: Path, sentences: list[str], beam: int = 1, threads: int = 0) -> list[str]:
    """Translate with the same code path as ``translit translate`` (one sentence per segment)."""
    from translit.translate import DecodingOptions, Translator

    translator = Translator(model_dir, device="cpu", threads=threads)
    return translator.translate(sentences, DecodingOptions(beam_size=beam))


def evaluate(model_dir: Path, testset_dir: Path, limit: int | None = None, beam: int = 1) -> QualityScore:
    name, src, ref = load_testset(testset_dir, limit=limit)
    return score(translate_sentences(model_dir, src, beam=beam), ref, name)
