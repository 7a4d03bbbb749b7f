"""Domain adaptation benchmark (issue 43): `translit train adapt` on the first N pairs of
reviews_mixed (informal reviews and prose), scored on its last 2,000 lines (which no training mix
ever reads: translit.datasets.HELD_OUT_LAST) and on FLORES-200 dev, before and after; wall time
and peak memory of each adaptation (one process each, as a user runs it).

Usage: python benchmarks/adapt.py --model MODEL --corpora ../shared/corpora --evalsets ../shared/evalsets \
           [--sizes 500,2000,5000] [--minutes 12] [--threads 1] [--out benchmarks/results/adapt]
Writes PREFIX.json and PREFIX.md with the signature.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from translit.bench.signature import signature
from translit.datasets import read_manifest, read_pairs
from translit.train.evaluate import evaluate

SOURCE = "reviews_mixed"


def _write_test(corpora: Path, folder: Path) -> int:
    source = next(s for s in read_manifest(corpora) if s.name == SOURCE)
    pairs = list(read_pairs(source, held_out=True))
    folder.mkdir(parents=True, exist_ok=True)
    for side, k in (("ur", 0), ("en", 1)):
        with gzip.open(folder / f"dev.{side}.gz", "wt", encoding="utf-8") as f:
            f.writelines(p[k] + "\n" for p in pairs)
    return len(pairs)


def _write_pairs(corpora: Path, n: int, path: Path) -> None:
    source = next(s for s in read_manifest(corpora) if s.name == SOURCE)
    with path.open("w", encoding="utf-8") as f:
        for k, (ur, en) in enumerate(read_pairs(source)):
            if k == n:
                break
            f.write(f"{ur.replace(chr(9), ' ')}\t{en.replace(chr(9), ' ')}\n")


def _score(model: Path, folder: Path, threads: int) -> dict:
    s = evaluate(model, folder, beam=4, threads=threads, names=False)
    return {"bleu": s.bleu, "chrfpp": s.chrfpp}


def _adapt(args, n: int, pairs: Path, models_dir: Path) -> tuple[dict, float, float]:
    """(the result JSON, wall seconds, peak memory in MiB) of one adaptation in its own process."""
    cmd = [sys.executable, "-m", "translit", "train", "adapt", "--model", str(args.model), "--name", f"reviews-{n}",
           "--pairs", str(pairs), "--minutes", str(args.minutes), "--models-dir", str(models_dir),
           "--evalsets", str(args.evalsets), "--run-dir", str(args.work / f"run-{n}"), "--json"]
    start = time.time()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"adapt {n} failed")
    return json.loads(out), time.time() - start, usage.ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, required=True, help="the base model (one that never saw reviews_mixed)")
    parser.add_argument("--corpora", type=Path, required=True)
    parser.add_argument("--evalsets", type=Path, required=True)
    parser.add_argument("--sizes", default="500,2000,5000")
    parser.add_argument("--minutes", type=float, default=12.0)
    parser.add_argument("--threads", type=int, default=1, help="threads for scoring")
    parser.add_argument("--work", type=Path, default=Path("work/adapt-bench"))
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results" / "adapt")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    models_dir = args.work / "models"
    test = args.work / "test"
    lines = _write_test(args.corpora, test)
    base = {"test": _score(args.model, test, args.threads)}
    print(f"base: test {base['test']}", file=sys.stderr)
    rows = []
    for n in map(int, args.sizes.split(",")):
        pairs = args.work / f"first{n}.tsv"
        _write_pairs(args.corpora, n, pairs)
        result, seconds, peak = _adapt(args, n, pairs, models_dir)
        after = _score(Path(result["model"]), test, args.threads)
        row = {"pairs": n, "result": result, "wall_s": round(seconds), "peak_mib": round(peak), "test_after": after}
        rows.append(row)
        print(f"{n}: test {after}, {seconds:.0f} s, {peak:.0f} MiB", file=sys.stderr)
    sig = signature(model=args.model.name, test=f"{SOURCE} last {lines} lines", minutes=args.minutes, beam=4, names="off")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.with_suffix(".json").write_text(json.dumps({"signature": sig, "base": base, "runs": rows}, indent=2) + "\n", encoding="utf-8")
    md = ["# Domain adaptation: `translit train adapt` on reviews_mixed", "",
          f"`python benchmarks/adapt.py --model {args.model} --corpora {args.corpora} --evalsets {args.evalsets} "
          f"--sizes {args.sizes} --minutes {args.minutes}` — " + ", ".join(f"{k}: {v}" for k, v in sig.items()), "",
          "Test: the last lines of reviews_mixed (never in a training mix). Beam 4, no names glossary; BLEU / chrF++.", "",
          "| pairs given | trained / dev / replayed | steps (stopped) | test before | test after | FLORES-200 dev before | after | wall | peak memory |",
          "|---:|---|---|---|---|---|---|---:|---:|"]
    for r in rows:
        res, d = r["result"], r["result"]["data"]
        fb, fa = res["before"].get("flores200-dev", {}), res["after"].get("flores200-dev", {})
        md.append(f"| {r['pairs']:,} | {d['train']:,} / {d['dev']} / {res['replayed']:,} | {res['steps']} ({res['stopped']}) | "
                  f"{base['test']['bleu']} / {base['test']['chrfpp']} | {r['test_after']['bleu']} / {r['test_after']['chrfpp']} | "
                  f"{fb.get('bleu')} / {fb.get('chrfpp')} | {fa.get('bleu')} / {fa.get('chrfpp')} | {r['wall_s'] / 60:.1f} min | {r['peak_mib']:,} MiB |")
    args.out.with_suffix(".md").write_text("\n".join(md) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
