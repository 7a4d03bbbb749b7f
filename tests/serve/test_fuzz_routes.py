"""Junk to every route of a real server on loopback: whatever JSON (or not-JSON) a client sends,
the answer is a 2xx or a 4xx with ``{"error": …}``, never a 500, and a valid request on the same
connection right after it still gets its answer."""

import json

import pytest

httpx = pytest.importorskip("httpx")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from translit.serve.options import Limits, ServeOptions  # noqa: E402

POST_ROUTES = ["/translate", "/detect", "/v1/translate", "/v1/align/sentences", "/v1/align/words"]
FIELDS = ["q", "source", "target", "format", "alternatives", "api_key", "text", "beam", "nbest", "links",
          "ur", "en", "pairs", "method", "link_method", "presplit"]

_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(10**30), max_value=10**30), st.floats(allow_nan=False, allow_infinity=False),
    st.text(alphabet=st.sampled_from("ب۔ a.<>\n\"\\"), max_size=20), st.sampled_from(["ur", "en", "auto", "html", "text", "lexicon"]),
)
_json = st.recursive(_scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(FIELDS), inner, max_size=5),
                     max_leaves=12)
_bodies = st.dictionaries(st.sampled_from(FIELDS), _json, max_size=6) | _json

# the junk the hostile tester sent, each once
CRAFTED = [
    "[" * 100_000 + "]" * 100_000,
    '{"q": ' + "[" * 5000 + "]" * 5000 + ', "source": "ur", "target": "en"}',
    '{"q": "ب", "source": "ur", "target": "en", "alternatives": Infinity}',
    '{"q": "ب", "source": "ur", "target": "en", "alternatives": NaN}',
    '{"q": "ب", "source": "ur", "target": "en", "alternatives": 1e400}',
    '{"q": "ب", "source": "ur", "target": "en", "alternatives": ' + "9" * 5000 + "}",
    '{"q": "ب", "source": ["ur"], "target": "en"}',
    '{"q": "ب", "source": "ur", "target": {"en": 1}}',
    '{"q": "ب", "source": "ur", "target": "en", "api_key": ["k"]}',
    '{"pairs": [{"ur": "\\ud800", "en": "x"}]}',
    '{"text": "\\udfff"}',
    '{"q": "\\ud83d"}',
    "{", "null", "[]", '"x"', "1", "",
]


@pytest.fixture
def server(start_server):
    return start_server(ServeOptions(limits=Limits(max_chars=400, max_texts=6, max_alternatives=3, timeout_s=20)))


def _check(client, url, route, content):
    got = client.post(f"{url}{route}", content=content, headers={"content-type": "application/json"})
    assert got.status_code < 500, (route, content[:200], got.status_code, got.text[:300])
    if got.status_code >= 400:
        assert set(got.json()) == {"error"}, got.text[:300]
    return got


def test_crafted_junk_is_a_400_and_the_connection_goes_on(server):
    with httpx.Client(timeout=60) as client:
        for route in POST_ROUTES:
            for content in CRAFTED:
                _check(client, server, route, content.encode("utf-8", "surrogatepass"))
            # the same connection still answers a valid request
            ok = client.post(f"{server}/detect", json={"q": "لڑکا کتاب ہے۔"})
            assert ok.status_code == 200
        assert _check(client, server, "/translate", CRAFTED[2].encode()).status_code == 400


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(route=st.sampled_from(POST_ROUTES), body=_bodies)
def test_random_json_to_every_route_is_never_a_500(server, route, body):
    with httpx.Client(timeout=60) as client:
        _check(client, server, route, json.dumps(body).encode("utf-8"))


def test_every_get_route_answers(server):
    for route in ["/languages", "/frontend/settings", "/v1/models", "/health", "/openapi.json", "/"]:
        assert httpx.get(f"{server}{route}").status_code == 200


