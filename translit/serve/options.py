"""Options of ``translit serve``, one dataclass per concern: what a request may ask
(:class:`Limits`), who may ask (:class:`Access`), and how requests share batches
(:class:`translit.serve.batching.BatchOptions`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from translit.serve.batching import BatchOptions


@dataclass(frozen=True)
class Limits:
    """``max_body_bytes``: a request body's size; ``max_chars``: characters of text in one
    request (all its texts together); ``max_texts``: texts in one request (a list ``q``, or
    sentence pairs); ``max_alternatives``: n-best alternatives a request may ask for;
    ``timeout_s``: how long a request may wait for its translation; ``body_timeout_s``: how long
    a client may take to send its body (408 beyond); ``max_sentences``: sentences of each
    document ``/v1/align/sentences`` splits (413 beyond); ``max_connections``: connections open
    at once (503 beyond, uvicorn's ``limit_concurrency``)."""

    max_body_bytes: int = 1_000_000
    max_chars: int = 20_000
    max_texts: int = 128
    max_alternatives: int = 8
    timeout_s: float = 60.0
    body_timeout_s: float = 30.0
    max_sentences: int = 1000
    max_connections: int = 512


@dataclass(frozen=True)
class Access:
    """``api_keys``: key → requests per minute (0: no limit); None lets everyone in.
    ``cors_origins``: origins a browser may call the API from (none: CORS off)."""

    api_keys: dict[str, int] | None = None
    cors_origins: tuple[str, ...] = ()


@dataclass(frozen=True)
class ServeOptions:
    limits: Limits = field(default_factory=Limits)
    access: Access = field(default_factory=Access)
    batching: BatchOptions = field(default_factory=BatchOptions)
    web_page: bool = True
