"""Word documents (``.docx``, through python-docx): paragraphs translated, runs and styles kept.

Every paragraph with Urdu letters — in the body, in tables (nested too), in headers and footers
— is translated whole, and its English shared out over the paragraph's runs by the word lexicon's
links (:mod:`translit.formats.placement`), so bold, italic and fonts stay on the English words
aligned to the Urdu that had them: the English runs follow English word order, each a copy of the
run it translates (Urdu puts the verb last). Where a text is not alone in a plain run (a
hyperlink, a field), the runs keep their places and the English is shared out over them in order. Right-to-left
paragraph and run settings (``w:bidi``, ``w:rtl``) of a translated paragraph are taken off.
Everything else in the package (images, styles, numbering, comments) is written back as read.
The document is written atomically; a job is one document.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

from translit.errors import InputError
from translit.formats.placement import lexicon_aligner, segments, share_out
from translit.text.normalize import ARABIC_LETTERS
from translit.util.files import atomic_open

_URDU = re.compile(f"[{ARABIC_LETTERS}]")


# Bounds checked on the package before it is parsed (a parsed XML element costs hundreds of bytes:
# a 432 KB file of 4 million empty paragraphs would take gigabytes): the XML parts' size once
# unpacked, and the paragraphs they open. A 1 000-page book is well inside both.
MAX_XML_BYTES = 200 * 1024 * 1024
MAX_PARAGRAPHS = 500_000


def _check_size(path: Path) -> None:
    """Refuse a package whose XML would take too much memory to parse, reading it as a stream."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as package:
            parts = [i for i in package.infolist() if i.filename.endswith(".xml")]
            if sum(i.file_size for i in parts) > MAX_XML_BYTES:
                raise InputError(f"{path}: its XML unpacks to over {MAX_XML_BYTES >> 20} MB: refused")
            paragraphs = 0
            for info in parts:
                with package.open(info) as f:
                    tail = b""
                    for block in iter(lambda: f.read(1 << 20), b""):
                        chunk = tail + block  # the tail is shorter than a tag: nothing is counted twice
                        paragraphs += chunk.count(b"<w:p>") + chunk.count(b"<w:p ") + chunk.count(b"<w:p/")
                        tail = chunk[-4:]
                if paragraphs > MAX_PARAGRAPHS:
                    raise InputError(f"{path}: over {MAX_PARAGRAPHS:,} paragraphs: refused (split the document)")
    except (zipfile.BadZipFile, OSError, KeyError, EOFError, NotImplementedError) as exc:
        raise InputError(f"{path}: not a readable .docx file ({type(exc).__name__}: {exc})") from None


def _load(path: Path):
    try:
        import docx
    except ImportError:
        raise InputError("Word files need python-docx: pip install 'translit[docx]'") from None
    _check_size(path)
    try:
        return docx.Document(str(path))
    except Exception as exc:  # python-docx raises zipfile, KeyError and lxml errors for a bad package
        raise InputError(f"{path}: not a readable .docx file ({type(exc).__name__}: {exc})") from None


def _paragraph_elements(document) -> Iterator:
    """The ``w:p`` elements of the body (tables included), then of each section's headers and footers."""
    from docx.oxml.ns import qn

    parts = [document.element.body]
    for section in document.sections:
        for part in (section.header, section.footer, section.first_page_header, section.first_page_footer,
                     section.even_page_header, section.even_page_footer):
            if part.is_linked_to_previous:
                continue
            parts.append(part._element)
    seen = set()
    for root in parts:
        for p in root.iter(qn("w:p")):
            if id(p) not in seen:
                seen.add(id(p))
                yield p


def _texts(p) -> list:
    from docx.oxml.ns import qn

    return [t for t in p.iter(qn("w:t"))]


def _left_to_right(p) -> None:
    from docx.oxml.ns import qn

    for tag in ("w:bidi", "w:rtl"):
        for el in list(p.iter(qn(tag))):
            el.getparent().remove(el)


def _set(t, text: str) -> None:
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def _plain_runs(p, filled) -> bool:
    """Each text sits alone in a run right under the paragraph (no hyperlink, field or nested run)."""
    from docx.oxml.ns import qn

    runs = [t.getparent() for t in filled]
    return all(r.tag == qn("w:r") and r.getparent() is p and len(r.findall(qn("w:t"))) == 1 for r in runs) and len(set(map(id, runs))) == len(runs)


def _reorder_runs(filled, parts: list[tuple[int, str]]) -> None:
    """The English runs in English order, each a copy of the run (its formatting) whose Urdu it translates."""
    import copy

    from docx.oxml.ns import qn

    runs = [t.getparent() for t in filled]
    anchor = runs[0]
    made = []
    for k, (owner, words) in enumerate(parts):
        run = copy.deepcopy(runs[owner])
        _set(run.find(qn("w:t")), words + (" " if k < len(parts) - 1 else ""))
        made.append(run)
    for run in made:
        anchor.addprevious(run)
    for run in runs:
        run.getparent().remove(run)


def translate_docx(source: Path, output: Path, translate: Callable[[list[str]], list[str]], align=None) -> int:
    """Translate the Word file ``source`` into ``output`` with ``translate`` (a list of Urdu
    texts → their English); returns the number of paragraphs translated."""
    document = _load(Path(source))
    paragraphs = [(p, nodes) for p in _paragraph_elements(document) for nodes in [_texts(p)]
                  if _URDU.search("".join(t.text or "" for t in nodes))]
    english = translate([" ".join("".join(t.text or "" for t in nodes).split()) for _, nodes in paragraphs])
    align = align or lexicon_aligner()
    for (p, nodes), text in zip(paragraphs, english, strict=True):
        filled = [t for t in nodes if (t.text or "").strip()]
        if len(filled) > 1 and _plain_runs(p, filled):
            _reorder_runs(filled, segments([t.text for t in filled], text, align))
        else:
            parts = share_out([t.text for t in filled], text, align) if len(filled) > 1 else [text]
            for k, (t, part) in enumerate(zip(filled, parts)):
                _set(t, part + (" " if part and k < len(filled) - 1 else ""))
        _left_to_right(p)
    with atomic_open(Path(output), "wb") as f:
        document.save(f)
    return len(paragraphs)
