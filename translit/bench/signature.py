"""The signature every benchmark result carries: what ran (version, commit), on what machine, when."""

from __future__ import annotations

import os
import platform
import subprocess
from datetime import datetime, timezone
from pathlib import Path


def cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def signature(**extra) -> dict:
    import translit

    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True, cwd=Path(__file__).parent
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = "unknown"
    return {
        "translit": translit.__version__,
        "commit": commit,
        "python": platform.python_version(),
        "machine": f"{os.cpu_count()} cores, {cpu_name()}",
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%MZ"),
        **extra,
    }
