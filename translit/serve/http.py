"""The HTTP plumbing every endpoint shares: errors as ``{"error": "…"}`` with a status (never a
stack trace), the body-size limit, reading a JSON or form body, API keys and rate limits."""

from __future__ import annotations

import asyncio
import json
import logging
import math
import re
from urllib.parse import parse_qs

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from translit.errors import InputError, TranslitError
from translit.serve.batching import Ticket, Timeout
from translit.serve.keys import RateLimiter
from translit.serve.options import Access

log = logging.getLogger("translit.serve")


class ApiError(Exception):
    """An error a client gets as ``{"error": message}`` with ``status``."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def error_response(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def _validation_message(error: RequestValidationError) -> str:
    first = error.errors()[0] if error.errors() else {}
    where = ".".join(str(p) for p in first.get("loc", ()) if p != "body")
    message = first.get("msg", "bad request")
    if first.get("type") == "json_invalid":
        return "Invalid JSON format"
    return f"Invalid request: {where}: {message}" if where else f"Invalid request: {message}"


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api(request: Request, error: ApiError):
        return error_response(error.status, error.message)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, error: RequestValidationError):
        return error_response(400, _validation_message(error))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, error: StarletteHTTPException):
        return error_response(error.status_code, str(error.detail))

    @app.exception_handler(InputError)
    async def _input(request: Request, error: InputError):
        return error_response(400, str(error))

    @app.exception_handler(Timeout)
    async def _timeout(request: Request, error: Timeout):
        return error_response(503, str(error))

    @app.exception_handler(TranslitError)
    async def _library(request: Request, error: TranslitError):
        return error_response(500, str(error))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, error: Exception):
        log.exception("request %s %s failed", request.method, request.url.path)
        return error_response(500, "internal error: the server log has the details")


MAX_JSON_DEPTH = 32  # arrays and objects inside each other; no route's request needs more than 4
_SURROGATE = re.compile("[\ud800-\udfff]")


def _not_json(name: str):
    raise ValueError(f"{name} is not JSON")


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{text} is out of range")
    return value


def load_json(text: str):
    """A JSON request body, strictly: no NaN or Infinity (as words or as 1e400), no integer
    longer than Python reads, nesting at most ``MAX_JSON_DEPTH`` deep, no lone surrogate in a
    string (it cannot be encoded); anything else is an :class:`ApiError` 400, never a 500."""
    try:
        value = json.loads(text, parse_constant=_not_json, parse_float=_finite)
    except RecursionError:
        raise ApiError(400, f"Invalid JSON format: nested more than {MAX_JSON_DEPTH} deep") from None
    except ValueError as error:  # JSONDecodeError, a too-long integer, NaN/Infinity
        detail = str(error).split(":")[0] if not isinstance(error, json.JSONDecodeError) else ""
        raise ApiError(400, f"Invalid JSON format{': ' + detail if detail else ''}") from None
    stack = [(value, 1)]
    while stack:  # iterative: a walk that cannot itself recurse too deep
        item, depth = stack.pop()
        if isinstance(item, str):
            if _SURROGATE.search(item):
                raise ApiError(400, "Invalid JSON format: a string holds a lone surrogate (\\ud800–\\udfff)")
        elif isinstance(item, (list, dict)):
            if depth > MAX_JSON_DEPTH:
                raise ApiError(400, f"Invalid JSON format: nested more than {MAX_JSON_DEPTH} deep")
            children = [*item.keys(), *item.values()] if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return value


def _is_json(scope, body: bytes) -> bool:
    kind = dict(scope.get("headers") or []).get(b"content-type", b"").split(b";")[0].strip().lower()
    return kind == b"application/json" or kind.endswith(b"+json") or (not kind and body.lstrip()[:1] in (b"{", b"["))


class BodyLimit:
    """ASGI middleware, before any endpoint: a key given in a header is checked first (403 or
    429 before the body is read); a request body over ``limit`` bytes gets 413 (by its
    Content-Length, or as it streams in; what the client is still sending is read and dropped,
    up to a cap, so that it sees the answer rather than a reset); a body not in within
    ``timeout_s`` gets 408; a JSON body that :func:`load_json` refuses gets its 400 here, for
    every route alike."""

    DRAIN_CAP = 16 * 1024 * 1024  # bytes of an oversized body read and dropped before the 413

    def __init__(self, app, limit: int, timeout_s: float = 30.0, gate: Gate | None = None):
        self.app = app
        self.limit = limit
        self.timeout_s = timeout_s
        self.gate = gate

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = dict(scope.get("headers") or [])
        if self.gate is not None and (refusal := self.gate.refuse_header_key(headers)) is not None:
            if headers.get(b"content-length", b"0") != b"0" or b"transfer-encoding" in headers:
                await _drain(receive, self.DRAIN_CAP)
            return await error_response(*refusal)(scope, receive, send)
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            return await self._too_large(scope, receive, send)
        chunks, size = [], 0
        deadline = asyncio.get_running_loop().time() + self.timeout_s
        while True:
            try:
                message = await asyncio.wait_for(receive(), max(deadline - asyncio.get_running_loop().time(), 0.001))
            except asyncio.TimeoutError:
                return await error_response(408, f"Request body not received within {self.timeout_s:g} s")(scope, receive, send)
            if message["type"] == "http.disconnect":
                return None
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            if size > self.limit:
                return await self._too_large(scope, receive, send, more=message.get("more_body", False))
            if not message.get("more_body"):
                break
        body, replayed = b"".join(chunks), False
        del chunks
        if body and _is_json(scope, body):
            try:
                load_json(body.decode("utf-8"))
            except UnicodeDecodeError as error:
                return await error_response(400, f"Invalid request: the body is not UTF-8 (byte {error.start})")(scope, receive, send)
            except ApiError as error:
                return await error_response(error.status, error.message)(scope, receive, send)

        async def replay():
            nonlocal replayed, body
            if not replayed:
                replayed, data, body = True, body, b""  # the endpoint holds its copy; ours goes
                return {"type": "http.request", "body": data, "more_body": False}
            return await receive()

        return await self.app(scope, replay, send)

    async def _too_large(self, scope, receive, send, more: bool = True):
        if more:
            await _drain(receive, self.DRAIN_CAP)
        await error_response(413, f"Request too large: the body is over {self.limit} bytes")(scope, receive, send)


async def _drain(receive, cap: int) -> None:
    """Read what is left of the request body (up to ``cap`` bytes) and drop it, so that the
    client, still sending, reads the answer instead of a reset."""
    seen = 0
    while seen <= cap:
        try:
            message = await asyncio.wait_for(receive(), 5.0)
        except asyncio.TimeoutError:
            return
        if message["type"] != "http.request":
            return
        seen += len(message.get("body", b""))
        if not message.get("more_body"):
            return


async def read_params(request: Request) -> dict:
    """The parameters of a LibreTranslate-style request: a JSON object, or a form (URL-encoded or
    multipart; a repeated ``q`` is a list)."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    body = await request.body()
    if kind == "multipart/form-data":
        return _multipart(request.headers.get("content-type", ""), body)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ApiError(400, f"Invalid request: the body is not UTF-8 (byte {error.start})") from None
    if kind == "application/json" or (not kind and text.lstrip().startswith("{")):
        params = load_json(text)
        if not isinstance(params, dict):
            raise ApiError(400, "Invalid JSON format")
        return params
    try:
        pairs = parse_qs(text, keep_blank_values=True, errors="strict")
    except UnicodeDecodeError:
        raise ApiError(400, "Invalid request: a form field is not UTF-8 once %-decoded") from None
    return {k: (vs if len(vs) > 1 else vs[0]) for k, vs in pairs.items()}


