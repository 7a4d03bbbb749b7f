"""One name, one spelling per document (translit.translate.consistency): the model's attention
says which English words an Urdu word became; alike spellings of one name are made one."""

from translit.translate.consistency import make_consistent
from translit.translate.records import ForcedDecoding


def _forced(pairs):
    """Attention that links each Urdu word to the English word at the same position."""
    out = []
    for ur, en in pairs:
        src, tgt = [f"▁{w}" for w in ur.split()], [f"▁{w}" for w in en.split()]
        rows = [[1.0 if i == min(j, len(src) - 1) else 0.0 for i in range(len(src))] for j in range(len(tgt))]
        out.append(ForcedDecoding(src, tgt, rows))
    return out


def test_alike_spellings_of_one_name_become_the_most_written_one():
    sources = ["کل پیزشکیان آئے", "پھر پیزشکیان گئے", "اب پیزشکیان بولے", "وہاں پیزشکیان تھے"]
    translations = ["Yesterday Pazciian came", "Then Passchyan, left", "Now Passchyan's spoke", "There Pizishkian was"]
    out, changes = make_consistent(sources, translations, _forced)
    assert out == ["Yesterday Passchyan came", "Then Passchyan, left", "Now Passchyan's spoke", "There Passchyan was"]
    assert [[(c.before, c.after) for c in ch] for ch in changes] == [[("Pazciian", "Passchyan")], [], [], [("Pizishkian", "Passchyan")]]


def test_different_names_and_ordinary_words_are_left_alone():
    # the same Urdu word linked to two unlike names (a wrong link, or two people): nothing changes
    out, changes = make_consistent(["کل علی آئے", "پھر علی گئے"], ["Yesterday Ali came", "Then Moscow left"], _forced)
    assert out == ["Yesterday Ali came", "Then Moscow left"] and changes == [[], []]
    # a spelling English writes is never changed ("Olympic" stays, though "Olympicus" is written more)
    out, _ = make_consistent(["یہ اولمپک تھا", "وہ اولمپک تھا", "اب اولمپک ہے"], ["The Olympic was", "The Olympicus was", "Now Olympicus is"], _forced)
    assert out == ["The Olympic was", "The Olympic was", "Now Olympic is"]
    # capitalised words English writes lower-case are no names ("These" and "This" at a start)
    out, _ = make_consistent(["یہ لڑکا آیا اور پیرس", "یہ لڑکے آئے اور پیرس"], ["This boy came Paris", "These boys came Paris"], _forced)
    assert out == ["This boy came Paris", "These boys came Paris"]


def test_a_document_gets_one_spelling_through_the_translator(tiny_model):
    from translit.translate import Translator
    from translit.translate.options import DecodingOptions

    translator = Translator(tiny_model, threads=1, workers=1)
    doc = "لڑکا کتاب ہے۔ لڑکا گھر ہے۔\nلڑکا پانی ہے۔"
    on, off = translator.translate_document(doc), translator.translate_document(doc, DecodingOptions(consistent_names=False))
    assert all(not s.respelled for p in off.paragraphs for s in p.sentences)
    changed = [s for p in on.paragraphs for s in p.sentences if s.respelled]
    assert on.translation == off.translation or changed  # a change is always reported
