"""Score a model folder on a dev set: during training (greedy, a slice) and for the card."""

from __future__ import annotations

from pathlib import Path

from translit.bench.quality import QualityScore, score, score_halves, translit_signature
from translit.datasets import load_testset


def evaluate(
    model_dir: Path, testset_dir: Path, limit: int | None = None, beam: int = 1, threads: int = 0, direction: str = "ur-en",
    names: bool = True, half: str | None = None, halves: bool = False,
) -> QualityScore:
    """Scores of a model folder on a dev set, translated as `translit translate` does (each line
    split into sentences, translated, joined), with sacrebleu's and translit's signatures.
    ``direction`` "en-ur" scores a back-translation model (English sources, Urdu references);
    ``names`` False leaves the model's own names glossary out (``--no-names``); ``half`` "A" or "B"
    scores one fixed half (:func:`translit.datasets.dev_half`); ``halves`` also scores both halves
    of the same translations (``result.halves``)."""
    from translit.translate import Translator
    from translit.translate.options import DecodingOptions

    name, src, ref = load_testset(testset_dir, limit=limit, direction=direction, half=half)
    # the names glossary is Urdu→English
    translator = Translator(model_dir, device="cpu", threads=threads, names=names and direction == "ur-en")
    options = DecodingOptions(beam_size=beam)
    hypotheses = [line.translation for line in translator.translate_lines(src, options)]
    result = score(hypotheses, ref, name)
    if halves:
        score_halves(result, hypotheses, ref)
    result.translit_signature = translit_signature(translator, options, name)
    return result
