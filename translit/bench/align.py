"""Measure sentence alignment on gold documents built from a sentence-parallel set.

A gold document pair is a run of consecutive dev-set pairs in which some neighbours are merged
into one sentence on one side (a 2-1 or 1-2 bead) and some sentences are deleted on one side
(a 1-0 or 0-1 bead); the true beads are recorded. Scores follow Vecalign's scorer: strict
(exact beads) and lax (beads that overlap a gold bead on both sides), precision / recall / F1
over beads that align something on both sides.
"""

from __future__ import annotations

import dataclasses
import random
import time
from dataclasses import dataclass

from translit.align.sentences import AlignOptions, Bead, align_sentences
from translit.bench.report import report_head


@dataclass
class GoldDocument:
    ur: list[str]
    en: list[str]
    beads: list[tuple[tuple[int, ...], tuple[int, ...]]]
    translations: list[str] | None = None
    oracle: list[str] | None = None  # the English originals of each Urdu sentence (a perfect MT)


def make_gold(ur: list[str], en: list[str], size: int = 100, merge: float = 0.1, delete: float = 0.1, seed: int = 1) -> list[GoldDocument]:
    """Documents of ``size`` pairs with the given shares of merges and deletions."""
    rng = random.Random(seed)
    docs = []
    for start in range(0, len(ur) - 1, size):
        pairs = list(zip(ur[start : start + size], en[start : start + size]))
        d_ur: list[str] = []
        d_en: list[str] = []
        oracle: list[str] = []
        beads = []
        k = 0
        while k < len(pairs):
            r = rng.random()
            if r < merge and k + 1 < len(pairs):
                a, b = pairs[k], pairs[k + 1]
                if rng.random() < 0.5:  # Urdu side merged: 1-2
                    d_ur.append(a[0] + " " + b[0])
                    oracle.append(a[1] + " " + b[1])
                    d_en += [a[1], b[1]]
                    beads.append(((len(d_ur) - 1,), (len(d_en) - 2, len(d_en) - 1)))
                else:
                    d_en.append(a[1] + " " + b[1])
                    d_ur += [a[0], b[0]]
                    oracle += [a[1], b[1]]
                    beads.append(((len(d_ur) - 2, len(d_ur) - 1), (len(d_en) - 1,)))
                k += 2
                continue
            u, e = pairs[k]
            if r < merge + delete:
                if rng.random() < 0.5:
                    d_ur.append(u)
                    oracle.append(e)
                    beads.append(((len(d_ur) - 1,), ()))
                else:
                    d_en.append(e)
                    beads.append(((), (len(d_en) - 1,)))
            else:
                d_ur.append(u)
                oracle.append(e)
                d_en.append(e)
                beads.append(((len(d_ur) - 1,), (len(d_en) - 1,)))
            k += 1
        docs.append(GoldDocument(d_ur, d_en, beads, oracle=oracle))
    return docs


def score_beads(test: list[Bead], gold: list[tuple[tuple[int, ...], tuple[int, ...]]]) -> dict:
    """Strict and lax precision / recall / F1 over beads with both sides non-empty."""
    t = [(b.src, b.tgt) for b in test if b.src and b.tgt]
    g = [b for b in gold if b[0] and b[1]]
    strict_tp = len(set(t) & set(g))

    def overlaps(a, others) -> bool:
        return any(set(a[0]) & set(o[0]) and set(a[1]) & set(o[1]) for o in others)

    lax_p = sum(overlaps(a, g) for a in t)
    lax_r = sum(overlaps(b, t) for b in g)

    def prf(tp_p, tp_r):
        p = tp_p / len(t) if t else 1.0
        r = tp_r / len(g) if g else 1.0
        return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0}

    return {"strict": prf(strict_tp, strict_tp), "lax": prf(lax_p, lax_r), "test_beads": len(t), "gold_beads": len(g)}


def evaluate_alignment(docs: list[GoldDocument], options: AlignOptions | None = None) -> dict:
    """Pooled scores of the aligner over all documents (translations are used when present)."""
    test_all: list[Bead] = []
    gold_all = []
    offset_u = offset_e = 0
    for doc in docs:
        beads = align_sentences(doc.ur, doc.en, doc.translations, options)
        test_all += [Bead(tuple(i + offset_u for i in b.src), tuple(j + offset_e for j in b.tgt), b.score) for b in beads]
        gold_all += [(tuple(i + offset_u for i in s), tuple(j + offset_e for j in t)) for s, t in doc.beads]
        offset_u += len(doc.ur)
        offset_e += len(doc.en)
    return score_beads(test_all, gold_all)


_STRIP = ".,;:!?\"'()[]“”‘’۔،؟؛"


def load_dictionary(corpora) -> dict[str, set[str]]:
    """One-word Urdu → English entries of every dictionary source of the corpora (lower-cased English)."""
    from translit.datasets import read_manifest, read_pairs
    from translit.text.normalize import normalize

    table: dict[str, set[str]] = {}
    for source in read_manifest(corpora):
        if source.kind != "dictionary":
            continue
        for ur, en in read_pairs(source):
            ur_n, en_n = normalize(ur).strip(), en.strip().lower()
            if ur_n and en_n and " " not in ur_n and " " not in en_n and en_n.isalpha():
                table.setdefault(ur_n, set()).add(en_n)
    return table


