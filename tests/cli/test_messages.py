"""Messages a newcomer reads: a command waiting on a terminal says so; `models info` labels what
it prints; LibreTranslate's language errors name the languages asked for."""

import os
import select
import subprocess
import sys
import time

import pytest


def test_a_command_waiting_on_a_terminal_says_so(tiny_model):
    import pty

    pid, fd = pty.fork()
    if pid == 0:  # the child: translit on a terminal, nothing typed
        os.execv(sys.executable, [sys.executable, "-m", "translit", "translate", "--model", str(tiny_model)])
    out, deadline = b"", time.monotonic() + 30
    try:
        while b"Ctrl-D" not in out and time.monotonic() < deadline:
            if select.select([fd], [], [], 0.2)[0]:
                out += os.read(fd, 1000)
    finally:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
    assert b"translit: reading Urdu from standard input (Ctrl-D to end)" in out


def test_piped_input_gets_no_such_message(tiny_model):
    done = subprocess.run([sys.executable, "-m", "translit", "translate", "--model", str(tiny_model)], input="کتاب\n",
                          capture_output=True, text=True)
    assert done.returncode == 0 and "Ctrl-D" not in done.stderr


def test_models_info_labels_its_scores():
    done = subprocess.run([sys.executable, "-m", "translit", "models", "info", "ur-en-base"], capture_output=True, text=True)
    assert done.returncode == 0 and "languages: ur → en" in done.stdout and "{" not in done.stdout
    assert all("beam 4" in line and ("names" in line) for line in done.stdout.splitlines() if line.startswith("score:"))


@pytest.mark.parametrize("source, target, message", [
    ("en", "ur", "Urdu (ur) is not available as a target language from English (en)"),
    ("ur", "ur", "Urdu (ur) is not available as a target language from Urdu (ur)"),
    ("fr", "en", "fr is not supported"),
])
def test_libretranslate_language_errors_name_what_was_asked(start_server, source, target, message):
    httpx = pytest.importorskip("httpx")
    url = start_server()
    got = httpx.post(f"{url}/translate", json={"q": "Thanks", "source": source, "target": target})
    assert got.status_code == 400 and message in got.json()["error"]


@pytest.mark.parametrize("args, message", [
    (["translate", "--nbest", "2"], "--nbest lists alternatives in the JSON Lines output: add --format jsonl"),
    (["romanize", "--nbest", "2"], "--nbest lists spellings in the JSON output: add --json"),
    (["translate", "--numbers", "roman"], "--numbers must be one of international, south-asian, off"),
])
def test_an_option_that_cannot_apply_is_an_error(tiny_model, args, message):
    done = subprocess.run([sys.executable, "-m", "translit", *args, *(["--model", str(tiny_model)] if args[0] == "translate" else [])],
                          input="کتاب\n", capture_output=True, text=True)
    assert done.returncode == 1 and message in done.stderr and done.stdout == ""
