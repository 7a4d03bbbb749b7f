"""The LibreTranslate-compatible API, so that its clients work unchanged: ``POST /translate``,
``GET /languages``, ``POST /detect``, ``GET /frontend/settings``. Field names, shapes and
status codes follow LibreTranslate's API: errors are ``{"error": "…"}`` with 400 (bad request),
403 (bad API key), 429 (over the rate), 500; too much text is 413 here (LibreTranslate says 400)."""

from __future__ import annotations

from fastapi import APIRouter, Request

from translit.serve.batching import Ticket
from translit.serve.http import ApiError, in_worker, read_params
from translit.serve.service import check_alternatives
from translit.text.detect import detect_language

LANGUAGES = [{"code": "ur", "name": "Urdu", "targets": ["en"]}, {"code": "en", "name": "English", "targets": []}]
_NAMES = {lang["code"]: lang["name"] for lang in LANGUAGES}


def _texts(params: dict, limits) -> tuple[list[str], bool]:
    """``q`` as a list of texts, and whether it was a list; checked against the limits."""
    q = params.get("q")
    if q is None or q == "" or q == []:
        raise ApiError(400, "Invalid request: missing q parameter")
    batch = isinstance(q, list)
    texts = q if batch else [q]
    if any(not isinstance(t, str) for t in texts):
        raise ApiError(400, "Invalid request: q must be a string or a list of strings")
    if len(texts) > limits.max_texts:
        raise ApiError(413, f"Invalid request: request ({len(texts)}) exceeds text limit ({limits.max_texts})")
    chars = sum(len(t) for t in texts)
    if chars > limits.max_chars:
        raise ApiError(413, f"Invalid request: request ({chars}) exceeds character limit ({limits.max_chars})")
    return texts, batch


def _languages(params: dict, texts: list[str]) -> list[dict] | None:
    """The detections to report for ``source: auto`` (None for a given source); a source or
    target translit does not translate is a 400."""
    source, target = params.get("source"), params.get("target")
    for name, value in (("source", source), ("target", target)):
        if not value:
            raise ApiError(400, f"Invalid request: missing {name} parameter")
        if not isinstance(value, str):
            raise ApiError(400, f"Invalid request: {name} must be a language code (a string)")
    if source not in ("ur", "auto"):
        raise ApiError(400, f"{source} is not supported" if source not in _NAMES else
                       f"{_NAMES.get(target, target)} ({target}) is not available as a target language from {_NAMES[source]} ({source})"
                       " (this server translates Urdu (ur) to English (en))")
    if target != "en":
        raise ApiError(400, f"{target} is not supported" if target not in _NAMES else
                       f"{_NAMES[target]} ({target}) is not available as a target language from Urdu (ur)")
    if source != "auto":
        return None
    return [{"confidence": d.confidence, "language": d.language} for d in (detect_language(t)[0] for t in texts)]


def router(state) -> APIRouter:
    """The LibreTranslate routes over ``state`` (the app's service, limits and gate)."""
    api = APIRouter(tags=["LibreTranslate"])

    @api.post("/translate", summary="Translate text (LibreTranslate)")
    async def translate(request: Request):
        params = await read_params(request)
        state.gate.check(request, params.get("api_key"))
        texts, batch = _texts(params, state.limits)
        detected = _languages(params, texts)
        fmt = params.get("format") or "text"
        if not isinstance(fmt, str) or fmt not in ("text", "html"):
            raise ApiError(400, f"{fmt} format is not supported")
        alternatives = check_alternatives(params.get("alternatives", 0), state.limits.max_alternatives)  # an InputError is a 400
        ticket = Ticket.after(state.limits.timeout_s)
        if fmt == "html":  # alternatives are for text (as in LibreTranslate)
            translated, others = await in_worker(request, ticket, state.service.html, texts, ticket), [[] for _ in texts]
        else:
            results = await in_worker(request, ticket, state.service.texts, texts, alternatives, ticket)
            translated, others = [r.translation for r in results], [r.alternatives for r in results]
        body: dict = {"translatedText": translated if batch else translated[0]}
        if detected is not None:
            body["detectedLanguage"] = detected if batch else detected[0]
        if alternatives > 0:
            body["alternatives"] = others if batch else others[0]
        return body

    @api.get("/languages", summary="Languages translit translates (LibreTranslate)")
    async def languages():
        return LANGUAGES

    @api.post("/detect", summary="Detect the language of a text: Urdu or English (LibreTranslate)")
    async def detect(request: Request):
        params = await read_params(request)
        state.gate.check(request, params.get("api_key"))
        q = params.get("q")
        if not q or not isinstance(q, str):
            raise ApiError(400, "Invalid request: missing q parameter")
        if len(q) > state.limits.max_chars:
            raise ApiError(413, f"Invalid request: request ({len(q)}) exceeds character limit ({state.limits.max_chars})")
        return [{"confidence": d.confidence, "language": d.language} for d in detect_language(q)]

    @api.get("/frontend/settings", summary="Settings a front end needs (LibreTranslate)")
    async def frontend_settings():
        return {
            "charLimit": state.limits.max_chars,
            "frontendTimeout": int(state.limits.timeout_s * 1000),
            "apiKeys": state.gate.keys is not None,
            "keyRequired": state.gate.keys is not None,
            "suggestions": False,
            "filesTranslation": False,
            "supportedFilesFormat": [],
            "language": {"source": {"code": "ur", "name": "Urdu"}, "target": {"code": "en", "name": "English"}},
        }

    return api
