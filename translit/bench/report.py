"""Benchmark reports: the same results as JSON (for machines), Markdown (for people), PNG (a plot)."""

from __future__ import annotations

import json
from pathlib import Path

from translit.util.files import atomic_write_text


def report_head(title: str, signature: dict) -> list[str]:
    """The first lines of every Markdown report: its title, then the signature it was made under."""
    return [f"# {title}", "", f"Signature: `{json.dumps(signature, ensure_ascii=False)}`", ""]


def table_lines(columns: list[str]) -> list[str]:
    """A Markdown table's header and rule."""
    return ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]


def table_report(title: str, signature: dict, columns: list[str], rows: list[str]) -> str:
    """A report that is one table (rows already written as ``| … |`` lines) under its signature."""
    return "\n".join([*report_head(title, signature), *table_lines(columns), *rows]) + "\n"


def _batch(config: dict) -> str:
    return f"{config['batch_tokens']} tokens" if config.get("batch_tokens") else str(config["batch_size"])


def speed_markdown(results: list[dict], ratio_rows: list[dict], signature: dict, best_rows: list[dict] | None = None) -> str:
    lines = [
        *report_head("Speed and memory", signature),
        "| engine | compute | threads | workers | batch | beam | target tok/s | tok/s without tokenisation | sent/s | p50 ms | p95 ms | load s | peak MB |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        c = r["config"]
        tok = r["tokenize_seconds"]
        excluded = round(r["target_tokens"] / max(r["seconds"] - tok, 1e-9), 1) if tok is not None else "–"
        lines.append(
            f"| {c['engine']} | {c['compute_type']} | {c['threads']} | {c['workers']} | {_batch(c)} | {c['beam']} | "
            f"{r['target_tokens_per_s']} | {excluded} | {r['sentences_per_s']} | {r['latency_p50_ms']} | {r['latency_p95_ms']} | "
            f"{r['load_seconds']} | {r['peak_memory_mb']} |"
        )
    if ratio_rows:
        lines += ["", "| threads | batch | beam | compute | CTranslate2 ÷ transformers (speed-up) | translit overhead over CTranslate2 |", "|---|---|---|---|---|---|"]
        for row in ratio_rows:
            speedup = row.get("ctranslate2_vs_transformers", "–")
            overhead = f"{row['translit_overhead'] * 100:.1f}%" if "translit_overhead" in row else "–"
            lines.append(f"| {row['threads']} | {row['batch_size']} | {row['beam']} | {row['compute_type']} | {speedup}× | {overhead} |")
    if best_rows:
        lines += ["", "Each engine at its own fastest layout:", "",
                  "| engine | compute | batch | beam | best layout (threads × workers) | sent/s | speed ÷ raw CTranslate2 at its best |",
                  "|---|---|---|---|---|---|---|"]
        for row in best_rows:
            versus = f"{row['speed_vs_ctranslate2']:.3f}×" if "speed_vs_ctranslate2" in row else "–"
            lines.append(f"| {row['engine']} | {row['compute_type']} | {row['batch_size']} | {row['beam']} | "
                         f"{row['threads']} × {row['workers']} | {row['sentences_per_s']} | {versus} |")
    lines += ["", "Target tokens/s counts SentencePiece pieces of the outputs; model loading excluded; tokenisation included.", ""]
    return "\n".join(lines)


def speed_plot(results: list[dict], path: Path) -> bool:
    """Throughput against batch size, one line per engine and compute type (at each thread count).
    Returns False (and draws nothing) when no run has a batch size to plot against or matplotlib
    is not installed (the ``bench`` extra)."""
    try:
        import matplotlib
    except ImportError:
        return False

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    series: dict[str, list[tuple[int, float]]] = {}
    for r in results:
        c = r["config"]
        if c.get("batch_tokens"):
            continue  # token-budget runs have no batch size to plot against
        label = f"{c['engine']} {c['compute_type']} ×{c['threads']}t"
        series.setdefault(label, []).append((c["batch_size"], r["target_tokens_per_s"]))
    if not series:
        return False
    fig, ax = plt.subplots(figsize=(7, 4.5))
    for label, points in sorted(series.items()):
        points.sort()
        ax.plot([p[0] for p in points], [p[1] for p in points], marker="o", label=label)
    ax.set_xlabel("batch size (sentences)")
    ax.set_ylabel("target tokens per second")
    ax.set_xscale("log", base=2)
    ax.set_title("Throughput by engine")
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return True


def write_report(out_prefix: Path, payload: dict, markdown: str) -> list[Path]:
    """Write a benchmark's ``<prefix>.json`` and ``<prefix>.md`` atomically; returns the paths."""
    out_prefix = Path(out_prefix)
    paths = [out_prefix.with_suffix(".json"), out_prefix.with_suffix(".md")]
    atomic_write_text(paths[0], json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
    atomic_write_text(paths[1], markdown if markdown.endswith("\n") else markdown + "\n")
    return paths


def write_speed_report(out_prefix: Path, results: list[dict], ratio_rows: list[dict], signature: dict,
                       best_rows: list[dict] | None = None) -> list[Path]:
    """Write ``<prefix>.json``, ``<prefix>.md`` and ``<prefix>.png``; returns the paths."""
    payload = {"signature": signature, "results": results, "ratios": ratio_rows, "best_layouts": best_rows or []}
    paths = write_report(out_prefix, payload, speed_markdown(results, ratio_rows, signature, best_rows))
    png = Path(out_prefix).with_suffix(".png")
    if speed_plot(results, png):
        paths.append(png)
    return paths
