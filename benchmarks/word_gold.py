"""Word links against the hand-checked gold set (`benchmarks/gold/word_links.tsv`, 100 pairs of
the dev sets with sure and possible links): AER, precision and recall of the shipped IBM-2
lexicon, of eflomal trained on the same training mix (`pip install eflomal`), and of the shipped
model's attention (issue 21).

Usage: python benchmarks/word_gold.py --mix work/ur-en-base/data [--evalsets ../shared/evalsets]
       [--gold benchmarks/gold/word_links.tsv] [--out benchmarks/results/word_gold]
       python benchmarks/word_gold.py --review     # the gold links as word pairs, to check them by eye
(--mix: a folder with train.ur and train.en, as `translit train data` writes them; eflomal aligns
the mix and the gold pairs together, as word aligners are run.)
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from eflomal_compare import eflomal_links, publish  # noqa: E402

from translit.bench.aer import aer, load_gold  # noqa: E402
from translit.bench.signature import signature  # noqa: E402
from translit.text.normalize import normalize  # noqa: E402

GOLD = Path(__file__).parent / "gold" / "word_links.tsv"


def review(gold) -> None:
    for g in gold:
        ur, en = normalize(g.ur).split(), g.en.split()
        shown = [f"{ur[i]}{'=' if (i, j) in g.sure else '~'}{en[j]}" for i, j in sorted(g.possible)]
        print(f"{g.testset} {g.line}: " + " | ".join(shown))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mix")
    parser.add_argument("--evalsets", default=None)
    parser.add_argument("--gold", default=str(GOLD))
    parser.add_argument("--out", default=None)
    parser.add_argument("--review", action="store_true")
    parser.add_argument("--lexicon", default=None, help="a word lexicon file to measure instead of the shipped one")
    args = parser.parse_args()
    gold = load_gold(Path(args.gold), Path(args.evalsets) if args.evalsets else None)
    if args.review:
        review(gold)
        return
    from translit.align.lexicon import WordLexicon
    from translit.align.words import align_with_lexicon
    from translit.translate import Translator
    from translit.translate.links import align_word_batch

    pairs = [(g.ur, g.en) for g in gold]
    rows = {}
    t = time.perf_counter()
    lexicon = WordLexicon.load(args.lexicon) if args.lexicon else WordLexicon.load()
    label = f"lexicon ({lexicon.info.get('aligner', 'ibm')} tables{'' if args.lexicon else ', shipped'})"
    rows[label] = aer([set(a.links) for a in align_with_lexicon(pairs, lexicon)], gold) | {"seconds": round(time.perf_counter() - t, 2)}
    t = time.perf_counter()
    attention = align_word_batch(pairs, Translator(threads=1, workers=1), method="attention")
    rows["attention (shipped model)"] = aer([set(a.links) for a in attention], gold) | {"seconds": round(time.perf_counter() - t, 2)}
    if args.mix:

        mix = Path(args.mix)
        ur = (mix / "train.ur").read_text(encoding="utf-8").split("\n")
        en = (mix / "train.en").read_text(encoding="utf-8").split("\n")
        corpus = [(u, e) for u, e in zip(ur, en) if u.strip() and e.strip()]
        t = time.perf_counter()
        rows["eflomal (same mix)"] = aer([set(a.links) for a in eflomal_links(corpus, pairs)], gold) | {"seconds": round(time.perf_counter() - t, 1)}
    result = {"signature": signature(benchmark="word-gold", gold=str(Path(args.gold).name), pairs=len(gold)), "results": rows}
    table = [f"| {name} | {r['links']} | {r['precision']:.3f} | {r['recall']:.3f} | {r['aer']:.3f} | {r['seconds']} |" for name, r in rows.items()]
    publish("Word links against the hand-checked gold set", result, ["aligner", "links", "precision", "recall", "AER", "seconds"], table, args.out)

if __name__ == "__main__":
    main()
