"""``translit serve``: the HTTP API and web page (:mod:`translit.serve`) on uvicorn."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import typer

from translit.cli._util import COMPUTE_TYPE, DEVICE, GLOSSARY, MODEL, NO_NAMES, cli_errors, make_translator
from translit.errors import InputError


def _check_port(host: str, port: int) -> None:
    """Fail in one line, before the model loads, when the address cannot be served."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            raise InputError(f"cannot serve on {host}:{port}: {error.strerror or error}") from None


def _count(n: int, what: str) -> str:
    return f"{n} {what}{'' if n == 1 else 's'}"


@cli_errors
def serve_cli(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (0.0.0.0: every interface)."),
    port: int = typer.Option(5000, "--port", "-p", min=0, max=65535, help="Port (LibreTranslate's is 5000)."),
    model: str = MODEL,
    workers: int = typer.Option(0, "--workers", min=0, help="Translations decoded at once (CTranslate2 workers, each one batch; 0: one per core)."),
    threads: int = typer.Option(1, "--threads", min=0, help="Threads per translation (1 is fastest for small models on small CPUs)."),
    device: str = DEVICE,
    compute_type: str = COMPUTE_TYPE,
    glossary: list[Path] = GLOSSARY,
    no_names: bool = NO_NAMES,
    api_keys: Path = typer.Option(None, "--api-keys", help="File of 'KEY [REQUESTS_PER_MINUTE]' lines: every request needs one of these keys."),
    cors_origin: list[str] = typer.Option(None, "--cors-origin", help="An origin browsers may call the API from (repeatable; '*' for any). Default: CORS off."),
    max_chars: int = typer.Option(20000, "--max-chars", min=1, help="Characters of text in one request (413 beyond)."),
    max_texts: int = typer.Option(128, "--max-texts", min=1, help="Texts in one request (a list q; 413 beyond)."),
    max_body: int = typer.Option(1_000_000, "--max-body", min=1024, help="Bytes of a request body (413 beyond)."),
    timeout: float = typer.Option(60.0, "--timeout", min=0.1, help="Seconds a request may wait for its translation (503 beyond)."),
    body_timeout: float = typer.Option(30.0, "--body-timeout", min=0.1, help="Seconds a client may take to send a body (408 beyond)."),
    max_connections: int = typer.Option(512, "--max-connections", min=1, help="Connections open at once (503 beyond)."),
    batch_wait_ms: float = typer.Option(5.0, "--batch-wait-ms", min=0.0, help="How long a batch waits for more requests' sentences."),
    batch_texts: int = typer.Option(256, "--batch-texts", min=1, help="Sentences in one shared batch."),
    web_page: bool = typer.Option(True, "--web-page/--no-web-page", help="Serve the web page at /."),
    log_level: str = typer.Option("info", "--log-level", help="uvicorn's log level: critical, error, warning, info, debug."),
) -> None:
    """Serve translation over HTTP: LibreTranslate's API (/translate, /languages, /detect), translit's
    own (/v1/translate, /v1/align/…, /health) and a web page at /."""
    try:
        import uvicorn

        from translit.serve.app import create_app
    except ImportError as error:
        raise InputError(f"translit serve needs the serve extra ({error.name} is missing): pip install 'translit[serve]'") from None
    from translit.serve.batching import BatchOptions
    from translit.serve.keys import load_api_keys
    from translit.serve.options import Access, Limits, ServeOptions

    keys = load_api_keys(api_keys) if api_keys is not None else None
    _check_port(host, port)
    workers = workers or os.cpu_count() or 1
    translator = make_translator(model, device, compute_type, threads, workers, glossary, no_names)
    options = ServeOptions(
        limits=Limits(max_body_bytes=max_body, max_chars=max_chars, max_texts=max_texts, timeout_s=timeout,
                      body_timeout_s=body_timeout, max_connections=max_connections),
        access=Access(api_keys=keys, cors_origins=tuple(cors_origin or ())),
        batching=BatchOptions(workers=translator.workers, wait_ms=batch_wait_ms, max_texts=batch_texts),
        web_page=web_page,
    )
    typer.echo(f"translit: serving {translator.folder.name} on http://{host}:{port} "
               f"({_count(translator.workers, 'worker')} × {_count(translator.threads, 'thread')}, {translator.device} {translator.compute_type})", err=True)
    uvicorn.run(create_app(translator, options), host=host, port=port, log_level=log_level, access_log=log_level == "debug",
                limit_concurrency=max_connections)
