"""A training recipe: the TOML file that fixes data weights, tokenizer, model size and schedule."""

from __future__ import annotations

import tomllib
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from translit.datasets import DIRECTIONS
from translit.errors import DataError

# a recipe's [decoding] is what the model's card recommends
from translit.translate.options import DecodingDefaults


@dataclass
class FilterOptions:
    max_chars: int = 400
    max_ratio: float = 2.5
    min_urdu_letters: float = 0.3
    max_en_arabic: float = 0.1


@dataclass
class CleanOptions:
    # restore the case of English targets that a source lower-cased throughout (translit.train.truecase)
    truecase: bool = False
    # write out newswire shorthand in English targets: mln, dlrs, pct → million, dollars, percent
    # (translit.train.shorthand)
    shorthand: bool = False
    # put English targets decoded with the wrong code page right: "Mugabe‚Äôs" → "Mugabe’s"
    # (translit.train.mojibake, with ftfy)
    mojibake: bool = False


@dataclass
class AugmentOptions:
    # share of the general-domain pairs with a name in the English that also go in with the Urdu
    # name written in English, so the model learns to copy a glossary's names (translit.train.augment)
    name_copy: float = 0.0

    def __post_init__(self) -> None:
        if not 0.0 <= self.name_copy <= 1.0:
            raise DataError(f"recipe [augment]: name_copy must be in [0, 1], not {self.name_copy}")


@dataclass
class MixOptions:
    weights: dict[str, float] = field(default_factory=dict)
    religious_cap: float = 0.2
    dictionary_cap: float = 0.1
    default_weight: float = 1.0


@dataclass
class SyntheticOptions:
    """Synthetic pairs (``translit train backtranslate``'s corpora folder) mixed in with the real
    ones. ``tag`` goes before each synthetic source sentence (tagged back-translation: the model
    tells machine-made Urdu from real Urdu, and never sees the tag at translation time); at most
    ``max_share`` of the final mix is synthetic. No ``corpora``: no synthetic data. ``forward``:
    ``translit train forwardtranslate``'s corpora folder (real Urdu, the model's English), mixed in
    untagged (the Urdu is what users write), at most ``forward_max_share`` of the mix."""

    corpora: str = ""
    tag: str = "<bt>"
    weights: dict[str, float] = field(default_factory=dict)
    default_weight: float = 1.0
    max_share: float = 0.5
    forward: str = ""
    forward_max_share: float = 0.1

    def __post_init__(self) -> None:
        for name in ("max_share", "forward_max_share"):
            if not 0.0 <= getattr(self, name) <= 1.0:
                raise DataError(f"recipe [synthetic]: {name} must be in [0, 1], not {getattr(self, name)}")
        if self.tag != self.tag.strip() or any(ch.isspace() for ch in self.tag):
            raise DataError(f"recipe [synthetic]: tag must be one word without spaces, not {self.tag!r}")


@dataclass
class TokenizerOptions:
    vocab_size: int = 8000
    model_type: str = "unigram"
    character_coverage: float = 0.9995


GROW_UNITS = ("silent", "split")


@dataclass
class ModelOptions:
    d_model: int = 256
    encoder_layers: int = 6
    decoder_layers: int = 3
    heads: int = 4
    ffn_dim: int = 1024
    dropout: float = 0.2
    attention_dropout: float = 0.1
    activation_dropout: float = 0.0
    max_positions: int = 256
    # a run that starts from smaller weights (init_from) grows them into this shape: wider
    # feed-forward layers, more layers (translit.train.grow); false: the shapes must match
    grow: bool = False
    # how new feed-forward units start: "silent" (random input weights, zero output weights) or
    # "split" (copies of old units that share their output weights with them, as Net2Wider does,
    # so they learn at the old units' pace); the grown model computes what the small one did
    grow_units: str = "silent"

    def __post_init__(self) -> None:
        if self.grow_units not in GROW_UNITS:
            raise DataError(f"recipe [model]: grow_units must be {' or '.join(GROW_UNITS)}, not {self.grow_units!r}")


@dataclass
class TrainOptions:
    batch_tokens: int = 6000
    lr: float = 7e-4
    warmup_steps: int = 1000
    label_smoothing: float = 0.1
    weight_decay: float = 1e-4
    max_steps: int = 200_000
    max_len_tokens: int = 160
    eval_every: int = 800
    eval_sentences: int = 500
    keep_checkpoints: int = 5
    # > 0: also keep an exponential moving average of the weights (decay per step), an export candidate
    ema_decay: float = 0.0
    # auto: bf16 autocast on CUDA and on CPUs with AMX / AVX512-BF16 (2× faster there), else float32
    precision: str = "auto"
    # > 0: subword regularisation: each batch's source sentences are split into pieces sampled
    # from the unigram tokenizer's lattice (SentencePiece sampling, smoothing alpha; smaller is
    # more varied) instead of their one best split; 0 keeps the best split
    subword_alpha: float = 0.0

    def __post_init__(self) -> None:
        if self.precision not in ("auto", "bf16", "float32"):
            raise DataError(f"recipe [train]: precision must be auto, bf16 or float32, not {self.precision!r}")
        if not 0.0 <= self.ema_decay < 1.0:
            raise DataError(f"recipe [train]: ema_decay must be in [0, 1), not {self.ema_decay}")
        if not 0.0 <= self.subword_alpha <= 1.0:
            raise DataError(f"recipe [train]: subword_alpha must be in [0, 1], not {self.subword_alpha}")


