"""translit's own API on a real uvicorn server on loopback: documents with spans, n-best and
links, alignment, health, the OpenAPI schema; API keys and rates, CORS, time limits, errors
without stack traces, and batching across concurrent clients."""

import re
import threading
import time

import pytest

httpx = pytest.importorskip("httpx")

from translit.serve.batching import BatchOptions  # noqa: E402
from translit.serve.options import Access, Limits, ServeOptions  # noqa: E402

DOC = "لڑکا کتاب ہے۔ بلی پانی ہے۔\nگھر بڑا ہے۔"


@pytest.fixture
def url(start_server):
    return start_server(ServeOptions(limits=Limits(max_chars=400, max_texts=6, max_alternatives=3)))


def test_a_document_comes_back_with_its_paragraphs_spans_nbest_and_links(url, tiny_translator):
    got = httpx.post(f"{url}/v1/translate", json={"text": DOC, "nbest": 3, "links": True})
    assert got.status_code == 200
    body = got.json()
    expected = tiny_translator.translate_document(DOC)
    assert body["translation"] == expected.translation and body["model"] == tiny_translator.folder.name
    assert [len(p["sentences"]) for p in body["paragraphs"]] == [2, 1]
    for p in body["paragraphs"]:
        assert DOC[p["start"]:p["end"]].strip() and p["translation"] == " ".join(s["translation"] for s in p["sentences"])
        for s in p["sentences"]:
            assert DOC[s["start"]:s["end"]] == s["source"] and 0 < s["confidence"] <= 1
            assert 1 <= len(s["alternatives"]) <= 3 and s["alternatives"][0]["text"] == s["translation"]
            assert re.fullmatch(r"(\d+-\d+( \d+-\d+)*)?", s["links"])


def test_native_requests_are_validated_with_a_400_and_one_message(url):
    for body, message in [
        ({"txt": DOC}, "text"),
        ({"text": DOC, "beam": 0}, "beam"),
        ({"text": DOC, "nbest": 5}, "nbest must be <= 4"),
        ({"text": DOC, "link_method": "magic"}, "link_method"),
    ]:
        got = httpx.post(f"{url}/v1/translate", json=body)
        assert got.status_code == 400 and message in got.json()["error"], (body, got.text)
    assert httpx.post(f"{url}/v1/translate", json={"text": "ب" * 401}).status_code == 413
    assert httpx.post(f"{url}/v1/translate", content=b'{"text": "\xff"}', headers={"content-type": "application/json"}).status_code == 400


def test_sentences_and_words_are_aligned(url):
    got = httpx.post(f"{url}/v1/align/sentences", json={"ur": "لڑکا کتاب ہے۔ بلی پانی ہے۔", "en": ["Boy book.", "Cat water."]}).json()
    assert got["ur_sentences"] == ["لڑکا کتاب ہے۔", "بلی پانی ہے۔"] and got["en_sentences"] == ["Boy book.", "Cat water."]
    assert [(b["kind"], b["src"], b["tgt"]) for b in got["beads"]] == [("1-1", [0], [0]), ("1-1", [1], [1])]
    words = httpx.post(f"{url}/v1/align/words", json={"pairs": [{"ur": "لڑکا کتاب", "en": "boy book"}], "method": "attention"}).json()
    (one,) = words["alignments"]
    assert one["ur_words"] == ["لڑکا", "کتاب"] and one["en_words"] == ["boy", "book"] and re.fullmatch(r"\d-\d( \d-\d)*", one["links"])
    assert httpx.post(f"{url}/v1/align/words", json={"pairs": [{"ur": "a", "en": "b"}] * 7}).status_code == 413


def test_health_models_and_the_openapi_schema(url, tiny_translator):
    health = httpx.get(f"{url}/health").json()
    assert health["status"] == "ok" and health["model"] == tiny_translator.folder.name and health["workers"] == 2
    models = httpx.get(f"{url}/v1/models").json()
    assert models["loaded"]["name"] == tiny_translator.folder.name and "installed" not in models
    assert str(tiny_translator.folder.path) not in httpx.get(f"{url}/v1/models").text  # no path on the server is served
    schema = httpx.get(f"{url}/openapi.json").json()
    assert {"/translate", "/languages", "/detect", "/v1/translate", "/v1/align/sentences", "/health"} <= set(schema["paths"])
    assert "TranslateRequest" in schema["components"]["schemas"]
    assert httpx.get(f"{url}/docs").status_code == 404  # the docs page would load from a CDN
    missing = httpx.get(f"{url}/no/such/page")
    assert missing.status_code == 404 and missing.json() == {"error": "Not Found"}


