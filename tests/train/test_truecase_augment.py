"""Data cleaning and augmentation of the training mix: truecasing and name copies."""

import random

from translit.align.lexicon import WordLexicon
from translit.train.augment import copy_names, name_copy_pairs, name_links
from translit.train.truecase import Truecaser, is_lowercased

CASED = [
    "The president of Russia met the leaders in Moscow.",
    "Talks between Russia and Iran went on in Moscow on Monday.",
    "He said the file was open.",
    "Leaders of NATO met, and NATO said so.",
    "Open File",  # a menu item: Title Case says nothing about these words
    "Save File As",
    "Open File Now",
]


def test_truecaser_learns_names_inside_sentences_only():
    tc = Truecaser.fit(CASED)
    assert tc.forms == {"russia": "Russia", "moscow": "Moscow", "nato": "NATO"}
    assert tc.apply("russia's talks in moscow with nato.") == "Russia's talks in Moscow with NATO."
    assert tc.apply("open the file") == "Open the file"
    assert tc.apply("Talks in moscow") == "Talks in moscow"  # not lower case throughout: left alone
    assert not is_lowercased("123 ...") and is_lowercased("a b")


def _lexicon():
    forward = {"پوتن": {"putin": 0.9}, "نے": {"": 0.5}, "کہا": {"said": 0.8}, "ماسکو": {"moscow": 0.9}, "میں": {"in": 0.7}}
    backward = {"putin": {"پوتن": 0.9}, "said": {"کہا": 0.8}, "moscow": {"ماسکو": 0.9}, "in": {"میں": 0.7}}
    return WordLexicon(forward, backward)


def test_name_links_need_a_usual_capital_and_a_known_pair():
    names = {"putin": "Putin", "moscow": "Moscow"}
    ur, en = "پوتن نے ماسکو میں کہا".split(), "Putin said in Moscow".split()
    links = name_links(ur, en, _lexicon(), names)
    assert [(link.ur_index, link.name) for link in links] == [(0, "Putin"), (2, "Moscow")]
    # "Said" is capitalised here but its usual spelling is not: no link to it
    assert name_links("کہا".split(), "Said".split(), _lexicon(), names) == []
    # possessive ’s and punctuation stay out of the copied name
    assert [link.name for link in name_links(["پوتن"], ["Putin's,"], _lexicon(), names)] == ["Putin"]


def test_copy_names_replaces_only_linked_words():
    ur = "پوتن نے ماسکو میں کہا۔"
    links = name_links(ur.split(" "), "Putin said in Moscow.".split(), _lexicon(), {"putin": "Putin", "moscow": "Moscow"})
    seen = {copy_names(ur, links, random.Random(seed)) for seed in range(20)}
    assert seen == {"Putin نے Moscow میں کہا۔", "پوتن نے Moscow میں کہا۔", "Putin نے ماسکو میں کہا۔"}


def test_name_copy_pairs_share_and_pairs_without_names():
    pairs = [("پوتن نے کہا", "Putin said")] * 200 + [("کہا", "said")] * 200
    out = list(name_copy_pairs(pairs, 0.5, seed=1, names={"putin": "Putin"}, lexicon=_lexicon()))
    assert 70 < len(out) < 130
    assert all(index < 200 and ur == "Putin نے کہا" and en == "Putin said" for index, ur, en in out)
    assert list(name_copy_pairs(pairs, 0.0, seed=1, names={}, lexicon=_lexicon())) == []


def test_recipe_sections_for_cleaning_and_augmenting():
    import pytest

    from translit.errors import DataError
    from translit.train.recipe import parse_recipe

    recipe = parse_recipe({"name": "x", "clean": {"truecase": True}, "augment": {"name_copy": 0.5}})
    assert recipe.clean.truecase and recipe.augment.name_copy == 0.5
    assert not parse_recipe({"name": "x"}).clean.truecase and parse_recipe({"name": "x"}).augment.name_copy == 0
    with pytest.raises(DataError, match="name_copy must be in"):
        parse_recipe({"name": "x", "augment": {"name_copy": 1.5}})


def test_mix_truecases_and_adds_name_copies(tmp_path):
    """A corpus folder with a cased source naming cities and a source lower-cased throughout."""
    from conftest import write_source

    from translit.train.data import build_mix
    from translit.train.recipe import parse_recipe

    corpora = tmp_path / "corpora"
    cased = [("وہ لاہور میں رہتا ہے۔", "He lives in Lahore."), ("ہم لاہور گئے۔", "We went to Lahore."),
             ("میں پاکستان سے ہوں۔", "I am from Pakistan."), ("وہ پاکستان میں ہے۔", "She is in Pakistan.")]
    more = [("ہم کراچی گئے۔", "We went to Karachi."), ("کراچی بڑا ہے اور لاہور پرانا۔", "Karachi is big and Lahore old.")]
    lower = [("لاہور پاکستان میں ہے۔", "lahore is in pakistan.")]
    write_source(corpora, "news", cased)
    write_source(corpora, "news_more", more)
    write_source(corpora, "headlines", lower)
    (corpora / "MANIFEST.tsv").write_text(
        "name\tkind\tpairs\tdomain\tlicense\n"
        "news\tsentences\t4\tgeneral: news\tCC0\nnews_more\tsentences\t2\tgeneral: news\tCC0\n"
        "headlines\tsentences\t1\tgeneral: headlines\tCC0\n",
        encoding="utf-8",
    )
    recipe = parse_recipe({"name": "t", "corpora": str(corpora), "clean": {"truecase": True}, "augment": {"name_copy": 1.0}})
    manifest = build_mix(recipe, tmp_path / "mix", evalsets=tmp_path / "none")
    pairs = list(zip((tmp_path / "mix/train.ur").read_text(encoding="utf-8").splitlines(),
                     (tmp_path / "mix/train.en").read_text(encoding="utf-8").splitlines()))
    assert ("لاہور پاکستان میں ہے۔", "Lahore is in Pakistan.") in pairs  # case restored
    assert ("وہ Lahore میں رہتا ہے۔", "He lives in Lahore.") in pairs  # a name copy…
    assert ("وہ لاہور میں رہتا ہے۔", "He lives in Lahore.") in pairs  # …beside the original
    counts = {s.name: (s.truecased, s.name_copies) for s in manifest.sources}
    assert counts["headlines"][0] == 1 and counts["news"][1] >= 2
    assert manifest.pairs == len(pairs) == 7 + sum(c for _, c in counts.values())


