"""A names glossary mined from the real parallel corpora (`translit train names`): no hand lists."""

import hashlib
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import write_evalsets, write_source
from translit.align.lexicon import WordLexicon
from translit.glossary import Glossary
from translit.train.names import MinedName, NameMiningOptions, count_links, mine_names, ordinary_translation, select_names
from translit.train.recipe import parse_recipe

# Names inside sentences (the truecaser learns a word's usual case away from the sentence start),
# a word that is both a name and an ordinary word ("امن": peace; "Aman" now and then), and a name
# the English translates rather than spells ("امریکہ" → "US").
PAIRS = [
    ("کل علی لاہور گیا۔", "Yesterday Ali went to Lahore."),
    ("پھر علی کراچی گیا۔", "Then Ali went to Karachi."),
    ("کل عمران لاہور میں تھا۔", "Yesterday Imran was in Lahore."),
    ("اب عمران کراچی میں ہے۔", "Now Imran is in Karachi."),
    ("کل عمران اور علی لاہور گئے۔", "Yesterday Imran and Ali went to Lahore."),
    ("وہ امریکہ گیا۔", "He went to the US."),
    ("پھر وہ امریکہ گیا۔", "Then he went to the US."),
    ("اب وہ امریکہ میں ہے۔", "Now he is in the US."),
    ("کل امن آیا۔", "Yesterday Aman came."),
    ("امن اچھا ہے۔", "Peace is good."),
    ("ہمیں امن چاہیے۔", "We want peace."),
    ("امن ضروری ہے۔", "Peace is necessary."),
    ("امن سب کو چاہیے۔", "Everyone wants peace."),
    ("کل عمر آیا۔", "Yesterday Umar came."),  # a name more often than not here, but first of all "age"
    ("پھر عمر آیا۔", "Then Umar came."),
    ("اب عمر آیا۔", "Now Umar came."),
    ("اس کی عمر دس ہے۔", "His age is ten."),
    ("عمر زیادہ ہے۔", "The age is high."),
]
DEV = [  # also in the training corpus: never mined
    ("کل زید ملتان گیا۔", "Yesterday Zaid went to Multan."),
    ("پھر زید ملتان گیا۔", "Then Zaid went to Multan."),
    ("اب زید ملتان میں ہے۔", "Now Zaid is in Multan."),
]
LOOSE = [("کل رضا آیا۔", "Yesterday Raza came."), ("پھر رضا آیا۔", "Then Raza came."), ("اب رضا آیا۔", "Now Raza came.")]


def _lexicon() -> WordLexicon:
    forward = {
        "علی": {"ali": 0.8}, "لاہور": {"lahore": 0.9}, "کراچی": {"karachi": 0.9}, "عمران": {"imran": 0.9},
        "امریکہ": {"us": 0.6, "america": 0.3}, "امن": {"peace": 0.8, "aman": 0.1}, "گیا": {"went": 0.5, "to": 0.3},
        "گئے": {"went": 0.5, "to": 0.3}, "میں": {"in": 0.7}, "ہے": {"is": 0.7}, "تھا": {"was": 0.7}, "اور": {"and": 0.8},
        "اب": {"now": 0.7}, "پھر": {"then": 0.7}, "عمر": {"age": 0.6, "umar": 0.3}, "آیا": {"came": 0.8},
        "کل": {"yesterday": 0.6}, "زید": {"zaid": 0.9}, "ملتان": {"multan": 0.9}, "رضا": {"raza": 0.9},
    }
    backward = {en: {ur: p} for ur, row in forward.items() for en, p in row.items()}
    return WordLexicon(forward, backward)


def _corpus(root: Path) -> Path:
    corpora = root / "corpora"
    write_source(corpora, "toy_news", PAIRS + DEV)
    write_source(corpora, "toy_loose", LOOSE)
    (corpora / "MANIFEST.tsv").write_text(
        "name\tkind\tpairs\tdomain\tlicense\n"
        f"toy_news\tsentences\t{len(PAIRS) + len(DEV)}\tgeneral: news\tCC0\n"
        f"toy_loose\tparagraphs\t{len(LOOSE)}\tgeneral: loosely parallel\tCC0\n",
        encoding="utf-8",
    )
    write_evalsets(root, DEV)
    return corpora


