"""The ASGI app of ``translit serve``: the LibreTranslate routes, the native ``/v1`` routes, the
web page at ``/`` (every file served by translit: no CDN), limits, API keys and CORS. Nothing is
written to disk; errors never carry a stack trace."""

from __future__ import annotations

from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from translit import __version__
from translit.serve import libre, native
from translit.serve.http import BodyLimit, Gate, install_error_handlers
from translit.serve.options import Limits, ServeOptions
from translit.serve.service import TranslationService
from translit.translate import Translator

STATIC = Path(__file__).parent / "static"


@dataclass
class ServerState:
    """What the routes share: the translation service, the request limits and the key gate."""

    service: TranslationService
    limits: Limits
    gate: Gate


def create_app(translator: Translator, options: ServeOptions | None = None) -> FastAPI:
    """The app serving ``translator``; close it by closing the app's ``state.translit.service``
    (the server does so on shutdown)."""
    options = options or ServeOptions()
    state = ServerState(TranslationService(translator, options.batching), options.limits, Gate(options.access))
    @asynccontextmanager
    async def lifespan(app):
        yield
        state.service.close()

    app = FastAPI(
        title="translit", version=__version__, docs_url=None, redoc_url=None, lifespan=lifespan,  # docs pages load from a CDN
        description="Urdu→English translation: a LibreTranslate-compatible API and translit's own, with sentence spans and alignment.",
    )
    app.state.translit = state
    install_error_handlers(app)
    app.include_router(libre.router(state))
    app.include_router(native.router(state))
    if options.web_page:
        app.mount("/static", StaticFiles(directory=STATIC), name="static")

        @app.get("/", include_in_schema=False)
        async def page():
            return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8")

    if options.access.cors_origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(CORSMiddleware, allow_origins=list(options.access.cors_origins), allow_methods=["GET", "POST"],
                           allow_headers=["Authorization", "Content-Type", "X-API-Key"])
    app.router.redirect_slashes = False  # no redirect built from the request's Host header ("/static" is a 404)
    app.add_middleware(BodyLimit, limit=options.limits.max_body_bytes, timeout_s=options.limits.body_timeout_s, gate=state.gate)
    return app
