"""Hostile inputs at 1 MB each: every parser and pattern that reads untrusted text (splitting,
normalisation, protected spans, the mend stage, Markdown, HTML, subtitles, CSV, JSON Lines) fed
one unit repeated ("ب۔", ".", "[", "<script>", …; the cases are translit.bench.hostile.CASES).

Usage: python benchmarks/hostile.py [--size 1000000] [--only TEXT] [--out benchmarks/results/hostile]
Target: at least 0.5 MB/s for each case (a super-linear one takes minutes to hours at 1 MB).
Writes PREFIX.json and PREFIX.md with the signature.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path

from translit.bench.hostile import run_all
from translit.bench.signature import signature

TARGET = 0.5  # MB/s


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000, help="bytes (UTF-8) per input")
    parser.add_argument("--only", default=None, help="only the cases whose name holds this text")
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results" / "hostile")
    args = parser.parse_args()
    rows = []
    for result in run_all(args.size, args.only):
        rows.append(asdict(result) | {"mb_per_s": round(result.mb_per_s, 2), "ok": result.mb_per_s >= TARGET})
        print(f"{result.name:36s} {result.bytes:>9,} bytes {result.seconds:8.3f} s {result.mb_per_s:9.2f} MB/s", file=sys.stderr)
    sig = signature(size=args.size, target_mb_per_s=TARGET)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.with_suffix(".json").write_text(json.dumps({"signature": sig, "cases": rows}, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    lines = ["# Hostile inputs", "", f"`python benchmarks/hostile.py --size {args.size}` — " + ", ".join(f"{k}: {v}" for k, v in sig.items()), "",
             "| case (unit repeated) | bytes | seconds | MB/s | ≥ 0.5 MB/s |", "|---|---:|---:|---:|---|"]
    lines += [f"| {r['name'].replace('|', '&#124;')} | {r['bytes']:,} | {r['seconds']:.3f} | {r['mb_per_s']:.2f} | {'✓' if r['ok'] else '✗'} |" for r in rows]
    args.out.with_suffix(".md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0 if all(r["ok"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
