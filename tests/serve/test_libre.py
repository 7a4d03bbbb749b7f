"""The LibreTranslate-compatible API on a real uvicorn server on loopback: the shapes a
LibreTranslate client expects (checked field by field against LibreTranslate's API), a real
client library (libretranslatepy) pointed at it, and its errors."""

import pytest

httpx = pytest.importorskip("httpx")

from translit.serve.options import Limits, ServeOptions  # noqa: E402

BOOK = "لڑکا کتاب ہے۔"
TWO = "لڑکا کتاب ہے۔ بلی پانی ہے۔"


@pytest.fixture
def url(start_server):
    return start_server(ServeOptions(limits=Limits(max_chars=300, max_texts=4, max_body_bytes=4096, max_alternatives=3)))


def test_a_string_gives_a_string_and_a_list_gives_a_list(url, tiny_translator):
    one = httpx.post(f"{url}/translate", json={"q": BOOK, "source": "ur", "target": "en"})
    assert one.status_code == 200 and one.json() == {"translatedText": tiny_translator.translate(BOOK)}
    many = httpx.post(f"{url}/translate", json={"q": [BOOK, "", "بلی پانی ہے۔"], "source": "ur", "target": "en"}).json()
    assert many == {"translatedText": [tiny_translator.translate(BOOK), "", tiny_translator.translate("بلی پانی ہے۔")]}


def test_lines_stay_lines(url, tiny_translator):
    got = httpx.post(f"{url}/translate", json={"q": f"{BOOK}\n\n{TWO}", "source": "ur", "target": "en"}).json()["translatedText"]
    lines = got.split("\n")
    assert len(lines) == 3 and lines[1] == "" and lines[0] == tiny_translator.translate(BOOK)
    assert lines[2] == " ".join(tiny_translator.translate(["لڑکا کتاب ہے۔", "بلی پانی ہے۔"]))


def test_form_bodies_work_like_json(url):
    expected = httpx.post(f"{url}/translate", json={"q": BOOK, "source": "ur", "target": "en"}).json()
    assert httpx.post(f"{url}/translate", data={"q": BOOK, "source": "ur", "target": "en"}).json() == expected
    multipart = httpx.post(f"{url}/translate", files={"q": (None, BOOK), "source": (None, "ur"), "target": (None, "en")})
    assert multipart.json() == expected


def test_auto_reports_the_detected_language_and_alternatives_are_distinct(url):
    got = httpx.post(f"{url}/translate", json={"q": BOOK, "source": "auto", "target": "en", "alternatives": 3}).json()
    assert got["detectedLanguage"] == {"confidence": 100.0, "language": "ur"}
    assert isinstance(got["alternatives"], list) and len(got["alternatives"]) <= 3
    assert got["translatedText"] not in got["alternatives"] and len(set(got["alternatives"])) == len(got["alternatives"])
    listed = httpx.post(f"{url}/translate", json={"q": [BOOK, "Hello"], "source": "auto", "target": "en", "alternatives": 1}).json()
    assert [d["language"] for d in listed["detectedLanguage"]] == ["ur", "en"]
    assert len(listed["alternatives"]) == 2 and listed["translatedText"][1] == "Hello"  # English passes through


def test_html_keeps_the_markup(url):
    got = httpx.post(f"{url}/translate", json={"q": f'<p class="x">{BOOK}</p>', "source": "ur", "target": "en", "format": "html"}).json()
    text = got["translatedText"]
    assert text.startswith('<p class="x">') and text.endswith("</p>") and "لڑکا" not in text


