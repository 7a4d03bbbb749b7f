"""A harder sentence-alignment benchmark: documents, not one long list, with what real document
pairs hold (issue 21).

Documents of 40–80 consecutive pairs of a sentence-parallel dev set are put through one
condition each:

- ``clean``: every sentence 1-1;
- ``headlines``: short pairs of the set (≤ 7 English words) as headlines and captions on their
  own lines between paragraphs, some on one side only (a caption not translated);
- ``merges``: neighbours merged into one sentence on either side (2-1 and 1-2), 15%, joined as
  a translator would (the full stop becomes a semicolon or an Urdu comma);
- ``deletions``: sentences missing on either side (1-0 and 0-1), 10%;
- ``reorder``: a few neighbours swapped, or a sentence repeated, on one side (a swap is gold as a
  2-2 bead, the best a monotone alignment can do; a repeat as 0-1 or 1-0);
- ``split``: the English side given as paragraphs of running text and cut by ``translit
  split``, whose boundaries need not be the set's (gold beads are mapped onto its units). A
  sentence with no end mark (a list item, a chat line, a heading) is a line of its own, as in
  the documents such sets come from: run on into the next sentence, it would make a text no
  document holds and no splitter can cut;
- ``mixed``: all of the above at once.

Scores are strict and lax F1 (:func:`translit.bench.align.score_beads`) per condition. Which
documents are for tuning and which are held out is fixed by the test set: FLORES-200 dev tunes,
TICO-19 dev is held out (never tuned on).
"""

from __future__ import annotations

import random
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from translit.align.sentences import AlignOptions
from translit.bench.align import GoldDocument, evaluate_alignment
from translit.text.segment import split_sentences

CONDITIONS = ("clean", "headlines", "merges", "deletions", "reorder", "split", "mixed")
HELD_OUT = ("tico19-dev",)
Beads = list[tuple[tuple[int, ...], tuple[int, ...]]]


@dataclass
class _Builder:
    """A document pair as it is built: sentences of each side, paragraph ends of the English
    side, and the gold beads."""

    ur: list[str] = field(default_factory=list)
    en: list[str] = field(default_factory=list)
    beads: Beads = field(default_factory=list)
    breaks: set[int] = field(default_factory=set)  # English sentence indices that end a paragraph

    def add(self, ur: list[str], en: list[str]) -> None:
        src = tuple(range(len(self.ur), len(self.ur) + len(ur)))
        tgt = tuple(range(len(self.en), len(self.en) + len(en)))
        self.ur += ur
        self.en += en
        self.beads.append((src, tgt))


def _join(first: str, second: str, lang: str) -> str:
    """Two sentences as one, as a translator joins them: the first's full stop becomes a
    semicolon (English) or a comma (Urdu), so that a sentence splitter does not undo the merge."""
    if lang == "en":
        head = first.rstrip().rstrip(".!?")
        return f"{head}; {second[:1].lower() + second[1:] if second[:2] != second[:2].upper() else second}"
    return f"{first.rstrip().rstrip('۔؟!')}، {second}"


def _headlines(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(u, e.rstrip(".")) for u, e in pairs if len(e.split()) <= 7]


