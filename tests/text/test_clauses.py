from translit.text.clauses import join_clause_translations, split_clauses


def test_split_keeps_each_clause_with_its_mark():
    text = "روس نے کہا، ایران نے مانا؛ بات ختم ہوئی۔"
    assert split_clauses(text) == ["روس نے کہا،", "ایران نے مانا؛", "بات ختم ہوئی۔"]
    assert " ".join(split_clauses(text)) == text
    assert split_clauses("ایک جملہ۔") == ["ایک جملہ۔"]


def test_join_turns_a_clause_full_stop_into_its_comma():
    sources = ["روس نے کہا،", "ایران نے مانا؛", "بات ختم ہوئی۔"]
    assert join_clause_translations(sources, ["Russia said.", "Iran agreed.", "It ended."]) == "Russia said, Iran agreed; it ended."
    # a clause translation without a mark gets the source's; an abbreviation's stop stays
    assert join_clause_translations(["الف،", "ب۔"], ["He went to the U.S.", "Then came back."]) == "He went to the U.S. then came back."
    assert join_clause_translations(["الف،", "ب۔"], ["Moscow", "Putin spoke."]) == "Moscow, Putin spoke."


def test_join_lowercases_words_only_a_sentence_start_capitalised():
    sources = ["الف،", "ب،", "ج۔"]
    out = join_clause_translations(sources, ["He said,", "Which Moscow denied,", "\"The talks go on.\""])
    assert out == "He said, which Moscow denied, \"the talks go on.\""
    assert join_clause_translations(["الف،", "ب۔"], ["He said,", "Iran agreed."]) == "He said, Iran agreed."
    assert join_clause_translations(["الف،", "ب۔"], ["He said,", "I agree."]) == "He said, I agree."
    # words English writes lower-case inside sentences (the shipped case table's counts)…
    assert join_clause_translations(["الف،", "ب۔"], ["It rained,", "Therefore people stayed."]) == "It rained, therefore people stayed."
    assert join_clause_translations(["الف،", "ب۔"], ["In 3 months,", "Thousands left."]) == "In 3 months, thousands left."
    # …but not names, nor words that are also names often enough ("New" York, "Bill")
    for first in ("Paris was calm.", "Bill was wet.", "New York slept."):
        assert join_clause_translations(["الف،", "ب۔"], ["Later,", first]) == f"Later, {first}"


def test_case_table_counts_words_inside_sentences():
    from translit.text.casing import usually_lower

    assert usually_lower("Therefore") and usually_lower("people") and usually_lower("Specifically")
    assert not usually_lower("Paris") and not usually_lower("May") and not usually_lower("Xqzzyv")
    assert not usually_lower("therefore", ratio=1e9)  # the threshold is the caller's


def test_join_of_one_chunk_is_its_translation_and_empty_parts_vanish():
    assert join_clause_translations(["الف۔"], [" It is. "]) == "It is."
    assert join_clause_translations(["الف،", "ب۔"], ["", "It is."]) == "It is."


def test_case_table_build_counts_words_after_the_first(tmp_path, monkeypatch):
    """scripts/build_english_case.py over a corpora folder and a mono-en folder: a word's case is
    counted only where it is not a sentence's first word; names (capitalised as often) are left out."""
    import gzip
    import importlib.util
    from pathlib import Path

    from conftest import write_source

    from translit.text import casing

    spec = importlib.util.spec_from_file_location("build_english_case", Path(__file__).parents[2] / "scripts/build_english_case.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    corpora, mono = tmp_path / "corpora", tmp_path / "mono-en"
    write_source(corpora, "news", [("ا", "Therefore we met Ali in the town.")] * 3)
    (corpora / "MANIFEST.tsv").write_text("name\tkind\tpairs\tdomain\tlicense\nnews\tsentences\t3\tgeneral: news\tCC0\n", encoding="utf-8")
    (mono / "wire").mkdir(parents=True)
    with gzip.open(mono / "wire/wire.en.gz", "wt", encoding="utf-8") as f:
        f.write("Then, therefore, Ali left town.\n" * 5)
    (mono / "MANIFEST.tsv").write_text("name\tsentences\tdomain\tlicense\nwire\t5\tnews\tresearch\n", encoding="utf-8")
    out = tmp_path / "english_case.tsv.gz"
    script.build(corpora, mono, out)
    rows = {line.split("\t")[0]: line.split("\t")[1:] for line in gzip.open(out, "rt", encoding="utf-8").read().splitlines()}
    assert rows["therefore"] == ["5", "0"]  # the 3 sentence-initial "Therefore" are not counted
    assert rows["town"] == ["8", "0"] and "ali" not in rows and "then" not in rows  # a name; seen first only
    monkeypatch.setattr(casing, "TABLE_PATH", out)
    casing._table.cache_clear()
    try:
        assert casing.usually_lower("Therefore") and not casing.usually_lower("Ali")
    finally:
        casing._table.cache_clear()
