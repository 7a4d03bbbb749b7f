"""Score a CTranslate2 model on a dev set during training (greedy, fast) or for the card."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from translit.util.gzipped import read_lines


@dataclass
class DevScore:
    testset: str
    sentences: int
    bleu: float
    chrf: float
    chrfpp: float
    signatures: dict[str, str]


def load_testset(folder: Path, limit: int | None = None) -> tuple[list[str], list[str]]:
    src = list(read_lines(folder / "dev.ur.gz"))
    ref = list(read_lines(folder / "dev.en.gz"))
    return src[:limit], ref[:limit]


def translate_sentences(model_dir: Path, sentences: list[str], beam: int = 1, threads: int = 0) -> list[str]:
    """Translate with the same code path as ``translit translate`` (one sentence per segment)."""
    from translit.translate import DecodingOptions, Translator

    translator = Translator(model_dir, device="cpu", threads=threads)
    return translator.translate(sentences, DecodingOptions(beam_size=beam))


def score(hypotheses: list[str], references: list[str], testset: str) -> DevScore:
    from sacrebleu.metrics import BLEU, CHRF

    bleu, chrf, chrfpp = BLEU(), CHRF(), CHRF(word_order=2)
    b = bleu.corpus_score(hypotheses, [references])
    c = chrf.corpus_score(hypotheses, [references])
    cp = chrfpp.corpus_score(hypotheses, [references])
    sigs = {
        "bleu": str(bleu.get_signature()),
        "chrf": str(chrf.get_signature()),
        "chrfpp": str(chrfpp.get_signature()),
    }
    return DevScore(testset, len(hypotheses), round(b.score, 2), round(c.score, 2), round(cp.score, 2), sigs)


def evaluate(model_dir: Path, testset_dir: Path, limit: int | None = None, beam: int = 1) -> DevScore:
    src, ref = load_testset(testset_dir, limit)
    hyps = translate_sentences(model_dir, src, beam=beam)
    return score(hyps, ref, testset_dir.name)
