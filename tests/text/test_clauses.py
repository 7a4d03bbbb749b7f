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


def test_join_lowercases_function_words_only():
    sources = ["الف،", "ب،", "ج۔"]
    out = join_clause_translations(sources, ["He said,", "Which Moscow denied,", "\"The talks go on.\""])
    assert out == "He said, which Moscow denied, \"the talks go on.\""
    assert join_clause_translations(["الف،", "ب۔"], ["He said,", "Iran agreed."]) == "He said, Iran agreed."
    assert join_clause_translations(["الف،", "ب۔"], ["He said,", "I agree."]) == "He said, I agree."


def test_join_of_one_chunk_is_its_translation_and_empty_parts_vanish():
    assert join_clause_translations(["الف۔"], [" It is. "]) == "It is."
    assert join_clause_translations(["الف،", "ب۔"], ["", "It is."]) == "It is."
