"""The web page at / in a real headless browser (the system's Chromium, driven by Playwright):
type Urdu, get English; pointing at a sentence on either side highlights its counterpart;
clicking an English sentence shows its alternatives; nothing is fetched from outside."""

import shutil

import pytest

sync_api = pytest.importorskip("playwright.sync_api")

CHROMIUM = next((p for p in (shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome")) if p), None)
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None, reason="no Chromium on this machine (Debian: apt-get install chromium)"),
]

TEXT = "لڑکا کتاب ہے۔ بلی پانی ہے۔\nگھر بڑا ہے۔"


@pytest.fixture
def page(start_server):
    url = start_server()
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        page = browser.new_page()
        requested = []
        page.on("request", lambda r: requested.append(r.url))
        page.goto(url)
        yield page, url, requested
        browser.close()


def test_type_urdu_get_english_and_see_which_sentence_came_from_where(page, tiny_translator):
    page, url, requested = page
    source = page.locator("#source")
    assert source.get_attribute("dir") == "rtl" and "Nastaliq" in source.evaluate("e => getComputedStyle(e).fontFamily")
    source.fill(TEXT)
    page.click("#translate")
    page.wait_for_selector("#target .s[data-i='2']")
    expected = tiny_translator.translate_document(TEXT)
    sentences = [s for p in expected.paragraphs for s in p.sentences]
    assert page.locator("#target p").count() == 2
    assert [page.locator(f"#target .s[data-i='{i}']").inner_text() for i in range(3)] == [s.translation for s in sentences]
    assert page.locator("#source-view").inner_text() == TEXT  # the Urdu as typed, nothing lost

    page.hover("#target .s[data-i='1']")
    lit = page.locator("#source-view .s.hl")
    assert lit.count() == 1 and lit.inner_text() == sentences[1].source and lit.get_attribute("data-i") == "1"
    assert "hl" in page.locator("#target .s[data-i='1']").get_attribute("class")

    page.hover("#source-view .s[data-i='2']")
    assert page.locator("#target .s.hl").inner_text() == sentences[2].translation
    assert page.locator("#source-view .s.hl").count() == 1

    page.click("#target .s[data-i='0']")
    assert page.locator("#alternatives").is_visible() and page.locator("#alternative-list li").count() >= 1

    page.click("#edit")
    assert page.locator("#source").is_visible() and page.locator("#source").input_value() == TEXT
    assert requested and all(u.startswith(url) for u in requested)  # no CDN, nothing from outside


def test_an_error_is_shown_not_thrown(page):
    page, _, _ = page
    page.click("#translate")
    assert page.locator("#error").is_visible() and "Urdu" in page.locator("#error").inner_text()
    # over the server's character limit: the page caps what can be typed. Words with spaces, not one
    # endless word (which a Nastaliq font lays out very slowly: the test hung where the font was installed)
    page.fill("#source", "کتاب ہے " * 3750)
    assert len(page.locator("#source").input_value()) == 20000
