"""Checkpoints → translit model folders (CTranslate2 model + SentencePiece + card).

One base (:mod:`translit.convert.base`) and one module per checkpoint family: the family
translit's own trainer writes (:mod:`translit.convert.own`) and Marian / OPUS-MT
(:mod:`translit.convert.marian`). NLLB-200, M2M-100 and mBART-50 go beside them, one module each.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from translit.errors import ModelError

QUANTIZATIONS = ("int8", "int8_float16", "int8_float32", "int16", "float16", "float32", "bfloat16")
NOT_YET = {"m2m_100": "M2M-100 / NLLB-200", "mbart": "mBART-50"}


def detect_family(folder: Path) -> str:
    """The checkpoint family of a Hugging Face folder: ``translit`` (our trainer: one spm.model),
    ``marian`` (OPUS-MT: source.spm + target.spm)."""
    folder = Path(folder)
    config_path = folder / "config.json"
    if not config_path.is_file():
        raise ModelError(f"{folder}: no config.json: not a Hugging Face checkpoint folder")
    try:
        model_type = json.loads(config_path.read_text(encoding="utf-8")).get("model_type", "")
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ModelError(f"{config_path}: not valid JSON ({exc})") from None
    if model_type == "marian":
        return "translit" if (folder / "spm.model").is_file() else "marian"
    if model_type in NOT_YET:
        raise ModelError(f"{folder}: {NOT_YET[model_type]} checkpoints are not converted yet (Marian / OPUS-MT are)")
    raise ModelError(f"{folder}: a {model_type or 'unknown'} checkpoint, not a translation model translit converts")


def convert_checkpoint(source: Path, out_dir: Path, quantization: str = "int8", languages: tuple[str, str] = ("ur", "en"),
                       origin: str = "") -> Path:
    """Convert the checkpoint folder ``source`` into the model folder ``out_dir`` (written beside
    it, then moved in: a failed conversion leaves nothing half-made)."""
    if quantization not in QUANTIZATIONS:
        raise ModelError(f"quantization must be one of {', '.join(QUANTIZATIONS)}, not {quantization!r}")
    family = detect_family(source)
    if family == "marian":
        from translit.convert.marian import MarianConverter

        converter = MarianConverter(source, languages, origin)
    else:
        from translit.convert.own import OwnCheckpointConverter

        converter = OwnCheckpointConverter(source, direction="-".join(languages))
    out_dir = Path(out_dir)
    tmp = out_dir.with_name(f".{out_dir.name}.converting")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.parent.mkdir(parents=True, exist_ok=True)
    try:
        converter.convert(tmp, quantization)
    except (ValueError, KeyError, OSError, RuntimeError) as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise ModelError(f"{source}: cannot convert ({type(exc).__name__}: {exc})") from None
    shutil.rmtree(out_dir, ignore_errors=True)
    os.replace(tmp, out_dir)
    return out_dir


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
