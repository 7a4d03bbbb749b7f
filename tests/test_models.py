"""`translit models`: the shipped and the user's models listed, described, the user's removed."""

import json
import shutil
import subprocess
import sys

import pytest

from translit.errors import ModelError
from translit.model import shipped_models_dir
from translit.models import installed_models, model_info, remove_model


@pytest.fixture
def home(tmp_path, monkeypatch, tiny_model):
    monkeypatch.setenv("TRANSLIT_HOME", str(tmp_path / "home"))
    models = tmp_path / "home" / "models"
    shutil.copytree(tiny_model, models / "tiny")
    (models / "broken").mkdir()
    (models / "broken" / "model.bin").write_bytes(b"")  # no config, no vocabulary: not listed
    return models


def test_list_info_remove(home):
    listed = {m.name: m for m in installed_models()}
    assert listed["ur-en-base"].where == "shipped" and listed["tiny"].where == "user" and "broken" not in listed
    assert listed["ur-en-base"].languages == {"source": "ur", "target": "en"} and listed["ur-en-base"].size_bytes > 1e6
    info = model_info("tiny")
    assert info.path == home / "tiny" and info.card["name"]
    with pytest.raises(ModelError, match="ships with translit and cannot be removed"):
        remove_model("ur-en-base")
    with pytest.raises(ModelError, match="not a model name"):
        remove_model("../tiny")
    with pytest.raises(ModelError, match="no model named nope"):
        model_info("nope")
    assert remove_model("tiny") == home / "tiny" and not (home / "tiny").exists()
    with pytest.raises(ModelError, match="no model of yours named tiny"):
        remove_model("tiny")


def test_cli(home):
    def run(*args):
        return subprocess.run([sys.executable, "-m", "translit", "models", *args], capture_output=True, text=True)

    listed = json.loads(run("list", "--json").stdout)
    # the shipped models (sorted), then the user's
    assert [m["name"] for m in listed] == [*sorted(p.name for p in shipped_models_dir().iterdir() if (p / "model.bin").is_file()), "tiny"]
    assert "ur-en-base" in [m["name"] for m in listed if m["where"] == "shipped"]
    assert json.loads(run("info", "tiny", "--json").stdout)["where"] == "user"
    bad = run("remove", "ur-en-base")
    assert bad.returncode == 1 and bad.stderr.strip() == "translit: error: ur-en-base ships with translit and cannot be removed"
    assert run("remove", "tiny").returncode == 0 and not (home / "tiny").exists()


@pytest.mark.parametrize("name", ["..", ".", "../x", "/", "a/..", ""])
def test_remove_refuses_anything_but_a_model_inside_the_folder(tmp_path, name):
    models = tmp_path / "home" / "models"
    (models / "mine").mkdir(parents=True)
    (tmp_path / "home" / "precious.txt").write_text("keep me")
    with pytest.raises(ModelError, match="not a model name|no model of yours"):
        remove_model(name, models)
    assert (tmp_path / "home" / "precious.txt").exists() and (models / "mine").is_dir()


def test_remove_of_a_link_removes_the_link_only(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "model.bin").write_bytes(b"x")
    models = tmp_path / "models"
    models.mkdir()
    (models / "linked").symlink_to(elsewhere)
    remove_model("linked", models)
    assert not (models / "linked").exists() and (elsewhere / "model.bin").exists()
