"""Build translit/align/word_lexicon.tsv.gz: word translation tables learned from the corpora.

    python scripts/build_word_lexicon.py [--corpora ../shared/corpora] [--recipe corpora/recipes/ur-en-base.toml]

The sentence sources of the recipe's mix are read and cleaned exactly as for model training
(normalised Urdu, the same filters, dev-set sentences removed), each kept pair once (weights
above 1 are not repeated). Dictionary sources are left out on purpose: `translit bench align`
checks word links against those dictionaries, so they must not be the links' teacher.

The tables come from one of two aligners, run in both directions:

- ``--aligner eflomal`` (the default; `pip install eflomal`): eflomal's Bayesian HMM aligner links
  the words of every pair, and the tables are the relative frequencies of the linked pairs
  (translit.align.from_links). On the hand-checked gold set (benchmarks/word_gold.py) its links
  have AER 0.175 against 0.331 for our own IBM-2 tables.
- ``--aligner ibm``: IBM Model 1 → diagonal Model 2 trained by EM (translit.align.ibm).

Pairs below ``--min-prob`` are pruned before the table is written.
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


def eflomal_tables(ur: list[list[str]], en: list[list[str]], min_prob: float, null_min_prob: float):
    """Both tables from eflomal's forward and reverse links over every pair with words on both sides."""
    import tempfile

    import eflomal

    from translit.align.from_links import tables_from_links

    kept = [k for k in range(len(ur)) if ur[k] and en[k]]
    with tempfile.TemporaryDirectory() as tmp:
        fwd, rev = Path(tmp) / "fwd", Path(tmp) / "rev"
        started = time.time()
        eflomal.Aligner().align([" ".join(ur[k]) for k in kept], [" ".join(en[k]) for k in kept],
                                links_filename_fwd=str(fwd), links_filename_rev=str(rev), quiet=True)
        print(f"  eflomal: {len(kept)} pairs linked in {time.time() - started:.0f}s", file=sys.stderr)
        forward_links, reverse_links = fwd.read_text().split("\n"), rev.read_text().split("\n")

    def parse(line: str) -> set[tuple[int, int]]:
        return {(int(i), int(j)) for i, j in (x.split("-") for x in line.split())}

    return tables_from_links(((ur[k], en[k], parse(forward_links[n]), parse(reverse_links[n])) for n, k in enumerate(kept)),
                             min_prob, null_min_prob)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--recipe", default=str(ROOT / "corpora/recipes/ur-en-base.toml"))
    parser.add_argument("--corpora", default=None, help="corpora folder (default: the recipe's)")
    parser.add_argument("--out", default=str(SHIPPED))
    parser.add_argument("--min-prob", type=float, default=0.01)
    parser.add_argument("--null-min-prob", type=float, default=0.0005)
    parser.add_argument("--alpha", type=float, default=IBMOptions.alpha, help="Dirichlet prior of the tables")
    parser.add_argument("--iterations", default="4,5", help="IBM 1 iterations, diagonal model iterations")
    parser.add_argument("--aligner", choices=("eflomal", "ibm"), default="eflomal")
    # the runtime aligner's diagonal prior and NULL share, stored in the file's header; for the eflomal
    # tables tuned on the gold set's FLORES half (AER 0.285 → 0.196; TICO half, never tuned on: 0.277 → 0.213)
    parser.add_argument("--diagonal-tension", type=float, default=None, help="default: 1.0 (eflomal), 4.0 (ibm)")
    parser.add_argument("--null-prob", type=float, default=None, help="default: 0.4 (eflomal), 0.08 (ibm)")
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
    eflomal_run = args.aligner == "eflomal"
    tension = args.diagonal_tension if args.diagonal_tension is not None else (1.0 if eflomal_run else IBMOptions.diagonal_tension)
    null_prob = args.null_prob if args.null_prob is not None else (0.4 if eflomal_run else IBMOptions.null_prob)
    opts = IBMOptions(ibm1_iterations=ibm1, diagonal_iterations=diagonal, alpha=args.alpha, diagonal_tension=tension, null_prob=null_prob)
    info = {
        "built_by": "scripts/build_word_lexicon.py",
        "recipe": Path(args.recipe).name,
        "pairs": len(ur),
        "sources": {s.name: s.in_mix for s in reports if s.in_mix},
        "aligner": args.aligner,
        "min_prob": args.min_prob,
    }
    if eflomal_run:
        forward, backward = eflomal_tables(ur, en, args.min_prob, args.null_min_prob)
    else:
        def say(direction: str):
            return lambda it, ll: print(f"  {direction} iteration {it}: log-likelihood {ll:.4g}", file=sys.stderr)

        forward = rows(train_table(ur, en, opts, say("ur→en")), args.min_prob, args.null_min_prob)
        backward = rows(train_table(en, ur, opts, say("en→ur")), args.min_prob, args.null_min_prob)
        info |= {"iterations": [opts.ibm1_iterations, opts.diagonal_iterations], "alpha": opts.alpha}
    lexicon = WordLexicon(forward, backward, opts.diagonal_tension, opts.null_prob, info)
    lexicon.save(Path(args.out))
    size = Path(args.out).stat().st_size
    print(f"wrote {args.out}: {size / 1e6:.1f} MB in {time.time() - start:.0f}s", file=sys.stderr)


if __name__ == "__main__":
    main()