def test_expand_shorthand_writes_out_wire_forms_only():
    from translit.train.shorthand import expand_shorthand

    assert expand_shorthand("It paid 640 mln dlrs, or 15 cts a share.") == "It paid 640 million dollars, or 15 cents a share."
    assert expand_shorthand("A 100 mln dlr loan at 5 pct; Pct rose. BLN") == "A 100 million dollar loan at 5 percent; Percent rose. BILLION"
    # not shorthand: parts of other words, hyphenated codes, ordinary abbreviations
    for text in ("pctx mlns e-mln", "Smith vs Jones Co Inc", "PCT-based"):
        assert expand_shorthand(text) == text


def test_mix_writes_out_shorthand_when_the_recipe_asks(tmp_path):
    from conftest import write_source

    from translit.train.data import build_mix
    from translit.train.recipe import parse_recipe

    corpora = tmp_path / "corpora"
    write_source(corpora, "wire", [("اس نے 640 ملین ڈالر دیے۔", "It paid 640 mln dlrs."), ("قیمت 5 فیصد بڑھی۔", "Prices rose 5 pct.")])
    write_source(corpora, "plain", [("وہ گھر گیا۔", "He went home.")])
    (corpora / "MANIFEST.tsv").write_text(
        "name\tkind\tpairs\tdomain\tlicense\nwire\tsentences\t2\tgeneral: news\tCC0\nplain\tsentences\t1\tgeneral\tCC0\n",
        encoding="utf-8",
    )
    for on, expected in ((True, {"It paid 640 million dollars.", "Prices rose 5 percent."}), (False, {"It paid 640 mln dlrs.", "Prices rose 5 pct."})):
        recipe = parse_recipe({"name": "t", "corpora": str(corpora), "clean": {"shorthand": on}})
        manifest = build_mix(recipe, tmp_path / f"mix{on}", evalsets=tmp_path / "none")
        english = set((tmp_path / f"mix{on}/train.en").read_text(encoding="utf-8").splitlines())
        assert english == expected | {"He went home."}
        assert {s.name: s.shorthand for s in manifest.sources} == {"wire": 2 if on else 0, "plain": 0}


def test_repair_mojibake_puts_wrong_code_pages_right_and_leaves_good_text():
    from translit.train.mojibake import repair_mojibake

    assert repair_mojibake("Zimbabwe‚Äôs opposition challenges Mugabe‚Äôs win") == "Zimbabwe’s opposition challenges Mugabe’s win"
    assert repair_mojibake("NA President‚Äôs message") == "NA President’s message"
    assert repair_mojibake("â€œQuotedâ€\x9d words") == "“Quoted” words"
    assert repair_mojibake("Press for ‚Äėtitillating‚Äô reports (22 ‚Äď 28 June)") == "Press for ‘titillating’ reports (22 – 28 June)"
    for text in ("He went home.", "A café in Lahore’s “old” city — naïve, 5 °C", "Paris, São Paulo and Zürich"):
        assert repair_mojibake(text) == text


def test_mix_repairs_mojibake_when_the_recipe_asks(tmp_path):
    from conftest import write_source

    from translit.train.data import build_mix
    from translit.train.recipe import parse_recipe

    corpora = tmp_path / "corpora"
    write_source(corpora, "news", [("موگابے کی جیت", "Mugabe‚Äôs win"), ("وہ گھر گیا۔", "He went home.")])
    write_source(corpora, "clean", [("موگابے کی جیت", "Mugabe’s win")])  # the same pair, decoded right
    (corpora / "MANIFEST.tsv").write_text(
        "name\tkind\tpairs\tdomain\tlicense\nnews\tsentences\t2\tgeneral: news\tCC0\nclean\tsentences\t1\tgeneral\tCC0\n",
        encoding="utf-8")
    for on, fixed in ((True, "Mugabe’s win"), (False, "Mugabe‚Äôs win")):
        recipe = parse_recipe({"name": "t", "corpora": str(corpora), "clean": {"mojibake": on}})
        manifest = build_mix(recipe, tmp_path / f"mix{on}", evalsets=tmp_path / "none")
        assert set((tmp_path / f"mix{on}/train.en").read_text(encoding="utf-8").splitlines()) == {fixed, "He went home.", "Mugabe’s win"}
        assert manifest.sources[0].mojibake == (1 if on else 0)
        # repaired as it is read, so the repeat check sees the repaired English
        assert manifest.sources[1].dropped == ({"duplicate": 1} if on else {})
