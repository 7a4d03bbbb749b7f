"""A run's state file (``state.pt``: weights, optimizer moments, EMA, position, recipe): written
atomically, read as tensors and plain values only. The trainer writes it; the trainer (a resume)
and the export (``--soup-with``) read it."""

from __future__ import annotations

import os
import tempfile
import warnings
from pathlib import Path

from translit.errors import DataError


def load_state(path: Path, device: str = "cpu") -> dict:
    """A run's ``state.pt``, read as tensors and plain values only (``weights_only``): a crafted
    file that asks to run code is refused with a one-line error, never unpickled."""
    import pickle

    import torch

    try:
        with warnings.catch_warnings():  # torch warns of the pickle protocol torch.save itself used
            warnings.filterwarnings("ignore", message="Detected pickle protocol")
            state = torch.load(path, map_location=device, weights_only=True)
    except (pickle.UnpicklingError, RuntimeError, EOFError, ValueError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise DataError(f"{path}: not a translit run state (only tensors and plain values are read): {first}") from None
    if not isinstance(state, dict):
        raise DataError(f"{path}: not a translit run state (a {type(state).__name__}, not a dict)")
    return state


def save_state_file(obj, path: Path) -> None:
    """``obj`` into ``path`` through a temporary file beside it, renamed in (never half written)."""
    import torch

    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".state.", suffix=".tmp")
    os.close(fd)
    torch.save(obj, tmp)
    os.replace(tmp, path)
