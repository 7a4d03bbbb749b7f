"""Hostile files and settings get one line and a non-zero exit, never a traceback (issue 39, item 7)."""

import json
import os
import signal
import subprocess
import sys
import time

import pytest


def _cli(*args, env=None, **kw):
    return subprocess.run([sys.executable, "-m", "translit", *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=120, **kw)


def _one_line(done, message):
    assert done.returncode != 0 and message in done.stderr, done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr, done.stderr


def test_a_home_folder_of_an_unknown_user(tiny_model):
    _one_line(_cli("models", "list", env={"TRANSLIT_HOME": "~nouser_xyz/x"}), "cannot expand '~nouser_xyz/x'")


def test_json_lines_nested_a_hundred_thousand_deep(tiny_model, tmp_path):
    src = tmp_path / "deep.jsonl"
    src.write_text('{"text": ' + "[" * 100_000 + "]" * 100_000 + "}\n", encoding="utf-8")
    _one_line(_cli("translate", str(src), "--field", "text", "--model", str(tiny_model)), "line 1: not valid JSON (nested more than 64 deep)")


def test_a_deeply_nested_model_card(tiny_model, tmp_path):
    import shutil

    model = tmp_path / "model"
    shutil.copytree(tiny_model, model)
    (model / "card.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    _one_line(_cli("translate", "--model", str(model), input="کتاب\n"), "card.json")


def test_a_garbage_job_record_on_resume(tiny_model, tmp_path):
    src = tmp_path / "in.txt"
    src.write_text("کتاب\n", encoding="utf-8")
    out = tmp_path / "out.txt"
    (tmp_path / "out.txt.partial").write_text("x\n", encoding="utf-8")
    for garbage in (b"\xff\xfe junk", b"{}", b"[1, 2]", b"{" * 50_000):
        (tmp_path / "out.txt.partial.json").write_bytes(garbage)
        _one_line(_cli("translate", str(src), "-o", str(out), "--resume", "--model", str(tiny_model)), "not a translit job record")


def test_output_onto_a_dangling_link(tiny_model, tmp_path):
    link = tmp_path / "out.txt"
    link.symlink_to(tmp_path / "missing" / "out.txt")
    _one_line(_cli("translate", "-o", str(link), "--model", str(tiny_model), input="کتاب\n"), "whose folder does not exist")


def test_sigterm_on_a_command_without_a_job_does_not_promise_a_resume(tmp_path):
    fifo = tmp_path / "in"
    os.mkfifo(fifo)
    proc = subprocess.Popen([sys.executable, "-m", "translit", "split", str(fifo)], stderr=subprocess.PIPE, text=True)
    with open(fifo, "w", encoding="utf-8") as writer:  # the command waits on its input
        writer.write("کتاب۔")
        writer.flush()
        time.sleep(1.5)
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=30)
    assert proc.returncode == 143 and err.strip() == "translit: error: terminated", err


def test_a_word_joiner_is_taken_out_by_normalisation():
    from translit.text.normalize import normalize

    assert normalize("کتاب\u2060ہے") == normalize("کتابہے")
    assert json.dumps(normalize("a\u2060b")) == '"ab"'


@pytest.mark.parametrize("name", ["..", "."])
def test_models_remove_of_a_dot_name_from_the_cli(tmp_path, name):
    models = tmp_path / "home" / "models"
    models.mkdir(parents=True)
    (tmp_path / "home" / "keep").write_text("x")
    _one_line(_cli("models", "remove", name, "--models-dir", str(models)), "not a model name")
    assert (tmp_path / "home" / "keep").exists() and models.is_dir()