def _multipart(content_type: str, body: bytes) -> dict:
    """The fields of a multipart form, by the rule of every other body: UTF-8 or a 400 (never
    read as Latin-1); a file part is a 400 (files are not translated here)."""
    import io

    from python_multipart import parse_form
    from python_multipart.exceptions import FormParserError

    fields: dict[str, list[str]] = {}

    def on_field(field) -> None:
        try:
            name, value = field.field_name.decode("utf-8"), (field.value or b"").decode("utf-8")
        except UnicodeDecodeError:
            raise ApiError(400, "Invalid request: a form field is not UTF-8") from None
        fields.setdefault(name, []).append(value)

    def on_file(file) -> None:
        raise ApiError(400, "Invalid request: file uploads are not translated; send the text as a field")

    try:
        parse_form({"Content-Type": content_type.encode("latin-1"), "Content-Length": str(len(body)).encode()}, io.BytesIO(body),
                   on_field, on_file)
    except (FormParserError, ValueError, AttributeError):
        raise ApiError(400, "Invalid request: not a valid multipart form") from None
    return {k: (vs if len(vs) > 1 else vs[0]) for k, vs in fields.items()}


async def in_worker(request: Request, ticket: Ticket, call, *args):
    """``call(*args)`` in a worker thread; a client that goes away meanwhile cancels the
    request's ``ticket``, so its sentences are dropped before they are decoded."""
    task = asyncio.ensure_future(run_in_threadpool(call, *args))
    while True:
        done, _ = await asyncio.wait({task}, timeout=0.1)
        if done:
            return task.result()
        if not ticket.cancelled.is_set() and await request.is_disconnected():
            ticket.cancelled.set()


class Gate:
    """Who may call: with API keys, a request must carry a known key (``api_key`` in the body,
    ``Authorization: Bearer KEY`` or ``X-API-Key``) and stay within its rate."""

    def __init__(self, access: Access):
        self.keys = access.api_keys
        self.rates = RateLimiter(self.keys or {})

    @staticmethod
    def _header_key(get) -> str:
        key = get("x-api-key") or ""
        bearer = get("authorization") or ""
        if not key and bearer.lower().startswith("bearer "):
            key = bearer[7:].strip()
        return key

    def refuse_header_key(self, headers: dict[bytes, bytes]) -> tuple[int, str] | None:
        """(status, message) for a key in the headers that is unknown or over its rate, before
        the body is read; None when there is none (the body may hold one) or it passes."""
        if self.keys is None:
            return None
        key = self._header_key(lambda name: headers.get(name.encode(), b"").decode("latin-1"))
        if not key:
            return None
        try:
            self.check_key(key)
        except ApiError as error:
            return error.status, error.message
        return None

    def check(self, request: Request, api_key=None) -> None:
        """Let the request through, or raise: ``api_key`` is the body's, if it has one. A key
        in a header was counted against its rate already (:meth:`refuse_header_key`)."""
        if self.keys is None:
            return
        header_key = self._header_key(request.headers.get)
        if header_key and (not api_key or api_key == header_key):
            return
        if not api_key:
            raise ApiError(400, "Invalid request: missing api_key parameter (this server needs an API key)")
        self.check_key(api_key)

    def check_key(self, key) -> None:
        if not isinstance(key, str) or key not in self.keys:
            raise ApiError(403, "Invalid API key")
        if not self.rates.allow(key):
            raise ApiError(429, f"Slowdown: over {self.keys[key]} requests per minute for this API key")
