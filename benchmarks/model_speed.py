"""Speed of the shipped model, and translit's overhead over calling CTranslate2 directly.

Usage: python benchmarks/model_speed.py [--model ur-en-base] [--shared ../shared] [--beam 4] [--threads 2]

Both engines translate FLORES-200 dev (997 sentences) with the same model, compute type, beam,
threads and token budget; both include tokenisation (and translit its normalisation and
splitting), neither includes model loading. The ratio is what matters: machines are noisy.
Writes benchmarks/results/model_speed.{json,md}.
"""

from __future__ import annotations

import argparse
import gzip
import json
import time
from pathlib import Path

from translit.bench.signature import signature

HERE = Path(__file__).parent


def main() -> None:
    import ctranslate2
    import sentencepiece as spm

    from translit.model import resolve_model
    from translit.text.normalize import normalize
    from translit.translate import DecodingOptions, Translator

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=None)
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--beam", type=int, default=4)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--batch-tokens", type=int, default=4096)
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args()

    with gzip.open(args.shared / "evalsets/flores200-dev/dev.ur.gz", "rt", encoding="utf-8") as f:
        sentences = f.read().splitlines()
    folder = resolve_model(args.model)
    options = DecodingOptions(beam_size=args.beam, batch_tokens=args.batch_tokens)

    start = time.perf_counter()
    translator = Translator(args.model, device="cpu", compute_type="int8", threads=args.threads)
    load_s = time.perf_counter() - start

    def run_translit():  # the same segments as the raw engine: normalise, tokenise, batch, decode
        return translator.translate(sentences, options)

    def run_translit_document():  # what `translit translate` does with a file: also splits sentences
        return translator.translate_document("\n".join(sentences), options).translation.splitlines()

    sp = spm.SentencePieceProcessor(model_file=str(folder.source_spm))
    raw = ctranslate2.Translator(str(folder.path), device="cpu", compute_type="int8", intra_threads=args.threads)

    def run_raw():
        tokens = [sp.encode(normalize(s), out_type=str) + ["</s>"] for s in sentences]
        results = raw.translate_batch(
            tokens, beam_size=args.beam, max_batch_size=args.batch_tokens, batch_type="tokens",
            return_scores=True, max_decoding_length=min(256, folder.max_positions - 2),
        )
        return [sp.decode(r.hypotheses[0]) for r in results]

    timings = {"translit": [], "ctranslate2": [], "translit document": []}
    outputs = {}
    for _ in range(args.repeats):
        for name, fn in (("ctranslate2", run_raw), ("translit", run_translit), ("translit document", run_translit_document)):
            t = time.perf_counter()
            outputs[name] = fn()
            timings[name].append(time.perf_counter() - t)
    best = {k: min(v) for k, v in timings.items()}
    target_tokens = sum(len(sp.encode(line)) for line in outputs["translit"])
    result = {
        "sentences": len(sentences),
        "model_load_s": round(load_s, 2),
        "seconds": {k: round(v, 2) for k, v in best.items()},
        "target_tokens_per_s": {k: round(target_tokens / v) for k, v in best.items()},
        "translit_overhead": round(best["translit"] / best["ctranslate2"] - 1, 4),
        "same_output_lines": sum(a == b for a, b in zip(outputs["translit"], outputs["ctranslate2"])),
        "signature": signature(
            benchmark="model_speed", model=folder.name, compute_type="int8", beam=args.beam,
            threads=args.threads, batch_tokens=args.batch_tokens, device="cpu", testset="flores200-dev",
            ctranslate2=ctranslate2.__version__,
        ),
    }
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results/model_speed.json").write_text(json.dumps(result, indent=2) + "\n")
    md = [
        "# Model speed: translit vs CTranslate2 directly",
        "",
        f"Signature: `{json.dumps(result['signature'])}`",
        "",
        "| engine | seconds (FLORES-200 dev, 997 sentences) | target tokens/s |",
        "|---|---|---|",
    ]
    md += [f"| {k} | {result['seconds'][k]} | {result['target_tokens_per_s'][k]} |" for k in ("ctranslate2", "translit", "translit document")]
    md += [
        "",
        f"translit overhead: {result['translit_overhead'] * 100:.1f}% (target < 10%). Target for the shipped model: ≤ 60 s.",
        f"Model load: {result['model_load_s']} s (excluded). Identical output lines: {result['same_output_lines']} of {len(sentences)}.",
        "All include normalisation and tokenisation. `translit` translates the same 997 segments as the raw engine"
        " (`Translator.translate`); `translit document` is what `translit translate` does with a file: it also splits"
        " each line into sentences (FLORES lines that hold two sentences become two), so it does a little different work."
        f" Best of {args.repeats} runs.",
        "",
    ]
    (HERE / "results/model_speed.md").write_text("\n".join(md))
    print("\n".join(md))


if __name__ == "__main__":
    main()
