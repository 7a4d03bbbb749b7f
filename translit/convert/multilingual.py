"""The base of the many-language families (NLLB-200, M2M-100, mBART-50): one SentencePiece model,
a vocabulary with language tokens, and a translation asked for by tokens, not by model.

Such a model reads ``[source language token] pieces </s>`` and is made to write the target
language by forcing its token as the first target piece. The converter finds both tokens for the
languages asked (ISO codes such as ``ur``/``en``, or the family's own codes such as ``urd_Arab``)
and writes them into the card (``source_prefix``, ``target_prefix``), where the engine reads them.

The vocabulary is read from the checkpoint's files, in the order of the model's embedding rows:
``tokenizer.json`` when the checkpoint has one (the exact list, added tokens included), otherwise
the family's layout (:meth:`MultilingualConverter.layout_vocabulary`).
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

from translit.convert.base import CheckpointConverter, VocabularyTokenizer
from translit.convert.marian import readme_license
from translit.errors import ModelError
from translit.util.jsonfile import read_json

SPM_NAME = "sentencepiece.bpe.model"
FAIRSEQ_SPECIALS = ["<s>", "<pad>", "</s>", "<unk>"]  # ids 0–3; SentencePiece's own 0–2 shift up by one


def tokenizer_json_vocabulary(path: Path) -> list[str]:
    """Tokens in id order from a ``tokenizers`` file: the model's vocabulary plus added tokens."""
    data = read_json(path)
    try:
        vocab = (data.get("model") or {}).get("vocab")
        if isinstance(vocab, list):  # Unigram: [[piece, score], …] in id order
            ids = {str(entry[0]): i for i, entry in enumerate(vocab)}
        elif isinstance(vocab, dict):  # BPE / WordPiece: {piece: id}
            ids = dict(vocab)
        else:
            raise ModelError(f"{path}: no model vocabulary")
        for added in data.get("added_tokens") or []:
            ids[str(added["content"])] = added["id"]
    except (AttributeError, KeyError, TypeError, IndexError):
        raise ModelError(f"{path}: not a tokenizers file (its model.vocab or added_tokens is malformed)") from None
    return dense_tokens(ids, path)


def dense_tokens(ids: dict[str, int], where: Path) -> list[str]:
    """``{token: id}`` as a list indexed by id; an id that is not a whole number from 0, or a gap
    (an id past the number of tokens), means the file is not the model's vocabulary. Nothing is
    allocated beyond the entries the file holds."""
    bad = next((i for i in ids.values() if isinstance(i, bool) or not isinstance(i, int) or i < 0), None)
    if bad is not None:
        raise ModelError(f"{where}: token id {str(bad)[:40]!r} is not a whole number from 0")
    top = max(ids.values(), default=-1)
    if top >= len(ids):
        raise ModelError(f"{where}: token ids run to {top} for {len(ids)} tokens: not a vocabulary without gaps")
    tokens: list[str | None] = [None] * (top + 1)
    for token, i in ids.items():
        tokens[i] = token
    if None in tokens:
        raise ModelError(f"{where}: the vocabulary has no token for id {tokens.index(None)}")
    return tokens  # type: ignore[return-value]


def listed_special_tokens(folder: Path) -> list[str]:
    """The language tokens a checkpoint's tokenizer files list (``additional_special_tokens``,
    or ``extra_special_tokens`` as newer transformers write it), in their order."""
    for name in ("special_tokens_map.json", "tokenizer_config.json"):
        path = folder / name
        if not path.is_file():
            continue
        data = read_json(path)
        for key in ("additional_special_tokens", "extra_special_tokens"):
            listed = data.get(key)
            if isinstance(listed, list) and listed:
                return [t["content"] if isinstance(t, dict) else str(t) for t in listed]
    return []


def spm_pieces(path: Path) -> list[str]:
    import sentencepiece as spm

    try:
        sp = spm.SentencePieceProcessor(model_file=str(path))
    except (RuntimeError, OSError) as exc:
        raise ModelError(f"{path}: not a SentencePiece model ({str(exc).strip().splitlines()[0][:200] if str(exc).strip() else 'unreadable'})") from None
    return [sp.id_to_piece(i) for i in range(sp.get_piece_size())]


