"""Build ``tests/data/tiny``: the tiny model most tests translate with, so that they run without
the training extra and read the same model on every machine.

It is made by the real pipeline (synthetic corpus → SentencePiece → Marian → CTranslate2 int8 +
card) from the corpus and recipe in ``tests/conftest.py``, with the CPU settings pinned there.
Rebuild it when the pipeline, the export or the recipe changes:

    python tests/build_tiny_model.py
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from conftest import TINY_MODEL, TINY_RECIPE, write_corpus  # noqa: E402  (conftest pins the CPU paths first)


def main() -> None:
    from translit.train.export import export_model
    from translit.train.recipe import load_recipe
    from translit.train.trainer import train

    with tempfile.TemporaryDirectory(prefix="translit-tiny-") as tmp:
        root = Path(tmp)
        corpora = write_corpus(root / "shared")
        recipe_path = root / "tiny.toml"
        recipe_path.write_text(TINY_RECIPE.format(corpora=corpora), encoding="utf-8")
        recipe = load_recipe(recipe_path)
        for _ in train(recipe, root / "run"):
            pass
        out = root / "tiny"
        export_model(recipe, root / "run", out, corpora.parent / "evalsets")
        shutil.rmtree(TINY_MODEL, ignore_errors=True)
        shutil.copytree(out, TINY_MODEL)
    size = sum(p.stat().st_size for p in TINY_MODEL.rglob("*") if p.is_file())
    print(f"wrote {TINY_MODEL} ({size / 1000:.0f} kB)")


if __name__ == "__main__":
    main()
