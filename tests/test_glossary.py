"""Glossaries: loading, whole-word matching, a model folder's own names, and the translator putting terms in."""

import json

import pytest
from typer.testing import CliRunner

from translit.cli import app
from translit.errors import InputError
from translit.glossary import Glossary, Term
from translit.text.normalize import normalize

runner = CliRunner()


def test_longest_term_wins_and_only_whole_words_match():
    g = Glossary.from_pairs([("پزشکیان", "Pezeshkian"), ("مسعود پزشکیان", "Masoud Pezeshkian"), ("ماسکو", "Moscow")])
    text, terms = g.apply("صدر مسعود پزشکیان ماسکو گئے، پزشکیان نے کہا۔ ماسکووالے")
    assert text == "صدر Masoud Pezeshkian Moscow گئے، Pezeshkian نے کہا۔ ماسکووالے"
    assert terms == [Term("مسعود پزشکیان", "Masoud Pezeshkian"), Term("ماسکو", "Moscow"), Term("پزشکیان", "Pezeshkian")]


def test_terms_are_normalised_like_the_input():
    # Arabic kaf and yeh in the file match the Urdu letters the translator normalises to
    g = Glossary.from_pairs([("كريملن", "Kremlin")])
    assert g.apply(normalize("كريملن نے کہا"))[0] == "Kremlin نے کہا"


def test_load_file_and_its_errors(tmp_path):
    good = tmp_path / "terms.tsv"
    good.write_text("# my terms\n\nلاہور\tLahore\n  کراچی\tKarachi  \n", encoding="utf-8")
    assert Glossary.load(good).terms == {"لاہور": "Lahore", "کراچی": "Karachi"}
    bad = tmp_path / "bad.tsv"
    bad.write_text("لاہور\tLahore\nکراچی Karachi\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad.tsv:2: expected 'urdu<TAB>english'"):
        Glossary.load(bad)
    binary = tmp_path / "bin.tsv"
    binary.write_bytes(b"\xff\xfe\tx\n")
    with pytest.raises(InputError, match="invalid UTF-8 at byte 0"):
        Glossary.load(binary)
    with pytest.raises(InputError, match="file not found"):
        Glossary.load(tmp_path / "missing.tsv")


def test_glossary_files_merge_in_order(tmp_path):
    from translit.glossary import load_glossaries

    first, second = tmp_path / "a.tsv", tmp_path / "b.tsv"
    first.write_text("لاہور\tLahore\nکراچی\tKarachi\n", encoding="utf-8")
    second.write_text("لاہور\tLahore City\n", encoding="utf-8")
    assert load_glossaries([first, second]).terms == {"لاہور": "Lahore City", "کراچی": "Karachi"}
    assert load_glossaries([]) is None and load_glossaries(None) is None


def test_merged_glossary_prefers_the_later_one():
    a = Glossary.from_pairs([("لاہور", "Lahore"), ("کراچی", "Karachi")])
    b = Glossary.from_pairs([("لاہور", "Lahore City")])
    assert a.merged(b).terms == {"لاہور": "Lahore City", "کراچی": "Karachi"}
    assert a.digest() != a.merged(b).digest() and Glossary().digest() == "none"


def test_translator_reports_terms_and_passes_a_lone_name_through(tiny_model):
    from translit.translate import Translator

    glossary = Glossary.from_pairs([("زوربلاکس", "Zorblax")])
    tr = Translator(str(tiny_model), threads=1, glossary=glossary, names=False)
    doc = tr.translate_document("زوربلاکس\nلڑکا زوربلاکس ہے۔")
    lone, sentence = doc.paragraphs[0].sentences[0], doc.paragraphs[1].sentences[0]
    assert lone.translation == "Zorblax"  # no Urdu left: nothing for the model to do
    assert lone.terms == sentence.terms == [Term("زوربلاکس", "Zorblax")]
    assert sentence.source == "لڑکا زوربلاکس ہے۔"  # spans and sources stay the user's text
    assert len(Translator(str(tiny_model), threads=1).glossary) == 0  # no names glossary in its folder


