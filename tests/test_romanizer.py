"""Romanisation: transliteration mining, the learned spelling model, the shipped model, the command."""

import gzip
import json
import random

import pytest
from typer.testing import CliRunner

from translit.cli import app
from translit.errors import ModelError
from translit.romanizer import RomanizedWord, load_romanizer, romanize, romanize_word, romanize_words
from translit.romanizer.evaluate import score_spellings
from translit.romanizer.mining import is_transliteration, mine, skeleton_similarity
from translit.romanizer.transducer import Romanizer, segment, train_emissions

SYLLABLES = {"کا": "ka", "ری": "ri", "مو": "mo", "نا": "na", "لی": "li", "سا": "sa", "تو": "tu", "بی": "bi", "دا": "da", "گو": "go"}


def synthetic_pairs(n: int, seed: int) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    keys = list(SYLLABLES)
    pairs = set()
    while len(pairs) < n:
        parts = rng.sample(keys, rng.randint(2, 3))
        pairs.add(("".join(parts), "".join(SYLLABLES[p] for p in parts)))
    return sorted(pairs)


def test_mining_keeps_transliterations_not_translations():
    assert is_transliteration("پاکستان", "pakistan")
    assert is_transliteration("کمپیوٹر", "computer")
    assert not is_transliteration("کتاب", "book")
    assert not is_transliteration("پانی", "water")
    assert not is_transliteration("پاکستان", "Pakistan!")  # not a plain lower-case word
    assert skeleton_similarity("ماسکو", "moscow") == 1.0
    assert mine([("ماسکو", "Moscow"), ("ماسکو", "moscow"), ("شہر", "city")]) == [("ماسکو", "moscow")]


def test_em_learns_letter_emissions():
    pairs = synthetic_pairs(150, seed=1)
    table = train_emissions(pairs, iterations=6)
    # ک is always followed by ا here, so "k"+"a" and "ka"+"" explain the data equally well
    assert {p for p, v in table["ک"].items() if v > 0.1} <= {"k", "ka"}
    assert {p for p, v in table["ر"].items() if v > 0.1} <= {"r", "ri"}
    pieces = segment(table, "کاری", "kari")
    assert len(pieces) == 4 and "".join(pieces) == "kari" and pieces[0].startswith("k") and pieces[2].startswith("r")
    assert segment(table, "کا", "kaxyzw") is None  # more letters than two Urdu letters can emit


def test_trained_model_spells_unseen_words():
    pairs = synthetic_pairs(300, seed=2)
    train, held_out = pairs[::2], pairs[1::2]
    model = Romanizer.train(train, iterations=6)
    scores = score_spellings(model, held_out)
    assert scores["exact"] >= 0.8 and scores["cer"] < 0.1
    assert model.spellings("")[:1] == [] and model.spellings("xyz") == []  # nothing it can spell


def test_save_and_load_round_trip(tmp_path):
    model = Romanizer.train(synthetic_pairs(100, seed=3), iterations=4, lm_weight=0.4, length_bonus=0.7)
    model.info = {"pairs": 100}
    path = tmp_path / "romanizer.json.gz"
    model.save(path)
    again = Romanizer.load(path)
    assert (again.lm_weight, again.length_bonus, again.info) == (0.4, 0.7, {"pairs": 100})
    for word in ("کاری", "موناگو", "لیسا"):
        assert again.spellings(word, n=3) == model.spellings(word, n=3)
    path.write_bytes(gzip.compress(b'{"format": "something else"}'))
    with pytest.raises(ModelError, match="not a translit-romanizer"):
        Romanizer.load(path)
    path.write_bytes(b"\x1f\x8b truncated")
    with pytest.raises(ModelError, match="cannot read romanizer"):
        Romanizer.load(path)


