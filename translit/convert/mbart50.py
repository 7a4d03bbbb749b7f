"""mBART-50 translation checkpoints (``facebook/mbart-large-50-many-to-many-mmt``,
``…-many-to-one-mmt``): language codes ``ur_PK`` / ``en_XX``, decoding started from ``</s>``
with the target code forced first (mBART-25 models, which end the source with its code, are not
translation models and are refused)."""

from __future__ import annotations

from pathlib import Path

from translit.convert.multilingual import MultilingualConverter
from translit.errors import ModelError

CODES = {
    "ur": "ur_PK", "en": "en_XX", "hi": "hi_IN", "ar": "ar_AR", "fa": "fa_IR", "ps": "ps_AF", "bn": "bn_IN",
    "fr": "fr_XX", "de": "de_DE", "es": "es_XX", "ru": "ru_RU", "tr": "tr_TR", "zh": "zh_CN",
}


class MBart50Converter(MultilingualConverter):
    family = "mbart50"
    title = "mBART-50"
    model_class = "MBartForConditionalGeneration"
    codes = CODES
    example_code = "ur_PK"

    def __init__(self, source: Path, languages: tuple[str, str] = ("ur", "en"), origin: str = ""):
        super().__init__(source, languages, origin)
        if not str(self.config.get("tokenizer_class") or "").startswith("MBart50"):
            raise ModelError(f"{source}: an mBART checkpoint without tokenizer_class MBart50Tokenizer: only mBART-50 translation models are converted")

    def loader(self):
        from ctranslate2.converters.transformers import MBartLoader

        class PreNormMBartLoader(MBartLoader):
            def get_model_spec(self, model):
                # mBART normalises before each block and after the embeddings; its config says
                # neither (CTranslate2's loader asks the config, as for BART, which does not)
                model.config.normalize_before = True
                model.config.normalize_embedding = True
                return super().get_model_spec(model)

        return PreNormMBartLoader()