def _build(pairs, condition: str, rng: random.Random, heads: list[tuple[str, str]]) -> _Builder:
    doc = _Builder()
    merges = 0.15 if condition in ("merges", "mixed") else 0.0
    deletions = 0.10 if condition in ("deletions", "mixed") else 0.0
    reorders = 0.06 if condition in ("reorder", "mixed") else 0.0
    with_heads = condition in ("headlines", "mixed") and heads
    k = 0
    while k < len(pairs):
        if with_heads and (k == 0 or rng.random() < 0.12):
            u, e = rng.choice(heads)
            side = rng.random()  # mostly on both sides; now and then a caption left untranslated
            doc.add([] if 0.1 <= side < 0.2 else [u], [] if side < 0.1 else [e])
            if doc.en:
                doc.breaks.add(len(doc.en) - 1)
        r = rng.random()
        (u1, e1), nxt = pairs[k], pairs[k + 1] if k + 1 < len(pairs) else None
        if nxt is not None and r < merges:
            if rng.random() < 0.5:
                doc.add([_join(u1, nxt[0], "ur")], [e1, nxt[1]])
            else:
                doc.add([u1, nxt[0]], [_join(e1, nxt[1], "en")])
            k += 2
        elif r < merges + deletions:
            doc.add([u1], []) if rng.random() < 0.5 else doc.add([], [e1])
            k += 1
        elif nxt is not None and r < merges + deletions + reorders:
            if rng.random() < 0.5:  # swapped on one side: a 2-2 bead
                doc.add([u1, nxt[0]], [nxt[1], e1]) if rng.random() < 0.5 else doc.add([nxt[0], u1], [e1, nxt[1]])
                k += 2
            else:  # repeated on one side
                doc.add([u1], [e1])
                doc.add([u1], []) if rng.random() < 0.5 else doc.add([], [e1])
                k += 1
        else:
            doc.add([u1], [e1])
            k += 1
        if doc.en and rng.random() < 0.2:
            doc.breaks.add(len(doc.en) - 1)
    return doc


_ENDS = re.compile(r"[.!?;:…\"'”’)\]]\s*$")


def _resplit(doc: _Builder) -> tuple[list[str], Beads]:
    """The English side as paragraphs cut by ``translit split``, and the gold beads on its units:
    a unit that spans sentences of several beads joins them into one bead."""
    paragraphs, current = [], []
    for j, sentence in enumerate(doc.en):
        alone = not _ENDS.search(sentence)  # a list item or chat line: a line of its own
        if alone and current:
            paragraphs.append(current)
            current = []
        current.append(j)
        if j in doc.breaks or j == len(doc.en) - 1 or alone:
            paragraphs.append(current)
            current = []
    units, owners = [], []  # each unit's text, and the original sentences it overlaps
    for paragraph in paragraphs:
        text, spans = "", []
        for j in paragraph:
            start = len(text) + (1 if text else 0)
            text = f"{text} {doc.en[j]}" if text else doc.en[j]
            spans.append((start, len(text), j))
        for s in split_sentences(text, "en"):
            units.append(s.text)
            owners.append({j for a, b, j in spans if a < s.end and s.start < b})
    bead_of = {j: n for n, (_, tgt) in enumerate(doc.beads) for j in tgt}
    # a unit that spans sentences of several beads joins them, and every bead between them
    reach = list(range(len(doc.beads)))  # reach[n]: the last bead that bead n is joined with
    for owned in owners:
        beads = [bead_of[j] for j in owned]
        reach[min(beads)] = max(reach[min(beads)], max(beads))
    unit_of_bead: dict[int, list[int]] = {}
    for u, owned in enumerate(owners):
        unit_of_bead.setdefault(bead_of[min(owned)], []).append(u)
    beads, n = [], 0
    while n < len(doc.beads):
        last = reach[n]
        k = n
        while k <= last:  # a joined bead may reach further still
            last = max(last, reach[k])
            k += 1
        ur = tuple(i for b in range(n, last + 1) for i in doc.beads[b][0])
        en = tuple(u for b in range(n, last + 1) for u in unit_of_bead.get(b, []))
        beads.append((ur, en))
        n = last + 1
    return units, beads


