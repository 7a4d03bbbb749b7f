"""Every job runs once, on its own input, into its own output (issue 38's repros, each a test):
two jobs on one output, a resume from another stdin, an input that is the job's own partial,
``-o /dev/stdout`` after ``>>``, and resumes from cut points that must give the bytes of an
uninterrupted run."""

import os
import subprocess
import sys

import pytest

from translit.translate.jobs import FileJob, InputDigest, run_job, translation_settings
from translit.translate.options import DecodingOptions

LINES = [f"لڑکا کتاب ہے۔ {i}" if i % 7 else "" for i in range(150)]


def _cli(*args, stdin=None, **kw):
    return subprocess.run([sys.executable, "-m", "translit", *args], input=stdin, capture_output=True, text=True, **kw)


@pytest.fixture
def src(tmp_path):
    path = tmp_path / "in.txt"
    path.write_text("".join(line + "\n" for line in LINES), encoding="utf-8")
    return path


@pytest.fixture
def whole(tiny_model, src, tmp_path):
    done = _cli("translate", str(src), "--model", str(tiny_model), "--threads", "1", "--workers", "1")
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_second_job_on_the_same_output_is_refused_and_touches_nothing(tiny_model, src, tmp_path):
    out = tmp_path / "out.txt"
    first = FileJob(src, out)
    first.start()  # a job running in this process, its partial begun
    partial = tmp_path / "out.txt.partial"
    partial.write_text("line one of the first job\n", encoding="utf-8")
    for extra in ([], ["--resume"]):
        second = _cli("translate", str(src), "-o", str(out), "--model", str(tiny_model), *extra)
        assert second.returncode == 1
        assert second.stderr.strip() == f"translit: error: {out} is being written by process {os.getpid()}; wait for it or stop it first"
    assert partial.read_text(encoding="utf-8") == "line one of the first job\n" and not out.exists()
    first.release()
    again = _cli("translate", str(src), "-o", str(out), "--model", str(tiny_model))
    assert again.returncode == 0 and len(out.read_text(encoding="utf-8").splitlines()) == len(LINES)
    assert not (tmp_path / "out.txt.partial.lock").exists()


def _killed_stdin_job(tiny_model, lines, out, after):
    """A job reading stdin that wrote ``after`` lines, then died (its batch marks as it left them)."""
    from translit.translate import Translator

    translator = Translator(str(tiny_model), threads=1, workers=1)
    options = DecodingOptions(**{k: v for k, v in translator.options.__dict__.items()})
    job = FileJob("-", out, settings=translation_settings(translator, options, "text"))
    job.start()
    with open(job.partial, "a", encoding="utf-8") as f:
        for result in translator.translate_lines(iter(lines[:after]), options):
            f.write(result.translation + "\n")
    digest = InputDigest()
    for line in lines[:64]:
        digest.add(line)
    job.mark(64, digest.hexdigest())
    job.release()


def test_resume_from_stdin_checks_that_the_input_is_the_same(tiny_model, tmp_path, whole):
    out = tmp_path / "out.txt"
    args = ["translate", "-", "-o", str(out), "--model", str(tiny_model), "--threads", "1", "--workers", "1", "--resume"]
    _killed_stdin_job(tiny_model, LINES, out, 100)
    other = [line.replace("کتاب", "گھر") for line in LINES]
    refused = _cli(*args, stdin="".join(line + "\n" for line in other))
    assert refused.returncode == 1 and "the input is not the one" in refused.stderr, refused.stderr
    assert len((tmp_path / "out.txt.partial").read_text(encoding="utf-8").splitlines()) == 64  # cut back, nothing added
    same = _cli(*args, stdin="".join(line + "\n" for line in LINES))
    assert same.returncode == 0, same.stderr
    assert out.read_text(encoding="utf-8") == whole


def test_an_input_that_is_the_jobs_own_partial_is_refused(tiny_model, src, tmp_path):
    out = tmp_path / "victim.en"
    job = FileJob(src, out)
    job.start()
    job.release()
    partial = tmp_path / "victim.en.partial"
    partial.write_text("precious\n", encoding="utf-8")
    for own in (partial, tmp_path / "victim.en.partial.json"):
        done = _cli("translate", str(own), "-o", str(out), "--model", str(tiny_model))
        assert done.returncode == 1 and "this job's own" in done.stderr, done.stderr
    assert partial.read_text(encoding="utf-8") == "precious\n"


def test_output_to_own_stdout_appends_where_the_shell_appends(tiny_model, src, tmp_path, whole):
    log = tmp_path / "log.txt"
    log.write_text("before\n", encoding="utf-8")
    for target in ("/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"):
        cmd = f"{sys.executable} -m translit translate {src} -o {target} --model {tiny_model} --threads 1 --workers 1 >> {log}"
        assert subprocess.run(cmd, shell=True, capture_output=True).returncode == 0
    assert log.read_text(encoding="utf-8") == "before\n" + whole * 3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.txt", "log.txt"]


@pytest.mark.parametrize("written,cut", [(70, 0.5), (129, 0.9), (150, 0.3), (10, 1.0)])
def test_a_resume_from_any_cut_gives_the_bytes_of_an_uninterrupted_run(tiny_model, src, tmp_path, whole, written, cut):
    """A job killed after ``written`` lines, its partial then torn at a ``cut`` of its bytes (a
    full disk): the resumed output is the uninterrupted run's, byte for byte."""
    from translit.translate import Translator

    out = tmp_path / "out.txt"
    translator = Translator(str(tiny_model), threads=1, workers=1)
    options = translator.options
    job = FileJob(src, out, settings=translation_settings(translator, options, "text"))
    results = run_job(translator.translate_lines, job, options, lambda r: r.translation)
    for _ in range(written):
        next(results)
    results.close()
    partial = tmp_path / "out.txt.partial"
    if partial.exists():
        data = partial.read_bytes()
        partial.write_bytes(data[: int(len(data) * cut)])
    resumed = _cli("translate", str(src), "-o", str(out), "--model", str(tiny_model), "--threads", "1", "--workers", "1", "--resume")
    assert resumed.returncode == 0, resumed.stderr
    assert out.read_text(encoding="utf-8") == whole


