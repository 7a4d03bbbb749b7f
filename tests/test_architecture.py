"""The shape of the house: data flows one way, from text to translations to scores, and front ends
sit on top. Every import (top-level or inside a function) is an arrow; none may point up."""

import ast
from pathlib import Path

import translit

ROOT = Path(translit.__file__).parent

# Lower layers first; a module may import its own layer and those below it.
LAYERS = [
    {"errors", "util"},
    {"text", "glossary", "model", "models", "datasets"},
    {"align", "formats", "romanizer"},  # the romanizer asks the word lexicon which words are names
    {"translate", "convert"},
    {"bench"},
    {"train"},
    {"cli", "serve", "distributed", "__main__"},
]
LEVEL = {name: level for level, names in enumerate(LAYERS) for name in names}


def _part(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if parts[0] == "translit" and len(parts) > 1 else None


def _imports(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name


def _modules():
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT)
        if rel == Path("__init__.py"):
            continue  # the public API re-exports every layer, lazily
        yield path, rel.parts[0].removesuffix(".py")


def test_every_package_has_a_layer():
    assert {part for _, part in _modules()} <= set(LEVEL)


def test_no_import_points_up():
    upward = []
    for path, part in _modules():
        for line, module in _imports(path):
            target = _part(module)
            if target is not None and target in LEVEL and LEVEL[target] > LEVEL[part]:
                upward.append(f"{path.relative_to(ROOT.parent)}:{line} imports {module}")
    assert upward == []


def test_ctranslate2_and_sentencepiece_have_one_user_in_the_translate_path():
    users = set()
    for path, part in _modules():
        if part in ("convert", "train", "bench", "cli"):
            continue  # converting and training write models; the speed benchmark runs engines side by side
        for _, module in _imports(path):
            if module.split(".")[0] in ("ctranslate2", "sentencepiece"):
                users.add(str(path.relative_to(ROOT)))
    assert users == {"translate/engine.py"}


def test_no_module_over_400_lines():
    long = [str(p.relative_to(ROOT)) for p, _ in _modules() if p.read_text(encoding="utf-8").count("\n") > 400]
    assert long == []


def test_translate_path_functions_are_short():
    long = []
    for path in sorted((ROOT / "translate").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and node.end_lineno - node.lineno + 1 > 60:
                long.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}")
    assert long == []


def _import_graph() -> dict[str, set[str]]:
    """Every translit module and the translit modules it imports (at the top or in a function)."""
    names = {}
    for path in ROOT.rglob("*.py"):
        parts = ("translit", *path.relative_to(ROOT).with_suffix("").parts)
        names[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    graph: dict[str, set[str]] = {name: set() for name in names}
    for name, path in names.items():
        for _, module in _imports(path):
            if module in names and module != name and not name.startswith(module + "."):
                graph[name].add(module)
    return graph


def test_no_two_modules_import_each_other_round_a_circle():
    """A circle of imports (A needs B needs A) means the shared part belongs below both."""
    graph = _import_graph()
    circles = []
    for start in graph:  # a depth-first walk from each module back to itself
        stack, seen = [(start, [start])], set()
        while stack:
            node, path = stack.pop()
            for nxt in graph[node]:
                if nxt == start:
                    circles.append(path)
                elif nxt not in seen:
                    seen.add(nxt)
                    stack.append((nxt, path + [nxt]))
    assert not circles, " → ".join(circles[0] + circles[0][:1])
