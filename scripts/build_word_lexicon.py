"""Build translit/align/word_lexicon.tsv.gz: word translation tables learned from the corpora.

    python scripts/build_word_lexicon.py [--corpora ../shared/corpora] [--recipe corpora/recipes/ur-en-base.toml]

The sentence sources of the recipe's mix are read and cleaned exactly as for model training
(normalised Urdu, the same filters, dev-set sentences removed), each kept pair once (weights
above 1 are not repeated). Dictionary sources are left out on purpose: `translit bench align`
checks word links against those dictionaries, so they must not be the links' teacher. An IBM
Model 1 → diagonal Model 2 is trained in both directions (translit.align.ibm) and pairs below
``--min-prob`` are pruned before the table is written.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from translit.align.ibm import IBMOptions, TranslationTable, train_table  # noqa: E402
from translit.align.lexicon import SHIPPED, WordLexicon, word_key  # noqa: E402
from translit.datasets import read_manifest  # noqa: E402
from translit.train.data import mix_pairs  # noqa: E402
from translit.train.recipe import load_recipe  # noqa: E402


def tokens(line: str) -> list[str]:
    return [k for k in (word_key(t) for t in line.split()) if k]


def rows(table: TranslationTable, min_prob: float, null_min_prob: float) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for s, t, p in zip(table.source_word.tolist(), table.target_word.tolist(), table.prob.tolist()):
        if p >= (null_min_prob if s == 0 else min_prob):
            out.setdefault(table.source_vocab[s], {})[table.target_vocab[t]] = p
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--recipe", default=str(ROOT / "corpora/recipes/ur-en-base.toml"))
    parser.add_argument("--corpora", default=None, help="corpora folder (default: the recipe's)")
    parser.add_argument("--out", default=str(SHIPPED))
    parser.add_argument("--min-prob", type=float, default=0.01)
    parser.add_argument("--null-min-prob", type=float, default=0.0005)
    parser.add_argument("--alpha", type=float, default=IBMOptions.alpha, help="Dirichlet prior of the tables")
    parser.add_argument("--iterations", default="4,5", help="IBM 1 iterations, diagonal model iterations")
    args = parser.parse_args()

    recipe = load_recipe(args.recipe)
    if args.corpora:
        recipe = replace(recipe, corpora=Path(args.corpora))
    weights = {}
    for source in read_manifest(recipe.corpora):
        w = recipe.mix.weights.get(source.name, recipe.mix.default_weight)
        # each sentence source once; tanzil's eight versions of a verse stay down-weighted
        weights[source.name] = 0.0 if source.kind != "sentences" or w <= 0 else (1.0 if w >= 0.2 else w)
    recipe = replace(recipe, mix=replace(recipe.mix, weights=weights, dictionary_cap=0.0))
    start = time.time()
    pairs, reports = mix_pairs(recipe)
    ur = [tokens(u) for u, _ in pairs]
    en = [tokens(e) for _, e in pairs]
    print(f"{len(ur)} sentence pairs read in {time.time() - start:.0f}s", file=sys.stderr)
    ibm1, diagonal = (int(x) for x in args.iterations.split(","))
    opts = IBMOptions(ibm1_iterations=ibm1, diagonal_iterations=diagonal, alpha=args.alpha)

    def say(direction: str):
        return lambda it, ll: print(f"  {direction} iteration {it}: log-likelihood {ll:.4g}", file=sys.stderr)

    forward = train_table(ur, en, opts, say("ur→en"))
    backward = train_table(en, ur, opts, say("en→ur"))
    info = {
        "built_by": "scripts/build_word_lexicon.py",
        "recipe": Path(args.recipe).name,
        "pairs": len(ur),
        "sources": {s.name: s.in_mix for s in reports if s.in_mix},
        "iterations": [opts.ibm1_iterations, opts.diagonal_iterations],
        "alpha": opts.alpha,
        "min_prob": args.min_prob,
    }
    lexicon = WordLexicon(
        rows(forward, args.min_prob, args.null_min_prob),
        rows(backward, args.min_prob, args.null_min_prob),
        opts.diagonal_tension,
        opts.null_prob,
        info,
    )
    lexicon.save(Path(args.out))
    size = Path(args.out).stat().st_size
    print(f"wrote {args.out}: {size / 1e6:.1f} MB in {time.time() - start:.0f}s", file=sys.stderr)


if __name__ == "__main__":
    main()
