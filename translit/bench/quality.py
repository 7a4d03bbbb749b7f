"""Translation quality: BLEU, chrF and chrF++ with sacrebleu, each with its signature, the names
and numbers kept (:mod:`translit.bench.kept`), plus our signature.

Our signature names everything else a number depends on: the model and a hash of its weights,
compute type, beam, batch, threads, device, test set and translit version.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from translit.bench.kept import kept, paired_bootstrap
from translit.errors import InputError


@dataclass
class QualityScore:
    testset: str
    sentences: int
    bleu: float
    chrf: float
    chrfpp: float
    signatures: dict[str, str]
    translit_signature: dict = field(default_factory=dict)
    names_kept: float = 0.0    # share of the references' names the translations hold
    numbers_kept: float = 0.0  # and of their numbers
    names: int = 0             # how many names and numbers the references have
    numbers: int = 0
    # the same translations scored on each fixed half of the set (translit.datasets.dev_half):
    # {"A": {"sentences", "bleu", "chrf", "chrfpp"}, "B": {…}}; A chooses, B confirms
    halves: dict = field(default_factory=dict)


def score_halves(result: QualityScore, hypotheses: list[str], references: list[str]) -> QualityScore:
    """``result`` with its halves scored (the same hypotheses, lines 1, 3, 5, … and 2, 4, 6, …)."""
    from translit.datasets import HALVES, dev_half

    for half in HALVES:
        part = score(dev_half(hypotheses, half), dev_half(references, half), f"{result.testset}/{half}")
        result.halves[half] = {"sentences": part.sentences, "bleu": part.bleu, "chrf": part.chrf, "chrfpp": part.chrfpp}
    return result


def score(hypotheses: list[str], references: list[str], testset: str) -> QualityScore:
    """Corpus scores exactly as sacrebleu computes them (default settings)."""
    from sacrebleu.metrics import BLEU, CHRF

    if len(hypotheses) != len(references):
        raise InputError(f"{testset}: {len(hypotheses)} hypotheses but {len(references)} references")
    metrics = {"bleu": BLEU(), "chrf": CHRF(), "chrfpp": CHRF(word_order=2)}
    values = {k: round(m.corpus_score(hypotheses, [references]).score, 2) for k, m in metrics.items()}
    signatures = {k: str(m.get_signature()) for k, m in metrics.items()}
    found = kept(hypotheses, references)
    return QualityScore(testset, len(hypotheses), values["bleu"], values["chrf"], values["chrfpp"],
                        signatures | {"kept": found.signature}, names_kept=found.names_recall,
                        numbers_kept=found.numbers_recall, names=found.names, numbers=found.numbers)


def translit_signature(translator, options, testset: str) -> dict:
    """What a score depends on beyond sacrebleu's settings: model and weights, decoding, machine use."""
    import translit
    from translit.bench.signature import cpu_isa

    return {
        "model": translator.folder.name,
        "model_hash": translator.folder.digest(),
        "compute_type": translator.compute_type,
        # CTranslate2's int8 kernels give slightly different results on AVX2 and AVX-512 machines
        "cpu": cpu_isa() if translator.device == "cpu" else translator.device,
        "beam": options.beam_size,
        **translator.tuned_settings(options),
        "keep_terms": options.keep_terms,
        "numbers": options.numbers,
        "consistent_names": options.consistent_names,
        "batch_tokens": options.batch_tokens,
        "threads": translator.threads,
        "device": translator.device,
        "glossary": translator.glossary.digest(),
        "testset": testset,
        "translit": translit.__version__,
    }


@dataclass
class Comparison:
    """Paired bootstrap resampling of two systems on the same references (sacrebleu's test)."""

    metric: str
    baseline: float
    system: float
    p_value: float

    @property
    def significant(self) -> bool:
        return self.p_value < 0.05


def compare(baseline: list[str], system: list[str], references: list[str], samples: int = 1000) -> list[Comparison]:
    """Is ``system`` better than ``baseline``? One Comparison per metric (BLEU, chrF, chrF++, and
    the names and numbers kept, in percent)."""
    from sacrebleu.metrics import BLEU, CHRF
    from sacrebleu.significance import PairedTest

    if not (len(baseline) == len(system) == len(references)):
        raise InputError(f"line counts differ: baseline {len(baseline)}, system {len(system)}, references {len(references)}")
    metrics = {"bleu": BLEU(), "chrf": CHRF(), "chrfpp": CHRF(word_order=2)}
    test = PairedTest([("baseline", baseline), ("system", system)], metrics, [references], test_type="bs", n_samples=samples)
    _, results = test()
    out = []
    columns = [k for k in results if k != "System"]  # sacrebleu names them BLEU, chrF2, chrF2++
    for name, column in zip(metrics, columns):
        base, other = results[column]
        out.append(Comparison(name, round(base.score, 2), round(other.score, 2), float(other.p_value)))
    if references:
        out.append(Comparison("kept", *paired_bootstrap(baseline, system, references, samples)))
    return out
