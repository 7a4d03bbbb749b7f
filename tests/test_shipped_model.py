"""The shipped model folder loads and translates the project's example document, shape kept."""

from pathlib import Path

import pytest

from translit.model import DEFAULT_MODEL, resolve_model, shipped_models_dir

REPO_MODELS = shipped_models_dir()

EXAMPLE = Path(__file__).resolve().parents[1] / "corpora" / "examples" / "lahore.ur.txt"
pytestmark = pytest.mark.skipif(not (REPO_MODELS / DEFAULT_MODEL / "model.bin").exists(), reason="no shipped model")


def test_card_is_complete():
    folder = resolve_model(None)
    card = folder.card
    assert card["name"] == DEFAULT_MODEL
    assert {s["testset"] for s in card["scores"]} == {"flores200-dev", "tico19-dev"}
    assert all(s["license"] for s in card["data"]["sources"])
    assert (folder.path / "weights" / "model.safetensors").is_file()
    assert sum(p.stat().st_size for p in folder.path.iterdir() if p.is_file()) < 60e6


@pytest.mark.slow
def test_translates_example_document():
    from translit.translate import Translator

    text = EXAMPLE.read_text(encoding="utf-8")
    doc = Translator(threads=2).translate_document(text)
    paragraphs = [line for line in text.splitlines() if line.strip()]
    assert len(doc.translation.splitlines()) == len(paragraphs)
    for p in doc.paragraphs:
        for s in p.sentences:
            assert text[s.start : s.end] == s.source and s.translation.strip()


@pytest.mark.slow
def test_glossary_names_come_through():
    """Names the corpora lack reach the translation through a user's glossary."""
    from translit.glossary import Glossary
    from translit.translate import Translator

    ur = "نیوزی لینڈ کی وزیر اعظم جیسنڈا آرڈرن اور کینیڈا کے وزیر اعظم جسٹن ٹروڈو نے ویلنگٹن میں ملاقات کی۔"
    glossary = Glossary.from_pairs([("جیسنڈا آرڈرن", "Jacinda Ardern"), ("جسٹن ٹروڈو", "Justin Trudeau"), ("ویلنگٹن", "Wellington")])
    with_names = Translator(threads=2, glossary=glossary).translate([ur])[0]
    assert all(name in with_names for name in ("Jacinda Ardern", "Justin Trudeau", "Wellington")), with_names
    # the shipped model's own names list is mined from the corpora (`translit train names`), not hand-made
    shipped = Translator(threads=2)
    assert shipped.folder.names.read_text(encoding="utf-8").startswith("# Names glossary mined from the real parallel corpora")
    assert len(shipped.glossary) > 1000 and len(Translator(threads=2, names=False).glossary) == 0


@pytest.mark.slow
def test_glossary_names_survive_long_sentences():
    """A name in a long comma-less sentence, which the small model tends to drop, is decoded back in."""
    from translit.bench.terms import CARRIERS
    from translit.glossary import Glossary, term_count
    from translit.translate import Translator

    long_carriers = [c for c in CARRIERS if len(c.split()) > 30]
    names = {"جیسنڈا آرڈرن": "Jacinda Ardern", "ویلنگٹن": "Wellington", "گرین پیس": "Greenpeace"}
    sentences = [(c.format(ur), en) for c in long_carriers for ur, en in names.items()]
    out = Translator(threads=2, glossary=Glossary(names)).translate([ur for ur, _ in sentences])
    assert len(long_carriers) >= 2
    for (_, en), translation in zip(sentences, out):
        assert term_count(translation, en) >= 1, translation


@pytest.mark.skipif(not (REPO_MODELS / "en-ur-base" / "model.bin").exists(), reason="no shipped en-ur model")
def test_the_back_translation_model_writes_urdu():
    """The English→Urdu model (issue 16's back-translation model) says so in its card, keeps the
    shipped vocabulary and weights to continue from, and turns English into Urdu script."""
    from translit.translate import Translator

    folder = resolve_model("en-ur-base")
    assert folder.card["languages"] == {"source": "en", "target": "ur"}
    assert {s["testset"] for s in folder.card["scores"]} == {"flores200-dev", "tico19-dev"}
    assert (folder.path / "weights" / "model.safetensors").is_file()
    assert (folder.path / "spm.model").read_bytes() == (resolve_model(None).path / "spm.model").read_bytes()
    out = Translator("en-ur-base", threads=1).translate("The minister said the school will open on Monday.")
    assert sum("\u0600" <= c <= "\u06ff" for c in out) > len(out) / 2