def test_behind_keys_only_the_page_and_the_languages_are_open(start_server):
    from translit.serve.options import Access

    url = start_server(ServeOptions(access=Access(api_keys={"k#1": 0, "slow": 1})))
    open_routes = {"/", "/static/app.js", "/languages", "/frontend/settings"}
    for route in open_routes:
        assert httpx.get(f"{url}{route}").status_code == 200, route
    for route in ["/health", "/v1/models"]:
        assert httpx.get(f"{url}{route}").status_code == 400, route
        assert httpx.get(f"{url}{route}", headers={"X-API-Key": "nope"}).status_code == 403, route
        assert httpx.get(f"{url}{route}", headers={"Authorization": "Bearer k#1"}).status_code == 200, route
    for route in POST_ROUTES:
        assert httpx.post(f"{url}{route}", json={"q": "ب"}).status_code == 400, route
        # a wrong key in a header is refused before the body is read, whatever the body
        assert httpx.post(f"{url}{route}", content=b"x" * 5000, headers={"X-API-Key": "nope"}).status_code == 403, route
    assert httpx.get(f"{url}/health", headers={"X-API-Key": "slow"}).status_code == 200
    assert httpx.get(f"{url}/health", headers={"X-API-Key": "slow"}).status_code == 429
    assert httpx.get(f"{url}/static", follow_redirects=False, headers={"Host": "evil.example"}).status_code == 404


def test_an_oversized_body_gets_its_413_not_a_reset(start_server):
    import urllib.error
    import urllib.request

    url = start_server(ServeOptions(limits=Limits(max_body_bytes=10_000)))
    body = json.dumps({"q": "ب" * 2_000_000, "source": "ur", "target": "en"}).encode()
    request = urllib.request.Request(f"{url}/translate", data=body, headers={"Content-Type": "application/json"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)
    assert refused.value.code == 413 and "Request too large" in refused.value.read().decode()


def test_a_document_of_too_many_sentences_is_a_413(start_server):
    url = start_server(ServeOptions(limits=Limits(max_chars=100_000, max_sentences=100)))
    got = httpx.post(f"{url}/v1/align/sentences", json={"ur": "ب۔ " * 500, "en": "x. " * 50}, timeout=30)
    assert got.status_code == 413 and "sentences" in got.json()["error"]


def test_a_body_that_never_comes_gets_a_408(start_server):
    import socket

    url = start_server(ServeOptions(limits=Limits(body_timeout_s=1.0)))
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as s:
        s.sendall(b"POST /translate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"q\":")
        data = b""
        while b"not received" not in data and (chunk := s.recv(4096)):  # headers and body may come in two reads
            data += chunk
        answer = data.decode()
    assert answer.startswith("HTTP/1.1 408") and "not received within 1 s" in answer


def test_the_keys_file_keeps_a_key_whole_and_names_a_bad_line(tmp_path):
    from translit.errors import InputError
    from translit.serve.keys import load_api_keys

    keys = tmp_path / "keys"
    keys.write_text("# comment line\nZx9#kQ2mP7 5\n  plain\n", encoding="utf-8")
    assert load_api_keys(keys) == {"Zx9#kQ2mP7": 5, "plain": 0}
    for bad, message in [("k 5 # note\n", "line 1"), ("k fast\n", "line 1"), ("ok\nk\u00e9y\n", "line 2"), ("a\na\n", "twice")]:
        keys.write_text(bad, encoding="utf-8")
        with pytest.raises(InputError, match=message):
            load_api_keys(keys)


def test_multipart_fields_follow_the_utf8_rule_of_every_body(start_server):
    url = start_server(ServeOptions())
    boundary = "XyZ"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"q\"\r\n\r\n").encode() + b"\xff\xfe" + \
           (f"\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"source\"\r\n\r\nur\r\n--{boundary}--\r\n").encode()
    got = httpx.post(f"{url}/detect", content=body, headers={"content-type": f"multipart/form-data; boundary={boundary}"})
    assert got.status_code == 400 and "not UTF-8" in got.json()["error"]
    good = httpx.post(f"{url}/detect", files={"q": (None, "کتاب ہے")})
    assert good.status_code == 200 and good.json()[0]["language"] == "ur"
    upload = httpx.post(f"{url}/detect", files={"q": ("a.txt", b"x")})
    assert upload.status_code == 400