@dataclass
class Recipe:
    name: str
    corpora: Path
    seed: int = 1
    # which side the model reads: "ur-en" (the product's model) or "en-ur" (for back-translation);
    # the data mix is the same pairs either way
    direction: str = "ur-en"
    # a model folder (or its weights/) a new run starts from instead of random weights; its
    # SentencePiece model is kept (the en-ur model starts from the shipped ur-en weights)
    init_from: Path | None = None
    filter: FilterOptions = field(default_factory=FilterOptions)
    clean: CleanOptions = field(default_factory=CleanOptions)
    mix: MixOptions = field(default_factory=MixOptions)
    augment: AugmentOptions = field(default_factory=AugmentOptions)
    synthetic: SyntheticOptions = field(default_factory=SyntheticOptions)
    tokenizer: TokenizerOptions = field(default_factory=TokenizerOptions)
    model: ModelOptions = field(default_factory=ModelOptions)
    train: TrainOptions = field(default_factory=TrainOptions)
    decoding: DecodingDefaults = field(default_factory=DecodingDefaults)

    def __post_init__(self) -> None:
        if self.direction not in DIRECTIONS:
            raise DataError(f"recipe: direction must be one of {', '.join(DIRECTIONS)}, not {self.direction!r}")
        if self.direction != "ur-en" and self.augment.name_copy:
            # it writes English names into the Urdu side: a reverse model would learn to write them so
            raise DataError("recipe [augment]: name_copy teaches an Urdu→English model to copy names; set it to 0 for en-ur")

    @property
    def source_lang(self) -> str:
        return self.direction.split("-")[0]

    @property
    def target_lang(self) -> str:
        return self.direction.split("-")[1]

    def to_dict(self) -> dict:
        d = asdict(self)
        d["corpora"] = str(self.corpora)
        d["init_from"] = str(self.init_from) if self.init_from else None
        return d


def _section(cls, data: dict, where: str):
    known = {f.name for f in fields(cls)}
    unknown = set(data) - known
    if unknown:
        raise DataError(f"recipe [{where}]: unknown keys {sorted(unknown)}")
    return cls(**data)


def parse_recipe(data: dict, base: Path = Path(".")) -> Recipe:
    """Build a Recipe from parsed TOML; unknown keys are errors, missing ones take defaults."""
    data = dict(data)
    if "name" not in data:
        raise DataError("recipe: 'name' is required")
    sections = {
        "filter": FilterOptions,
        "clean": CleanOptions,
        "mix": MixOptions,
        "augment": AugmentOptions,
        "synthetic": SyntheticOptions,
        "tokenizer": TokenizerOptions,
        "model": ModelOptions,
        "train": TrainOptions,
        "decoding": DecodingDefaults,
    }
    parts = {key: _section(cls, data.pop(key, {}), key) for key, cls in sections.items()}
    corpora = Path(data.pop("corpora", "../shared/corpora"))
    init_from = data.pop("init_from", None)
    unknown = set(data) - {"name", "seed", "direction"}
    if unknown:
        raise DataError(f"recipe: unknown keys {sorted(unknown)}")
    return Recipe(name=data["name"], corpora=corpora, seed=int(data.get("seed", 1)),
                  direction=str(data.get("direction", "ur-en")), init_from=Path(init_from) if init_from else None, **parts)


def _merge(base: dict, over: dict) -> dict:
    """``over``'s keys on top of ``base``'s, section by section (tables merge, values replace)."""
    merged = dict(base)
    for key, value in over.items():
        merged[key] = _merge(merged[key], value) if isinstance(value, dict) and isinstance(merged.get(key), dict) else value
    return merged


def _read_toml(path: Path, seen: tuple[Path, ...] = ()) -> dict:
    """A recipe file's settings; ``extends = "other.toml"`` (beside it) takes that recipe's and
    changes only what this file sets: an experiment is its difference from the recipe it varies."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError(f"recipe not found: {path}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise DataError(f"{path}: not a valid TOML recipe ({exc})") from None
    parent = data.pop("extends", None)
    if parent is None:
        return data
    parent_path = path.parent / str(parent)
    if parent_path.resolve() in seen:
        raise DataError(f"{path}: extends {parent} goes round in a circle")
    return _merge(_read_toml(parent_path, (*seen, path.resolve())), data)


def load_recipe(path: Path) -> Recipe:
    """Read a recipe file; a clear error when it (or one it extends) is missing or not valid TOML."""
    path = Path(path)
    return parse_recipe(_read_toml(path, (path.resolve(),)))