def test_a_model_folder_brings_its_own_names(tiny_model, tmp_path):
    import shutil

    from translit.translate import Translator

    folder = tmp_path / "tiny"
    shutil.copytree(tiny_model, folder)
    (folder / "names.tsv").write_text("# names built for this model\nزوربلاکس\tZorblax\n", encoding="utf-8")
    assert Translator(str(folder), threads=1).glossary.terms == {"زوربلاکس": "Zorblax"}
    assert len(Translator(str(folder), threads=1, names=False).glossary) == 0
    mine = Glossary.from_pairs([("زوربلاکس", "Zorblaxx"), ("کتاب", "Book")])  # the user's terms win
    assert Translator(str(folder), threads=1, glossary=mine).glossary.terms == mine.terms


def test_cli_glossary_option(tiny_model, tmp_path):
    terms = tmp_path / "terms.tsv"
    terms.write_text("زوربلاکس\tZorblax\n", encoding="utf-8")
    args = ["translate", "--model", str(tiny_model), "--format", "jsonl", "--glossary", str(terms), "--no-names"]
    result = runner.invoke(app, args, input="زوربلاکس\n")
    assert result.exit_code == 0, result.output
    row = json.loads(result.stdout)
    assert row["translation"] == "Zorblax"
    assert row["sentences"][0]["terms"] == [{"source": "زوربلاکس", "target": "Zorblax"}]
    bad = runner.invoke(app, ["translate", "--model", str(tiny_model), "--glossary", str(tmp_path / "nope.tsv")], input="x\n")
    assert bad.exit_code == 1 and "file not found" in bad.output


def test_term_recall_counts_exact_english(tiny_model):
    from translit.bench.terms import carrier_sentences, term_recall
    from translit.translate import Translator

    terms = {"زوربلاکس": "Zorblax"}
    pairs = carrier_sentences(terms, ("{} ہے۔", "{}"))
    assert pairs == [("زوربلاکس ہے۔", "Zorblax"), ("زوربلاکس", "Zorblax")]
    with_terms = Translator(str(tiny_model), threads=1, glossary=Glossary(terms), names=False)
    result = term_recall(with_terms, terms, "with", carriers=("{} ہے۔", "{}"))
    assert result.sentences == 2 and result.found >= 1  # the lone term passes through for sure
    assert result.recall == result.per_term["Zorblax"] == round(result.found / 2, 3)
    without = term_recall(Translator(str(tiny_model), threads=1, names=False), terms, "without", carriers=("{}",))
    assert without.found == 0 and without.misses == [("Zorblax", without.misses[0][1])]


def test_term_recall_counts_repeated_terms():
    """The benchmark's arithmetic, on fixed translations: found, recall, repeated."""
    from translit.bench.terms import term_recall

    class Fixed:
        def translate(self, texts, options=None):
            return ["Zorblax said Zorblax.", "Zorblaxes came.", "Zorblax came."][: len(texts)]

    result = term_recall(Fixed(), {"زوربلاکس": "Zorblax"}, "fixed", carriers=("{} ہے۔", "{}", "{} آیا۔"))
    assert (result.sentences, result.found, result.repeated) == (3, 2, 1)  # "Zorblaxes" is no copy of it
    assert result.misses == [("Zorblax", "Zorblaxes came.")]


