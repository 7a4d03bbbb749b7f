"""Sharing a translation out over the pieces of a text (HTML inline tags, Word runs) when the
word links say little or nothing: no piece's markup and no untranslated separator is lost."""

from types import SimpleNamespace

from translit.formats.placement import proportional_owners, segments, share_out


def no_links(ur, en):
    return SimpleNamespace(links=[])


def test_with_no_links_every_piece_still_gets_its_share():
    pieces = ["تفصیل کے لیے ", "یہاں", " دیکھیں اور رائے دیں۔"]
    runs = segments(pieces, "See here for details.", no_links)
    assert {owner for owner, _ in runs} == {0, 1, 2}  # the link's piece (1) is not dropped
    assert " ".join(words for _, words in runs) == "See here for details."  # every word once, in order
    parts = share_out(pieces, "See here for details.", no_links)
    assert all(parts) and " ".join(parts).split() == "See here for details.".split()


def test_a_separator_the_translation_left_out_comes_back():
    pieces = ["سرورق", " | ", "ہمارے بارے میں"]
    assert share_out(pieces, "Home About us", no_links)[1] == "|"
    runs = segments(pieces, "Home About us", no_links)
    assert (1, "|") in runs and [o for o, _ in runs] == sorted(o for o, _ in runs)
    assert " ".join(share_out(pieces, "Home | About us", no_links)).split().count("|") == 1  # kept by the translation: not doubled


def test_proportional_owners_follow_the_urdu_word_counts():
    assert proportional_owners([["a"] * 3, ["b"], ["c"] * 4], 8) == [0, 0, 0, 1, 2, 2, 2, 2]


def test_a_number_the_translation_kept_is_not_doubled_and_a_separator_takes_no_english():
    pieces = ["سال ", "2024", " میں"]
    assert " ".join(share_out(pieces, "In 2024.", no_links)).count("2024") == 1  # "2024." holds it: not put in again
    assert " ".join(text for _, text in segments(pieces, "In 2024.", no_links)).count("2024") == 1
    runs = segments(["سرورق", " | ", "ہمارے بارے میں"], "Home About us", no_links)
    assert [text for owner, text in runs if owner == 1] == ["|"]  # the separator's own text, no English word
