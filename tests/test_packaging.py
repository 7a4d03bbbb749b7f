"""A plain (non-editable) install carries the shipped model: a wheel, installed elsewhere,
translates from another folder with the default model."""

import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_every_package_is_listed():
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "translit").rglob("__init__.py")}
    assert found | {"translit_models"} == listed


# Run from another folder with the wheel's copy of translit first on the path and the source
# checkout's editable finder taken out, as a user's environment would be.
PROBE = """
import sys
sys.meta_path = [f for f in sys.meta_path if "editable" not in repr(f).lower()]
sys.path.insert(0, sys.argv[1])
import translit
from translit.model import resolve_model
assert translit.__file__.startswith(sys.argv[1]), translit.__file__
folder = resolve_model()
assert str(folder.path).startswith(sys.argv[1]), folder.path
print(translit.translate_text("شکریہ۔"))
"""


@pytest.mark.slow
def test_wheel_translates_with_the_shipped_model(tmp_path):
    import shutil

    source = tmp_path / "source"  # built from a copy: the build leaves nothing in the checkout
    skip = shutil.ignore_patterns(".venv", "work", "build", "dist", "*.egg-info", ".git", "__pycache__", ".hypothesis")
    shutil.copytree(ROOT, source, ignore=skip)
    import importlib.util

    isolation = ["--no-build-isolation"] if importlib.util.find_spec("setuptools") else []  # else pip fetches setuptools
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", *isolation, "-q", "-w", str(tmp_path / "dist")],
        capture_output=True, text=True,
    )
    assert built.returncode == 0, built.stderr
    wheel = next((tmp_path / "dist").glob("translit-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "translit_models/ur-en-base/model.bin" in names and "translit/romanizer/romanizer.json.gz" in names
    assert not any("/weights/" in n for n in names)  # the float16 weights, for training only, stay in the checkout
    target = tmp_path / "site"
    done = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(wheel)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    run = subprocess.run([sys.executable, "-c", PROBE, str(target)], capture_output=True, text=True, cwd=elsewhere)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() and "Thank" in run.stdout, run.stdout
