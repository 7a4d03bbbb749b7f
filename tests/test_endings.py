"""Putting back the closing mark a translation dropped (translit.text.endings)."""

import pytest

from translit.text.endings import closing_mark, restore_sentence_end


@pytest.mark.parametrize(
    ("source", "translation", "expected"),
    [
        ("لاہور پاکستان کا دوسرا بڑا شہر ہے۔", "Lahore is the second largest city of Pakistan", "Lahore is the second largest city of Pakistan."),
        ("کیا آپ آئیں گے؟", "Will you come", "Will you come?"),
        ("واہ!", "Wow", "Wow!"),
        ("اس نے کہا: ”چلو۔“", "He said let's go", "He said let's go."),  # the mark inside closing quotes
        ("قیمت 45 روپے ہے۔", "The price is 45", "The price is 45."),
        ("He left.", "وہ چلا گیا", "وہ چلا گیا۔"),  # English → Urdu: the Urdu full stop
        ("Is he here?", "کیا وہ یہاں ہے", "کیا وہ یہاں ہے؟"),
        ("ہے۔", "Done  \n", "Done.  \n"),  # trailing whitespace kept after the mark
    ],
)
def test_a_dropped_mark_is_put_back_in_the_translations_script(source, translation, expected):
    assert restore_sentence_end(source, translation) == expected


@pytest.mark.parametrize(
    ("source", "translation"),
    [
        ("لاہور کا تعارف", "Introduction of Lahore"),  # a heading: no mark in the source
        ("وہ آیا۔", "He came."),  # the mark is there
        ("وہ آیا۔", "He came!"),  # another mark: the model's choice stands
        ("اور پھر۔۔۔", "And then"),  # an ellipsis is not a sentence end
        ("وہ آیا...", "He came"),
        ("اس نے کہا ”چلو۔“", 'He said "let\'s go"'),  # the translation ends in a quote
        ("وہ آیا۔", ""),  # nothing translated: nothing added
        ("آمدنی، اخراجات،", "Income, expenses"),  # a clause's comma is no sentence end
    ],
)
def test_nothing_is_added_where_no_mark_was_dropped(source, translation):
    assert restore_sentence_end(source, translation) == translation


def test_closing_mark():
    assert closing_mark("ہے۔ ") == "۔" and closing_mark("(کیوں؟)") == "؟"
    assert closing_mark("ہے") is None and closing_mark("") is None and closing_mark("۔۔۔") is None
