"""HTML: the text translated, the markup kept.

The document is cut into tokens (tags, comments, doctype, script/style/pre/code elements kept
whole, text) and the text into blocks: the text between two block-level tags (``p``, ``li``,
``h1``–``h6``, ``td``, ``title``, ``div``, ``br``, …), inline tags (``b``, ``a``, ``span``, …)
included, so that a sentence split by ``<b>`` or ``<a>`` is translated as one. Entities are
decoded for the model and the English is escaped again. Where a block's text lies in several
text nodes, the English words are shared out over them in order by the word links of
the word lexicon (:mod:`translit.formats.placement`) (a monotone choice that agrees with most links), so the
inline tags come back around the English words aligned to the Urdu they held. Start tags that
say ``dir="rtl"`` or ``lang="ur"`` say ``ltr`` and ``en``. Only blocks with Urdu letters are
touched; the rest of the file comes back byte for byte.

A document is one record: a resumed job starts it again.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

from translit.formats.placement import lexicon_aligner, segments, share_out
from translit.formats.record import Record
from translit.text.normalize import ARABIC_LETTERS

_RAW = frozenset("script style pre code textarea svg math".split())  # elements kept whole, tags and all
_TAG_NAME = re.compile(r"[a-zA-Z][^\s/>]*")
_OPENER = re.compile(r"<[a-zA-Z/!?]")  # where a token may start; any other "<" is text
_ENDS = {"<!--": "-->", "<![CDATA[": "]]>", "<?": "?>", "<!": ">"}
_NAME = re.compile(r"</?\s*([a-zA-Z][^\s/>]*)")
BLOCK_TAGS = frozenset(
    "address article aside blockquote body br caption center dd details dialog div dl dt fieldset figcaption figure"
    " footer form h1 h2 h3 h4 h5 h6 head header hr html li main nav ol option p section summary table tbody td tfoot"
    " th thead title tr ul legend label button select img input meta link".split()
)
_URDU = re.compile(f"[{ARABIC_LETTERS}]")
_DIR = re.compile(r"""(\bdir\s*=\s*)(["']?)rtl\2""", re.IGNORECASE)
_LANG = re.compile(r"""(\b(?:xml:)?lang\s*=\s*)(["']?)ur(?:[-_][A-Za-z]+)?\2""", re.IGNORECASE)


def tokens(document: str) -> list[tuple[str, str]]:
    """(kind, text) of every token: ``tag`` (with its name's block-ness told later), ``keep``
    (comments, doctype, raw elements), ``text``; joined they give ``document`` back.

    A hand-written scanner, linear in the document: each character is looked at a bounded
    number of times. What a browser would run to the end of the file (an unclosed comment,
    quote or ``<script>``) runs to the end here too and is kept as it is, never re-scanned."""
    out: list[tuple[str, str]] = []
    text_from, i, n = 0, 0, len(document)
    while True:
        found = _OPENER.search(document, i)
        if found is None:
            break
        i = found.start()
        kind, end = _token_at(document, i)
        if kind is None:
            i += 1
            continue
        if i > text_from:
            out.append(("text", document[text_from:i]))
        out.append((kind, document[i:end]))
        text_from = i = end
    if text_from < n:
        out.append(("text", document[text_from:]))
    return out


def _token_at(document: str, i: int) -> tuple[str | None, int]:
    """(kind, end) of the token that starts with the ``<`` at ``i``, or (None, i) when that
    ``<`` is text. A token not closed by the end of the document ends there."""
    if document[i + 1 : i + 2] in ("!", "?"):
        for opener, closer in _ENDS.items():
            if document.startswith(opener, i):
                close = document.find(closer, i + len(opener))
                return "keep", len(document) if close < 0 else close + len(closer)
    name_at = i + 2 if document.startswith("</", i) else i + 1
    name = _TAG_NAME.match(document, name_at)
    if name is None:
        return None, i
    end = _tag_end(document, name.end())
    if end is None:
        return None, i
    if name_at == i + 1 and name.group().lower() in _RAW:
        closing = re.compile(rf"</{re.escape(name.group())}\s*>", re.IGNORECASE).search(document, end)
        return "keep", len(document) if closing is None else closing.end()
    return "tag", end


def _tag_end(document: str, i: int) -> int | None:
    """Where a tag whose attributes start at ``i`` ends (after its ``>``): quotes are skipped
    whole; an unquoted ``<`` means it was no tag (None); the end of the document ends it."""
    n = len(document)
    while i < n:
        ch = document[i]
        if ch == ">":
            return i + 1
        if ch == "<":
            return None
        if ch in "\"'":
            close = document.find(ch, i + 1)
            i = n if close < 0 else close + 1
            continue
        i += 1
    return n


def _is_block(tag: str) -> bool:
    name = _NAME.match(tag)
    return name is not None and name.group(1).lower() in BLOCK_TAGS


def _switch_direction(tag: str) -> str:
    return _LANG.sub(lambda m: f"{m.group(1)}{m.group(2)}en{m.group(2)}", _DIR.sub(lambda m: f"{m.group(1)}{m.group(2)}ltr{m.group(2)}", tag))


def _blocks(toks: list[tuple[str, str]]) -> list[list[int]]:
    """Runs of token indices (text and inline tags) between block boundaries."""
    blocks, current = [], []
    for i, (kind, text) in enumerate(toks):
        if kind == "keep" or (kind == "tag" and _is_block(text)):
            if current:
                blocks.append(current)
            current = []
        else:
            current.append(i)
    if current:
        blocks.append(current)
    return blocks


def _spaced(original: str, text: str) -> str:
    lead = original[: len(original) - len(original.lstrip())]
    trail = original[len(original.rstrip()) :] if original.strip() else ""
    return lead + html.escape(text, quote=False) + trail if text else lead + trail


_MAX_DEPTH = 32  # inline tags open around one text node, beyond which nothing is moved
_VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())