def test_shipped_model_spells_names():
    assert load_romanizer().info["pairs"] > 1000
    assert romanize_word("پاکستان")[0].text == "pakistan"
    assert romanize_word("ٹرمپ")[0].text == "trump"
    assert "muhammad" in [s.text for s in romanize_word("محمد", n=3)]


def test_romanize_keeps_everything_that_is_not_urdu():
    text = "Putin (پوتن) نے 2025 میں کہا، «ٹرمپ»!"
    out = romanize(text)
    assert not any("\u0600" <= ch <= "\u06ff" and ch not in "،" for ch in out)
    assert out.startswith("Putin (") and "2025" in out and out.endswith("»!") and "trump" in out
    assert romanize("پاکستان", capitalize=True) == "Pakistan"
    assert romanize("") == "" and romanize("Hello, world.") == "Hello, world."
    normalized, words = romanize_words("ٹرمپ اور پوتن", n=2)
    assert [w.word for w in words] == ["ٹرمپ", "اور", "پوتن"]
    assert all(isinstance(w, RomanizedWord) and normalized[w.start : w.end] == w.word and len(w.spellings) == 2 for w in words)


def test_capitalize_leaves_ordinary_words_lower_case():
    """Function words and ordinary words are not names (issue 42): "اور" is "and", not "Or"."""
    from translit.romanizer import ordinary_word

    out = romanize("اور پاکستان کے صدر نے لاہور میں کہا", capitalize=True).split()
    assert [w[0].isupper() for w in out] == [False, True, False, False, False, True, False, False]
    assert ordinary_word("اور") and ordinary_word("وزیر") and not ordinary_word("ماسکو") and not ordinary_word("زیلنسکییی")


def test_cli_romanize_lines_and_json(tmp_path):
    runner = CliRunner()
    result = runner.invoke(app, ["romanize", "--capitalize"], input="پاکستان\n\nPutin ٹرمپ\n")
    assert result.exit_code == 0, result.output
    assert result.stdout.split("\n") == ["Pakistan", "", "Putin Trump", ""]
    source = tmp_path / "names.txt"
    source.write_text("ٹرمپ\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["romanize", str(source), "--json", "--nbest", "2", "-o", str(out)])
    assert result.exit_code == 0, result.output
    record = json.loads(out.read_text(encoding="utf-8"))
    assert record["romanized"] == "trump" and record["words"][0]["spellings"][0]["text"] == "trump"
    assert len(record["words"][0]["spellings"]) == 2


def test_cli_romanize_bad_input(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00")
    result = CliRunner().invoke(app, ["romanize", str(bad)])
    assert result.exit_code != 0 and "invalid UTF-8" in result.stderr
    missing = CliRunner().invoke(app, ["romanize", str(tmp_path / "none.txt")])
    assert missing.exit_code != 0 and "not found" in missing.stderr
    # bad bytes after good lines: output is streamed, so -o must not keep a half file
    late = tmp_path / "late.txt"
    late.write_bytes("ٹرمپ\n".encode() * 3 + b"\xff\n")
    out = tmp_path / "out.txt"
    out.write_text("old\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["romanize", str(late), "-o", str(out)])
    assert result.exit_code != 0 and "byte 27" in result.stderr
    assert out.read_text(encoding="utf-8") == "old\n" and sorted(p.name for p in tmp_path.iterdir()) == ["bad.txt", "late.txt", "out.txt"]


def test_a_run_longer_than_any_word_is_spelled_in_pieces():
    """A joined-up line of letters is spelled piece by piece (time linear in its length)."""
    import random

    from translit.romanizer import romanize_word
    from translit.romanizer.transducer import MAX_WORD

    rng = random.Random(5)
    letters = "ابپتٹجچدڈرڑزسشکگلمنوہی"
    word = "".join(rng.choice(letters) for _ in range(40 * MAX_WORD + 7))
    [best] = romanize_word(word)
    first = romanize_word(word[:MAX_WORD])[0].text
    assert best.text.startswith(first) and len(best.text) > len(word) / 2
