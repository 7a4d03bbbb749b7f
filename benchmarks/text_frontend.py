"""Benchmark the text front end: normalisation speed and sentence-splitting accuracy.

Usage: python benchmarks/text_frontend.py [--shared DATA]   (default: $TRANSLIT_DATA)

- Normalisation: MB of Urdu text per second on one core (target ≥ 2 MB/s), over the Urdu side
  of the dev sets and a slice of the corpora, line by line.
- Splitting speed: MB per second of one long line (no line breaks, the worst case) of 10 MB,
  Urdu and English, made of the dev sets repeated (target ≥ 1 MB/s: splitting is linear).
- Splitting: paragraphs made by joining 1–6 consecutive sentences of FLORES-200 dev and TICO-19
  dev (Urdu and English sides); precision / recall / F1 of the predicted sentence boundaries
  inside paragraphs (target F1 ≥ 0.97 on news text). The ../shared/examples article is split
  and checked for losslessness, with its sentence count reported.
Writes benchmarks/results/text_frontend.{json,md}.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import time
from pathlib import Path

from translit.bench.report import report_head
from translit.bench.signature import signature
from translit.text.normalize import normalize
from translit.text.segment import split_sentences

HERE = Path(__file__).parent


def read_gz(path: Path) -> list[str]:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return f.read().splitlines()


def normalize_speed(lines: list[str], repeats: int = 3) -> dict:
    size = sum(len(line.encode("utf-8")) + 1 for line in lines)
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        for line in lines:
            normalize(line)
        best = min(best, time.perf_counter() - start)
    return {"lines": len(lines), "mb": round(size / 1e6, 2), "seconds": round(best, 3), "mb_per_s": round(size / 1e6 / best, 2)}


def split_speed(lines: list[str], lang: str, mb: float = 10.0) -> dict:
    """Split one line of ``mb`` MB made of ``lines`` repeated; sentences and MB/s."""
    one = " ".join(lines)
    text = one * int(mb * 1e6 / len(one.encode("utf-8")) + 1)
    size = len(text.encode("utf-8"))
    start = time.perf_counter()
    count = len(split_sentences(text, lang))
    seconds = time.perf_counter() - start
    return {"mb": round(size / 1e6, 2), "sentences": count, "seconds": round(seconds, 2), "mb_per_s": round(size / 1e6 / seconds, 2)}


def boundary_scores(sentences: list[str], lang: str, agreed: set[int] | None = None, seed: int = 7) -> dict:
    """Boundary P/R/F1 on paragraphs of 1–6 joined segments.

    Gold is the joins between segments. Dev-set segments sometimes hold two sentences; with
    ``agreed`` (indices of segments that both languages split into the same number of
    sentences) the boundaries inside those segments count as gold too.
    """
    rng = random.Random(seed)
    tp = fp = fn = 0
    i = 0
    paragraphs = 0
    while i < len(sentences):
        k = rng.randint(1, 6)
        group = list(range(i, min(i + k, len(sentences))))
        i += k
        paragraphs += 1
        text, gold = "", set()
        for j, idx in enumerate(group):
            if j:
                text += " "
            offset = len(text)
            text += sentences[idx]
            if agreed and idx in agreed:
                gold |= {offset + s.end for s in split_sentences(sentences[idx], lang)[:-1]}
            if j < len(group) - 1:
                gold.add(len(text))
        pred = {s.end for s in split_sentences(text, lang)} - {len(text.rstrip())}
        tp += len(pred & gold)
        fp += len(pred - gold)
        fn += len(gold - pred)
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"paragraphs": paragraphs, "boundaries": tp + fn, "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def agreed_segments(ur: list[str], en: list[str]) -> set[int]:
    return {
        i for i, (u, e) in enumerate(zip(ur, en)) if len(split_sentences(u, "ur")) == len(split_sentences(e, "en")) > 1
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=os.environ.get("TRANSLIT_DATA"), help="Data folder (corpora/, evalsets/, examples/).")
    args = parser.parse_args()
    if args.shared is None:
        parser.error("give --shared DATA or set TRANSLIT_DATA")
    args.shared = Path(args.shared)
    ev = args.shared / "evalsets"
    urdu = read_gz(ev / "flores200-dev/dev.ur.gz") + read_gz(ev / "tico19-dev/dev.ur.gz")
    for name in ("xnli", "bible_urdugeo_web", "mturk_wiki", "stsb_urdu_glue"):
        urdu += read_gz(args.shared / f"corpora/{name}/{name}.ur.gz")[:5000]
    results = {"normalize": normalize_speed(urdu), "split": {}, "split_speed": {}}
    for lang in ("ur", "en"):
        results["split_speed"][lang] = split_speed(read_gz(ev / f"flores200-dev/dev.{lang}.gz"), lang)
    for testset in ("flores200-dev", "tico19-dev"):
        sides = {lang: read_gz(ev / f"{testset}/dev.{lang}.gz") for lang in ("ur", "en")}
        agreed = agreed_segments(sides["ur"], sides["en"])
        for lang in ("ur", "en"):
            results["split"][f"{testset}/{lang} strict"] = boundary_scores(sides[lang], lang)
            results["split"][f"{testset}/{lang} bilingual gold"] = boundary_scores(sides[lang], lang, agreed)
    article = (args.shared / "examples/news-ru-ir-treaty.ur.txt").read_text(encoding="utf-8")
    sents = split_sentences(article, "ur")
    lossless = "".join("".join(s.text.split()) for s in sents) == "".join(article.split())
    results["example_article"] = {"sentences": len(sents), "lines": len([x for x in article.splitlines() if x.strip()]), "lossless": lossless}
    results["signature"] = signature(benchmark="text_frontend", threads=1)
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results/text_frontend.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    md = report_head("Text front end", results["signature"])
    n = results["normalize"]
    md += [f"Normalisation: {n['mb_per_s']} MB/s on one core ({n['mb']} MB, {n['lines']} lines, best of 3). Target ≥ 2 MB/s.", ""]
    md += [f"Sentence splitting speed, one 10 MB line ({lang}): {v['mb_per_s']} MB/s ({v['mb']} MB, {v['sentences']} sentences, {v['seconds']} s). Target ≥ 1 MB/s."
           for lang, v in results["split_speed"].items()]
    md += ["", "| sentence splitting | paragraphs | boundaries | precision | recall | F1 |", "|---|---|---|---|---|---|"]
    md += [f"| {k} | {v['paragraphs']} | {v['boundaries']} | {v['precision']} | {v['recall']} | {v['f1']} |" for k, v in results["split"].items()]
    md += [
        "",
        "strict: gold = the joins between dev-set segments; a split inside a segment counts as an",
        "error even where the segment holds two sentences (common in FLORES: a hand check of 16",
        "such splits found 15 real sentence ends). bilingual gold: splits inside a segment count as",
        "gold where the Urdu and English sides split into the same number of sentences.",
        "TICO-19's conversational segments often end without punctuation: those joins cannot be found.",
    ]
    a = results["example_article"]
    md += ["", f"Example article: {a['sentences']} sentences from {a['lines']} non-empty lines; lossless: {a['lossless']}.", ""]
    (HERE / "results/text_frontend.md").write_text("\n".join(md))
    print("\n".join(md))


if __name__ == "__main__":
    main()
