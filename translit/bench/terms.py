"""Do glossary terms come through? Each term, put into Urdu carrier sentences, translated.

The dev sets hold almost none of the names in a glossary, so their scores cannot show whether
the model copies a name the glossary puts in. This benchmark does: every Urdu term of the
glossary goes into each carrier sentence (a name in subject, object and possessive position, and
two long sentences without a comma, where a small model drops names), and a translation counts
when it contains the term's English exactly (whole words, case included); one that holds it more
than once counts as repeated. The same sentences translated without the glossary show what the
model does with the Urdu name alone.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from translit.bench.report import report_head
from translit.glossary import term_count

# Urdu carrier sentences written for this benchmark; {} is where the term goes.
CARRIERS = (
    "{} نے کہا کہ مذاکرات جاری رہیں گے۔",
    "صحافیوں نے {} سے کئی سوالات پوچھے۔",
    "{} کا بیان کل رات جاری کیا گیا۔",
    "کئی ممالک نے {} کے فیصلے پر تنقید کی ہے۔",
    "اخبار کے مطابق {} اس معاملے پر خاموش ہے۔",
    "{} کے بارے میں ایک نئی رپورٹ شائع ہوئی ہے، جس پر بحث جاری ہے۔",
    # long sentences without a comma, where a small model drops names (35 and 33 words)
    "وزارت خارجہ کے ترجمان نے جمعرات کو ایک پریس کانفرنس میں بتایا کہ {} نے گزشتہ ہفتے ہونے والی ملاقات کے دوران "
    "دونوں ملکوں کے درمیان تجارت اور سرمایہ کاری بڑھانے کے لیے کئی نئے معاہدوں پر اتفاق کیا ہے۔",
    "اقوام متحدہ کے اجلاس میں شرکت کے بعد وطن واپس پہنچنے پر ہوائی اڈے پر صحافیوں سے بات کرتے ہوئے {} کے قریبی "
    "ساتھیوں نے کہا کہ آنے والے دنوں میں حکومت اہم فیصلے کرے گی۔",
)


@dataclass
class TermRecall:
    """Share of carrier sentences whose translation contains each term's English."""

    system: str
    sentences: int
    found: int
    repeated: int = 0  # translations that hold the term more than once (each carrier has it once)
    per_term: dict[str, float] = field(default_factory=dict)  # English → share of its sentences
    misses: list[tuple[str, str]] = field(default_factory=list)  # (expected English, translation), a few

    @property
    def recall(self) -> float:
        return round(self.found / self.sentences, 4) if self.sentences else 0.0


def carrier_sentences(terms: dict[str, str], carriers: tuple[str, ...] = CARRIERS) -> list[tuple[str, str]]:
    """(Urdu sentence, English the translation must contain) for every term and carrier."""
    return [(carrier.format(ur), en) for ur, en in sorted(terms.items()) for carrier in carriers]


BATCH = 64  # sentences translated at a time: a Ctrl-C acts between batches, within a second or two


def sample_terms(terms: dict[str, str], count: int) -> dict[str, str]:
    """``count`` of the glossary's terms, spread evenly over it in sorted order (0: all of them)."""
    ordered = sorted(terms.items())
    if count <= 0 or count >= len(ordered):
        return dict(ordered)
    step = len(ordered) / count
    return dict(ordered[int(k * step)] for k in range(count))


def term_recall(translator, terms: dict[str, str], system: str, options=None, carriers: tuple[str, ...] = CARRIERS,
                keep_misses: int = 20, progress=None) -> TermRecall:
    """Translate every carrier sentence with ``translator`` and count the terms that came through;
    ``progress(n)`` is told each batch of ``n`` sentences done."""
    pairs = carrier_sentences(terms, carriers)
    translations: list[str] = []
    for k in range(0, len(pairs), BATCH):
        batch = [ur for ur, _ in pairs[k : k + BATCH]]
        translations += translator.translate(batch, options)
        if progress is not None:
            progress(len(batch))
    result = TermRecall(system, len(pairs), 0)
    hits: dict[str, list[int]] = {}
    for (_, en), out in zip(pairs, translations):
        copies = term_count(out, en)
        ok = copies > 0
        result.found += ok
        result.repeated += copies > 1
        hits.setdefault(en, []).append(ok)
        if not ok and len(result.misses) < keep_misses:
            result.misses.append((en, out))
    result.per_term = {en: round(sum(v) / len(v), 3) for en, v in sorted(hits.items())}
    return result


def terms_report(results: list[TermRecall], signature: dict, n_terms: int, carriers: int = len(CARRIERS)) -> tuple[dict, str]:
    """The JSON payload and the Markdown page of a terms benchmark (the first result's misses listed)."""
    payload = {"signature": signature, "results": [{**asdict(r), "recall": r.recall} for r in results]}
    md = [*report_head("Glossary terms", signature),
          f"Each of {n_terms} Urdu terms in {carriers} carrier sentences; a sentence counts when its translation "
          "contains the term's English exactly, as whole words; repeated: it holds the term more than once.", "",
          "| system | sentences | term found | recall | repeated |", "|---|---|---|---|---|"]
    md += [f"| {r.system} | {r.sentences} | {r.found} | {r.recall} | {r.repeated} |" for r in results]
    if results:
        md += ["", f"Misses {results[0].system} (expected → translation):", ""]
        md += [f"- {en} → {text}" for en, text in results[0].misses] or ["- none"]
    return payload, "\n".join(md) + "\n"
