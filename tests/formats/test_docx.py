"""Word documents: paragraphs (body, tables, headers) translated, runs and their styles kept."""

import subprocess
import sys

import pytest

docx = pytest.importorskip("docx")

from translit.errors import InputError  # noqa: E402
from translit.formats.docx import translate_docx  # noqa: E402

ENGLISH = {"لڑکا کتاب پڑھتا ہے۔": "The boy reads a book.", "پانی": "water", "سرخی": "Heading"}


def _document(path):
    d = docx.Document()
    p = d.add_paragraph()
    p.add_run("لڑکا ")
    bold = p.add_run("کتاب")
    bold.bold = True
    p.add_run(" پڑھتا ہے۔")
    d.add_paragraph("English stays.", style="Heading 1")
    table = d.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "پانی", "12"
    d.sections[0].header.paragraphs[0].text = "سرخی"
    d.save(str(path))


def test_paragraphs_runs_tables_headers(tmp_path):
    src, out = tmp_path / "in.docx", tmp_path / "out.docx"
    _document(src)
    asked = []

    def translate(texts):
        asked.extend(texts)
        return [ENGLISH[t] for t in texts]

    assert translate_docx(src, out, translate) == 3
    assert sorted(asked) == sorted(ENGLISH)  # whole paragraphs, runs joined
    d = docx.Document(str(out))
    runs = [(r.text, r.bold) for r in d.paragraphs[0].runs]
    assert "".join(t for t, _ in runs).split() == "The boy reads a book.".split()
    assert [b for t, b in runs if "book" in t] == [True]  # the bold run holds the English of its Urdu
    assert d.paragraphs[1].text == "English stays." and d.paragraphs[1].style.name == "Heading 1"
    assert (d.tables[0].cell(0, 0).text, d.tables[0].cell(0, 1).text) == ("water", "12")
    assert d.sections[0].header.paragraphs[0].text == "Heading"


def test_bad_word_files(tmp_path):
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(InputError, match="not a readable .docx file"):
        translate_docx(bad, tmp_path / "out.docx", lambda texts: texts)
    assert not (tmp_path / "out.docx").exists()


def test_cli_needs_an_output_file(tiny_model, tmp_path):
    src = tmp_path / "in.docx"
    _document(src)
    cmd = [sys.executable, "-m", "translit", "translate", str(src), "--model", str(tiny_model), "--threads", "1"]
    no_out = subprocess.run(cmd, capture_output=True, text=True)
    assert no_out.returncode == 1 and "give -o OUT.docx" in no_out.stderr
    done = subprocess.run(cmd + ["-o", str(tmp_path / "out.docx")], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert docx.Document(str(tmp_path / "out.docx")).tables[0].cell(0, 1).text == "12"


def test_a_small_file_of_millions_of_paragraphs_is_refused_before_it_is_parsed(tmp_path):
    """A 4-million-paragraph document compresses to a few hundred KB and would take gigabytes."""
    import zipfile

    from translit.errors import InputError
    from translit.formats.docx import _load

    bomb = tmp_path / "bomb.docx"
    body = b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", body + b"<w:p/>" * 4_000_000 + b"</w:body></w:document>")
    assert bomb.stat().st_size < 1_000_000
    with pytest.raises(InputError, match="paragraphs: refused"):
        _load(bomb)
