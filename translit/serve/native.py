"""translit's own API, with the whole result: ``POST /v1/translate`` (document → paragraphs →
sentences with spans, confidence, n-best, glossary terms, word links), ``POST
/v1/align/sentences``, ``POST /v1/align/words``, ``GET /v1/models`` and ``GET /health``. Bodies
and answers are pydantic models, so the OpenAPI schema (``/openapi.json``) describes them."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from translit.serve.http import ApiError, in_worker
from translit.serve.batching import Ticket


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")
    api_key: str | None = Field(None, description="API key, when the server needs one (or send Authorization: Bearer KEY).")


class TranslateRequest(_Body):
    text: str = Field(..., description="Urdu text: paragraphs on their own lines.")
    beam: int = Field(4, ge=1, le=16, description="Beam size.")
    nbest: int = Field(1, ge=1, le=16, description="Hypotheses per sentence (the best first).")
    links: bool = Field(False, description="Word links (Pharaoh i-j) between each sentence and its translation.")
    link_method: Literal["lexicon", "attention"] = "lexicon"


class Alternative(BaseModel):
    text: str
    score: float = Field(..., description="Mean log-probability per target token.")


class TermOut(BaseModel):
    source: str
    target: str


class SentenceOut(BaseModel):
    start: int = Field(..., description="Offset of the sentence in the text (characters).")
    end: int
    source: str
    translation: str
    confidence: float
    alternatives: list[Alternative] = []
    terms: list[TermOut] = []
    links: str | None = None


class ParagraphOut(BaseModel):
    start: int
    end: int
    translation: str
    sentences: list[SentenceOut]


class TranslateResponse(BaseModel):
    model: str
    translation: str
    paragraphs: list[ParagraphOut]


class AlignSentencesRequest(_Body):
    ur: str | list[str] = Field(..., description="The Urdu document, or its sentences.")
    en: str | list[str] = Field(..., description="The English document, or its sentences.")
    translate: bool = Field(False, description="Also compare a machine translation of the Urdu side (slower).")


class BeadOut(BaseModel):
    kind: str = Field(..., description="1-1, 2-1, 1-2, 2-2, 1-0 or 0-1.")
    src: list[int]
    tgt: list[int]
    ur: str
    en: str
    score: float


class AlignSentencesResponse(BaseModel):
    ur_sentences: list[str]
    en_sentences: list[str]
    beads: list[BeadOut]


class WordPair(BaseModel):
    ur: str
    en: str


class AlignWordsRequest(_Body):
    pairs: list[WordPair]
    method: Literal["lexicon", "attention"] = "lexicon"


class WordLinks(BaseModel):
    ur_words: list[str]
    en_words: list[str]
    links: str


class AlignWordsResponse(BaseModel):
    alignments: list[WordLinks]


# what a client may learn of the model: never a path on the server, nor where it was converted from
_CARD_FIELDS = ("name", "languages", "date", "translit_version", "architecture", "size_bytes", "max_input_tokens", "decoding",
                "scores", "license", "family")


def model_summary(folder) -> dict:
    """The loaded model as a client sees it: its name and the card's public fields."""
    card = folder.card or {}
    return {"name": folder.name, "card": {k: card[k] for k in _CARD_FIELDS if k in card}}


def _check_size(state, texts: list[str]) -> None:
    limits = state.limits
    if len(texts) > limits.max_texts:
        raise ApiError(413, f"Invalid request: {len(texts)} texts exceed the limit ({limits.max_texts})")
    chars = sum(len(t) for t in texts)
    if chars > limits.max_chars:
        raise ApiError(413, f"Invalid request: request ({chars}) exceeds character limit ({limits.max_chars})")


