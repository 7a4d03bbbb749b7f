"""Shared CLI plumbing: input and output files, one-line errors, progress on terminals."""

from __future__ import annotations

import functools
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

import typer

from translit.errors import InputError, TranslitError
from translit.util.files import atomic_open, atomic_write_text
from translit.util.gzipped import decode_utf8, read_text, split_lines


def fail(message: str, code: int = 1) -> typer.Exit:
    typer.echo(f"translit: error: {message}", err=True)
    return typer.Exit(code)


def cli_errors(func):
    """Turn library errors into a one-line message and a non-zero exit: never a traceback."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except TranslitError as exc:
            raise fail(str(exc)) from None
        except KeyboardInterrupt:
            raise fail("interrupted", 130) from None
        except BrokenPipeError:
            raise typer.Exit(0) from None
        except OSError as exc:
            raise fail(f"{exc.filename or ''}: {exc.strerror or exc}".lstrip(": ")) from None

    return wrapper


def read_input(source: str | None) -> str:
    """All of FILE (plain or gzipped), or of stdin for ``-``/None."""
    if source in (None, "-"):
        return decode_utf8(sys.stdin.buffer.read(), "<stdin>")
    return read_text(Path(source))


def iter_input_lines(source: str | None) -> Iterator[str]:
    """Lines of FILE or stdin, decoded one by one (constant memory); errors name the byte offset."""
    name = "<stdin>" if source in (None, "-") else source
    if source in (None, "-"):
        stream = sys.stdin.buffer
    else:
        path = Path(source)
        if not path.is_file():
            raise InputError(f"file not found: {source}")
        with path.open("rb") as probe:
            gzipped = probe.read(2) == b"\x1f\x8b"
        if gzipped:
            yield from split_lines(read_text(path))
            return
        stream = path.open("rb")
    offset = 0
    try:
        for raw in stream:
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise InputError(f"{name}: invalid UTF-8 at byte {offset + exc.start}") from None
            offset += len(raw)
            yield line.rstrip("\r\n")
    finally:
        if stream is not sys.stdin.buffer:
            stream.close()


def write_output(text: str, output: Path | None) -> None:
    """Write to ``output`` atomically, or to stdout."""
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        atomic_write_text(output, text)


def write_lines(lines: Iterable[str], output: Path | None) -> None:
    """Stream ``lines`` (each gets a newline) to stdout as they come, or atomically into ``output``."""
    if output is None:
        for line in lines:
            sys.stdout.write(line + "\n")
        sys.stdout.flush()
        return
    with atomic_open(output) as f:
        for line in lines:
            f.write(line + "\n")


def show_progress() -> bool:
    return sys.stderr.isatty()


GLOSSARY = typer.Option(None, "--glossary", "-g", help="TSV of 'urdu<TAB>english' terms the translation must use (repeatable).")
NO_NAMES = typer.Option(False, "--no-names", help="Don't apply the names glossary that ships with translit.")
CLAUSE_SPLIT = typer.Option(
    None, "--clause-split", min=0, help="Translate sentences over N pieces clause by clause (0: off). Default: the model card's."
)

KEEP_TERMS = typer.Option(
    True, "--keep-terms/--no-keep-terms",
    help="Decode a sentence again with a glossary term forced in where the model left the term out.",
)
