"""Shared fixtures: a tiny synthetic Urdu–English corpus in the shared/ layout, a tiny model
trained from it by the real pipeline (data → SentencePiece → Marian → CTranslate2 int8), and the
same model prebuilt in tests/data/tiny (by tests/build_tiny_model.py), which the translation tests
use so that they run without the training extra and read the same model on every machine."""

from __future__ import annotations

import os

# The same numbers on every CPU this project runs on (AVX2-only or AVX-512): the tiny model is
# trained by PyTorch and run by CTranslate2 with the AVX2 code paths of both and of the math
# libraries under them, so a test that reads the tiny model's output reads the same output on
# every machine. Set before torch or ctranslate2 is imported (they read these once).
for _name, _value in {
    "ATEN_CPU_CAPABILITY": "avx2",  # PyTorch's own kernels
    "MKL_CBWR": "AVX2",  # MKL's conditional numerical reproducibility
    "ONEDNN_MAX_CPU_ISA": "AVX2",  # oneDNN, in PyTorch and in CTranslate2
    "DNNL_MAX_CPU_ISA": "AVX2",
    "CT2_FORCE_CPU_ISA": "AVX2",  # CTranslate2's own kernels
}.items():
    os.environ.setdefault(_name, _value)

import gzip  # noqa: E402  (after the environment above)
import random  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

WORDS = {
    "لڑکا": "boy", "لڑکی": "girl", "کتاب": "book", "پانی": "water", "گھر": "house", "شہر": "city",
    "بڑا": "big", "چھوٹا": "small", "اچھا": "good", "نیا": "new", "پرانا": "old", "سرخ": "red",
    "کتا": "dog", "بلی": "cat", "درخت": "tree", "دریا": "river", "سڑک": "road", "اسکول": "school",
    "دوست": "friend", "بازار": "market", "کھانا": "food", "دن": "day", "رات": "night", "سورج": "sun",
}


def make_pairs(n: int, seed: int) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    nouns = list(WORDS)
    pairs = []
    for _ in range(n):
        k = rng.randint(1, 4)
        chosen = rng.sample(nouns, k)
        ur = " ".join(chosen) + " ہے۔"
        en = " ".join(WORDS[w] for w in chosen).capitalize() + "."
        pairs.append((ur, en))
    return pairs


def write_source(root: Path, name: str, pairs: list[tuple[str, str]]) -> None:
    folder = root / name
    folder.mkdir(parents=True, exist_ok=True)
    for side, idx in (("ur", 0), ("en", 1)):
        with gzip.open(folder / f"{name}.{side}.gz", "wt", encoding="utf-8") as f:
            f.writelines(p[idx] + "\n" for p in pairs)


def write_corpus(root: Path) -> Path:
    """A corpora folder like ../shared/corpora with two small sources, and evalsets beside it."""
    corpora = root / "corpora"
    write_source(corpora, "toy_general", make_pairs(600, 1))
    write_source(corpora, "toy_dict", [(ur, en) for ur, en in WORDS.items()])
    (corpora / "MANIFEST.tsv").write_text(
        "name\tkind\tpairs\tdomain\tlicense\n"
        "toy_general\tsentences\t600\tgeneral: synthetic\tCC0\n"
        f"toy_dict\tdictionary\t{len(WORDS)}\tgeneral: words\tCC0\n",
        encoding="utf-8",
    )
    write_evalsets(root, make_pairs(30, 99))
    return corpora


def write_evalsets(root: Path, dev: list[tuple[str, str]]) -> None:
    """``root/evalsets/{flores200-dev,tico19-dev}/dev.{ur,en}.gz``, both holding ``dev``."""
    for name in ("flores200-dev", "tico19-dev"):
        folder = root / "evalsets" / name
        folder.mkdir(parents=True)
        for side, idx in (("ur", 0), ("en", 1)):
            with gzip.open(folder / f"dev.{side}.gz", "wt", encoding="utf-8") as f:
                f.writelines(p[idx] + "\n" for p in dev)


TINY_RECIPE = """
name = "tiny"
corpora = "{corpora}"
seed = 3
[mix.weights]
toy_general = 1
toy_dict = 1
[mix]
dictionary_cap = 0.2
[tokenizer]
vocab_size = 330
[model]
d_model = 32
encoder_layers = 1
decoder_layers = 1
heads = 2
ffn_dim = 64
dropout = 0.0
attention_dropout = 0.0
max_positions = 64
[train]
batch_tokens = 800
lr = 0.005
warmup_steps = 20
max_steps = 150
eval_every = 50
eval_sentences = 10
keep_checkpoints = 2
ema_decay = 0.9
precision = "float32"   # the same numbers on every CPU, with or without bf16 support
[decoding]
no_repeat_ngram_size = 3
"""


@pytest.fixture(scope="session")
def tiny_corpus(tmp_path_factory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("shared"))


