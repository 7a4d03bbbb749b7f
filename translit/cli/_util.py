"""Shared CLI plumbing: input and output files, one-line errors, progress on terminals."""

from __future__ import annotations

import functools
import inspect
import sys
import typing
from collections.abc import Iterable
from pathlib import Path

import typer

from translit.errors import TranslitError
from translit.util.files import atomic_open, atomic_write_text
from translit.util.gzipped import decode_utf8, read_text


def fail(message: str, code: int = 1) -> typer.Exit:
    typer.echo(f"translit: error: {message}", err=True)
    return typer.Exit(code)


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the command is (set up by ``translit.cli.main``)."""


def cli_errors(func):
    """Turn library errors into a one-line message and a non-zero exit: never a traceback."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except TranslitError as exc:
            raise fail(str(exc)) from None
        except Terminated:
            raise fail("terminated" + _kept(func, kwargs), 143) from None
        except KeyboardInterrupt:
            raise fail("interrupted" + _kept(func, kwargs), 130) from None
        except BrokenPipeError:
            raise typer.Exit(0) from None
        except OSError as exc:
            raise fail(f"{exc.filename or ''}: {exc.strerror or exc}".lstrip(": ")) from None

    return wrapper


def _kept(func, kwargs: dict) -> str:
    """What a stopped command leaves: a partial to resume only where it has --resume and -o."""
    if "resume" in inspect.signature(func).parameters and kwargs.get("output") is not None:
        return "; a partial output (-o) is kept for --resume"
    return ""


def hint_stdin(source: str | None, what: str = "Urdu") -> None:
    """Say on stderr that the command waits for typed input, where stdin is a terminal."""
    if source in (None, "-") and sys.stdin.isatty() and sys.stderr.isatty():
        typer.echo(f"translit: reading {what} from standard input (Ctrl-D to end)", err=True)


def read_input(source: str | None) -> str:
    """All of FILE (plain or gzipped, a FIFO or /dev/fd/N), or of stdin for ``-``/None."""
    from translit.util.lines import check_readable

    hint_stdin(source, "text")
    if source in (None, "-"):
        return decode_utf8(sys.stdin.buffer.read(), "<stdin>")
    check_readable(source)
    return read_text(Path(source))


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


def show_progress(output: Path | None = None) -> bool:
    """A progress bar goes to stderr, and only where it cannot interleave with the results: stderr
    is a terminal and the results go to a file or a pipe, not to that terminal."""
    return sys.stderr.isatty() and (output is not None or not sys.stdout.isatty())


def progress(items, total: int | None = None, initial: int = 0, label: str = "translating", unit: str = "line"):
    """``items`` with a bar on stderr: rate and ETA from the average since the start (``initial``
    items were done before, e.g. by an interrupted run)."""
    from tqdm import tqdm

    return tqdm(items, total=total, initial=initial, desc=label, unit=unit, file=sys.stderr, smoothing=0, dynamic_ncols=True,
                disable=not sys.stderr.isatty())  # a bar is for a person at a terminal, never for a log file


GLOSSARY = typer.Option(None, "--glossary", "-g", help="TSV of 'urdu<TAB>english' terms the translation must use (repeatable).")
NO_NAMES = typer.Option(False, "--no-names", help="Don't apply the model's own names glossary (names.tsv in its folder, where it has one).")
CLAUSE_SPLIT = typer.Option(
    None, "--clause-split", min=0, help="Translate sentences over N pieces clause by clause (0: off). Default: the model card's."
)

NUMBERS = typer.Option(
    "international", "--numbers",
    help="South Asian amounts (لاکھ, کروڑ, ارب) and times (صبح 6 بجے): international (15 million, 6 a.m.), south-asian (1.5 crore) or off.",
)

CONSISTENT_NAMES = typer.Option(
    None, "--consistent-names/--no-consistent-names",
    help="Spell each name one way through a document (a file: each 64-line batch). Default: off for files "
         "(it costs about a third of the speed), on in the library's translate_document.",
)

KEEP_TERMS = typer.Option(
    True, "--keep-terms/--no-keep-terms",
    help="Decode a sentence again with a glossary term forced in where the model left the term out.",
)