def test_api_keys_and_their_rate_limits(start_server):
    url = start_server(ServeOptions(access=Access(api_keys={"slow": 2, "free": 0})))
    ask = {"q": "کتاب", "source": "ur", "target": "en"}
    missing = httpx.post(f"{url}/translate", json=ask)
    assert missing.status_code == 400 and "api_key" in missing.json()["error"]
    assert httpx.post(f"{url}/translate", json={**ask, "api_key": "wrong"}).status_code == 403
    assert httpx.post(f"{url}/translate", json={**ask, "api_key": "free"}).status_code == 200
    assert httpx.post(f"{url}/v1/translate", json={"text": "کتاب"}, headers={"Authorization": "Bearer free"}).status_code == 200
    assert httpx.post(f"{url}/v1/translate", json={"text": "کتاب"}, headers={"X-API-Key": "free"}).status_code == 200
    codes = [httpx.post(f"{url}/translate", data={**ask, "api_key": "slow"}).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    assert "Slowdown" in httpx.post(f"{url}/translate", json={**ask, "api_key": "slow"}).json()["error"]
    assert httpx.get(f"{url}/languages").status_code == 200 and httpx.get(f"{url}/frontend/settings").json()["apiKeys"] is True


def test_cors_is_off_unless_an_origin_is_given(url, start_server):
    headers = {"Origin": "https://example.org"}
    assert "access-control-allow-origin" not in httpx.get(f"{url}/languages", headers=headers).headers
    open_url = start_server(ServeOptions(access=Access(cors_origins=("https://example.org",))))
    assert httpx.get(f"{open_url}/languages", headers=headers).headers["access-control-allow-origin"] == "https://example.org"


def test_an_internal_failure_is_a_500_without_a_stack_trace(start_server):
    def broken(app):
        def decode(texts, options):
            raise ZeroDivisionError("secret detail")
        app.state.translit.service.batcher.decode = decode

    url = start_server(app_hook=broken)
    got = httpx.post(f"{url}/translate", json={"q": "کتاب", "source": "ur", "target": "en"})
    assert got.status_code == 500 and got.json() == {"error": "internal error: the server log has the details"}
    assert "secret" not in got.text and "Traceback" not in got.text


def test_a_request_past_its_time_limit_gets_503_and_does_not_block_the_next(start_server):
    release = threading.Event()

    def slow(app):
        real = app.state.translit.service.batcher.decode

        def decode(texts, options):
            if "رات" in texts[0]:
                release.wait(10)
            return real(texts, options)
        app.state.translit.service.batcher.decode = decode

    url = start_server(ServeOptions(limits=Limits(timeout_s=0.5), batching=BatchOptions(workers=2)), app_hook=slow)
    slow_answer = {}
    stuck = threading.Thread(target=lambda: slow_answer.update(r=httpx.post(f"{url}/translate", json={"q": "رات", "source": "ur", "target": "en"}, timeout=20)))
    stuck.start()
    time.sleep(0.2)
    fine = httpx.post(f"{url}/translate", json={"q": "کتاب", "source": "ur", "target": "en"}, timeout=20)
    assert fine.status_code == 200 and not release.is_set()  # answered by the other worker while the first is stuck
    stuck.join(5)
    release.set()
    assert slow_answer["r"].status_code == 503 and "time limit" in slow_answer["r"].json()["error"]


def test_concurrent_clients_share_batches_and_each_gets_its_own_translation(start_server, tiny_translator):
    url = start_server(ServeOptions(batching=BatchOptions(workers=2, wait_ms=20)))
    words = ["لڑکا", "لڑکی", "کتاب", "پانی", "گھر", "شہر", "کتا", "بلی", "درخت", "دریا", "سڑک", "اسکول", "دوست", "بازار", "کھانا", "رات"]
    texts = [f"{a} {b} ہے۔" for a, b in zip(words, words[3:] + words[:3])]
    results = [None] * len(texts)
    with httpx.Client(limits=httpx.Limits(max_connections=32)) as client:
        def ask(i):
            results[i] = client.post(f"{url}/translate", json={"q": texts[i], "source": "ur", "target": "en"}).json()["translatedText"]
        threads = [threading.Thread(target=ask, args=(i,)) for i in range(len(texts))]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
    assert results == tiny_translator.translate(texts)
    batches = httpx.get(f"{url}/health").json()["batches"]
    assert batches["sentences"] == len(texts) and batches["count"] < len(texts) and batches["largest"] > 1


def test_a_client_that_goes_away_has_its_sentences_dropped(start_server):
    release, seen = threading.Event(), []

    def slow(app):
        real = app.state.translit.service.batcher.decode

        def decode(texts, options):
            seen.extend(texts)
            if "رات" in texts[0]:
                release.wait(10)
            return real(texts, options)
        app.state.translit.service.batcher.decode = decode

    url = start_server(ServeOptions(batching=BatchOptions(workers=1)), app_hook=slow)
    stuck = threading.Thread(target=lambda: httpx.post(f"{url}/translate", json={"q": "رات", "source": "ur", "target": "en"}, timeout=20))
    stuck.start()
    time.sleep(0.2)  # the only worker is busy with it now
    with pytest.raises(httpx.ReadTimeout):
        httpx.post(f"{url}/v1/translate", json={"text": "دریا بڑا ہے۔"}, timeout=0.4)  # gives up and goes away
    time.sleep(0.5)  # the server notices (it looks every 0.1 s)
    release.set()
    stuck.join(10)
    assert httpx.post(f"{url}/translate", json={"q": "کتاب", "source": "ur", "target": "en"}).status_code == 200
    assert not any("دریا" in t for t in seen)  # never decoded
    assert httpx.get(f"{url}/health").json()["batches"]["dropped"] == 1
