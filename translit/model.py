"""A model folder: find it by name or path, check it is complete, read its card.

A translit model folder holds a CTranslate2 model (``model.bin``, ``config.json`` and its
vocabulary), SentencePiece model(s) — ``spm.model`` for a joint vocabulary, or ``source.spm``
and ``target.spm`` as in OPUS-MT — and optionally a card (``card.json`` + ``README.md``).
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass, field
from pathlib import Path

from translit.errors import ModelError
from translit.util.jsonfile import read_json

DEFAULT_MODEL = "ur-en-base"
HOME_ENV = "TRANSLIT_HOME"


@functools.lru_cache(maxsize=64)
def _weights_digest(path: str, size: int, mtime_ns: int) -> str:
    import hashlib

    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()[:12]


@dataclass(frozen=True)
class ModelFolder:
    """A validated model folder."""

    path: Path
    name: str
    source_spm: Path
    target_spm: Path
    card: dict = field(default_factory=dict, compare=False)

    @property
    def max_positions(self) -> int:
        """Longest sequence the model's position encodings cover (input or output)."""
        return int(self.card.get("max_positions", 1024))

    def weights_mb(self) -> float:
        """Size of the CTranslate2 weights (``model.bin``) in MB: what the thread layout depends on."""
        return (self.path / "model.bin").stat().st_size / 1e6

    def digest(self) -> str:
        """Short content hash of the weights (``model.bin``): names exactly which model made a result.
        Hashed once per file version (path, size, modification time) in a process: an NLLB's
        gigabytes are not read again for every translator and signature."""
        stat = (self.path / "model.bin").stat()
        return _weights_digest(str(self.path / "model.bin"), stat.st_size, stat.st_mtime_ns)

    @property
    def names(self) -> Path | None:
        """The model's own names glossary (``names.tsv`` in its folder), if it has one."""
        path = self.path / "names.tsv"
        return path if path.is_file() else None

    @property
    def source_lang(self) -> str:
        """The language the model reads (its card's ``languages.source``; Urdu when it says none)."""
        return str((self.card.get("languages") or {}).get("source", "ur"))

    @property
    def max_input_tokens(self) -> int:
        return min(int(self.card.get("max_input_tokens", 250)), self.max_positions - 1)

    @property
    def source_prefix(self) -> list[str]:
        """Tokens put before every source (a many-language model's source language token)."""
        return list(self.card.get("source_prefix") or [])

    @property
    def target_prefix(self) -> list[str]:
        """Tokens every translation starts with (the target language token), forced and then
        taken off again."""
        return list(self.card.get("target_prefix") or [])


def shipped_models_dir() -> Path:
    """The models that come with translit: ``models/`` of the source tree, which an install
    carries as the data package ``translit_models``."""
    source = Path(__file__).resolve().parents[1] / "models"
    if source.is_dir():
        return source
    import importlib.util

    spec = importlib.util.find_spec("translit_models")
    locations = list(spec.submodule_search_locations or []) if spec is not None else []
    return Path(locations[0]) if locations else source


def user_data_dir() -> Path:
    """translit's folder of the user's data (models, tuned layouts), read when asked:
    ``$TRANSLIT_HOME``, else ``$XDG_DATA_HOME/translit``, else ``~/.local/share/translit``."""
    if os.environ.get(HOME_ENV):
        return _expanded(os.environ[HOME_ENV], f"${HOME_ENV}")
    if os.environ.get("XDG_DATA_HOME"):
        return _expanded(os.environ["XDG_DATA_HOME"], "$XDG_DATA_HOME") / "translit"
    return _expanded("~/.local/share", "the home folder") / "translit"


def _expanded(path: str, what: str) -> Path:
    """``path`` with a leading ``~`` or ``~user`` expanded; a one-line error when that user or
    the home folder is unknown."""
    try:
        return Path(path).expanduser()
    except RuntimeError:
        raise ModelError(f"{what}: cannot expand {path!r} (no such user or home folder); give a full path") from None


def user_models_dir() -> Path:
    """Where a user's own models live: ``models/`` in :func:`user_data_dir`."""
    return user_data_dir() / "models"


def search_paths() -> list[Path]:
    """Folders searched for a model given by name: the shipped ones, then the user's."""
    return [shipped_models_dir(), user_models_dir()]


