"""Nothing untrusted is unpickled and no text is run as code: every call in the package, its
scripts and benchmarks is read (as syntax, not by grep) for loaders that can run code."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = ("translit", "scripts", "benchmarks")

# (module or object, function): a call that unpickles or runs code whatever its arguments
ALWAYS_UNSAFE = {
    ("pickle", "load"), ("pickle", "loads"), ("pickle", "Unpickler"), ("cloudpickle", "load"), ("cloudpickle", "loads"),
    ("dill", "load"), ("dill", "loads"), ("marshal", "load"), ("marshal", "loads"), ("shelve", "open"),
    ("joblib", "load"), ("yaml", "unsafe_load"), ("jsonpickle", "decode"),
}
BUILTINS = {"eval", "exec", "compile", "__import__"}


def _name(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _keyword(call: ast.Call, name: str):
    return next((k.value for k in call.keywords if k.arg == name), None)


def unsafe_calls(source: str) -> list[tuple[int, str]]:
    """(line, why) of every call in ``source`` that could run code from data."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id in BUILTINS:
            found.append((node.lineno, f"{func.id}()"))
        if not isinstance(func, ast.Attribute):
            continue
        owner, attr = _name(func.value), func.attr
        if (owner, attr) in ALWAYS_UNSAFE:
            found.append((node.lineno, f"{owner}.{attr}()"))
        elif owner == "torch" and attr == "load":
            flag = _keyword(node, "weights_only")
            if not (isinstance(flag, ast.Constant) and flag.value is True):
                found.append((node.lineno, "torch.load() without weights_only=True"))
        elif owner in ("np", "numpy") and attr == "load":
            flag = _keyword(node, "allow_pickle")
            if isinstance(flag, ast.Constant) and flag.value is True or flag is not None and not isinstance(flag, ast.Constant):
                found.append((node.lineno, "numpy.load() with allow_pickle"))
        elif owner == "yaml" and attr == "load":
            loader = _keyword(node, "Loader")
            if loader is None or _name(loader) not in ("SafeLoader", "CSafeLoader"):
                found.append((node.lineno, "yaml.load() without SafeLoader"))
    return found


def _python_files():
    for folder in FOLDERS:
        yield from sorted((ROOT / folder).rglob("*.py"))


def test_the_scan_finds_what_it_looks_for():
    bad = """
import pickle, torch, numpy as np
pickle.load(f)
torch.load(p)
torch.load(p, weights_only=False)
np.load(p, allow_pickle=True)
eval("1")
exec(code)
"""
    assert [line for line, _ in unsafe_calls(bad)] == [3, 4, 5, 6, 7, 8]
    good = "import torch, numpy as np\ntorch.load(p, map_location='cpu', weights_only=True)\nnp.load(p)\nmodel.eval()\n"
    assert unsafe_calls(good) == []


@pytest.mark.parametrize("path", list(_python_files()), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_code_runs_from_data(path):
    assert unsafe_calls(path.read_text(encoding="utf-8")) == []
