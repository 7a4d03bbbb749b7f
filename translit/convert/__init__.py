"""Checkpoints → translit model folders (CTranslate2 model + SentencePiece + card).

One base (:mod:`translit.convert.base`) and one module per checkpoint family: the family
translit's own trainer writes (:mod:`translit.convert.own`) and Marian / OPUS-MT
(:mod:`translit.convert.marian`), and the many-language families over their own base
(:mod:`translit.convert.multilingual`): NLLB-200 (:mod:`~translit.convert.nllb`), M2M-100
(:mod:`~translit.convert.m2m100`) and mBART-50 (:mod:`~translit.convert.mbart50`).
"""

from __future__ import annotations

import os
import pickle
import shutil
import warnings
from pathlib import Path

from translit.errors import ModelError
from translit.util.jsonfile import read_json

QUANTIZATIONS = ("int8", "int8_float16", "int8_float32", "int16", "float16", "float32", "bfloat16")
FAMILIES = ("translit", "marian", "nllb", "m2m100", "mbart50")


def _tokenizer_class(folder: Path, config: dict) -> str:
    """The tokenizer class a checkpoint names (config.json, else tokenizer_config.json)."""
    named = config.get("tokenizer_class")
    if not named and (folder / "tokenizer_config.json").is_file():
        try:
            named = read_json(folder / "tokenizer_config.json").get("tokenizer_class")
        except ModelError:  # an unreadable tokenizer config names nothing; the converter reports it
            named = None
    return str(named or "")


def detect_family(folder: Path) -> str:
    """The checkpoint family of a Hugging Face folder: ``translit`` (our trainer: one spm.model),
    ``marian`` (OPUS-MT: source.spm + target.spm), ``nllb``, ``m2m100`` or ``mbart50``."""
    folder = Path(folder)
    config_path = folder / "config.json"
    if not config_path.is_file():
        raise ModelError(f"{folder}: no config.json: not a Hugging Face checkpoint folder")
    config = read_json(config_path)
    model_type = config.get("model_type", "") if isinstance(config, dict) else ""
    if model_type == "marian":
        return "translit" if (folder / "spm.model").is_file() else "marian"
    if model_type == "m2m_100":
        return "nllb" if _tokenizer_class(folder, config).startswith("Nllb") else "m2m100"
    if model_type == "mbart":
        return "mbart50"
    raise ModelError(f"{folder}: a {model_type or 'unknown'} checkpoint, not a translation model translit converts")


def convert_checkpoint(source: Path, out_dir: Path, quantization: str = "int8", languages: tuple[str, str] = ("ur", "en"),
                       origin: str = "") -> Path:
    """Convert the checkpoint folder ``source`` into the model folder ``out_dir`` (written beside
    it, then moved in: a failed conversion leaves nothing half-made)."""
    if quantization not in QUANTIZATIONS:
        raise ModelError(f"quantization must be one of {', '.join(QUANTIZATIONS)}, not {quantization!r}")
    try:
        converter = _converter(detect_family(source), Path(source), languages, origin)
    except (ValueError, TypeError, KeyError, AttributeError, IndexError, RecursionError) as exc:  # a file of the wrong shape
        raise ModelError(f"{source}: not a checkpoint translit can read ({type(exc).__name__}: {_first_line(exc)})") from None
    out_dir = Path(out_dir)
    tmp = out_dir.with_name(f".{out_dir.name}.converting")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.parent.mkdir(parents=True, exist_ok=True)
    try:
        with warnings.catch_warnings():  # torch's weights-only unpickler warns of the protocol of a pickle it then refuses
            warnings.filterwarnings("ignore", message="Detected pickle protocol")
            converter.convert(tmp, quantization)
    except ImportError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise ModelError(f"converting a checkpoint needs {exc.name or 'torch and transformers'}: pip install 'translit[train]'") from None
    except pickle.UnpicklingError:
        shutil.rmtree(tmp, ignore_errors=True)
        raise ModelError(f"{source}: its weights are a pickle that would run code when loaded: refused "
                         "(convert a checkpoint with .safetensors weights)") from None
    except (ValueError, TypeError, KeyError, AttributeError, IndexError, OSError, RuntimeError, RecursionError) as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        if "weights_only" in str(exc) or "Unpickl" in str(exc):
            raise ModelError(f"{source}: its weights are a pickle that would run code when loaded: refused "
                             "(convert a checkpoint with .safetensors weights)") from None
        raise ModelError(f"{source}: cannot convert ({type(exc).__name__}: {_first_line(exc)})") from None
    shutil.rmtree(out_dir, ignore_errors=True)
    os.replace(tmp, out_dir)
    return out_dir


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return (text.splitlines()[0] if text else "")[:300]


def _converter(family: str, source: Path, languages: tuple[str, str], origin: str):
    if family == "translit":
        from translit.convert.own import OwnCheckpointConverter

        return OwnCheckpointConverter(source, direction="-".join(languages))
    if family == "marian":
        from translit.convert.marian import MarianConverter

        return MarianConverter(source, languages, origin)
    if family == "nllb":
        from translit.convert.nllb import NllbConverter

        return NllbConverter(source, languages, origin)
    if family == "m2m100":
        from translit.convert.m2m100 import M2M100Converter

        return M2M100Converter(source, languages, origin)
    from translit.convert.mbart50 import MBart50Converter

    return MBart50Converter(source, languages, origin)


def pull(repo_id: str, out_dir: Path, quantization: str = "int8", languages: tuple[str, str] = ("ur", "en")) -> Path:
    """Download the Hugging Face checkpoint ``repo_id`` (huggingface_hub) and convert it into ``out_dir``."""
    try:
        from huggingface_hub import snapshot_download
    except ImportError:
        raise ModelError("pulling needs huggingface_hub: pip install huggingface_hub (or translit[train])") from None
    try:
        folder = snapshot_download(repo_id, allow_patterns=["*.json", "*.spm", "*.model", "*.safetensors", "*.bin", "*.md", "*.txt"])
    except Exception as exc:  # no network, no such repository, a gated one: all end here
        raise ModelError(
            f"cannot download {repo_id} ({type(exc).__name__}): where there is a network, "
            f"`git clone https://huggingface.co/{repo_id}`, then `translit models convert PATH`"
        ) from None
    return convert_checkpoint(Path(folder), out_dir, quantization, languages, origin=f"https://huggingface.co/{repo_id}")