def _translate(state, body: TranslateRequest, ticket: Ticket) -> TranslateResponse:
    from translit.translate.links import sentence_links

    if body.nbest > state.limits.max_alternatives + 1:
        raise ApiError(400, f"Invalid request: nbest must be <= {state.limits.max_alternatives + 1}")
    options = state.service.options(beam=max(body.beam, body.nbest), nbest=body.nbest)
    doc = state.service.document(body.text, options, ticket)
    sentences = [s for p in doc.paragraphs for s in p.sentences]
    links = iter(sentence_links(sentences, state.service.translator, body.link_method) if body.links else [])
    paragraphs = [
        ParagraphOut(start=p.start, end=p.end, translation=p.translation, sentences=[
            SentenceOut(start=s.start, end=s.end, source=s.source, translation=s.translation, confidence=s.confidence,
                        alternatives=[Alternative(text=a.text, score=a.score) for a in s.alternatives],
                        terms=[TermOut(source=t.source, target=t.target) for t in s.terms],
                        links=next(links) if body.links else None)
            for s in p.sentences])
        for p in doc.paragraphs
    ]
    return TranslateResponse(model=state.service.translator.folder.name, translation=doc.translation, paragraphs=paragraphs)


def _align_sentences(state, body: AlignSentencesRequest, ticket: Ticket) -> AlignSentencesResponse:
    from translit.align.sentences import align_sentences
    from translit.text.segment import split_sentences

    ur = body.ur if isinstance(body.ur, list) else [s.text for s in split_sentences(body.ur, "ur")]
    en = body.en if isinstance(body.en, list) else [s.text for s in split_sentences(body.en, "en")]
    for side, sentences in (("ur", ur), ("en", en)):  # the alignment's cost grows with both counts
        if len(sentences) > state.limits.max_sentences:
            raise ApiError(413, f"Invalid request: {side} has {len(sentences)} sentences, over the limit ({state.limits.max_sentences})")
    translations = None
    if body.translate and ur:
        options = state.service.options(beam=1)
        translations = [r.translation for r in state.service.batcher.run(ur, options, ticket)]
    beads = align_sentences(ur, en, translations)
    return AlignSentencesResponse(ur_sentences=ur, en_sentences=en, beads=[
        BeadOut(kind=b.kind, src=list(b.src), tgt=list(b.tgt), ur=" ".join(ur[i] for i in b.src),
                en=" ".join(en[j] for j in b.tgt), score=b.score)
        for b in beads])


def router(state) -> APIRouter:
    api = APIRouter(tags=["translit"])

    @api.post("/v1/translate", response_model=TranslateResponse, summary="Translate a document, with spans, n-best and links")
    async def translate(request: Request, body: TranslateRequest):
        state.gate.check(request, body.api_key)
        _check_size(state, [body.text])
        ticket = Ticket.after(state.limits.timeout_s)
        return await in_worker(request, ticket, _translate, state, body, ticket)

    @api.post("/v1/align/sentences", response_model=AlignSentencesResponse, summary="Align the sentences of two documents")
    async def align_sentences(request: Request, body: AlignSentencesRequest):
        state.gate.check(request, body.api_key)
        _check_size(state, [body.ur] if isinstance(body.ur, str) else body.ur)
        _check_size(state, [body.en] if isinstance(body.en, str) else body.en)
        ticket = Ticket.after(state.limits.timeout_s)
        return await in_worker(request, ticket, _align_sentences, state, body, ticket)

    @api.post("/v1/align/words", response_model=AlignWordsResponse, summary="Word links inside sentence pairs")
    async def align_words(request: Request, body: AlignWordsRequest):
        from translit.translate.links import align_word_batch

        state.gate.check(request, body.api_key)
        _check_size(state, [p.ur + p.en for p in body.pairs])
        pairs = [(p.ur, p.en) for p in body.pairs]
        found = await run_in_threadpool(align_word_batch, pairs, state.service.translator, body.method)
        return AlignWordsResponse(alignments=[WordLinks(ur_words=a.ur_words, en_words=a.en_words, links=a.pharaoh()) for a in found])

    @api.get("/v1/models", summary="The model this server translates with")
    async def models(request: Request):
        state.gate.check(request)
        return {"loaded": model_summary(state.service.translator.folder)}

    @api.get("/health", summary="Liveness, the model and the batcher's counts")
    async def health(request: Request):
        state.gate.check(request)
        translator, stats = state.service.translator, state.service.batcher.stats
        return {"status": "ok", "model": translator.folder.name, "device": translator.device, "workers": translator.workers,
                "pending": state.service.batcher.pending(),
                "batches": {"count": stats.batches, "sentences": stats.texts, "largest": stats.largest, "dropped": stats.dropped}}

    return api
