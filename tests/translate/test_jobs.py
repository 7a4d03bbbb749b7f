"""What a new user hit: strings into translate(), pipes and /dev/fd as input, an output folder
that does not exist yet, file modes, resume with other settings, progress only on stderr."""

import io
import sys
import os
import stat
import threading

import pytest
from typer.testing import CliRunner

import translit
from translit.cli import app
from translit.cli._util import progress, show_progress
from translit.errors import InputError
from translit.translate import Translator
from translit.translate.jobs import FileJob, run_job
from translit.util.files import atomic_write_text
from translit.util.lines import count_lines, iter_lines

runner = CliRunner()


@pytest.fixture(scope="module")
def translator(tiny_model):
    return Translator(str(tiny_model), threads=1)


def test_a_string_is_one_text(translator):
    one = translator.translate("لڑکا کتاب ہے۔")
    assert isinstance(one, str) and one == translator.translate(["لڑکا کتاب ہے۔"])[0]
    with pytest.raises(InputError, match="takes strings"):
        translator.translate([b"bytes"])


def test_translate_text_in_one_line(tiny_model, translator):
    text = "لڑکا کتاب ہے۔ بلی ہے۔\nگھر ہے۔"
    assert translit.translate_text(text, model=tiny_model) == translator.translate_document(text).translation
    with pytest.raises(InputError):
        translit.translate_text(["not", "a", "string"], model=tiny_model)


def _feed(path, data: bytes):
    def write():
        with open(path, "wb") as f:
            f.write(data)

    thread = threading.Thread(target=write)
    thread.start()
    return thread


def test_fifo_and_dev_fd_are_inputs(tiny_model, tmp_path):
    fifo = tmp_path / "in.fifo"
    os.mkfifo(fifo)
    writer = _feed(fifo, "لڑکا کتاب ہے۔\n\nگھر ہے۔\n".encode())
    result = runner.invoke(app, ["translate", str(fifo), "--model", str(tiny_model), "--threads", "1"])
    writer.join()
    assert result.exit_code == 0, result.output
    assert len(result.stdout.split("\n")) == 4  # 3 lines and the final newline

    read, write = os.pipe()
    os.write(write, "لڑکا ہے۔\n".encode())
    os.close(write)
    try:
        assert list(iter_lines(f"/dev/fd/{read}")) == ["لڑکا ہے۔"]
    finally:
        os.close(read)


def test_gzip_is_told_without_consuming_a_pipe(tmp_path):
    import gzip

    fifo = tmp_path / "in.gz.fifo"
    os.mkfifo(fifo)
    writer = _feed(fifo, gzip.compress("ایک\nدو\n".encode()))
    assert list(iter_lines(fifo)) == ["ایک", "دو"]
    writer.join()
    assert count_lines(fifo) is None  # a pipe's length is not known ahead


def test_output_into_a_missing_folder_is_made(tiny_model, tmp_path):
    out = tmp_path / "new" / "deeper" / "out.txt"
    result = runner.invoke(app, ["translate", "-o", str(out), "--model", str(tiny_model)], input="لڑکا ہے۔\n")
    assert result.exit_code == 0, result.output
    assert len(out.read_text(encoding="utf-8").splitlines()) == 1


def test_bad_output_fails_before_the_model_loads(tmp_path):
    (tmp_path / "taken").write_text("a file, not a folder")
    result = runner.invoke(app, ["translate", "-o", str(tmp_path / "taken" / "out.txt"), "--model", "/no/model"], input="x\n")
    assert result.exit_code != 0 and "model not found" not in result.stderr and "Traceback" not in result.output


def test_atomic_writes_keep_the_umask(tmp_path):
    old = os.umask(0o022)
    try:
        atomic_write_text(tmp_path / "new.txt", "x")
        assert stat.S_IMODE((tmp_path / "new.txt").stat().st_mode) == 0o644
        (tmp_path / "old.txt").write_text("y")
        os.chmod(tmp_path / "old.txt", 0o640)
        atomic_write_text(tmp_path / "old.txt", "z")  # an existing file keeps its mode
        assert stat.S_IMODE((tmp_path / "old.txt").stat().st_mode) == 0o640
    finally:
        os.umask(old)