def _recipe(corpora: Path, weights: dict | None = None):
    # the synthetic folder is not there (not built on this machine): mining reads real pairs only
    return parse_recipe({"name": "toy", "corpora": str(corpora), "mix": {"weights": weights or {"toy_news": 1, "toy_loose": 0}},
                         "synthetic": {"corpora": str(corpora.parent / "not-built")}})


def test_names_are_mined_from_real_pairs_and_spell_the_urdu(tmp_path):
    corpora = _corpus(tmp_path)
    names = mine_names(_recipe(corpora), tmp_path / "evalsets", NameMiningOptions(min_links=2), lexicon=_lexicon())
    found = {n.urdu: n.english for n in names}
    assert found == {"علی": "Ali", "لاہور": "Lahore", "کراچی": "Karachi", "عمران": "Imran"}
    # امریکہ → US is a translation, not a spelling; امن is mostly "peace"; عمر is linked to Umar in
    # 3 of its 5 pairs, but the lexicon knows it first as "age"; زید and ملتان stand only in
    # a dev set's sentence, which is never mined; رضا only in a source the recipe weighs 0
    lahore = next(n for n in names if n.urdu == "لاہور")
    assert lahore.links == 3 and lahore.sentences == 3 and lahore.share == 1.0 and lahore.similarity >= 0.5


def test_thresholds_decide_an_entry():
    links = {("امن", "Aman"): 3, ("لاہور", "Lahore"): 3, ("لاہور", "Lahori"): 1, ("دو", "Do"): 9}
    sentences = {"امن": 12, "لاہور": 4, "دو": 9}
    picked = select_names(links, sentences, NameMiningOptions(min_links=3))
    assert [(n.urdu, n.english) for n in picked] == [("لاہور", "Lahore")]  # امن: share 0.25; دو: 2 letters
    assert select_names(links, sentences, NameMiningOptions(min_links=4)) == []
    assert [n.urdu for n in select_names(links, sentences, NameMiningOptions(min_share=0.2))] == ["امن", "لاہور"]
    assert MinedName("x", "y", 2, 0, 1.0).share == 0.0
    with pytest.raises(Exception, match="min_share must be in"):
        NameMiningOptions(min_share=1.5)


def test_a_word_that_is_first_of_all_an_ordinary_word_is_no_name():
    lexicon = WordLexicon({"عمر": {"age": 0.6, "umar": 0.3}, "علی": {"ali's": 0.5, "ali": 0.4}, "ظفر": {"1857": 0.5},
                           "کرکوک": {"karkook": 0.5, "kirkuk": 0.4}}, {})
    names = {"umar": "Umar", "ali": "Ali"}
    assert ordinary_translation("عمر", lexicon, names) == "age"
    assert ordinary_translation("علی", lexicon, names) is None  # its likeliest is the name's possessive
    assert ordinary_translation("کرکوک", lexicon, names) is None  # not in names, but a spelling of the Urdu
    assert ordinary_translation("ظفر", lexicon, names) is None and ordinary_translation("زید", lexicon, names) is None
    links, sentences = {("عمر", "Umar"): 5}, {"عمر": 6}
    assert select_names(links, sentences, NameMiningOptions()) != []
    assert select_names(links, sentences, NameMiningOptions(), lambda ur: ordinary_translation(ur, lexicon, names)) == []


def test_count_links_counts_sentences_holding_the_word():
    names = {"ali": "Ali", "lahore": "Lahore"}
    links, sentences = count_links([("کل علی لاہور گیا۔", "Yesterday Ali went to Lahore."), ("علی اچھا ہے۔", "He is good."),
                                    ("علی اچھا ہے", "he is good")], names, _lexicon())
    assert links[("علی", "Ali")] == 1 and links[("لاہور", "Lahore")] == 1
    assert sentences["علی"] == 2 and sentences["لاہور"] == 1  # a pair with no capital could show no name


