import json

from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from translit.align.sentences import AlignOptions, align_sentences
from translit.align.words import links_from_matrix
from translit.bench.align import evaluate_alignment, make_gold
from translit.cli import app

EN = [f"Sentence {i} talks about topic number {i * 7} and the weather in city {i}." for i in range(30)]
UR = [f"جملہ {i} موضوع نمبر {i * 7} اور شہر {i} کے موسم کے بارے میں ہے۔" for i in range(30)]


def kinds(beads):
    return [b.kind for b in beads]


def covers_once(beads, n, m):
    src = [i for b in beads for i in b.src]
    tgt = [j for b in beads for j in b.tgt]
    return src == list(range(n)) and tgt == list(range(m))


def test_identical_documents_align_one_to_one():
    beads = align_sentences(UR, EN, translations=EN)
    assert kinds(beads) == ["1-1"] * 30
    assert all(b.src == b.tgt for b in beads)


def test_deleted_sentence_is_one_to_zero():
    en = EN[:12] + EN[13:]
    beads = align_sentences(UR, en, translations=EN)
    assert covers_once(beads, 30, 29)
    assert [b for b in beads if b.kind == "1-0"][0].src == (12,)


def test_merged_pair_is_two_to_one():
    en = EN[:5] + [EN[5] + " " + EN[6]] + EN[7:]
    beads = align_sentences(UR, en, translations=EN)
    merged = [b for b in beads if b.kind == "2-1"]
    assert len(merged) == 1 and merged[0].src == (5, 6) and merged[0].tgt == (5,)


def test_a_sentence_against_three_is_one_bead():
    ur = UR[:8] + [UR[8][:-1] + "، " + UR[9][:-1] + "، " + UR[10]] + UR[11:]
    beads = align_sentences(ur, EN, translations=[*EN[:8], " ".join(EN[8:11]), *EN[11:]])
    wide = [b for b in beads if b.kind == "1-3"]
    assert len(wide) == 1 and wide[0].src == (8,) and wide[0].tgt == (8, 9, 10) and covers_once(beads, 28, 30)
    narrow = align_sentences(ur, EN, translations=[*EN[:8], " ".join(EN[8:11]), *EN[11:]], options=AlignOptions(wide_beads=False))
    assert "1-3" not in kinds(narrow) and covers_once(narrow, 28, 30)


def test_without_translations_numbers_still_anchor():
    en = EN[:3] + EN[4:]
    beads = align_sentences(UR, en)  # lexical features: numbers only
    assert [b.src for b in beads if b.kind == "1-0"] == [(3,)]


def test_empty_documents():
    assert align_sentences([], []) == []
    assert kinds(align_sentences(UR[:2], [])) == ["1-0", "1-0"]
    assert kinds(align_sentences([], EN[:1])) == ["0-1"]


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 25), st.integers(0, 25), st.integers(0, 3))
def test_beads_cover_both_sides_in_order(n, m, seed):
    ur, en = UR[:n], EN[seed : seed + m] if seed + m <= 30 else EN[:m]
    beads = align_sentences(ur, en, translations=EN[:n])
    assert covers_once(beads, n, len(en))


def test_long_documents_cover_both_sides():
    # speed is measured by `translit bench align` (long_document_seconds), not asserted here
    ur = [f"جملہ {i} ہے۔" for i in range(3000)]
    en = [f"Sentence {i} is here." for i in range(3000)]
    beads = align_sentences(ur, en, translations=en, options=AlignOptions())
    assert covers_once(beads, 3000, 3000)
    assert sum(b.kind == "1-1" for b in beads) > 2900


def test_gold_benchmark_scores_perfect_with_oracle_features():
    ur = [f"جملہ {i}" for i in range(200)]
    en = [f"Sentence {i} about item {i}." for i in range(200)]
    docs = make_gold(ur, en, size=50, merge=0.1, delete=0.1, seed=3)
    for d in docs:
        assert len({i for s, _ in d.beads for i in s}) == len(d.ur)
    scores = evaluate_alignment(docs, AlignOptions(use_similarity=False))
    assert 0 <= scores["strict"]["f1"] <= scores["lax"]["f1"] <= 1


def test_links_from_matrix():
    att = [[0.9, 0.1, 0.0], [0.1, 0.2, 0.7], [0.0, 0.8, 0.2]]  # English × Urdu
    import numpy as np

    assert links_from_matrix(np.array(att)) == [(0, 0), (1, 2), (2, 1)]


