"""Ray corpus jobs against ``translit translate`` alone, on this machine: lines/s with 1 and 2
actors (each 1 thread × 1 worker) and the local engine at the same layouts (1 thread × 1 or 2
workers), all through the CLI as a user runs them (model load and Ray start included in the wall
time; the job time excludes them), and the overhead per shard (a run with small shards against
one with large ones). The outputs are checked line for line against the local engine's.

Usage: python benchmarks/ray_scale.py [--testset flores200-dev] [--evalsets DIR] [--lines 2000]
       [--model NAME] [--out benchmarks/results/ray_scale]
Pause any training run first (kill -STOP). Writes OUT.json and OUT.md with the signature.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from translit.bench.report import report_head, write_report
from translit.bench.signature import signature

CLI = [sys.executable, "-m", "translit", "translate"]


def _run(command: list[str]) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed: {done.stderr.strip().splitlines()[-1:]}")
    return wall, done.stderr


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--testset", default="flores200-dev")
    parser.add_argument("--evalsets", default=None)
    parser.add_argument("--lines", type=int, default=2000)
    parser.add_argument("--model", default=None)
    parser.add_argument("--out", default=None)
    args = parser.parse_args()
    from translit.datasets import load_testset
    from translit.model import resolve_model

    name, sources, _ = load_testset(args.testset, Path(args.evalsets) if args.evalsets else None)
    lines = (sources * (args.lines // len(sources) + 1))[: args.lines]
    folder = resolve_model(args.model)
    model = ["--model", str(folder.path)]
    rows, outputs = [], {}
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "in.txt"
        source.write_text("\n".join(lines) + "\n", encoding="utf-8")
        for workers in (1, 2):
            out = Path(tmp) / f"local{workers}.txt"
            wall, _ = _run([*CLI, str(source), "-o", str(out), *model, "--threads", "1", "--workers", str(workers)])
            outputs[f"local{workers}"] = out.read_text(encoding="utf-8")
            rows.append({"engine": "translit translate", "layout": f"1 thread × {workers} worker{'s' * (workers > 1)}", "shards": "",
                         "wall_s": round(wall, 2), "job_s": None, "lines_per_s": round(len(lines) / wall, 1)})
        for actors, shard_lines in ((1, 512), (2, 512), (2, 64)):
            out = Path(tmp) / f"ray{actors}-{shard_lines}.txt"
            wall, err = _run([*CLI, str(source), "-o", str(out), *model, "--engine", "ray", "--actors", str(actors),
                              "--shard-lines", str(shard_lines), "--threads", "1", "--workers", "1"])
            job = float(re.search(r"in ([\d.]+) s →", err).group(1))
            outputs[f"ray{actors}-{shard_lines}"] = out.read_text(encoding="utf-8")
            rows.append({"engine": "--engine ray", "layout": f"{actors} actor{'s' * (actors > 1)} × 1 thread", "shards": f"{-(-len(lines) // shard_lines)} × {shard_lines} lines",
                         "wall_s": round(wall, 2), "job_s": job, "lines_per_s": round(len(lines) / wall, 1),
                         "job_lines_per_s": round(len(lines) / job, 1)})
    same = {k: v == outputs["local1"] for k, v in outputs.items()}
    small, large = rows[4], rows[3]
    extra_shards = -(-len(lines) // 64) - -(-len(lines) // 512)
    per_shard_ms = round(1000 * (small["job_s"] - large["job_s"]) / extra_shards * 2, 1)  # two actors share the shards
    result = {"signature": signature(model=folder.name, model_digest=folder.digest()), "testset": name, "lines": len(lines),
              "runs": rows, "same_output_as_local": same, "overhead_per_shard_ms": per_shard_ms}
    report = [
        *report_head("Ray corpus jobs against translit translate alone", result["signature"]),
        f"{len(lines)} lines ({name} repeated), beam 4, int8, CPU; every run a fresh `translit translate` process "
        "(wall: model load, and Ray's start for --engine ray, included; job: the shards only).", "",
        "| engine | layout | shards | wall | lines/s (wall) | job | lines/s (job) |", "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        report.append(f"| {r['engine']} | {r['layout']} | {r['shards']} | {r['wall_s']} s | {r['lines_per_s']} | "
                      f"{'' if r['job_s'] is None else str(r['job_s']) + ' s'} | {r.get('job_lines_per_s', '')} |")
    report += ["", f"Overhead per shard (64- against 512-line shards, 2 actors): {per_shard_ms} ms of actor time.",
               f"Same output as the local engine, line for line: {same}."]
    text = "\n".join(report) + "\n"
    print(text)
    if args.out:
        write_report(Path(args.out), result, text)


if __name__ == "__main__":
    main()
