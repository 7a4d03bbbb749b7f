"""Putting back a glossary term the model left out: where it goes (translit.glossary.placement)
and the translator's re-decode with the term forced in, on a tiny real model."""

import pytest
from typer.testing import CliRunner

from translit.cli import app
from translit.glossary import Glossary, Term, term_count
from translit.glossary.placement import fits, held_terms, insertion_points, word_groups, word_sources
from translit.translate import Translator
from translit.translate.options import DecodingOptions

runner = CliRunner()


def test_word_groups_follow_word_start_marks():
    pieces = ["▁Russia", "'", "s", "▁president", "▁", "2", "0", "▁V", "la"]
    assert word_groups(pieces) == [[0, 1, 2], [3], [4, 5, 6], [7, 8]]
    assert word_groups(["ab", "▁c"]) == [[0], [1]]  # a first piece without the mark still starts a word
    assert word_groups([]) == []


def test_word_sources_ignore_attention_parked_on_the_end_mark():
    # three source positions, the last being </s>
    attention = [[0.9, 0.05, 0.05], [0.1, 0.2, 0.7], [0.1, 0.8, 0.1], [0.0, 0.1, 0.9]]
    assert word_sources([[0, 1], [2], [3]], attention) == [0.0, 1.0, None]


def test_insertion_points_put_the_term_between_what_comes_before_and_after_it():
    # words from source 0, 1, 2, (none), 9, 10 and a term at source 4:7
    sources = [0.0, 1.0, 2.0, None, 9.0, 10.0]
    points = insertion_points(sources, 4, 7, slack=0)
    assert points == [3, 4]  # after word 3 (2.0) or after the word with no source, both cost nothing
    assert insertion_points(sources, 4, 7, slack=1) == [3, 4, 2, 5]
    assert insertion_points(sources, 4, 7, slack=5, count=3) == [3, 4, 2]
    assert insertion_points([], 0, 1) == [0]  # an empty translation: the term alone


@pytest.fixture(scope="module")
def named(tiny_model):
    """The tiny model never saw a name: it drops a glossary name it is given."""
    glossary = Glossary.from_pairs([("زید", "Zaid"), ("ماسکو", "Moscow")])
    return Translator(str(tiny_model), threads=1, glossary=glossary, names=False)


@pytest.mark.parametrize("ur, name", [("زید لڑکی ہے۔", "Zaid"), ("لڑکا کتاب گھر ماسکو دریا ہے۔", "Moscow")])
def test_left_out_term_is_decoded_back_in(named, ur, name):
    dropped = named.translate([ur], DecodingOptions(keep_terms=False))[0]
    assert name not in dropped  # the model alone loses it
    kept = named.translate_document(ur).paragraphs[0].sentences[0]
    assert kept.translation.count(name) == 1, kept.translation
    assert 0.0 < kept.confidence <= 1.0


def test_terms_kept_in_every_sentence_of_a_batch(named):
    """Sentences of one batch that each lost a term all get it back; one without a term is left alone."""
    doc = named.translate_document("زید لڑکی ہے۔\nلڑکا کتاب ہے۔\nماسکو بڑا شہر ہے۔ زید گھر ہے۔")
    out = [s.translation for p in doc.paragraphs for s in p.sentences]
    assert len(out) == 4
    assert "Zaid" in out[0] and "Moscow" in out[2] and "Zaid" in out[3], out
    assert "Zaid" not in out[1] and "Moscow" not in out[1]  # nothing added where the source has no term
    assert out[1] == named.translate(["لڑکا کتاب ہے۔"], DecodingOptions(keep_terms=False))[0]


def test_nbest_best_keeps_the_term(named):
    doc = named.translate_document("زید لڑکی ہے۔", DecodingOptions(beam_size=4, num_hypotheses=3))
    sentence = doc.paragraphs[0].sentences[0]
    assert "Zaid" in sentence.translation and sentence.alternatives[0].text == sentence.translation
    scores = [a.score for a in sentence.alternatives]
    assert scores == sorted(scores, reverse=True)


def test_cli_keep_terms_switch(tiny_model, tmp_path):
    terms = tmp_path / "terms.tsv"
    terms.write_text("زید\tZaid\n", encoding="utf-8")
    args = ["translate", "-m", str(tiny_model), "--no-names", "-g", str(terms), "--threads", "1"]
    on = runner.invoke(app, args, input="زید لڑکی ہے۔\n")
    off = runner.invoke(app, [*args, "--no-keep-terms"], input="زید لڑکی ہے۔\n")
    assert on.exit_code == 0 and off.exit_code == 0, on.output + off.output
    assert "Zaid" in on.stdout and "Zaid" not in off.stdout


def test_term_count_takes_whole_words_only():
    assert term_count("Blinken's visit; Blinken said", "Blinken") == 2
    assert term_count("Blinkenn's visit", "Blinken") == 0
    assert term_count("Masoud Pezeshkian, Pezeshkian", "Masoud Pezeshkian") == 1


def test_held_terms_and_fits_read_mended_whole_words():
    terms = [Term("x", "Masoud Pezeshkian"), Term("y", "Moscow")]
    # the garbled copy is mended before counting; nothing like "Moscow" is there
    assert held_terms("Masoud Pezeshkhian went to the capital.", terms) == {"Masoud Pezeshkian"}
    source = "Masoud Pezeshkian Moscow گئے۔"
    assert fits("Masoud Pezeshkian went to Moscow.", source, terms, {"Moscow", "Masoud Pezeshkian"})
    assert not fits("Masoud Pezeshkian went.", source, terms, {"Moscow"})  # a needed term is missing
    assert not fits("Moscow, Moscow: Masoud Pezeshkian went.", source, terms, {"Moscow"})  # written twice, once in the source
