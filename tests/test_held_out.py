"""The adaptation benchmark's test (the last 2 000 lines of reviews_mixed) never reaches a reader
of training data: not the mix, not one side read alone, whatever weight a recipe gives it."""

import gzip

from translit.datasets import HELD_OUT_LAST, read_manifest, read_pairs, read_side


def _corpus(root, name, n):
    folder = root / name
    folder.mkdir(parents=True)
    for side in ("ur", "en"):
        with gzip.open(folder / f"{name}.{side}.gz", "wt", encoding="utf-8") as f:
            f.writelines(f"{side} {i}\n" for i in range(n))
    return f"{name}\tsentences\t{n}\treviews\tresearch\n"


def test_the_last_lines_of_a_held_out_source_are_never_read_for_training(tmp_path):
    held = HELD_OUT_LAST["reviews_mixed"]
    rows = _corpus(tmp_path, "reviews_mixed", held + 25) + _corpus(tmp_path, "other", 30)
    (tmp_path / "MANIFEST.tsv").write_text("name\tkind\tpairs\tdomain\tlicense\n" + rows, encoding="utf-8")
    reviews, other = read_manifest(tmp_path)
    train = list(read_pairs(reviews))
    assert train == [(f"ur {i}", f"en {i}") for i in range(25)]
    assert list(read_side(reviews, "en")) == [f"en {i}" for i in range(25)]
    test = list(read_pairs(reviews, held_out=True))
    assert len(test) == held and test[0] == ("ur 25", "en 25") and test[-1][1] == f"en {held + 24}"
    assert len(list(read_pairs(other))) == 30 and list(read_pairs(other, held_out=True)) == []


def test_a_recipe_mix_leaves_the_held_out_lines_out(tmp_path):
    from translit.train.data import mix_pairs
    from translit.train.recipe import parse_recipe

    held = HELD_OUT_LAST["reviews_mixed"]
    folder = tmp_path / "reviews_mixed"
    folder.mkdir()
    lines = [(f"یہ جملہ نمبر ہے {i}", f"This is sentence number {i}") for i in range(held + 40)]
    for side, k in (("ur", 0), ("en", 1)):
        with gzip.open(folder / f"reviews_mixed.{side}.gz", "wt", encoding="utf-8") as f:
            f.writelines(pair[k] + "\n" for pair in lines)
    (tmp_path / "MANIFEST.tsv").write_text(
        f"name\tkind\tpairs\tdomain\tlicense\nreviews_mixed\tsentences\t{len(lines)}\treviews\tresearch\n", encoding="utf-8")
    recipe = parse_recipe({"name": "t", "corpora": str(tmp_path), "mix": {"weights": {"reviews_mixed": 3}}})
    pairs, _ = mix_pairs(recipe, evalsets=tmp_path / "none")
    numbers = {int(en.rsplit(" ", 1)[1]) for _, en in pairs}
    assert numbers == set(range(40))