def test_every_thread_layout_gives_the_same_bytes(tiny_model, src, whole):
    """1×1 (the fixture's run), 1×2 and 2×1 through the CLI: one set of bytes."""
    for threads, workers in ((1, 2), (2, 1), (2, 2)):
        done = _cli("translate", str(src), "--model", str(tiny_model), "--threads", str(threads), "--workers", str(workers))
        assert done.returncode == 0 and done.stdout == whole, (threads, workers)


def test_text_without_urdu_is_never_rewritten_and_cells_keep_their_lines(tiny_model, tmp_path):
    csv_in = tmp_path / "in.csv"
    csv_in.write_text('id,text\n1,"x\nx\nx"\n2,"لڑکا ہے۔\nکتاب ہے۔"\n3,"لڑکا\nکتاب ہے۔"\n', encoding="utf-8")
    done = _cli("translate", str(csv_in), "-c", "text", "--model", str(tiny_model))
    assert done.returncode == 0, done.stderr
    rows = done.stdout.split('"')
    assert rows[1] == "x\nx\nx"  # no Urdu: byte for byte
    assert rows[3].count("\n") == 1 and all(rows[3].split("\n"))  # two sentences on two lines: two lines
    assert "\n" not in rows[5]  # one sentence across the break: translated whole, on one line
    md = tmp_path / "in.md"
    md.write_text("A hard-wrapped\nEnglish paragraph\nstays as it is.\n\nلڑکا ہے۔\n", encoding="utf-8")
    done = _cli("translate", str(md), "--model", str(tiny_model))
    assert done.returncode == 0 and done.stdout.startswith("A hard-wrapped\nEnglish paragraph\nstays as it is.\n\n")


def test_plan_keeps_every_byte_of_a_text_without_urdu():
    from hypothesis import given
    from hypothesis import strategies as st

    from translit.formats.texts import plan

    @given(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="ابتثجحخدذرزسشصضطظعغفقکگلمنوہیےںھءآٹڈڑ")))
    def check(text):
        wanted, rebuild = plan(text)
        if not any("\u0600" <= c <= "\u06ff" or "\u0750" <= c <= "\u077f" or "\ufb50" <= c <= "\ufeff" for c in text):
            assert wanted == [] and rebuild([]) == text

    check()

    wanted, rebuild = plan("لڑکا ہے۔\r\n\r\nx\nکتاب\nہے۔")
    assert wanted == ["لڑکا ہے۔", "کتاب ہے۔"]
    assert rebuild(["A.", "B."]) == "A.\r\n\r\nx\nB."


def _documents(n):
    words = "لڑکا کتاب پانی گھر شہر بڑا اچھا".split()
    text = "".join(f"{words[i % 7]} {words[(i * 3) % 7]} ہے۔ {i}\n" if i % 11 else "\n" for i in range(n))
    csv = "id,text,n\n" + "".join(f'{i},"{words[i % 7]} ہے۔",x{i}\n' for i in range(n))
    jsonl = "".join('{"id": %d, "text": "%s ہے۔", "keep": "x\\u00e9"}\n' % (i, words[i % 7]) for i in range(n))
    srt = "".join(f"{i + 1}\n00:00:{i % 60:02d},000 --> 00:00:{i % 60:02d},500\n{words[i % 7]} ہے۔\n\n" for i in range(n))
    return {"in.txt": (text, []), "in.csv": (csv, ["-c", "text"]), "in.jsonl": (jsonl, ["--field", "text"]), "in.srt": (srt, [])}


@pytest.mark.slow
@pytest.mark.parametrize("name", ["in.txt", "in.csv", "in.jsonl", "in.srt"])
def test_kill_9_then_resume_gives_the_bytes_of_one_run_at_another_layout(tiny_model, tmp_path, name):
    """A job killed with SIGKILL at random points, resumed each time (at 1 thread × 2 workers),
    ends byte for byte as one uninterrupted run at 2 threads × 1 worker."""
    import random
    import signal
    import time

    content, extra = _documents(8000)[name]
    src = tmp_path / name
    src.write_text(content, encoding="utf-8")
    whole = _cli("translate", str(src), "--model", str(tiny_model), "--threads", "2", "--workers", "1", *extra)
    assert whole.returncode == 0, whole.stderr
    out = tmp_path / ("out" + src.suffix)
    args = [sys.executable, "-m", "translit", "translate", str(src), "-o", str(out), "--model", str(tiny_model),
            "--threads", "1", "--workers", "2", "--resume", *extra]
    rng = random.Random(name)
    partial = out.with_name(out.name + ".partial")
    sizes = []
    for _ in range(3):
        proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 120
        while proc.poll() is None and time.monotonic() < deadline and not (partial.exists() and partial.stat().st_size > 0):
            time.sleep(0.01)  # until the job has written something: then a kill lands mid-job, whatever the machine's speed
        time.sleep(rng.uniform(0.0, 0.5))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        sizes.append(partial.stat().st_size if partial.exists() else -1)
        if out.exists():
            break
    assert any(size > 0 for size in sizes), sizes  # at least one kill landed mid-job, with lines written
    final = subprocess.run(args, capture_output=True, text=True, timeout=300)
    assert final.returncode == 0, final.stderr
    assert out.read_text(encoding="utf-8") == whole.stdout
