"""Fit how the model's translations join the word lexicon in sentence alignment
(AlignOptions.lexicon_weight, translation_idf) and whether 2-3 / 3-2 beads pay (two_three) on
FLORES-200 dev documents, and confirm on TICO-19 dev (issue 44).

Usage: python benchmarks/align_tune.py --evalsets DIR [--model M] [--weights 0.85,0.7,0.5]
       [--cache work/align-translations.json] [--out benchmarks/results/align_tune]
Each distinct Urdu sentence of the documents is translated once (greedy, as `align sentences
--translate`) and cached; every weight is scored on every condition of `bench align-docs`.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path

from translit.align.sentences import AlignOptions
from translit.bench.align import evaluate_alignment
from translit.bench.align_docs import CONDITIONS, make_documents
from translit.bench.signature import signature
from translit.datasets import load_testset


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--evalsets", type=Path, required=True)
    parser.add_argument("--model", default=None)
    parser.add_argument("--weights", default="0.85,0.7,0.5")
    parser.add_argument("--cache", type=Path, default=Path("work/align-translations.json"))
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results" / "align_tune")
    args = parser.parse_args()
    cache = json.loads(args.cache.read_text(encoding="utf-8")) if args.cache.is_file() else {}
    translator = None
    rows = []
    for name in ("flores200-dev", "tico19-dev"):
        _, ur, en = load_testset(name, args.evalsets)
        docs = {c: make_documents(ur, en, c) for c in CONDITIONS}
        missing = list(dict.fromkeys(s for ds in docs.values() for d in ds for s in d.ur if s not in cache))
        if missing:
            from translit.translate import Translator
            from translit.translate.options import DecodingOptions

            translator = translator or Translator(args.model, threads=1, workers=1)
            cache.update(zip(missing, translator.translate(missing, DecodingOptions(beam_size=1))))
            args.cache.parent.mkdir(parents=True, exist_ok=True)
            args.cache.write_text(json.dumps(cache, ensure_ascii=False), encoding="utf-8")
        variants = [("lexicon alone", AlignOptions(), False), ("lexicon alone, 2-3 and 3-2 beads", AlignOptions(two_three=True), False)]
        for weight in map(float, args.weights.split(",")):
            for idf in (False, True):
                variants.append((f"lexicon {weight} + translations" + (", idf" if idf else ""),
                                 AlignOptions(lexicon_weight=weight, translation_idf=idf), True))
        for label, options, translated in variants:
            scores = {}
            for condition, cond_docs in docs.items():
                given = [replace(d, translations=[cache[s] for s in d.ur]) for d in cond_docs] if translated else cond_docs
                scores[condition] = evaluate_alignment(given, options)["strict"]["f1"]
            mean = sum(scores.values()) / len(scores)
            rows.append({"testset": name, "variant": label, "mean_strict_f1": round(mean, 4), **{c: round(v, 4) for c, v in scores.items()}})
            print(f"{name} {label}: mean {mean:.4f} mixed {scores['mixed']:.4f}", file=sys.stderr)
    sig = signature(benchmark="align-tune", model=args.model or "ur-en-base")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.with_suffix(".json").write_text(json.dumps({"signature": sig, "rows": rows}, indent=2) + "\n", encoding="utf-8")
    lines = ["# Sentence alignment: the lexicon against the model's translations", "",
             "`python benchmarks/align_tune.py --evalsets ../shared/evalsets` — " + ", ".join(f"{k}: {v}" for k, v in sig.items()), "",
             "Strict F1 per condition of `bench align-docs`; FLORES-200 dev chooses, TICO-19 dev confirms.", "",
             "| test set | variant | mean | " + " | ".join(CONDITIONS) + " |", "|---|---|---|" + "---|" * len(CONDITIONS)]
    lines += [f"| {r['testset']} | {r['variant']} | {r['mean_strict_f1']:.4f} | " + " | ".join(f"{r[c]:.4f}" for c in CONDITIONS) + " |"
              for r in rows]
    args.out.with_suffix(".md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
