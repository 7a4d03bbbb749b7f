"""The harder alignment benchmark's documents: each condition does what it says, the gold beads
cover every sentence of both sides exactly once, and re-split English keeps its text."""

import pytest

from translit.bench.align_docs import CONDITIONS, make_documents


@pytest.fixture(scope="module")
def pairs():
    ur = [f"یہ جملہ نمبر {i} ہے۔" for i in range(300)]
    en = [f"This is sentence number {i}." if i % 9 else f"Headline {i}" for i in range(300)]
    return ur, en


@pytest.mark.parametrize("condition", CONDITIONS)
def test_gold_beads_cover_each_side_once_in_order(pairs, condition):
    docs = make_documents(*pairs, condition)
    assert len(docs) >= 3
    for doc in docs:
        src = [i for s, _ in doc.beads for i in s]
        tgt = [j for _, t in doc.beads for j in t]
        assert src == list(range(len(doc.ur))) and tgt == list(range(len(doc.en)))


def test_each_condition_makes_the_beads_it_names(pairs):
    kinds = {c: {f"{len(s)}-{len(t)}" for d in make_documents(*pairs, c) for s, t in d.beads} for c in CONDITIONS}
    assert kinds["clean"] == {"1-1"}
    assert {"1-2", "2-1"} <= kinds["merges"] and {"1-0", "0-1"} <= kinds["deletions"]
    assert "2-2" in kinds["reorder"] and ({"1-0", "0-1"} & kinds["reorder"])
    assert len(kinds["mixed"]) > 4


def test_merged_sentences_stay_one_sentence_and_split_english_keeps_its_text(pairs):
    merged = [e for d in make_documents(*pairs, "merges") for e in d.en if ";" in e]
    assert merged and all(e.count(".") <= 1 for e in merged)
    for doc in make_documents(*pairs, "split"):
        assert " ".join(doc.en).count("sentence number") == sum(e.count("sentence number") for e in doc.en)


def test_documents_are_the_same_for_the_same_seed(pairs):
    assert [d.beads for d in make_documents(*pairs, "mixed")] == [d.beads for d in make_documents(*pairs, "mixed")]
    with pytest.raises(ValueError, match="unknown condition"):
        make_documents(*pairs, "shuffled")


def test_a_sentence_with_no_end_mark_ends_its_line_in_split_english():
    # list items and chat lines have no full stop: run together they would be one unit no
    # splitter could cut, so each ends its line and stays its own unit
    ur = [f"یہ جملہ نمبر {i} ہے۔" for i in range(120)]
    en = [f"item number {i} of the list" if i % 2 else f"This is sentence number {i}." for i in range(120)]
    for doc in make_documents(ur, en, "split"):
        assert all(e.count("item number") <= 1 for e in doc.en)
        assert all(len(s) == 1 and len(t) == 1 for s, t in doc.beads)


def test_report_puts_the_lexicon_and_the_translations_side_by_side_with_their_cost(pairs):
    from translit.bench.align_docs import document_markdown, document_report

    ur, en = pairs
    seen = []

    def oracle(texts):  # a perfect "translation": the English of each Urdu sentence (merged ones joined)
        seen.append(len(texts))
        table = dict(zip(ur, en))
        return [" ".join(table.get(part.strip() + ("" if part.strip().endswith("۔") else "۔"), "") for part in t.replace("؛", "۔").split("۔") if part.strip()) for t in texts]

    report = document_report([("toy", ur[:120], en[:120])], translate=oracle)
    entry = report["toy"]
    assert len(seen) == 1  # every distinct Urdu sentence translated once, for every condition
    assert set(entry["seconds_per_1000"]) == {"translating", "lexicon", "lexicon_and_translations"}
    for scores in entry["conditions"].values():
        assert {"translit", "translit_mt", "gale_church"} <= set(scores)
        assert scores["translit_mt"]["strict"]["f1"] >= scores["gale_church"]["strict"]["f1"] - 0.05
    markdown = document_markdown(report)
    assert "lexicon + translations strict F1" in markdown and "seconds per 1,000 Urdu sentences" in markdown
    plain = document_report([("toy", ur[:120], en[:120])])
    assert "translit_mt" not in plain["toy"]["conditions"]["clean"] and "lexicon + translations" not in document_markdown(plain)
