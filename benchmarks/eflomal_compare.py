"""Word links of the shipped IBM-2 word lexicon against eflomal (a kept Bayesian aligner, `pip
install eflomal`) trained on the same training mix, on the dev sets: the dictionary check of
`translit bench align` (dictionary pairs of a sentence pair that are linked; links between
dictionary words that contradict the dictionary). No hand-checked gold set yet (issue 21).

Usage: python benchmarks/eflomal_compare.py --mix work/ur-en-base/data [--corpora ../shared/corpora]
       [--evalsets ../shared/evalsets] [--out benchmarks/results/eflomal]
(--mix: a folder with train.ur and train.en, as `translit train data` writes them; eflomal aligns
the mix and each dev set together, as word aligners are run.)
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from translit.align.lexicon import grow_diag_final_and, word_key
from translit.align.words import WordAlignment, align_with_lexicon
from translit.bench.align import load_dictionary, word_alignment_scores
from translit.bench.report import table_report, write_report
from translit.bench.signature import signature
from translit.datasets import load_testset
from translit.text.normalize import normalize


def _key(word: str) -> str:
    return word_key(word) or "<p>"  # a token of punctuation alone keeps its place


def eflomal_links(corpus: list[tuple[str, str]], pairs: list[tuple[str, str]]) -> list[WordAlignment]:
    import eflomal

    src = [" ".join(_key(w) for w in normalize(u).split()) for u, _ in corpus + pairs]
    trg = [" ".join(_key(w) for w in e.split()) for _, e in corpus + pairs]
    with tempfile.TemporaryDirectory() as tmp:
        fwd, rev = Path(tmp) / "fwd", Path(tmp) / "rev"
        eflomal.Aligner().align(src, trg, links_filename_fwd=str(fwd), links_filename_rev=str(rev), quiet=True)
        forward, backward = fwd.read_text().split("\n"), rev.read_text().split("\n")

    def parse(line: str) -> set[tuple[int, int]]:
        return {tuple(map(int, x.split("-"))) for x in line.split()}

    return [WordAlignment(normalize(u).split(), e.split(), sorted(grow_diag_final_and(parse(forward[len(corpus) + k]), parse(backward[len(corpus) + k]))))
            for k, (u, e) in enumerate(pairs)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mix", required=True)
    parser.add_argument("--corpora", default=None)
    parser.add_argument("--evalsets", default=None)
    parser.add_argument("--out", default=None)
    args = parser.parse_args()
    mix = Path(args.mix)
    ur = (mix / "train.ur").read_text(encoding="utf-8").split("\n")
    en = (mix / "train.en").read_text(encoding="utf-8").split("\n")
    corpus = [(u, e) for u, e in zip(ur, en) if u.strip() and e.strip()]
    from translit.datasets import data_folder

    corpora = data_folder("corpora", args.corpora)
    if corpora is None:
        raise SystemExit("give --corpora DIR (or set TRANSLIT_DATA): the dictionaries are read from it")
    dictionary = load_dictionary(corpora)
    rows = {}
    for name in ("flores200-dev", "tico19-dev"):
        _, src, ref = load_testset(name, Path(args.evalsets) if args.evalsets else None)
        pairs = list(zip(src, ref))
        start = time.perf_counter()
        found = eflomal_links(corpus, pairs)
        rows[name] = {"lexicon": word_alignment_scores(align_with_lexicon(pairs), dictionary),
                      "eflomal": word_alignment_scores(found, dictionary), "eflomal_seconds": round(time.perf_counter() - start, 1)}
    result = {"signature": signature(benchmark="eflomal-compare", mix_pairs=len(corpus)), "results": rows}
    table = [f"| {name} | {aligner} | {r[aligner]['recall']} | {r[aligner]['contradiction_rate']} |" for name, r in rows.items() for aligner in ("lexicon", "eflomal")]
    publish("Word links: IBM-2 lexicon against eflomal", result,
            ["dev set", "aligner", "dictionary pairs linked", "links contradicting the dictionary"], table, args.out)


def publish(title: str, result: dict, columns: list[str], table: list[str], out: str | None) -> None:
    """Print a result as a Markdown table under its signature; with ``out``, write it as .md and .json."""
    text = table_report(title, result["signature"], columns, table)
    print(text)
    if out:
        write_report(Path(out), result, text)

if __name__ == "__main__":
    main()
