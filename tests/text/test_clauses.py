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
