"""The base of every converter: a checkpoint folder in, a complete translit model folder out.

A converter names its family, builds the CTranslate2 model spec of a checkpoint through
CTranslate2's public :class:`ctranslate2.converters.Converter` base (its ``_load`` is the hook a
converter implements), copies the tokenizer model(s), and writes a first card (where the model
came from, its position limit and decoding settings) that a fuller card may replace.
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from pathlib import Path


class VocabularyTokenizer:
    """Just what CTranslate2's Transformers loaders ask of a tokenizer: the vocabulary (ids in
    order) and the special tokens. Converters read the vocabulary from the checkpoint's files
    themselves, so conversion does not depend on how a transformers release builds tokenizers."""

    def __init__(self, tokens: list[str], eos: str = "</s>", unk: str = "<unk>", pad: str = "<pad>", bos: str = "<s>"):
        self.tokens = list(tokens)
        self._vocab = {tok: i for i, tok in enumerate(self.tokens)}
        self.eos_token, self.unk_token, self.pad_token, self.bos_token = eos, unk, pad, bos
        self.unk_token_id = self._vocab.get(unk, 0)
        self.special_tokens_map: dict = {}  # every token is in the vocabulary already

    def get_vocab(self) -> dict[str, int]:
        return dict(self._vocab)

    def convert_ids_to_tokens(self, index: int) -> str:
        return self.tokens[index]


class CheckpointConverter(ABC):
    """Convert one family's checkpoints; subclasses say how to build the spec and the card."""

    family: str = ""

    def __init__(self, source: Path):
        self.source = Path(source)

    def model_spec(self):
        """The CTranslate2 model spec of the checkpoint (weights, config, vocabulary), for
        families that build it themselves; others override :meth:`write_model`."""
        raise NotImplementedError

    def write_model(self, out_dir: Path, quantization: str) -> None:
        """Write the CTranslate2 model (model.bin, config, vocabulary) into ``out_dir``."""
        import ctranslate2.converters as conv

        spec_of = self.model_spec

        class _Converter(conv.Converter):
            def _load(self):
                return spec_of()

        _Converter().convert(str(out_dir), quantization=quantization, force=True)

    @abstractmethod
    def tokenizer_files(self) -> dict[str, Path]:
        """Tokenizer models to copy: name in the model folder → file in the checkpoint."""

    def card(self) -> dict:
        """What the model folder's card starts with."""
        return {"name": self.source.name, "source": str(self.source), "family": self.family}

    def convert(self, out_dir: Path, quantization: str = "int8") -> Path:
        """Write the model folder ``out_dir`` (replacing one that is there)."""
        import shutil

        out_dir = Path(out_dir)
        self.write_model(out_dir, quantization)
        for name, path in self.tokenizer_files().items():
            shutil.copyfile(path, out_dir / name)
        (out_dir / "card.json").write_text(json.dumps(self.card(), ensure_ascii=False), encoding="utf-8")
        return out_dir
