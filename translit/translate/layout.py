"""The thread layout a model runs with on this machine: CTranslate2's threads per translation
(``intra_threads``) and translations in parallel (``inter_threads``, "workers").

Which is fastest depends on the CPU and the model, and not the way one would guess: for the
shipped model, two threads inside one translation ran 15× slower per sentence than one on an
AVX-512 machine, yet on an AVX2-only one 2 threads × 1 worker translated FLORES-200 dev in 19 s
against 21.5 s for 1 thread × 2 workers. So it is measured: ``translit bench tune`` times the
layouts on this machine and keeps the fastest in ``tuned.json`` (in translit's user data
folder), keyed by the model's weights and the CPU; a translator whose threads and workers are
left to it (0) takes it from there, else the default below. Given threads or workers always win.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from translit.model import ModelFolder, user_data_dir


def cpu_key() -> str:
    """The CPU as the layout depends on it: model name, cores, and the widest vector ISA."""
    name, flags = "", set()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name") and not name:
                name = line.split(":", 1)[1].strip()
            elif line.startswith("flags") and not flags:
                flags = set(line.split(":", 1)[1].split())
    except OSError:
        pass
    isa = next((f for f in ("avx512_bf16", "avx512_vnni", "avx512f", "avx2") if f in flags), "base")
    return f"{name or 'cpu'}|{os.cpu_count() or 1} cores|{isa}"


def tuned_path() -> Path:
    return user_data_dir() / "tuned.json"


def _key(folder: ModelFolder, compute_type: str) -> str:
    return f"{folder.digest()}|{compute_type}|{cpu_key()}"


def load_tuned(folder: ModelFolder, compute_type: str = "int8") -> tuple[int, int] | None:
    """(threads, workers) ``translit bench tune`` found fastest for this model and CPU, or None."""
    path = tuned_path()
    try:
        entry = json.loads(path.read_text(encoding="utf-8")).get(_key(folder, compute_type))
    except (OSError, ValueError):
        return None
    if not isinstance(entry, dict):
        return None
    threads, workers = entry.get("threads"), entry.get("workers")
    ok = all(isinstance(v, int) and v >= 1 for v in (threads, workers))
    return (threads, workers) if ok else None


def save_tuned(folder: ModelFolder, compute_type: str, threads: int, workers: int, measured: dict) -> Path:
    """Keep (threads, workers) as this model's layout on this CPU (other entries kept)."""
    from translit.util.files import atomic_write_text

    path = tuned_path()
    try:
        table = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        table = {}
    table[_key(folder, compute_type)] = {"threads": threads, "workers": workers, "model": folder.name, **measured}
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(path, json.dumps(table, ensure_ascii=False, indent=1))
    return path
