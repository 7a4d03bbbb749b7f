"""NLLB-200 checkpoints (``facebook/nllb-200-distilled-600M`` and its kin): an M2M-100 network
whose language codes name the script too (``urd_Arab``, ``eng_Latn``)."""

from __future__ import annotations

from translit.convert.multilingual import MultilingualConverter

CODES = {
    "ur": "urd_Arab", "en": "eng_Latn", "hi": "hin_Deva", "ar": "arb_Arab", "fa": "pes_Arab", "pa": "pan_Guru",
    "ps": "pbt_Arab", "sd": "snd_Arab", "ks": "kas_Arab", "bn": "ben_Beng", "fr": "fra_Latn", "de": "deu_Latn",
    "es": "spa_Latn", "ru": "rus_Cyrl", "tr": "tur_Latn", "zh": "zho_Hans",
}


class NllbConverter(MultilingualConverter):
    family = "nllb"
    title = "NLLB-200"
    model_class = "M2M100ForConditionalGeneration"
    codes = CODES
    example_code = "urd_Arab"

    def loader(self):
        from ctranslate2.converters.transformers import M2M100Loader

        return M2M100Loader()