def make_documents(ur: list[str], en: list[str], condition: str, seed: int = 1, sizes: tuple[int, int] = (40, 80)) -> list[GoldDocument]:
    """Gold document pairs of one condition from a sentence-parallel set, in order."""
    if condition not in CONDITIONS:
        raise ValueError(f"unknown condition {condition!r}; one of {', '.join(CONDITIONS)}")
    rng = random.Random(f"{seed}:{condition}")
    pairs = list(zip(ur, en))
    heads = _headlines(pairs)
    docs, start = [], 0
    while start < len(pairs):
        size = rng.randint(*sizes)
        doc = _build(pairs[start:start + size], condition, rng, heads)
        start += size
        if condition in ("split", "mixed"):
            units, beads = _resplit(doc)
            docs.append(GoldDocument(doc.ur, units, beads))
        else:
            docs.append(GoldDocument(doc.ur, doc.en, doc.beads))
    return docs


def document_report(testsets: list[tuple[str, list[str], list[str]]], options: AlignOptions | None = None,
                    translate: Callable[[list[str]], list[str]] | None = None) -> dict:
    """Strict and lax scores per test set and condition of the aligner with the word lexicon
    alone, of Gale–Church (lengths only), and (with ``translate``: Urdu sentences → English) of
    the aligner given the model's translations too; the seconds each took per 1,000 Urdu
    sentences, translating apart."""
    report = {}
    for name, ur, en in testsets:
        docs = {condition: make_documents(ur, en, condition) for condition in CONDITIONS}
        sentences = sum(len(d.ur) for ds in docs.values() for d in ds)
        table, seconds = {}, {}
        if translate is not None:
            unique = list(dict.fromkeys(s for ds in docs.values() for d in ds for s in d.ur))
            start = time.perf_counter()
            table = dict(zip(unique, translate(unique)))
            seconds["translating"] = (time.perf_counter() - start) * 1000 / max(len(unique), 1)
        report[name] = {"held_out": name in HELD_OUT, "conditions": {}, "seconds_per_1000": seconds}
        clock = {"lexicon": 0.0, "lexicon_mt": 0.0}
        for condition, cond_docs in docs.items():
            start = time.perf_counter()
            entry = {"documents": len(cond_docs), "translit": evaluate_alignment(cond_docs, options)}
            clock["lexicon"] += time.perf_counter() - start
            if table:
                start = time.perf_counter()
                entry["translit_mt"] = evaluate_alignment([replace(d, translations=[table[s] for s in d.ur]) for d in cond_docs], options)
                clock["lexicon_mt"] += time.perf_counter() - start
            entry["gale_church"] = evaluate_alignment(cond_docs, AlignOptions(use_similarity=False))
            report[name]["conditions"][condition] = entry
        seconds["lexicon"] = clock["lexicon"] * 1000 / sentences
        if table:
            seconds["lexicon_and_translations"] = clock["lexicon_mt"] * 1000 / sentences
    return report


def document_markdown(report: dict) -> str:
    with_mt = any("translit_mt" in c for entry in report.values() for c in entry["conditions"].values())
    head = "| test set | condition | documents | lexicon strict F1 | lax F1 |"
    head += " lexicon + translations strict F1 | lax F1 |" if with_mt else ""
    lines = [head + " Gale–Church strict F1 |", "|---|---|---|---|---|" + ("---|---|" if with_mt else "") + "---|"]
    for name, entry in report.items():
        label = f"{name} (held out)" if entry["held_out"] else f"{name} (tuning)"
        for condition, scores in entry["conditions"].items():
            t, g = scores["translit"], scores["gale_church"]
            row = f"| {label} | {condition} | {scores['documents']} | {t['strict']['f1']:.3f} | {t['lax']['f1']:.3f} |"
            if with_mt:
                m = scores["translit_mt"]
                row += f" {m['strict']['f1']:.3f} | {m['lax']['f1']:.3f} |"
            lines.append(row + f" {g['strict']['f1']:.3f} |")
    lines.append("")
    for name, entry in report.items():
        cost = ", ".join(f"{k.replace('_', ' ')} {v:.2f} s" for k, v in entry["seconds_per_1000"].items())
        lines.append(f"- {name}: seconds per 1,000 Urdu sentences: {cost}")
    return "\n".join(lines) + "\n"