@pytest.fixture(scope="session")
def tiny_recipe_path(tiny_corpus, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("recipe") / "tiny.toml"
    path.write_text(TINY_RECIPE.format(corpora=tiny_corpus), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def tiny_run(tiny_recipe_path, tmp_path_factory) -> Path:
    """A finished tiny training run (150 steps)."""
    pytest.importorskip("torch")
    from translit.train.recipe import load_recipe
    from translit.train.trainer import train

    run = tmp_path_factory.mktemp("run") / "tiny"
    events = list(train(load_recipe(tiny_recipe_path), run))
    assert events[-1].kind == "done"
    return run


TINY_MODEL = Path(__file__).resolve().parent / "data" / "tiny"


@pytest.fixture(scope="session")
def tiny_model() -> Path:
    """The prebuilt tiny model folder (CTranslate2 int8 + spm + card + float16 weights)."""
    if not (TINY_MODEL / "model.bin").is_file():
        pytest.fail(f"{TINY_MODEL} is missing: run python tests/build_tiny_model.py")
    return TINY_MODEL


@pytest.fixture(scope="session")
def trained_tiny_model(tiny_run, tiny_recipe_path, tiny_corpus, tmp_path_factory) -> Path:
    """The tiny run of this test session exported as a translit model folder."""
    from translit.train.export import export_model
    from translit.train.recipe import load_recipe

    out = tmp_path_factory.mktemp("models") / "tiny"
    export_model(load_recipe(tiny_recipe_path), tiny_run, out, tiny_corpus.parent / "evalsets")
    return out


@pytest.fixture(scope="session")
def tiny_en_ur_run(trained_tiny_model, tiny_recipe_path, tmp_path_factory):
    """(recipe, run folder) of a tiny English→Urdu run from the tiny Urdu→English weights (80 steps)."""
    from translit.train.recipe import load_recipe
    from translit.train.trainer import train

    text = tiny_recipe_path.read_text(encoding="utf-8").replace('name = "tiny"', 'name = "tiny-en-ur"\ndirection = "en-ur"')
    path = tmp_path_factory.mktemp("recipe") / "tiny-en-ur.toml"
    path.write_text(text.replace("eval_every = 50", "eval_every = 40"), encoding="utf-8")
    recipe = load_recipe(path)
    run = tmp_path_factory.mktemp("run") / "tiny-en-ur"
    events = list(train(recipe, run, max_steps=80, init_weights=trained_tiny_model / "weights"))
    assert events[-1].kind == "done"
    return recipe, run, events


@pytest.fixture(scope="session")
def tiny_en_ur_model(tiny_en_ur_run, tiny_corpus, tmp_path_factory) -> Path:
    """The tiny English→Urdu run exported as a model folder."""
    from translit.train.export import export_model

    recipe, run, _ = tiny_en_ur_run
    out = tmp_path_factory.mktemp("models") / "tiny-en-ur"
    export_model(recipe, run, out, tiny_corpus.parent / "evalsets")
    return out


@pytest.fixture(scope="session")
def tiny_mono(tmp_path_factory) -> Path:
    """A monolingual English folder in the mono-en layout: two sources of 23 and 9 sentences."""
    root = tmp_path_factory.mktemp("shared") / "mono-en"
    rows = ["name\tsentences\tdomain\tlicense"]
    for name, n, seed, licence in (("toy_news", 23, 7, "research use only"), ("toy_speech", 9, 8, "public domain")):
        folder = root / name
        folder.mkdir(parents=True)
        with gzip.open(folder / f"{name}.en.gz", "wt", encoding="utf-8") as f:
            f.writelines(en + "\n" for _, en in make_pairs(n, seed))
        (folder / "SOURCE.md").write_text(f"# {name}\n", encoding="utf-8")
        rows.append(f"{name}\t{n}\tnews: toy\t{licence}")
    (root / "MANIFEST.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return root


@pytest.fixture(scope="session")
def tiny_translator(tiny_model):
    """A Translator over the tiny model: one thread, two workers (as translit serve runs)."""
    from translit.translate import EngineOptions, Translator

    return Translator(tiny_model, engine=EngineOptions("cpu", "int8", 1, 2))


@pytest.fixture
def start_server(tiny_translator):
    """Start ``translit serve``'s app for ``tiny_translator`` (or a given translator) on a real
    uvicorn server on 127.0.0.1 (a free port) with the given ServeOptions; gives the base URL.
    Every server started is stopped after the test."""
    pytest.importorskip("fastapi")
    import threading
    import time

    import uvicorn

    from translit.serve.app import create_app

    servers = []

    def start(options=None, translator=None, app_hook=None):
        app = create_app(translator or tiny_translator, options)
        if app_hook is not None:
            app_hook(app)
        server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning"))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        deadline = time.monotonic() + 20
        while not server.started:
            assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
            time.sleep(0.02)
        servers.append((server, thread))
        return f"http://127.0.0.1:{server.servers[0].sockets[0].getsockname()[1]}"

    yield start
    for server, thread in servers:
        server.should_exit = True
        thread.join(timeout=20)