def test_cli_bench_terms_writes_report(tiny_model, tmp_path):
    terms = tmp_path / "terms.tsv"
    terms.write_text("زوربلاکس\tZorblax\n", encoding="utf-8")
    out = tmp_path / "terms"
    result = runner.invoke(app, ["bench", "terms", "--model", str(tiny_model), "--glossary", str(terms), "--out", str(out), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    systems = [r["system"] for r in report["results"]]
    assert systems == ["with the glossary", "with the glossary, no re-decode (--no-keep-terms)", "without a glossary (the model alone)"]
    with_terms, no_redecode, _ = report["results"]
    assert report["signature"]["glossary"].startswith("1:") and with_terms["sentences"] == 8
    assert with_terms["found"] == 8 and no_redecode["found"] < 8  # the re-decode puts the name back where the model dropped it
    assert out.with_suffix(".md").read_text(encoding="utf-8").startswith("# Glossary terms")
    none = runner.invoke(app, ["bench", "terms", "--model", str(tiny_model)])  # no glossary given, none in the model
    assert none.exit_code == 1 and "has no names glossary of its own: give one with --glossary" in none.output
    bad = runner.invoke(app, ["bench", "terms", "--model", str(tiny_model), "--glossary", str(tmp_path / "nope.tsv")])
    assert bad.exit_code == 1 and "file not found" in bad.output


@pytest.mark.parametrize(
    "translation,target,mended",
    [
        ("Alimen Khamenei said the talks will continue.", "Ali Khamenei", "Ali Khamenei said the talks will continue."),
        ("XIJinping said so.", "Xi Jinping", "Xi Jinping said so."),
        ("They criticised Asif Ali Zary's decision.", "Asif Ali Zardari", "They criticised Asif Ali Zardari's decision."),
        ("The statement came last night.", "Hamas", "The statement came last night."),  # nothing close: nothing added
        ("Hamas said so.", "Hamas", "Hamas said so."),  # already there
        ("Blinkenn's visit was short.", "Blinken", "Blinken's visit was short."),  # a word that only starts like it
        # one word of a two-word name kept in place, the other garbled beyond MEND_SIMILARITY
        ("Putin met Masoud Mavichian, in Moscow.", "Masoud Pezeshkian", "Putin met Masoud Pezeshkian, in Moscow."),
        ("Masoud said the mavichian", "Masoud Pezeshkian", "Masoud said the mavichian"),  # not capitalised: not a name
        ("Joe Root scored.", "Joe Biden", "Joe Root scored."),  # too unlike
    ],
)
def test_restore_terms_mends_a_garbled_name(translation, target, mended):
    from translit.glossary import restore_terms

    assert restore_terms(translation, [Term("x", target)]) == mended


def test_restore_terms_leaves_other_terms_alone():
    from translit.glossary import restore_terms

    # "Trump" is a correct copy of another term: it is not taken for the garbled "Biden"
    assert restore_terms("Trump met Bidon.", [Term("a", "Trump"), Term("b", "Biden")]) == "Trump met Biden."
    assert restore_terms("Trump met.", [Term("a", "Trump"), Term("b", "Trumpf")]) == "Trump met."


def test_bench_terms_tests_a_spread_sample_in_batches(tiny_model, tmp_path):
    """By default a sample of the glossary (not its 2 000 names × 8 carriers × 3 systems), translated
    64 sentences at a time, so a Ctrl-C acts between batches."""
    from translit.bench.terms import BATCH, sample_terms, term_recall

    terms = {f"لفظ{i:03d}": f"Word{i}" for i in range(300)}
    picked = sample_terms(terms, 10)
    assert len(picked) == 10 and list(picked) == sorted(picked) and "لفظ000" in picked and "لفظ270" in picked
    assert sample_terms(terms, 0) == dict(sorted(terms.items()))

    class Counting:
        calls: list[int] = []

        def translate(self, texts, options=None):
            self.calls.append(len(texts))
            return list(texts)

    counting = Counting()
    seen = []
    term_recall(counting, dict(list(terms.items())[:20]), "t", carriers=("{}", "{} ہے۔", "{}؟", "x {}"), progress=seen.append)
    assert max(counting.calls) <= BATCH and sum(counting.calls) == 80 and seen == counting.calls
    gloss = tmp_path / "g.tsv"
    gloss.write_text("".join(f"{ur}\t{en}\n" for ur, en in terms.items()), encoding="utf-8")
    done = runner.invoke(app, ["bench", "terms", "--model", str(tiny_model), "--glossary", str(gloss), "--terms", "3", "--json"])
    assert done.exit_code == 0 and json.loads(done.stdout)["signature"]["terms_tested"] == 3