# Decoding and engine options shared by every command that translates.
BEAM = typer.Option(4, "--beam", min=1, help="Beam size.")
BATCH_TOKENS = typer.Option(4096, min=16, help="Token budget of a batch.")
NO_REPEAT = typer.Option(None, min=0, help="Block repeated n-grams of pieces (0: off). Default: the model card's.")
LENGTH_PENALTY = typer.Option(None, help="Length penalty of the beam search. Default: the model card's, else 1.")
REPETITION_PENALTY = typer.Option(None, min=0.0, help="Penalty on pieces already produced. Default: the model card's, else 1.")
MODEL = typer.Option(None, "--model", "-m", help="Model name (installed or shipped) or a model folder.")
DEVICE = typer.Option("auto", help="cpu, cuda or auto.")
COMPUTE_TYPE = typer.Option("auto", help="int8, int8_float32, int16, float32, float16, … or auto.")
THREADS = typer.Option(0, min=0, help="Threads per translation (0 with --workers 0: the layout `translit bench tune` kept for this machine; else the cores the workers leave, up to 4).")
WORKERS = typer.Option(0, min=0, help="Translations run in parallel (0: the tuned layout, else 1).")
EVALSETS = typer.Option(
    None, "--evalsets", help="Folder of test sets (one folder per set with dev.ur/dev.en). Default: $TRANSLIT_DATA/evalsets."
)


def _decoding_parameters() -> list[inspect.Parameter]:
    """The flags every translating command takes for its DecodingOptions (see :func:`decoding_flags`)."""
    flags = {
        "beam": (int, BEAM),
        "batch_tokens": (int, BATCH_TOKENS),
        "no_repeat_ngram_size": (int, NO_REPEAT),
        "length_penalty": (float, LENGTH_PENALTY),
        "repetition_penalty": (float, REPETITION_PENALTY),
        "clause_split": (int, CLAUSE_SPLIT),
        "keep_terms": (bool, KEEP_TERMS),
        "numbers": (str, NUMBERS),
        "consistent_names": (bool | None, CONSISTENT_NAMES),
    }
    kind = inspect.Parameter.KEYWORD_ONLY
    return [inspect.Parameter(name, kind, default=default, annotation=kind_) for name, (kind_, default) in flags.items()]


def decoding_flags(func):
    """Give a command the decoding flags (--beam, --batch-tokens, --no-repeat-ngram-size,
    --length-penalty, --repetition-penalty, --clause-split, --keep-terms) in place of its
    ``decoding`` parameter, which receives the DecodingOptions they make (with the command's own
    ``nbest`` when it has one)."""
    extra = _decoding_parameters()
    hints = typing.get_type_hints(func)
    own = [p.replace(annotation=hints.get(p.name, p.annotation)) for p in inspect.signature(func).parameters.values() if p.name != "decoding"]

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        values = {p.name: kwargs.pop(p.name) for p in extra}
        kwargs["decoding"] = decoding_options(nbest=kwargs.get("nbest", 1), **values)
        return func(*args, **kwargs)

    wrapper.__signature__ = inspect.Signature(own + extra)
    wrapper.__annotations__ = {p.name: p.annotation for p in own + extra}
    return wrapper


def decoding_options(
    beam: int = 4, nbest: int = 1, batch_tokens: int = 4096, no_repeat_ngram_size: int | None = None,
    length_penalty: float | None = None, repetition_penalty: float | None = None,
    clause_split: int | None = None, keep_terms: bool = True, numbers: str = "international", consistent_names: bool | None = None,
):
    """The DecodingOptions of a command's flags."""
    from translit.errors import InputError
    from translit.text.numbers import STYLES
    from translit.translate.options import DecodingOptions

    if numbers not in STYLES:
        raise InputError(f"--numbers must be one of {', '.join(STYLES)}, not {numbers!r}")
    return DecodingOptions(
        beam_size=max(beam, nbest), num_hypotheses=nbest, batch_tokens=batch_tokens,
        no_repeat_ngram_size=no_repeat_ngram_size, length_penalty=length_penalty,
        repetition_penalty=repetition_penalty, clause_split_tokens=clause_split, keep_terms=keep_terms, numbers=numbers,
        consistent_names=consistent_names,
    )


def make_translator(
    model: str | None, device: str = "auto", compute_type: str = "auto", threads: int = 0, workers: int = 0,
    glossary: list[Path] | None = None, no_names: bool = False,
):
    """The Translator of a command's flags (model, engine, glossary files, names glossary)."""
    from translit.glossary import load_glossaries
    from translit.translate import EngineOptions, Translator

    terms = load_glossaries(glossary)
    return Translator(model, engine=EngineOptions(device, compute_type, threads, workers), glossary=terms, names=not no_names)
