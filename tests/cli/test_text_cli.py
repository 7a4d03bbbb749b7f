import json

from typer.testing import CliRunner

from translit import __version__
from translit.cli import app

runner = CliRunner()


def test_help_lists_commands():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("normalize", "split", "translate", "train"):
        assert command in result.output


def test_version():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and __version__ in result.output


def test_normalize_stdin_to_stdout():
    result = runner.invoke(app, ["normalize"], input="بهی وه ۱۲۳\n")
    assert result.exit_code == 0
    assert result.stdout == "بھی وہ 123\n"


def test_normalize_file_to_file(tmp_path):
    src, out = tmp_path / "in.txt", tmp_path / "out.txt"
    src.write_text("كتاب\n", encoding="utf-8")
    result = runner.invoke(app, ["normalize", str(src), "-o", str(out)])
    assert result.exit_code == 0
    assert out.read_text(encoding="utf-8") == "کتاب\n"


def test_invalid_utf8_names_file_and_offset(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes("ٹھیک".encode() + b"\xff\xfe")
    result = runner.invoke(app, ["normalize", str(bad)])
    assert result.exit_code != 0
    assert f"{bad}: invalid UTF-8 at byte 8" in result.stderr
    assert "Traceback" not in result.output


def test_missing_file():
    result = runner.invoke(app, ["split", "/no/such/file.txt"])
    assert result.exit_code != 0
    assert "file not found: /no/such/file.txt" in result.stderr


def test_truncated_gzip(tmp_path):
    import gzip

    path = tmp_path / "doc.txt.gz"
    path.write_bytes(gzip.compress("یہ ایک جملہ ہے۔\n".encode() * 50)[:-12])
    result = runner.invoke(app, ["split", str(path)])
    assert result.exit_code != 0
    assert "truncated or corrupt gzip" in result.stderr


def test_empty_input_gives_empty_output():
    for command in ("normalize", "split"):
        result = runner.invoke(app, [command], input="")
        assert result.exit_code == 0 and result.stdout == ""


def test_split_json_offsets():
    text = "یہ کتاب ہے۔ شکریہ۔"
    result = runner.invoke(app, ["split", "--json"], input=text)
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["text"] for r in rows] == ["یہ کتاب ہے۔", "شکریہ۔"]
    for r in rows:
        assert text[r["start"] : r["end"]] == r["text"]


def test_split_english():
    result = runner.invoke(app, ["split", "--lang", "en"], input="Dr. Who came. He left.")
    assert result.stdout.splitlines() == ["Dr. Who came.", "He left."]


def test_split_unknown_language():
    result = runner.invoke(app, ["split", "--lang", "fr"], input="x")
    assert result.exit_code != 0


def test_line_separators_inside_a_line_do_not_add_lines(tmp_path):
    from translit.util.gzipped import read_lines

    path = tmp_path / "x.txt"
    path.write_text("ایک\u2028دو\nتین\r\n", encoding="utf-8")
    assert list(read_lines(path)) == ["ایک\u2028دو", "تین"]