def test_languages_detect_and_frontend_settings_have_libretranslates_shapes(url):
    langs = httpx.get(f"{url}/languages").json()
    assert {"code": "ur", "name": "Urdu", "targets": ["en"]} in langs and all(set(l) == {"code", "name", "targets"} for l in langs)
    detected = httpx.post(f"{url}/detect", data={"q": BOOK}).json()
    assert detected[0] == {"confidence": 100.0, "language": "ur"} and all(set(d) == {"confidence", "language"} for d in detected)
    assert httpx.post(f"{url}/detect", json={"q": "A sentence in English"}).json()[0]["language"] == "en"
    settings = httpx.get(f"{url}/frontend/settings").json()
    assert settings["charLimit"] == 300 and settings["apiKeys"] is False and settings["keyRequired"] is False
    assert settings["language"] == {"source": {"code": "ur", "name": "Urdu"}, "target": {"code": "en", "name": "English"}}
    assert {"frontendTimeout", "suggestions", "supportedFilesFormat", "filesTranslation"} <= set(settings)


def test_a_libretranslate_client_library_works_unchanged(url, tiny_translator):
    from libretranslatepy import LibreTranslateAPI

    client = LibreTranslateAPI(url)
    assert client.translate(BOOK, "ur", "en") == tiny_translator.translate(BOOK)
    assert client.detect(BOOK)[0]["language"] == "ur"
    assert [l["code"] for l in client.languages()] == ["ur", "en"]


@pytest.mark.parametrize("body, status, message", [
    ({"source": "ur", "target": "en"}, 400, "missing q parameter"),
    ({"q": BOOK, "target": "en"}, 400, "missing source parameter"),
    ({"q": BOOK, "source": "ur"}, 400, "missing target parameter"),
    ({"q": BOOK, "source": "fr", "target": "en"}, 400, "fr is not supported"),
    ({"q": BOOK, "source": "ur", "target": "de"}, 400, "de is not supported"),
    ({"q": BOOK, "source": "en", "target": "en"}, 400, "not available"),
    ({"q": BOOK, "source": "ur", "target": "en", "format": "pdf"}, 400, "pdf format is not supported"),
    ({"q": BOOK, "source": "ur", "target": "en", "alternatives": "many"}, 400, "alternatives parameter is not a number"),
    ({"q": BOOK, "source": "ur", "target": "en", "alternatives": 9}, 400, "must be <= 3"),
    ({"q": [BOOK, 3], "source": "ur", "target": "en"}, 400, "list of strings"),
    ({"q": "ب" * 301, "source": "ur", "target": "en"}, 413, "exceeds character limit (300)"),
    ({"q": [BOOK] * 5, "source": "ur", "target": "en"}, 413, "exceeds text limit (4)"),
])
def test_bad_requests_get_libretranslates_errors(url, body, status, message):
    got = httpx.post(f"{url}/translate", json=body)
    assert got.status_code == status and message in got.json()["error"] and set(got.json()) == {"error"}


@pytest.mark.parametrize("content, kind, message", [
    (b"{not json", "application/json", "Invalid JSON format"),
    (b"[1, 2]", "application/json", "Invalid JSON format"),
    (b'{"q": "\xff\xfe", "source": "ur", "target": "en"}', "application/json", "not UTF-8"),
    (b"q=%FF&source=ur&target=en", "application/x-www-form-urlencoded", None),
    (b'{"q": "\\ud800", "source": "ur", "target": "en"}', "application/json", "lone surrogate"),
])
def test_broken_bodies_get_a_400_with_a_message(url, content, kind, message):
    got = httpx.post(f"{url}/translate", content=content, headers={"content-type": kind})
    assert got.status_code == 400 and got.json()["error"]
    if message:
        assert message in got.json()["error"]
    assert "Traceback" not in got.text


def test_a_body_over_the_size_limit_is_413_before_it_is_read(url):
    got = httpx.post(f"{url}/translate", json={"q": "ب" * 5000, "source": "ur", "target": "en"})
    assert got.status_code == 413 and "over 4096 bytes" in got.json()["error"]

    def chunks():  # no Content-Length: counted as it streams in
        for _ in range(10):
            yield b"x" * 1000

    assert httpx.post(f"{url}/translate", content=chunks(), headers={"content-type": "application/json"}).status_code == 413
