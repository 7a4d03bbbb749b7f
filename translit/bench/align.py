"""Measure sentence alignment on gold documents built from a sentence-parallel set.

A gold document pair is a run of consecutive dev-set pairs in which some neighbours are merged
into one sentence on one side (a 2-1 or 1-2 bead) and some sentences are deleted on one side
(a 1-0 or 0-1 bead); the true beads are recorded. Scores follow Vecalign's scorer: strict
(exact beads) and lax (beads that overlap a gold bead on both sides), precision / recall / F1
over beads that align something on both sides.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from translit.align.sentences import AlignOptions, Bead, align_sentences


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
    from translit.text.normalize import normalize
    from translit.train.corpora import read_manifest, read_pairs

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