def word_alignment_scores(alignments, dictionary: dict[str, set[str]]) -> dict:
    """Recall of dictionary pairs found in the sentence pairs, and links that contradict the dictionary."""
    known_en = set().union(*dictionary.values()) if dictionary else set()
    hits = linked = checked = contradictions = 0
    for a in alignments:
        ur = [w.strip(_STRIP) for w in a.ur_words]
        en = [w.strip(_STRIP).lower() for w in a.en_words]
        links = set(a.links)
        for i, u in enumerate(ur):
            for j, e in enumerate(en):
                if e in dictionary.get(u, ()):
                    hits += 1
                    linked += (i, j) in links
        for i, j in links:
            if i < len(ur) and j < len(en) and ur[i] in dictionary and en[j] in known_en:
                checked += 1
                contradictions += en[j] not in dictionary[ur[i]]
    return {
        "dictionary_pairs": hits,
        "recall": round(linked / hits, 4) if hits else None,
        "links_checked": checked,
        "contradiction_rate": round(contradictions / checked, 4) if checked else None,
    }


def alignment_markdown(report: dict, size: int, merge: float, delete: float) -> str:
    """The alignment report (``report``: sentences, long_document_seconds, words, signature) for people."""
    md = [*report_head("Alignment", report["signature"]),
          f"Gold documents of {size} pairs with {merge:.0%} merges and {delete:.0%} deletions; Vecalign-style scores over beads with both sides non-empty.", "",
          "| test set | system | strict P | strict R | strict F1 | lax F1 | align seconds |", "|---|---|---|---|---|---|---|"]
    for name, systems in report["sentences"].items():
        for system, s in systems.items():
            md.append(f"| {name} | {system} | {s['strict']['precision']} | {s['strict']['recall']} | {s['strict']['f1']} | {s['lax']['f1']} | {s['seconds']} |")
    md += ["", "Speed: each dev set aligned as one document (sentences Urdu × English, word lexicon similarity, one process):", ""]
    md += [f"- {name}: {v['sentences'][0]} × {v['sentences'][1]} in {v['seconds']} s" for name, v in report["long_document_seconds"].items()]
    md += ["", "Word alignment, checked against the corpora's one-word dictionary entries (which the word lexicon is not trained on):", "",
           "| test set | method | dictionary pairs in sentence pairs | linked (recall) | links checked | contradicting the dictionary |",
           "|---|---|---|---|---|---|"]
    for name, methods in report["words"].items():
        for method, w in methods.items():
            md.append(f"| {name} | {method} | {w['dictionary_pairs']} | {w['recall']} | {w['links_checked']} | {w['contradiction_rate']} |")
    return "\n".join(md)


def _timed(func, *args) -> tuple[object, float]:
    start = time.perf_counter()
    result = func(*args)
    return result, round(time.perf_counter() - start, 2)


def sentence_systems(docs: list[GoldDocument]) -> dict[str, tuple[list[GoldDocument], AlignOptions]]:
    """The aligners compared: documents (with or without model translations) and options."""
    untranslated = [dataclasses.replace(d, translations=None) for d in docs]
    oracle = [dataclasses.replace(d, translations=d.oracle) for d in docs]
    no_lexicon = AlignOptions(use_lexicon=False)
    return {
        "translit (word lexicon; the default)": (untranslated, AlignOptions()),
        "translit --translate (word lexicon + model translations)": (docs, AlignOptions()),
        "model translations only": (docs, no_lexicon),
        "numbers and Latin words only": (untranslated, no_lexicon),
        "Gale-Church (lengths only)": (docs, AlignOptions(use_similarity=False)),
        "oracle translations only (upper bound of MT similarity)": (oracle, no_lexicon),
    }


def alignment_report(testsets: list[tuple[str, list[str], list[str]]], translator, dictionary: dict, size: int = 100,
                     merge: float = 0.1, delete: float = 0.1, progress=None) -> dict:
    """Sentence alignment scores of every system on gold documents of each test set, the time to
    align a whole dev set as one document, and word-link checks (lexicon and attention)."""
    from translit.translate.links import align_word_batch
    from translit.translate.options import DecodingOptions

    report: dict = {"sentences": {}, "words": {}, "long_document_seconds": {}}
    for name, ur, en in testsets:
        docs = make_gold(ur, en, size=size, merge=merge, delete=delete)
        if progress is not None:
            progress(f"{name}: translating {sum(len(d.ur) for d in docs)} sentences")
        for d in docs:
            d.translations = translator.translate(d.ur, DecodingOptions(beam_size=1))
        report["sentences"][name] = {}
        for system, (system_docs, options) in sentence_systems(docs).items():
            scores, seconds = _timed(evaluate_alignment, system_docs, options)
            report["sentences"][name][system] = {**scores, "seconds": seconds}
        _, seconds = _timed(align_sentences, ur, en)  # the whole dev set as one document
        report["long_document_seconds"][name] = {"sentences": [len(ur), len(en)], "seconds": seconds}
        pairs = list(zip(ur, en))
        report["words"][name] = {
            "lexicon": word_alignment_scores(align_word_batch(pairs, method="lexicon"), dictionary),
            "attention": word_alignment_scores(align_word_batch(pairs, translator, "attention"), dictionary),
        }
    return report
