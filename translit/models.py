"""The models a user has: list them, describe one, remove one of theirs.

Shipped models (``models/`` of the source tree, or the installed ``translit_models`` package) are
always listed and never removed; a user's own live in :func:`translit.model.user_models_dir`
(``$TRANSLIT_HOME/models`` or the XDG data folder), or in a folder given as ``models_dir``.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from translit.errors import ModelError
from translit.model import load_model_folder, shipped_models_dir, user_models_dir


@dataclass
class ModelInfo:
    """One installed model: where it is, what it translates, how big it is, what its card says."""

    name: str
    path: Path
    where: str  # "shipped" | "user"
    languages: dict = field(default_factory=dict)
    family: str = ""
    size_bytes: int = 0
    card: dict = field(default_factory=dict, repr=False)


def _roots(models_dir: Path | None) -> list[tuple[str, Path]]:
    return [("shipped", shipped_models_dir()), ("user", Path(models_dir) if models_dir else user_models_dir())]


def _info(path: Path, where: str) -> ModelInfo:
    folder = load_model_folder(path)
    card = folder.card
    size = sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and "weights" not in p.relative_to(path).parts)
    languages = card.get("languages") or {"source": "ur", "target": "en"}
    return ModelInfo(path.name, path, where, languages, str(card.get("family", "translit")), size, card)


def installed_models(models_dir: Path | None = None) -> list[ModelInfo]:
    """Every model folder found: the shipped ones, then the user's (by name). A folder that is
    not a complete model is left out of the list (``model_info`` says what it lacks)."""
    found = []
    for where, root in _roots(models_dir):
        if not root.is_dir():
            continue
        for path in sorted(p for p in root.iterdir() if p.is_dir() and (p / "model.bin").is_file()):
            try:
                found.append(_info(path, where))
            except ModelError:
                continue
    return found


def model_info(name: str, models_dir: Path | None = None) -> ModelInfo:
    """The installed model ``name`` (shipped first, then the user's), or a model folder's path."""
    for where, root in _roots(models_dir):
        if (root / name).is_dir():
            return _info(root / name, where)
    if Path(name).is_dir():
        return _info(Path(name), "folder")
    known = ", ".join(m.name for m in installed_models(models_dir)) or "none"
    raise ModelError(f"no model named {name} (installed: {known})")


def remove_model(name: str, models_dir: Path | None = None) -> Path:
    """Delete the user's model ``name``; a shipped model is never removed."""
    if not name or name in (".", "..") or Path(name).name != name or "\x00" in name:
        raise ModelError(f"not a model name: {name!r}")
    root = Path(models_dir) if models_dir else user_models_dir()
    target = root / name
    if not target.is_dir():
        if (shipped_models_dir() / name).is_dir():
            raise ModelError(f"{name} ships with translit and cannot be removed")
        raise ModelError(f"no model of yours named {name} in {root}")
    if target.is_symlink():  # a link to a model kept elsewhere: the link goes, what it points to stays
        target.unlink()
        return target
    if target.resolve().parent != root.resolve():  # only a folder right inside the models folder
        raise ModelError(f"{target} is not a model folder inside {root}: not removed")
    shutil.rmtree(target)
    return target