def test_cli_sentences_jsonl(tmp_path):
    ur, en = tmp_path / "ur.txt", tmp_path / "en.txt"
    ur.write_text("\n".join(UR[:6]) + "\n", encoding="utf-8")
    en.write_text("\n".join(EN[:2] + EN[3:6]) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["align", "sentences", str(ur), str(en), "--presplit"])
    assert result.exit_code == 0, result.output
    beads = [json.loads(line) for line in result.stdout.splitlines()]
    assert {"kind": "1-0", "src": [2], "tgt": [], "ur": UR[2], "en": "", "score": 0.0} in beads
    assert sum(len(b["src"]) for b in beads) == 6 and sum(len(b["tgt"]) for b in beads) == 5
    assert all(b["ur"] == " ".join(UR[i] for i in b["src"]) for b in beads)
    tsv = CliRunner().invoke(app, ["align", "sentences", str(ur), str(en), "--presplit", "--format", "tsv"])
    rows = [line.split("\t") for line in tsv.stdout.splitlines()]
    assert len(rows) == sum(1 for b in beads if b["src"] and b["tgt"]) and all(len(r) == 3 and r[0] and r[1] for r in rows)
    cut = min(float(r[2]) for r in rows) + 1e-3
    strict = CliRunner().invoke(app, ["align", "sentences", str(ur), str(en), "--presplit", "--format", "tsv", "--min-score", str(cut)])
    assert len(strict.stdout.splitlines()) == sum(1 for r in rows if float(r[2]) >= cut) < len(rows)


def test_cli_sentences_translate_with_model(tiny_model, tmp_path):
    ur, en = tmp_path / "ur.txt", tmp_path / "en.txt"
    ur.write_text("\n".join(UR[:6]) + "\n", encoding="utf-8")
    en.write_text("\n".join(EN[:6]) + "\n", encoding="utf-8")
    result = CliRunner().invoke(
        app, ["align", "sentences", str(ur), str(en), "--presplit", "--translate", "--model", str(tiny_model), "--format", "tsv"]
    )
    assert result.exit_code == 0, result.output
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert len(rows) <= 6 and all(len(r) == 3 and r[0] and r[1] for r in rows)


def test_cli_words_with_model(tiny_model):
    result = CliRunner().invoke(
        app, ["align", "words", "--method", "attention", "--model", str(tiny_model), "--json"],
        input="لڑکا کتاب ہے۔\tThe boy is a book.\n",
    )
    assert result.exit_code == 0, result.output
    row = json.loads(result.stdout)
    assert row["ur"] == ["لڑکا", "کتاب", "ہے۔"] and len(row["en"]) == 5
    for link in row["links"].split():
        i, j = map(int, link.split("-"))
        assert 0 <= i < 3 and 0 <= j < 5


def test_cli_words_needs_tab(tiny_model):
    result = CliRunner().invoke(app, ["align", "words", "--model", str(tiny_model)], input="no tab here\n")
    assert result.exit_code != 0 and "no tab" in result.stderr


def test_cli_translate_and_lengths_only_conflict(tmp_path):
    ur, en = tmp_path / "ur.txt", tmp_path / "en.txt"
    ur.write_text(UR[0] + "\n", encoding="utf-8")
    en.write_text(EN[0] + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["align", "sentences", str(ur), str(en), "--translate", "--lengths-only"])
    assert result.exit_code != 0 and "exclude each other" in result.stderr


def test_cli_invalid_encoding(tmp_path):
    ur, en = tmp_path / "ur.txt", tmp_path / "en.txt"
    ur.write_bytes("ایک".encode("utf-16"))
    en.write_text("one\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["align", "sentences", str(ur), str(en)])
    assert result.exit_code != 0 and "invalid UTF-8" in result.stderr


def test_bench_align_writes_report(tiny_model, tiny_corpus, tmp_path):
    dev = tiny_corpus.parent / "evalsets" / "flores200-dev"
    out = tmp_path / "align"
    result = CliRunner().invoke(
        app,
        ["bench", "align", "--model", str(tiny_model), "--testsets", str(dev), "--corpora", str(tiny_corpus),
         "--size", "10", "--out", str(out)],
    )
    assert result.exit_code == 0, result.output
    report = json.loads(out.with_suffix(".json").read_text())
    systems = report["sentences"]["flores200-dev"]
    assert set(systems) >= {"translit (word lexicon; the default)", "Gale-Church (lengths only)"}
    for s in systems.values():
        assert 0 <= s["strict"]["f1"] <= 1 and s["seconds"] >= 0
    words = report["words"]["flores200-dev"]
    assert set(words) == {"lexicon", "attention"}
    assert words["lexicon"]["dictionary_pairs"] > 0  # the toy dictionary's words occur in the toy dev set
    assert "strict F1" in out.with_suffix(".md").read_text()