def test_cli_writes_a_glossary_the_translator_reads(tmp_path):
    """End to end with the shipped word lexicon: real Urdu names, a names.tsv, the glossary loader."""
    from translit.cli import app

    corpora = _corpus(tmp_path)
    recipe = tmp_path / "toy.toml"
    recipe.write_text(f'name = "toy"\ncorpora = "{corpora}"\n[mix.weights]\ntoy_news = 1\ntoy_loose = 0\n', encoding="utf-8")
    out = tmp_path / "model" / "names.tsv"
    result = CliRunner().invoke(app, ["train", "names", "--recipe", str(recipe), "--out", str(out), "--min-links", "2", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout.strip().splitlines()[-1])
    mined = {n["urdu"]: n["english"] for n in report["names"]}
    assert {("لاہور", "Lahore"), ("کراچی", "Karachi"), ("عمران", "Imran")} <= set(mined.items()) and "امن" not in mined
    header = out.read_text(encoding="utf-8").splitlines()[:3]
    assert header[0].startswith("# Names glossary mined")
    digest = hashlib.sha256((corpora / "MANIFEST.tsv").read_bytes()).hexdigest()[:12]
    assert f"corpora: {corpora} (MANIFEST.tsv sha256 {digest})" in header[1]  # which data, not just a folder name
    assert Glossary.load(out).terms == {ur: en for ur, en in mined.items()}


def test_cli_bad_options_are_one_line_errors(tmp_path):
    from translit.cli import app

    corpora = _corpus(tmp_path)
    recipe = tmp_path / "toy.toml"
    recipe.write_text(f'name = "toy"\ncorpora = "{corpora}"\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["train", "names", "--recipe", str(recipe), "--out", str(tmp_path / "n.tsv"), "--min-share", "2"])
    assert result.exit_code != 0 and "Traceback" not in result.output
    missing = CliRunner().invoke(app, ["train", "names", "--recipe", str(recipe), "--out", str(tmp_path / "n.tsv"),
                                       "--corpora", str(tmp_path / "nowhere")])
    assert missing.exit_code != 0 and "nowhere" in missing.output and "Traceback" not in missing.output


@pytest.mark.slow
def test_export_ships_the_runs_names_glossary_and_scores_with_and_without_it(tiny_run, tiny_recipe_path, tiny_corpus, tmp_path):
    import shutil

    from translit.train.export import export_model
    from translit.train.names import write_names
    from translit.train.recipe import load_recipe
    from translit.translate import Translator

    run = tmp_path / "run"
    shutil.copytree(tiny_run, run)
    recipe = load_recipe(tiny_recipe_path)
    write_names([MinedName("کتاب", "Kitab", 5, 6, 0.8), MinedName("دریا", "Darya", 4, 4, 0.9)], run / "names.tsv", recipe, NameMiningOptions())
    out = tmp_path / "models" / "tiny-names"
    scores = export_model(recipe, run, out, tiny_corpus.parent / "evalsets", candidates=("last",))
    assert Glossary.load(out / "names.tsv").terms == {"کتاب": "Kitab", "دریا": "Darya"}
    glossaries = [(s.testset, s.translit_signature["glossary"]) for s in scores]
    assert len(glossaries) == 4 and [g for _, g in glossaries].count("none") == 2  # each dev set with and without
    card = json.loads((out / "card.json").read_text(encoding="utf-8"))
    assert card["names_glossary"]["entries"] == 2 and "min_links 3" in card["names_glossary"]["made_by"][-1]
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert "| flores200-dev + names.tsv |" in readme and "| flores200-dev |" in readme and "2 Urdu words" in readme
    assert "کتاب" in Translator(out).glossary.terms and not Translator(out, names=False).glossary.terms


@pytest.mark.slow
def test_add_names_gives_an_exported_model_a_glossary_and_says_so(trained_tiny_model, tiny_corpus, tmp_path):
    import shutil

    from translit.cli import app

    model = tmp_path / "tiny"
    shutil.copytree(trained_tiny_model, model)
    names = tmp_path / "names.tsv"
    names.write_text("# mined\n# min_links 3\nکتاب\tKitab\n", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(app, ["train", "add-names", "--model", str(model), "--names", str(names),
                                 "--evalsets", str(tiny_corpus.parent / "evalsets")])
    assert result.exit_code == 0, result.output
    card = json.loads((model / "card.json").read_text(encoding="utf-8"))
    assert card["names_glossary"]["entries"] == 1 and len(card["scores"]) == 4
    assert "| tico19-dev + names.tsv |" in (model / "README.md").read_text(encoding="utf-8")
    assert Glossary.load(model / "names.tsv").terms == {"کتاب": "Kitab"}
    bad = runner.invoke(app, ["train", "add-names", "--model", str(tmp_path), "--names", str(names), "--evalsets", str(tmp_path)])
    assert bad.exit_code != 0 and "no card.json" in bad.output and "Traceback" not in bad.output
