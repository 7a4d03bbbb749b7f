"""Glossary terms of several words are written over the words that translate them
(:mod:`translit.translate.stages.linked`): every other word of the translation is the one the
model wrote without the glossary (issue 41, item 4)."""

import random
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import WORDS
from translit.glossary import Glossary, Term
from translit.translate.stages.linked import term_run, written_over

PM = Term("وزیر اعظم", "Prime Minister")


def test_the_run_of_words_that_translate_the_term_is_written_over():
    words = "The prime ministers went to Lahore and the National Assembly was meeting.".split()
    sources = [0.0, 2.0, 4.0, 4.0, None, 3.0, 5.0, 13.0, 9.0, 7.0, 13.0, 10.0]
    places = [(PM, 1, 3), (Term("قومی اسمبلی", "National Assembly"), 6, 8)]
    assert " ".join(written_over(words, sources, places)) == "The Prime Minister went to Lahore and the National Assembly was meeting."


def test_an_article_punctuation_and_a_possessive_stay():
    words = ["the", "prime", "minister's", "office,", "he", "said."]
    assert term_run(words, [1.0, 1.0, 2.0, 3.0, 4.0, 5.0], PM, 1, 3, set()) == (1, 3)  # "the" stays
    assert written_over(words, [1.0, 1.0, 2.0, 3.0, 4.0, 5.0], [(PM, 1, 3)])[:3] == ["the", "Prime Minister's", "office,"]
    quoted = written_over(['"premier',  'minister",', "said"], [1.0, 2.0, 4.0], [(PM, 1, 3)])
    assert quoted == ['"Prime Minister",', "said"]


def test_a_term_the_model_left_out_is_put_in_and_the_sentence_start_capitalised():
    words = ["went", "to", "Lahore."]
    out = written_over(words, [3.0, None, 3.0], [(Term("وزیر اعظم", "prime minister"), 0, 2)])
    assert out == ["Prime minister", "went", "to", "Lahore."]
    assert written_over(["the", "man"], [2.0, 3.0], []) == ["the", "man"]


def _middle(base: list[str], out: list[str]) -> tuple[list[str], list[str]]:
    """What differs between two word lists once their common first and last words are set aside."""
    i = 0
    while i < min(len(base), len(out)) and base[i] == out[i]:
        i += 1
    j = 0
    while j < min(len(base), len(out)) - i and base[-1 - j] == out[-1 - j]:
        j += 1
    return base[i : len(base) - j], out[i : len(out) - j]


LATIN = ["Zorb", "Quill", "Vantor", "Mexil", "Padoo", "Harlan", "ten", "million"]


@pytest.fixture(scope="module")
def translators(tiny_model):
    from translit.translate import EngineOptions, Translator

    plain = Translator(tiny_model, engine=EngineOptions("cpu", "int8", 1, 1), names=False)
    return plain, lambda glossary: Translator(tiny_model, engine=EngineOptions("cpu", "int8", 1, 1), names=False, glossary=glossary)


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(seed=st.integers(0, 10**6), urdu_words=st.integers(1, 2), english_words=st.integers(1, 3))
def test_a_term_of_several_words_never_touches_its_neighbours(translators, seed, urdu_words, english_words):
    """Random terms of several words in random sentences: the translation is the one without the
    glossary with one run of words replaced by the term (or the term put in), nothing else."""
    rng = random.Random(seed)
    vocabulary = list(WORDS)
    words = rng.sample(vocabulary, rng.randint(3, 7))
    at = rng.randrange(len(words) - urdu_words + 1)
    urdu = " ".join(words[at : at + urdu_words])
    english = " ".join(rng.sample(LATIN, english_words))
    if urdu_words == 1 and english_words == 1:
        english += " " + rng.choice(LATIN)
    sentence = " ".join(words) + " ہے۔"
    plain, with_glossary = translators
    base = plain.translate(sentence)
    out = with_glossary(Glossary.from_pairs([(urdu, english)])).translate(sentence)
    assert english in out or english[0].upper() + english[1:] in out
    _, new = _middle(base.split(), out.split())
    middle = " ".join(new)
    at = middle.lower().find(english.lower())
    assert at >= 0, (base, out)
    rest = middle[:at] + middle[at + len(english) :]
    assert re.fullmatch(r"\W*(?:['’]s)?\W*", rest), (base, out)  # only the term and the punctuation around what it replaced


def test_the_cli_reports_linked_terms_and_keeps_the_rest(tiny_model, tmp_path):
    import json
    import subprocess
    import sys

    glossary = tmp_path / "g.tsv"
    glossary.write_text("لڑکا کتاب\tZorb Quill\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "translit", "translate", "--model", str(tiny_model), "-g", str(glossary),
                           "--format", "jsonl", "--no-names"], input="بڑا لڑکا کتاب ہے۔\n", capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    line = json.loads(done.stdout)
    assert "Zorb Quill" in line["translation"]
    assert line["sentences"][0]["terms"] == [{"source": "لڑکا کتاب", "target": "Zorb Quill"}]
