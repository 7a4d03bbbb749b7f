"""Checkpoints written by translit's own trainer: a Hugging Face Marian checkpoint with a joint
SentencePiece model (``spm.model``) and its vocabulary (``vocab.json``, ``<pad>`` last).

Stock Marian conversion drops ``<pad>`` and starts decoding from a zero vector, which equals
Hugging Face's start only while the pad row of the embedding is zero. Our output layer shares
that matrix, so training moves the pad row; starting from zero then garbles the first word of
every translation. This converter keeps ``<pad>`` as the decoder's start token, so CTranslate2
decodes exactly as the model was trained (``<pad>`` is never a training label, so it is never
generated).
"""

from __future__ import annotations

from pathlib import Path

from translit.convert.base import CheckpointConverter, VocabularyTokenizer
from translit.util.jsonfile import read_json

EOS, UNK, PAD = "</s>", "<unk>", "<pad>"  # the special pieces our trainer's vocabulary holds (translit.train.tokenizer)


def _pad_start_loader():
    """CTranslate2's Marian loader, but the decoder starts from the ``<pad>`` embedding."""
    from ctranslate2.converters import transformers as ct2

    class PadStartMarianLoader(ct2.MarianMTLoader):
        def get_model_spec(self, model):
            model.config.normalize_before = False
            model.config.normalize_embedding = False
            return ct2.BartLoader.get_model_spec(self, model)  # keeps the pad row

        def set_config(self, config, model, tokenizer):
            super().set_config(config, model, tokenizer)
            config.decoder_start_token = tokenizer.pad_token

        def set_decoder(self, spec, decoder):
            ct2.BartLoader.set_decoder(self, spec, decoder)  # start_from_zero_embedding stays off

        def get_vocabulary(self, model, tokenizer):
            return ct2.BartLoader.get_vocabulary(self, model, tokenizer)  # keeps <pad>

    return PadStartMarianLoader()


class OwnCheckpointConverter(CheckpointConverter):
    """A checkpoint of translit's trainer (``save_hf_checkpoint``) → a model folder."""

    family = "translit"

    def __init__(self, source: Path, decoding: dict | None = None, direction: str = "ur-en"):
        super().__init__(source)
        self.decoding = decoding or {}
        self.direction = direction

    def model_spec(self):
        import torch
        from transformers import MarianMTModel

        tokens = read_json(self.source / "vocab.json")
        with torch.no_grad():
            model = MarianMTModel.from_pretrained(self.source, dtype="auto")  # as stored: quantized from the same numbers
            return _pad_start_loader()(model, VocabularyTokenizer(sorted(tokens, key=tokens.get)))

    def tokenizer_files(self) -> dict[str, Path]:
        return {"spm.model": self.source / "spm.model"}

    def card(self) -> dict:
        config = read_json(self.source / "config.json")
        # the search settings the model is meant to be used with (recipe [decoding]); replaced by the full card at export
        source, target = self.direction.split("-")
        return {"name": self.source.name, "languages": {"source": source, "target": target},
                "max_positions": config["max_position_embeddings"], "decoding": self.decoding}
