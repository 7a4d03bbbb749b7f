"""Marian checkpoints in Hugging Face form (OPUS-MT: ``Helsinki-NLP/opus-mt-ur-en``, the
Tatoeba ``urd-eng`` models): two SentencePiece models (``source.spm``, ``target.spm``) and one
vocabulary. CTranslate2's own Transformers converter reads them; translit adds the tokenizers
and a card that says where the model came from, its licence and languages.
"""

from __future__ import annotations

import re
from pathlib import Path

from translit.convert.base import CheckpointConverter
from translit.errors import ModelError
from translit.util.jsonfile import read_json


def readme_license(folder: Path) -> str:
    """The ``license:`` of a Hugging Face model card's front matter, or "" when it has none."""
    readme = folder / "README.md"
    if not readme.is_file():
        return ""
    text = readme.read_text(encoding="utf-8", errors="replace")
    front = re.match(r"---\n(.*?)\n---", text, re.DOTALL)
    found = re.search(r"^license:\s*(\S+)", front.group(1), re.MULTILINE) if front else None
    return found.group(1).strip("'\"") if found else ""


class MarianConverter(CheckpointConverter):
    family = "marian"

    def __init__(self, source: Path, languages: tuple[str, str] = ("ur", "en"), origin: str = ""):
        super().__init__(source)
        self.languages, self.origin = languages, origin or str(source)
        missing = [n for n in ("source.spm", "target.spm", "config.json") if not (self.source / n).is_file()]
        if missing:
            raise ModelError(f"{source}: not a Marian checkpoint (missing {', '.join(missing)})")

    def write_model(self, out_dir: Path, quantization: str) -> None:
        import ctranslate2.converters as conv

        from translit.util.hf import quiet_transformers

        quiet_transformers()
        conv.TransformersConverter(str(self.source)).convert(str(out_dir), quantization=quantization, force=True)

    def tokenizer_files(self) -> dict[str, Path]:
        return {"source.spm": self.source / "source.spm", "target.spm": self.source / "target.spm"}

    def card(self) -> dict:
        config = read_json(self.source / "config.json")
        return {
            "name": self.source.name, "family": self.family, "source": self.origin,
            "license": readme_license(self.source) or "see the model's source",
            "languages": {"source": self.languages[0], "target": self.languages[1]},
            "max_positions": int(config.get("max_position_embeddings", 512)),
        }
