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


def cpu_isa() -> str:
    """The vector instruction sets that change CTranslate2's int8 results and speed: "AVX-512
    VNNI BF16", "AVX-512", "AVX2" (or what else the CPU says); "unknown" off Linux."""
    try:
        flags = next((line.split(":", 1)[1].split() for line in Path("/proc/cpuinfo").read_text().splitlines()
                      if line.startswith(("flags", "Features"))), [])
    except OSError:
        return "unknown"
    if "avx512f" in flags:
        extra = [name for flag, name in (("avx512_vnni", "VNNI"), ("avx512_bf16", "BF16"), ("amx_int8", "AMX")) if flag in flags]
        return " ".join(["AVX-512", *extra])
    if "avx2" in flags:
        return "AVX2"
    return "NEON" if "asimd" in flags else (platform.machine() or "unknown")


def package_version(package: str) -> str:
    """An installed package's version ("not installed" where it is not)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return "not installed"


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
        "machine": f"{os.cpu_count()} cores, {cpu_name()}, {cpu_isa()}",
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%MZ"),
        **extra,
    }
