"""The statistical word aligner: EM training, the lexicon file, links, and the shipped table."""

import gzip
import random

import numpy as np
import pytest
from typer.testing import CliRunner

from translit.align.ibm import IBMOptions, digamma, train_table
from translit.align.lexicon import WordLexicon, grow_diag_final_and, load_lexicon, word_key
from translit.align.sentences import AlignOptions, align_sentences
from translit.cli import app
from translit.errors import DataError
from translit.translate.links import align_words

UR_WORDS = ["لڑکا", "کتاب", "پانی", "شہر", "گھر", "دوست", "سکول", "بارش"]
EN_WORDS = ["boy", "book", "water", "city", "house", "friend", "school", "rain"]


def toy_corpus(n=400, seed=0):
    """Sentences of 2–5 word pairs; English in the same order, so the diagonal prior also helps."""
    rng = random.Random(seed)
    ur, en = [], []
    for _ in range(n):
        picks = rng.sample(range(len(UR_WORDS)), rng.randint(2, 5))
        ur.append([UR_WORDS[k] for k in picks])
        en.append([EN_WORDS[k] for k in picks] + (["the"] if rng.random() < 0.5 else []))
    return ur, en


def best_translation(table, word):
    src = table.source_vocab.index(word)
    rows = np.flatnonzero(table.source_word == src)
    return table.target_vocab[table.target_word[rows[np.argmax(table.prob[rows])]]]


def test_em_learns_the_word_pairs():
    ur, en = toy_corpus()
    table = train_table(ur, en, IBMOptions(ibm1_iterations=3, diagonal_iterations=3))
    assert [best_translation(table, u) for u in UR_WORDS] == EN_WORDS
    assert all(b >= a - 1e-6 for a, b in zip(table.log_likelihood, table.log_likelihood[1:]))


def test_em_rejects_unequal_sides():
    with pytest.raises(ValueError, match="source sentences"):
        train_table([["a"]], [])


def test_digamma_matches_known_values():
    # ψ(1) = −γ, ψ(0.5) = −γ − 2 ln 2, ψ(10) = H_9 − γ
    gamma = 0.5772156649015329
    got = digamma(np.array([1.0, 0.5, 10.0]))
    want = [-gamma, -gamma - 2 * np.log(2), sum(1 / k for k in range(1, 10)) - gamma]
    assert np.allclose(got, want, atol=1e-7)


def _lexicon():
    ur, en = toy_corpus()
    fwd, bwd = train_table(ur, en), train_table(en, ur)

    def rows(t):
        out = {}
        for s, w, p in zip(t.source_word, t.target_word, t.prob):
            if p > 0.01:
                out.setdefault(t.source_vocab[s], {})[t.target_vocab[w]] = float(p)
        return out

    return WordLexicon(rows(fwd), rows(bwd))


def test_lexicon_round_trip_and_links(tmp_path):
    lex = _lexicon()
    path = tmp_path / "lex.tsv.gz"
    lex.save(path)
    again = WordLexicon.load(path)
    assert again.forward["شہر"]["city"] == pytest.approx(lex.forward["شہر"]["city"], rel=1e-3)
    # reversed word order: the table, not the diagonal, must decide
    links = again.align(["بارش", "گھر", "لڑکا۔"], ["The", "boy,", "house", "and", "rain."])
    assert {(0, 4), (1, 2), (2, 1)} <= set(links)


def test_broken_lexicon_files_give_clear_errors(tmp_path):
    with pytest.raises(DataError, match="not found"):
        WordLexicon.load(tmp_path / "missing.tsv.gz")
    bad = tmp_path / "bad.tsv.gz"
    bad.write_bytes(gzip.compress(b"just text\n"))
    with pytest.raises(DataError, match="not a translit word lexicon"):
        WordLexicon.load(bad)
    torn = tmp_path / "torn.tsv.gz"
    _lexicon().save(torn)
    torn.write_bytes(torn.read_bytes()[:-20])
    with pytest.raises(DataError, match="unreadable"):
        WordLexicon.load(torn)


def test_word_key_strips_punctuation_and_case():
    assert word_key("«Lahore,»") == "lahore"
    assert word_key("ہے۔") == "ہے"
    assert word_key("...") == ""


def test_grow_diag_final_and():
    # neighbours of the intersection that cover an unaligned word are grown in
    assert grow_diag_final_and({(0, 0), (1, 1), (2, 1)}, {(0, 0), (1, 1)}) == {(0, 0), (1, 1), (2, 1)}
    # far links join only when both their words are still unaligned ("final-and")
    links = grow_diag_final_and({(0, 0), (1, 1), (3, 0)}, {(0, 0), (1, 1), (3, 3)})
    assert links == {(0, 0), (1, 1), (3, 3)}


def test_shipped_lexicon_knows_common_words():
    lex = load_lexicon()
    assert max(lex.forward["شہر"], key=lex.forward["شہر"].get) == "city"
    assert "pakistan" in lex.forward["پاکستان"]
    result = align_words("لاہور پاکستان کا دوسرا بڑا شہر ہے۔", "Lahore is the second largest city of Pakistan.")
    assert (5, 5) in result.links  # شہر – city
    assert (1, 7) in result.links  # پاکستان – Pakistan.


def test_sentence_alignment_uses_the_lexicon_without_a_model():
    ur = ["لاہور پاکستان کا دوسرا بڑا شہر ہے۔", "آج بارش ہو رہی ہے۔", "میرا دوست سکول جاتا ہے۔", "پانی ٹھنڈا ہے۔"]
    en = ["Lahore is the second largest city of Pakistan.", "My friend goes to school.", "The water is cold."]
    beads = align_sentences(ur, en)
    assert [(b.src, b.tgt) for b in beads] == [((0,), (0,)), ((1,), ()), ((2,), (1,)), ((3,), (2,))]
    lengths_only = align_sentences(ur, en, options=AlignOptions(use_similarity=False))
    assert len(lengths_only) >= 3


def test_cli_words_lexicon_is_the_default():
    result = CliRunner().invoke(app, ["align", "words"], input="پانی ٹھنڈا ہے۔\tThe water is cold.\n")
    assert result.exit_code == 0, result.output
    assert "0-1" in result.stdout.split()


def test_tables_from_links_are_relative_frequencies_with_null():
    from translit.align.from_links import tables_from_links

    pairs = [
        (["لڑکا", "گھر"], ["boy", "home", "the"], {(0, 0), (1, 1)}, {(0, 0), (1, 1)}),
        (["لڑکا"], ["boy"], {(0, 0)}, set()),
    ]
    forward, backward = tables_from_links(pairs, min_prob=0.0, null_min_prob=0.0)
    assert forward["لڑکا"] == {"boy": 1.0} and forward[""] == {"the": 1.0}  # "the" came from no Urdu word
    assert backward["boy"] == {"لڑکا": 1.0} and backward[""] == {"لڑکا": 1.0}  # the second pair left لڑکا unlinked
    forward, _ = tables_from_links(pairs + [(["لڑکا"], ["lad"], {(0, 0)}, {(0, 0)})] * 1, min_prob=0.4)
    assert forward["لڑکا"] == {"boy": 2 / 3}  # "lad" (1 of 3) pruned under min_prob
