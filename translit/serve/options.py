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
    ``timeout_s``: how long a request may wait for its translation."""

    max_body_bytes: int = 1_000_000
    max_chars: int = 20_000
    max_texts: int = 128
    max_alternatives: int = 8
    timeout_s: float = 60.0


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
