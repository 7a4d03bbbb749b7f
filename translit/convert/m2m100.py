"""M2M-100 checkpoints (``facebook/m2m100_418M``, ``_1.2B``): a fairseq dictionary
(``vocab.json``) over one SentencePiece model, language tokens ``__ur__`` / ``__en__``."""

from __future__ import annotations

from translit.convert.multilingual import MultilingualConverter, dense_tokens, listed_special_tokens
from translit.errors import ModelError
from translit.util.jsonfile import read_json


class M2M100Converter(MultilingualConverter):
    family = "m2m100"
    title = "M2M-100"
    model_class = "M2M100ForConditionalGeneration"
    example_code = "__ur__"

    def token_of(self, code: str) -> str:
        return code if code.startswith("__") else f"__{code}__"

    def layout_vocabulary(self) -> list[str]:
        """``vocab.json``, then the language tokens in the order the tokenizer lists them (the
        8 made-up words that pad the embedding are CTranslate2's loader's to add)."""
        path = self.source / "vocab.json"
        if not path.is_file():
            raise ModelError(f"{self.source}: not an M2M-100 checkpoint (missing vocab.json)")
        tokens = dense_tokens(read_json(path), path)
        codes = [t for t in listed_special_tokens(self.source) if t not in set(tokens)]
        if not codes:
            raise ModelError(f"{self.source}: no language tokens in special_tokens_map.json")
        return tokens + codes

    def loader(self):
        from ctranslate2.converters.transformers import M2M100Loader

        return M2M100Loader()