def test_resume_with_other_settings_is_refused(tiny_model, translator, tmp_path):
    src = tmp_path / "in.txt"
    src.write_text("لڑکا ہے۔\nگھر ہے۔\nبلی ہے۔\n", encoding="utf-8")
    out = tmp_path / "out.txt"
    job = FileJob(src, out, settings={"beam": 4})
    results = run_job(translator.translate_lines, job, translator.options, lambda r: r.translation)
    next(results)  # one line done, then the job is "killed"
    results.close()
    assert (tmp_path / "out.txt.partial").exists() and not out.exists()
    with pytest.raises(InputError, match="other input or settings"):
        FileJob(src, out, resume=True, settings={"beam": 2}).start()
    again = FileJob(src, out, resume=True, settings={"beam": 4})
    assert again.start() == 0  # the line written was not a whole batch synced: the resume starts at a batch's start
    done = [r.index for r in run_job(translator.translate_lines, again, translator.options, lambda r: r.translation)]
    assert done == [0, 1, 2]
    assert len(out.read_text(encoding="utf-8").splitlines()) == 3
    assert not (tmp_path / "out.txt.partial.json").exists()


def test_progress_only_where_it_cannot_interleave(monkeypatch, tmp_path):
    class Tty(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.setattr("sys.stderr", Tty())
    monkeypatch.setattr("sys.stdout", Tty())
    assert show_progress(tmp_path / "out.txt")  # results to a file: the bar on the terminal
    assert not show_progress(None)  # results to this terminal: no bar between them
    monkeypatch.setattr("sys.stdout", io.StringIO())
    assert show_progress(None)  # results into a pipe


def test_progress_counts_from_what_a_resume_found(monkeypatch):
    class Tty(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.setattr("sys.stderr", Tty())
    list(progress(range(3), total=10, initial=7))
    assert "10/10" in sys.stderr.getvalue()


def test_progress_draws_nothing_into_a_log(monkeypatch):
    monkeypatch.setattr("sys.stderr", io.StringIO())  # a file, not a terminal
    list(progress(range(3), total=3))
    assert sys.stderr.getvalue() == ""


def test_resume_over_a_changed_input_is_refused(tiny_model, tmp_path):
    src = tmp_path / "in.txt"
    src.write_text("لڑکا ہے۔\nگھر ہے۔\n", encoding="utf-8")
    out = tmp_path / "out.txt"
    args = ["translate", str(src), "-o", str(out), "--model", str(tiny_model), "--threads", "1"]
    job = FileJob(src, out)
    job.start()  # a job that was killed before it wrote anything
    job.release()
    (tmp_path / "out.txt.partial.json").write_text(
        (tmp_path / "out.txt.partial.json").read_text().replace('"settings": {}', '"settings": "from another run"')
    )
    refused = runner.invoke(app, [*args, "--resume"])
    assert refused.exit_code == 1 and "rerun without --resume" in refused.stderr
    fresh = runner.invoke(app, args)  # without --resume a job starts again
    assert fresh.exit_code == 0, fresh.output
    assert len(out.read_text(encoding="utf-8").splitlines()) == 2
    assert not (tmp_path / "out.txt.partial.json").exists()
    runner.invoke(app, [*args, "--format", "jsonl", "-o", str(tmp_path / "j.txt")])
    (tmp_path / "j.txt.partial").write_text("{}\n")  # a jsonl job killed after one line …
    (tmp_path / "j.txt.partial.json").write_text(
        '{"source": "%s", "settings": {"format": "jsonl"}, "sidecar": 2}' % src.resolve()
    )
    other_format = runner.invoke(app, [*args, "--resume", "-o", str(tmp_path / "j.txt")])  # … resumed as text
    assert other_format.exit_code == 1 and "other input or settings" in other_format.stderr


def _read_fifo(path, into: list):
    def read():
        with open(path, "rb") as f:
            into.append(f.read())

    thread = threading.Thread(target=read)
    thread.start()
    return thread


@pytest.mark.parametrize("command", [["normalize"], ["translate", "--threads", "1"]])
def test_outputs_that_are_pipes_devices_or_links_are_written_through(tiny_model, tmp_path, command):
    args = [*command, "--model", str(tiny_model)] if command[0] == "translate" else command
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    got: list = []
    reader = _read_fifo(fifo, got)
    result = runner.invoke(app, [*args, "-o", str(fifo)], input="لڑکا ہے۔\n")
    reader.join(timeout=30)
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode) and got and got[0].strip()  # still a FIFO, and it got the text
    assert not list(tmp_path.glob("*.partial*")) and not list(tmp_path.glob(".*.tmp"))

    target = tmp_path / "real.txt"
    target.write_text("old\n")
    os.chmod(target, 0o640)
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    result = runner.invoke(app, [*args, "-o", str(link)], input="لڑکا ہے۔\n")
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and target.read_text(encoding="utf-8").strip() not in ("", "old")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640

    try:
        os.mknod(tmp_path / "null", 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except (PermissionError, OSError):
        return  # no device nodes here (not root)
    result = runner.invoke(app, [*args, "-o", str(tmp_path / "null")], input="لڑکا ہے۔\n")
    assert result.exit_code == 0, result.output
    assert stat.S_ISCHR(os.lstat(tmp_path / "null").st_mode)
    resumed = runner.invoke(app, [*args, "-o", str(tmp_path / "null"), "--resume"], input="x\n")
    assert command[0] != "translate" or (resumed.exit_code == 1 and "device or pipe" in resumed.stderr)


def test_text_the_model_cannot_take_is_our_error(translator):
    assert translator.translate(["؟؟؟", "(۔)", "..."]) == ["؟؟؟", "(۔)", "..."]  # no Urdu letters: unchanged
    with pytest.raises(InputError, match="lone surrogate U\\+DFFF at character 5"):
        translator.translate(["لاہور\udfff شہر"])
    with pytest.raises(InputError, match="Urdu sentence 0: a lone surrogate"):
        translit.align_sentences(["\ud800"], ["x"])


@pytest.mark.slow
def test_sigterm_keeps_the_partial_and_resume_finishes_it(tiny_model, tmp_path):
    """A job stopped by SIGTERM says so (exit 143) and keeps its partial; --resume then gives
    byte for byte what an uninterrupted run gives."""
    import signal
    import subprocess
    import sys
    import time

    src = tmp_path / "in.txt"
    src.write_text("".join(f"لڑکا کتاب گھر ہے۔ بلی دریا ہے۔ {i}\n" for i in range(2000)), encoding="utf-8")
    whole, out = tmp_path / "whole.txt", tmp_path / "out.txt"
    command = [sys.executable, "-m", "translit", "translate", str(src), "--model", str(tiny_model), "--threads", "1"]
    subprocess.run([*command, "-o", str(whole)], check=True, capture_output=True)
    job = subprocess.Popen([*command, "-o", str(out)], stderr=subprocess.PIPE, text=True)
    partial = tmp_path / "out.txt.partial"
    deadline = time.time() + 60
    while time.time() < deadline and not (partial.exists() and partial.stat().st_size > 0):
        time.sleep(0.05)
    job.send_signal(signal.SIGTERM)
    _, err = job.communicate(timeout=60)
    if job.returncode == 0:
        pytest.skip("the job finished before the signal came")
    assert job.returncode == 143 and "terminated; a partial output (-o) is kept for --resume" in err
    assert "Traceback" not in err and partial.exists() and not out.exists()
    subprocess.run([*command, "-o", str(out), "--resume"], check=True, capture_output=True)
    assert out.read_bytes() == whole.read_bytes()


def test_jsonl_lines_stay_lines(tiny_model):
    """A line separator inside a line (U+2028) is escaped in JSONL, so every reader counts one line."""
    import json

    result = runner.invoke(app, ["translate", "--model", str(tiny_model), "--format", "jsonl"], input="لڑکا\u2028ہے۔\nگھر\x85ہے۔\n")
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == 2
    assert json.loads(result.stdout.splitlines()[0])["source"] == "لڑکا\u2028ہے۔"


def test_odd_characters_never_garble_or_leak(translator):
    emoji, family = "😀", "👨\u200d👩\u200d👧"
    out = translator.translate(["لڑکا 😀 کتاب ہے۔", f"گھر {family} ہے۔", "لڑکا\x00کتاب\u2028ہے۔", "بلی ہے۔ ★"])
    assert out[0].count(emoji) == 1 and out[1].count(family) == 1 and out[3].endswith("★")
    assert not any(c in text for text in out for c in "\ufffd\u2047\x00\u2028")
