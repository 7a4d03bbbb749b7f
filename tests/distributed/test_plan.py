"""The shard plan and a job's state on disk (no Ray): inputs found in a file, folder or glob;
shards cover every line once; commits are atomic and counted; outputs are put together in
order; a changed input or other settings are refused on resume; the CLI's checks."""

import gzip
import subprocess
import sys

import pytest

from translit.distributed.plan import JobState, find_inputs, plan, shard_lines_of
from translit.distributed.shard import decode_lines, split_blob
from translit.errors import InputError


@pytest.fixture
def corpus(tmp_path):
    root = tmp_path / "corpus"
    (root / "sub").mkdir(parents=True)
    (root / "a.txt").write_text("".join(f"a{i}\n" for i in range(7)), encoding="utf-8")
    with gzip.open(root / "sub" / "b.txt.gz", "wt", encoding="utf-8") as f:
        f.write("".join(f"b{i}\n" for i in range(5)))
    (root / ".hidden").write_text("x\n", encoding="utf-8")
    return root


def test_inputs_come_from_a_file_a_folder_or_a_glob(corpus):
    assert find_inputs(str(corpus / "a.txt")) == ([corpus / "a.txt"], None)
    assert find_inputs(str(corpus)) == ([corpus / "a.txt", corpus / "sub" / "b.txt.gz"], corpus)
    files, root = find_inputs(str(corpus / "**" / "*.gz"))
    assert files == [corpus / "sub" / "b.txt.gz"] and root == corpus / "sub"
    for missing in (str(corpus / "none.txt"), str(corpus / "*.csv")):
        with pytest.raises(InputError):
            find_inputs(missing)


def test_shards_cover_every_line_once_and_are_read_in_one_pass(corpus):
    files, shards, to_folder = plan(str(corpus), 3)
    assert to_folder and [(f.name, f.lines) for f in files] == [("a.txt", 7), ("sub/b.txt.gz", 5)]
    assert [(s.file, s.start, s.end) for s in shards] == [(0, 0, 3), (0, 3, 6), (0, 6, 7), (1, 0, 3), (1, 3, 5)]
    got = {s.index: [line.decode() for line in lines] for s, lines in shard_lines_of(files, shards, {1, 2, 4})}
    assert got == {1: ["a3\n", "a4\n", "a5\n"], 2: ["a6\n"], 4: ["b3\n", "b4\n"]}


def test_committed_shards_are_put_together_in_order_and_the_state_goes(corpus, tmp_path):
    files, shards, _ = plan(str(corpus), 3)
    state = JobState(tmp_path / "out")
    manifest = state.manifest(files, shards, {"model": "m"})
    assert state.start(manifest, resume=False) == set()
    for shard in reversed(shards):
        state.commit(shard.index, "".join(f"{shard.index}:{k}\n" for k in range(shard.start, shard.end)))
    assert state.done(manifest["shards"]) == {0, 1, 2, 3, 4} and not list(state.shards.glob(".*"))  # no temporary left
    written = state.assemble(files, shards, to_folder=True)
    assert written == [tmp_path / "out" / "a.txt", tmp_path / "out" / "sub" / "b.txt.gz"]
    assert (tmp_path / "out" / "a.txt").read_text().splitlines() == ["0:0", "0:1", "0:2", "1:3", "1:4", "1:5", "2:6"]
    with gzip.open(written[1], "rt") as f:
        assert f.read().splitlines() == ["3:0", "3:1", "3:2", "4:3", "4:4"]
    assert not state.root.exists()


def test_resume_keeps_finished_shards_and_refuses_a_changed_input_or_settings(corpus, tmp_path):
    files, shards, _ = plan(str(corpus / "a.txt"), 3)
    state = JobState(tmp_path / "out.txt")
    state.start(state.manifest(files, shards, {"model": "m", "fields": ()}), resume=False)
    state.commit(1, "x\n" * 3)
    assert JobState(tmp_path / "out.txt").start(state.manifest(files, shards, {"model": "m", "fields": ()}), resume=True) == {1}
    with pytest.raises(InputError, match="other settings"):
        JobState(tmp_path / "out.txt").start(state.manifest(files, shards, {"model": "other"}), resume=True)
    (corpus / "a.txt").write_text("changed\n", encoding="utf-8")
    files2, shards2, _ = plan(str(corpus / "a.txt"), 3)
    with pytest.raises(InputError, match="the input changed since the job started"):
        JobState(tmp_path / "out.txt").start(state.manifest(files2, shards2, {"model": "m"}), resume=True)
    assert JobState(tmp_path / "out.txt").start(state.manifest(files2, shards2, {"model": "m"}), resume=False) == set()


def test_a_shard_blob_splits_on_newlines_only_and_bad_utf8_names_its_line():
    assert split_blob(b"a\r\nb\x0bc\nlast") == [b"a\r\n", b"b\x0bc\n", b"last"]
    assert split_blob(b"") == []
    with pytest.raises(InputError, match=r"in.txt \(shard 2\): invalid UTF-8 at line 12"):
        decode_lines([b"ok\n", b"\xff\n"], "in.txt (shard 2)", 10)


@pytest.mark.parametrize("args, message", [
    (["--engine", "ray"], "writes -o OUTPUT"),
    (["--engine", "ray", "-o", "OUT", "--format", "srt"], "not --align, --column or other formats"),
    (["--engine", "ray", "-o", "OUT", "--align", "--format", "jsonl"], "not --align"),
])
def test_the_cli_checks_ray_jobs_before_any_work(tmp_path, args, message):
    source = tmp_path / "in.txt"
    source.write_text("کتاب\n", encoding="utf-8")
    args = [str(tmp_path / a) if a == "OUT" else a for a in args]
    done = subprocess.run([sys.executable, "-m", "translit", "translate", str(source), *args], capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and message in done.stderr and done.stderr.count("\n") == 1


def test_a_shard_changed_after_its_commit_is_redone_and_never_assembled(corpus, tmp_path):
    """Truncated, emptied or edited shards, a stray file and a garbage manifest: a resume redoes
    the bad shards (or refuses the manifest in one line); assembly checks every shard again."""
    files, shards, _ = plan(str(corpus / "a.txt"), 3)
    out = tmp_path / "out.txt"
    state = JobState(out)
    manifest = state.manifest(files, shards, {"model": "m"})
    state.start(manifest, resume=False)
    for shard in shards:
        state.commit(shard.index, "".join(f"{k}\n" for k in range(shard.start, shard.end)))
    (state.shards / "0000000.txt").write_text("0\n1\n", encoding="utf-8")  # truncated
    (state.shards / "0000001.txt").write_bytes(b"")  # emptied
    (state.shards / "0000002.txt").write_bytes(b"\xff\n")  # invalid UTF-8
    (state.shards / "stray.txt").write_text("?", encoding="utf-8")
    assert JobState(out).start(manifest, resume=True) == set()
    assert not (state.shards / "0000000.txt").exists()
    state.commit(0, "0\n1\n2\n")
    (state.shards / "0000000.txt").write_text("0\n1\nX\n", encoding="utf-8")  # edited during the run
    with pytest.raises(InputError, match="shard 0 changed after it was committed"):
        state.assemble(files, shards[:1], to_folder=False)
    for garbage in ("{}", "not json", "[1]", "{" * 50_000):
        (state.root / "manifest.json").write_text(garbage, encoding="utf-8")
        with pytest.raises(InputError, match="not a translit job manifest"):
            JobState(out).start(manifest, resume=True)