def available_models() -> list[str]:
    names = []
    for root in search_paths():
        if root.is_dir():
            names += sorted(p.name for p in root.iterdir() if (p / "model.bin").is_file())
    return names


def resolve_model(model: str | Path | None = None) -> ModelFolder:
    """Turn ``None`` (the shipped default), a name in ``models/`` or a path into a checked folder."""
    spec = DEFAULT_MODEL if model is None else model
    path = _expanded(str(spec), "--model")
    if not path.is_dir():
        for root in search_paths():
            if (root / str(spec)).is_dir():
                path = root / str(spec)
                break
        else:
            known = ", ".join(available_models()) or "none installed"
            raise ModelError(f"model not found: {spec} (not a folder; known models: {known})")
    return load_model_folder(path)


# Card values the translator reads: (type, smallest value). A position limit under 4 leaves no
# room for a piece and the end mark; 0 where 0 means "off".
_CARD_NUMBERS = {"max_positions": (int, 4), "max_input_tokens": (int, 2), "unmapped_pieces": (int, 0)}
_DECODING_NUMBERS = {
    "length_penalty": (float, None), "repetition_penalty": (float, 0.0),
    "no_repeat_ngram_size": (int, 0), "clause_split_tokens": (int, 0),
}


def _check_number(value, kind, least, where: str) -> None:
    ok = isinstance(value, int) if kind is int else isinstance(value, (int, float))
    if not ok or isinstance(value, bool) or (least is not None and value < least):
        bound = f" ≥ {least}" if least is not None else ""
        raise ModelError(f"{where}: expected {'a whole number' if kind is int else 'a number'}{bound}, got {value!r}")


def check_card(card, where: Path) -> None:
    """Every card value the translator reads has the type and range it needs (a bad one would
    otherwise hang the chunking or fail deep inside a decode)."""
    if not isinstance(card, dict):
        raise ModelError(f"{where}: expected a JSON object, got {type(card).__name__}")
    if not isinstance(card.get("name", ""), str):
        raise ModelError(f"{where}: name: expected a string, got {card['name']!r}")
    for key, (kind, least) in _CARD_NUMBERS.items():
        if key in card:
            _check_number(card[key], kind, least, f"{where}: {key}")
    for key in ("source_prefix", "target_prefix"):
        tokens = card.get(key, [])
        if not isinstance(tokens, list) or not all(isinstance(t, str) and t for t in tokens):
            raise ModelError(f"{where}: {key}: expected a list of tokens like [\"eng_Latn\"], got {tokens!r}")
    languages = card.get("languages") or {}
    if not isinstance(languages, dict) or not all(isinstance(v, str) for v in languages.values()):
        raise ModelError(f"{where}: languages: expected an object like {{\"source\": \"ur\", \"target\": \"en\"}}, got {languages!r}")
    decoding = card.get("decoding") or {}
    if not isinstance(decoding, dict):
        raise ModelError(f"{where}: decoding: expected a JSON object, got {type(decoding).__name__}")
    for key, (kind, least) in _DECODING_NUMBERS.items():
        if key in decoding:
            _check_number(decoding[key], kind, least, f"{where}: decoding.{key}")


def load_model_folder(path: Path) -> ModelFolder:
    """Check that ``path`` holds everything a translator needs; say exactly what is missing."""
    path = Path(path)
    missing = [name for name in ("model.bin", "config.json") if not (path / name).is_file()]
    vocabularies = ["shared_vocabulary.json", "shared_vocabulary.txt", "source_vocabulary.json", "source_vocabulary.txt"]
    if not any((path / v).is_file() for v in vocabularies):
        missing.append("shared_vocabulary.json")
    if (path / "spm.model").is_file():
        source_spm = target_spm = path / "spm.model"
    elif (path / "source.spm").is_file() and (path / "target.spm").is_file():
        source_spm, target_spm = path / "source.spm", path / "target.spm"
    else:
        source_spm = target_spm = path / "spm.model"
        missing.append("spm.model (or source.spm + target.spm)")
    if missing:
        raise ModelError(f"{path} is not a complete model folder: missing {', '.join(missing)}")
    read_json(path / "config.json")
    card: dict = {}
    if (path / "card.json").is_file():
        card = read_json(path / "card.json")
        check_card(card, path / "card.json")
    return ModelFolder(path=path, name=card.get("name", path.name), source_spm=source_spm, target_spm=target_spm, card=card)
