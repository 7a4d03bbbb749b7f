"""Load benchmark of ``translit serve``: 1, 8 and 32 concurrent clients on 127.0.0.1, each sending
one sentence per request (LibreTranslate's ``POST /translate``) until the sentences run out;
against the same sentences translated in one process by the library in token batches.

Usage: python benchmarks/serve_load.py [--testset flores200-dev] [--evalsets DIR] [--sentences 512]
       [--clients 1,8,32] [--workers 2] [--model NAME] [--out benchmarks/results/serve_load]
(test sets from --evalsets or $TRANSLIT_DATA/evalsets; --input FILE takes one sentence per line instead.)

The server is a real ``translit serve`` process (workers × 1 thread, as it runs by default); the
clients are asyncio tasks with httpx in this process, on the same machine. Reported per
concurrency: sentences/s, p50/p95 latency, errors, the server's batches (count, largest), and the
ratio to the single-process batch throughput (the target: ≥ 0.70 at 32 clients, no errors).
Pause any training run first (kill -STOP). Writes OUT.json and OUT.md with the signature.
"""

from __future__ import annotations

import argparse
import asyncio
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

from translit.bench.report import report_head, write_report
from translit.bench.signature import signature


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _sentences(args) -> tuple[str, list[str]]:
    if args.input:
        lines = [line.strip() for line in Path(args.input).read_text(encoding="utf-8").splitlines() if line.strip()]
        return Path(args.input).name, lines[: args.sentences]
    from translit.datasets import load_testset

    name, sources, _ = load_testset(args.testset, Path(args.evalsets) if args.evalsets else None, limit=args.sentences)
    return name, sources


def _batch_baseline(model: str | None, sentences: list[str], workers: int) -> dict:
    """The same sentences in one process: one library call, token batches (4096), workers × 1
    thread; the best of three runs."""
    from translit.translate import EngineOptions, Translator

    translator = Translator(model, engine=EngineOptions("cpu", "int8", 1, workers))
    translator.translate(sentences[:16])  # warm up
    times = []
    for _ in range(3):  # the best of three: this machine's run-to-run noise is large
        start = time.perf_counter()
        translator.translate(sentences)
        times.append(time.perf_counter() - start)
    seconds = min(times)
    return {"seconds": round(seconds, 2), "sentences_per_s": round(len(sentences) / seconds, 1), "model": translator.folder.name,
            "model_digest": translator.folder.digest()}


def _start_server(model: str | None, workers: int, port: int) -> subprocess.Popen:
    command = [sys.executable, "-m", "translit", "serve", "--port", str(port), "--workers", str(workers), "--threads", "1",
               "--log-level", "warning", "--max-texts", "4096"]
    if model:
        command += ["--model", model]
    server = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/health", timeout=1)
            return server
        except httpx.TransportError:
            if server.poll() is not None:
                raise SystemExit(f"the server did not start: {server.stderr.read()}")
            time.sleep(0.2)
    server.kill()
    raise SystemExit("the server did not start within 120 s")


async def _load(url: str, sentences: list[str], clients: int) -> dict:
    queue: asyncio.Queue[str] = asyncio.Queue()
    for s in sentences:
        queue.put_nowait(s)
    latencies, errors = [], 0

    async def client(http: httpx.AsyncClient):
        nonlocal errors
        while not queue.empty():
            text = queue.get_nowait()
            start = time.perf_counter()
            try:
                answer = await http.post(f"{url}/translate", json={"q": text, "source": "ur", "target": "en"})
                ok = answer.status_code == 200 and isinstance(answer.json().get("translatedText"), str)
            except httpx.HTTPError:
                ok = False
            latencies.append(time.perf_counter() - start)
            errors += not ok

    async with httpx.AsyncClient(timeout=120, limits=httpx.Limits(max_connections=clients)) as http:
        before = (await http.get(f"{url}/health")).json()["batches"]
        start = time.perf_counter()
        await asyncio.gather(*(client(http) for _ in range(clients)))
        wall = time.perf_counter() - start
        after = (await http.get(f"{url}/health")).json()["batches"]
    cuts = statistics.quantiles(latencies, n=20) if len(latencies) > 1 else latencies * 19
    batches = after["count"] - before["count"]
    return {"clients": clients, "sentences": len(sentences), "seconds": round(wall, 2),
            "sentences_per_s": round(len(sentences) / wall, 1), "p50_ms": round(1000 * statistics.median(latencies), 1),
            "p95_ms": round(1000 * cuts[18], 1), "errors": errors, "batches": batches,
            "mean_batch": round((after["sentences"] - before["sentences"]) / max(batches, 1), 1), "largest_batch": after["largest"]}


def _report(result: dict) -> str:
    base = result["baseline"]
    lines = [
        *report_head("translit serve under load", result["signature"]),
        f"{result['sentences']} sentences of {result['testset']}, one per request (`POST /translate`), server "
        f"`translit serve --workers {result['workers']} --threads 1`; clients: asyncio + httpx in one process on the same machine.",
        f"Single-process batch baseline (`Translator.translate(sentences)`, token batches, same layout, best of 3): "
        f"{base['seconds']} s, {base['sentences_per_s']} sentences/s.", "",
        "| clients | sentences/s | ÷ batch baseline | p50 latency | p95 latency | errors | batches | mean batch | largest |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for row in result["runs"]:
        lines.append(f"| {row['clients']} | {row['sentences_per_s']} | {row['ratio']:.2f} | {row['p50_ms']} ms | {row['p95_ms']} ms | "
                     f"{row['errors']} | {row['batches']} | {row['mean_batch']} | {row['largest_batch']} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--testset", default="flores200-dev")
    parser.add_argument("--evalsets", default=None)
    parser.add_argument("--input", default=None)
    parser.add_argument("--sentences", type=int, default=512)
    parser.add_argument("--clients", default="1,8,32")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--model", default=None)
    parser.add_argument("--out", default=None)
    args = parser.parse_args()
    testset, sentences = _sentences(args)
    baseline = _batch_baseline(args.model, sentences, args.workers)
    port = _free_port()
    server = _start_server(args.model, args.workers, port)
    try:
        url = f"http://127.0.0.1:{port}"
        asyncio.run(_load(url, sentences[:32], 8))  # warm up
        runs = [asyncio.run(_load(url, sentences, int(c))) for c in args.clients.split(",")]
    finally:
        server.terminate()
        server.wait(30)
    for row in runs:
        row["ratio"] = round(row["sentences_per_s"] / baseline["sentences_per_s"], 3)
    result = {"signature": signature(model=baseline["model"], model_digest=baseline["model_digest"], workers=args.workers, threads=1),
              "testset": testset, "sentences": len(sentences), "workers": args.workers, "baseline": baseline, "runs": runs}
    report = _report(result)
    print(report)
    if args.out:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        write_report(Path(args.out), result, report)


if __name__ == "__main__":
    main()