def _inline_paths(toks: list[tuple[str, str]], nodes: list[int]) -> list[tuple[list[str], list[str]]] | None:
    """For each text node between the block's first and last, the inline tags open around it
    (from the first node on): (start tags, end tags), so that its English can be wrapped in them
    wherever it lands. None when the tags between are not balanced, or when one of them could not
    travel with a text (an empty element, ``<a href="/x"></a>``; a void one, ``<br>``): then the
    nodes keep their places, and every tag stays."""
    stack: list[list] = []  # [name, start tag, holds a text node]
    paths: dict[int, tuple[list[str], list[str]]] = {}
    wanted = set(nodes)
    for i in range(nodes[0], nodes[-1] + 1):
        kind, text = toks[i]
        if kind == "text":
            if len(stack) > _MAX_DEPTH:
                return None  # thousands of unclosed inline tags: the nodes keep their places
            if i in wanted:
                paths[i] = ([tag for _, tag, _ in stack], [f"</{name}>" for name, _, _ in reversed(stack)])
                for entry in stack:
                    entry[2] = True
            continue
        name = _NAME.match(text).group(1).lower()
        if text.startswith("</"):
            if not stack or stack[-1][0] != name or not stack[-1][2]:
                return None
            stack.pop()
        elif name in _VOID or text.rstrip(">").endswith("/"):
            return None
        else:
            stack.append([name, _switch_direction(text), False])
    return [paths[i] for i in nodes] if not stack else None


def _plain_text(toks: list[tuple[str, str]], indices: list[int]) -> str:
    return " ".join(html.unescape("".join(toks[i][1] for i in indices if toks[i][0] == "text")).split())


def _every_urdu_node_has_english(nodes: list[int], shared: list[tuple[int, str]], by_node: dict[int, str]) -> bool:
    """Whether each node with Urdu (those in ``by_node``) got some English in ``shared``
    ((position in ``nodes``, words) runs)."""
    got = {nodes[k] for k, words in shared if words.strip()}
    return all(i in got for i in by_node)


def _in_place(out: list[str], toks: list[tuple[str, str]], by_node: dict[int, str]) -> None:
    """Each node with Urdu gets its own translation, in its own place (the tags around stay)."""
    for i, english in by_node.items():
        out[i] = _spaced(toks[i][1], english)


class Html:
    name = "html"

    def units(self, lines: Iterator[str]) -> Iterator[str]:
        """Nothing of a partial output counts: a document is written whole."""
        return iter(())

    def records(self, lines: Iterator[str]) -> Iterator[Record]:
        document = "".join(lines)
        toks = tokens(document)
        blocks = [b for b in _blocks(toks) if any(toks[i][0] == "text" and _URDU.search(toks[i][1]) for i in b)]
        # each block whole; where it has several text nodes with Urdu, each of those alone too: the
        # English of a node that the shared-out block translation would leave empty (a menu of links)
        texts, alone = [], []
        for b in blocks:
            texts.append(_plain_text(toks, b))
            urdu_nodes = [i for i in b if toks[i][0] == "text" and _URDU.search(toks[i][1])]
            alone.append(urdu_nodes if len(urdu_nodes) > 1 else [])
            texts += [_plain_text(toks, [i]) for i in alone[-1]]

        def rebuild(translations):
            align_words = lexicon_aligner()
            it = iter(translations)
            out = [text if kind != "tag" else _switch_direction(text) for kind, text in toks]
            for block, own in zip(blocks, alone, strict=True):
                english = next(it)
                by_node = {i: next(it) for i in own}
                nodes = [i for i in block if toks[i][0] == "text" and toks[i][1].strip()]
                plain = [html.unescape(toks[i][1]) for i in nodes]
                if len(nodes) > 1 and (paths := _inline_paths(toks, nodes)) is not None:
                    region = segments(plain, english, align_words)
                    if not _every_urdu_node_has_english(nodes, region, by_node):
                        _in_place(out, toks, by_node)
                        continue
                    for i in range(nodes[0], nodes[-1] + 1):
                        out[i] = ""
                    lead, trail = toks[nodes[0]][1], toks[nodes[-1]][1]
                    out[nodes[0]] = lead[: len(lead) - len(lead.lstrip())] + " ".join(
                        "".join(paths[owner][0]) + html.escape(words, quote=False) + "".join(paths[owner][1])
                        for owner, words in region
                    ) + trail[len(trail.rstrip()) :]
                    continue
                parts = share_out(plain, english, align_words) if len(nodes) > 1 else [english]
                if not _every_urdu_node_has_english(nodes, list(enumerate(parts)), by_node):
                    _in_place(out, toks, by_node)
                    continue
                for i, part in zip(nodes, parts):
                    out[i] = _spaced(toks[i][1], part)
            return "".join(out)

        yield Record(texts, rebuild, document)
