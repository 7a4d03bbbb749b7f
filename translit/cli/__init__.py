"""The ``translit`` command: a typer app; each command is a thin shell over a library call."""

from __future__ import annotations

import typer

from translit import __version__
from translit.cli import align, bench, models, romanize, serve, text, train, translate

app = typer.Typer(rich_markup_mode=None, 
    name="translit",
    help="Urdu→English translation, alignment and transliteration.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"translit {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version and exit."),
) -> None:
    """Urdu→English translation, alignment and transliteration."""


app.command("normalize")(text.normalize_cli)
app.command("split")(text.split_cli)
app.command("translate")(translate.translate_cli)
app.command("romanize")(romanize.romanize_cli)
app.command("serve")(serve.serve_cli)
app.add_typer(align.app, name="align", help="Align sentences of two documents, or words inside sentence pairs.")
app.add_typer(bench.app, name="bench", help="Score translations (BLEU, chrF, chrF++) and compare systems.")
app.add_typer(models.app, name="models", help="The models installed: list, info, convert, pull, remove.")
app.add_typer(train.app, name="train", help="Build the data mix, tokenizer and model; export a model folder.")


def main() -> None:
    import signal

    from translit.cli._util import Terminated

    def terminate(signum, frame):
        raise Terminated()

    signal.signal(signal.SIGTERM, terminate)  # like Ctrl-C: stop, keep what is written, say so
    app()
