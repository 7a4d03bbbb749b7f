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
