"""``translit serve`` as a user runs it: a real process on a free port, answering until SIGTERM;
bad options fail in one line before the model loads."""

import signal
import socket
import subprocess
import sys
import time

import pytest

httpx = pytest.importorskip("httpx")

CLI = [sys.executable, "-m", "translit"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_port_in_use_is_a_one_line_error(tiny_model):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run([*CLI, "serve", "--model", str(tiny_model), "--port", str(port)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and done.stderr.startswith("translit: error: cannot serve on 127.0.0.1:") and done.stderr.count("\n") == 1


@pytest.mark.parametrize("content, message", [(None, "cannot read the API keys file"), ("k1 fast\n", "line 1"), ("# none\n", "holds no API key")])
def test_a_bad_keys_file_is_a_one_line_error(tmp_path, tiny_model, content, message):
    keys = tmp_path / "keys.txt"
    if content is not None:
        keys.write_text(content, encoding="utf-8")
    done = subprocess.run([*CLI, "serve", "--model", str(tiny_model), "--api-keys", str(keys)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and message in done.stderr and done.stderr.count("\n") == 1


@pytest.mark.slow
def test_the_server_process_translates_and_stops_on_sigterm(tmp_path, tiny_model):
    port = _free_port()
    keys = tmp_path / "keys.txt"
    keys.write_text("# key, requests per minute\nsecret 100\n", encoding="utf-8")
    server = subprocess.Popen([*CLI, "serve", "--model", str(tiny_model), "--port", str(port), "--workers", "2", "--api-keys", str(keys)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        url, deadline = f"http://127.0.0.1:{port}", time.monotonic() + 60
        while True:
            try:
                health = httpx.get(f"{url}/health", timeout=1, headers={"X-API-Key": "secret"}).json()
                break
            except httpx.TransportError:
                assert server.poll() is None and time.monotonic() < deadline, server.stderr.read() if server.poll() is not None else "not up"
                time.sleep(0.2)
        assert health["status"] == "ok" and health["workers"] == 2
        assert httpx.get(f"{url}/health").status_code == 400  # behind the keys too
        got = httpx.post(f"{url}/translate", json={"q": "کتاب ہے۔", "source": "ur", "target": "en", "api_key": "secret"})
        assert got.status_code == 200 and got.json()["translatedText"]
        assert httpx.post(f"{url}/translate", json={"q": "کتاب", "source": "ur", "target": "en"}).status_code == 400
    finally:
        server.send_signal(signal.SIGTERM)
        _, err = server.communicate(timeout=30)
    assert server.returncode == 0 and "Traceback" not in err
    assert f"serving {tiny_model.name} on http://127.0.0.1:{port} (2 workers × 1 thread," in err