class MultilingualConverter(CheckpointConverter):
    """One of the many-language families; subclasses give the loader, the layout and the codes."""

    title = ""  # the family's name in messages
    model_class = ""  # the transformers class of the weights
    codes: dict[str, str] = {}  # ISO 639-1 → the family's language code, for the common languages
    example_code = ""  # shown when a language is not found

    def __init__(self, source: Path, languages: tuple[str, str] = ("ur", "en"), origin: str = ""):
        super().__init__(source)
        self.origin = origin or str(source)
        missing = [n for n in ("config.json", SPM_NAME) if not (self.source / n).is_file()]
        if missing:
            raise ModelError(f"{source}: not an {self.title} checkpoint (missing {', '.join(missing)})")
        self.config = read_json(self.source / "config.json")
        if not isinstance(self.config, dict):
            raise ModelError(f"{self.source / 'config.json'}: not a model configuration (a JSON object)")
        self.tokens = self.vocabulary()
        self.languages = languages
        self.language_tokens = tuple(self.language_token(code) for code in languages)

    # -- what a family says -------------------------------------------------------------------
    def token_of(self, code: str) -> str:
        """The family's token for a language code of its own (``urd_Arab`` → ``urd_Arab``)."""
        return code

    def loader(self):
        """CTranslate2's loader for the family."""
        raise NotImplementedError

    def layout_vocabulary(self) -> list[str]:
        """The vocabulary when the checkpoint has no ``tokenizer.json``: the fairseq layout (four
        specials, the SentencePiece pieces from id 3 on, the language codes, ``<mask>``)."""
        codes = listed_special_tokens(self.source)
        if not codes:
            raise ModelError(f"{self.source}: no tokenizer.json and no language codes in special_tokens_map.json")
        return FAIRSEQ_SPECIALS + self.pieces[3:] + codes + ["<mask>"]

    # -- shared -------------------------------------------------------------------------------
    @cached_property
    def pieces(self) -> list[str]:
        """The checkpoint's SentencePiece pieces in id order (read once)."""
        return spm_pieces(self.source / SPM_NAME)

    def vocabulary(self) -> list[str]:
        path = self.source / "tokenizer.json"
        tokens = tokenizer_json_vocabulary(path) if path.is_file() else self.layout_vocabulary()
        size = self.config.get("vocab_size", len(tokens))
        if isinstance(size, bool) or not isinstance(size, int) or size <= 0:
            raise ModelError(f"{self.source / 'config.json'}: vocab_size must be a whole number, not {str(size)[:40]!r}")
        if len(tokens) > size:
            raise ModelError(f"{self.source}: the tokenizer has {len(tokens)} tokens, the model only {size} rows")
        return tokens

    def language_token(self, code: str) -> str:
        known = set(self.tokens)
        for token in (self.token_of(self.codes.get(code, code)), code):
            if token in known:
                return token
        raise ModelError(
            f"{self.source}: {code!r} is not a language of this {self.title} model"
            f" (give its own code, e.g. {self.example_code})"
        )

    def model_spec(self):
        import torch
        import transformers

        from translit.util.hf import quiet_transformers

        quiet_transformers()
        with torch.no_grad():
            model = getattr(transformers, self.model_class).from_pretrained(self.source, dtype="auto")
            return self.loader()(model, VocabularyTokenizer(self.tokens))

    def tokenizer_files(self) -> dict[str, Path]:
        return {"spm.model": self.source / SPM_NAME}

    def unmapped_pieces(self) -> int:
        """SentencePiece pieces without a vocabulary row (read as ``<unk>``, as the family's own
        tokenizer reads them): the card records how many, so a cut vocabulary still fails."""
        known = set(self.tokens)
        return sum(1 for p in self.pieces[3:] if p not in known)

    def card(self) -> dict:
        source_token, target_token = self.language_tokens
        card = {
            "name": self.source.name, "family": self.family, "source": self.origin,
            "license": readme_license(self.source) or "see the model's source",
            "languages": {"source": self.languages[0], "target": self.languages[1]},
            "max_positions": int(self.config.get("max_position_embeddings", 1024)),
            "source_prefix": [source_token], "target_prefix": [target_token],
        }
        unmapped = self.unmapped_pieces()
        if unmapped:
            card["unmapped_pieces"] = unmapped
        return card
