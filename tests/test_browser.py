"""The HTML edition in a real browser (Debian's Chromium via Playwright): layout, notes, gaps, accessibility, safety."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tei_edition.export.html import export_html
from tei_edition.tei.load import load_tei, parse_tei_bytes
from tests.conftest import CORPUS

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
CORPUS_000 = CORPUS / "000-lenin-1917-05-08-soviets" / "edition.xml"

HOSTILE = b"""<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>&lt;script&gt;window.pwned=1&lt;/script&gt;</title>
<author>&lt;img src=x onerror="window.pwned=2"&gt;</author></titleStmt><publicationStmt><p/></publicationStmt>
<sourceDesc><p/></sourceDesc></fileDesc></teiHeader><text><body>
<p>&lt;script&gt;window.pwned=3&lt;/script&gt; <ref target="javascript:window.pwned=4">click me</ref>
<ref target=" java&#9;script:window.pwned=5">tabbed</ref> <hi rend="x&quot; onmouseover=&quot;window.pwned=6">hover me</hi>
<h:script xmlns:h="http://www.w3.org/1999/xhtml">window.pwned=7</h:script>
<h:img xmlns:h="http://www.w3.org/1999/xhtml" src="x" onerror="window.pwned=8"/>
<seg onclick="window.pwned=9" onmouseover="window.pwned=10">click seg</seg>
<note xml:id="n1">&lt;/aside&gt;&lt;script&gt;window.pwned=11&lt;/script&gt;</note></p></body></text></TEI>"""


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"needs {CHROMIUM} (Debian package chromium; `make test` installs it)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="needs Python Playwright (pip install playwright)")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def corpus_page_file(tmp_path_factory) -> Path:
    """The corpus edition as `make edition` writes it: the HTML beside a copy of its TEI file."""
    folder = tmp_path_factory.mktemp("edition")
    shutil.copy(CORPUS_000, folder / "edition.xml")
    html, _ = export_html(load_tei(CORPUS_000), tei_href="edition.xml")
    path = folder / "edition.html"
    path.write_text(html, encoding="utf-8")
    return path


def open_page(browser, path: Path, width=1280, height=900, **context_options):
    context = browser.new_context(viewport={"width": width, "height": height}, **context_options)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return context, page, problems, requests


def box(page, selector):
    return page.locator(selector).bounding_box()


def test_corpus_edition_loads_cleanly_side_by_side_and_saves_a_screenshot(browser, corpus_page_file, artifacts):
    context, page, problems, requests = open_page(browser, corpus_page_file, 1280)
    try:
        assert problems == []
        assert requests == [corpus_page_file.as_uri()], "the page loads nothing but itself"
        m, p = box(page, "#text_minutes"), box(page, "#text_pravda")
        assert abs(m["y"] - p["y"]) < 2 and p["x"] >= m["x"] + m["width"], (m, p)
        assert m["width"] > 400 and p["width"] > 400
        page.screenshot(path=str(artifacts / "html-edition-1280.png"), full_page=True)
        assert (artifacts / "html-edition-1280.png").stat().st_size > 10_000
    finally:
        context.close()


def test_witnesses_stack_on_a_narrow_screen(browser, corpus_page_file, artifacts):
    context, page, problems, _ = open_page(browser, corpus_page_file, 400)
    try:
        m, p = box(page, "#text_minutes"), box(page, "#text_pravda")
        assert p["y"] >= m["y"] + m["height"] - 1, (m, p)
        assert abs(m["x"] - p["x"]) < 2
        assert page.evaluate("document.documentElement.scrollWidth") <= 400, "no sideways scrolling"
        page.screenshot(path=str(artifacts / "html-edition-400.png"), full_page=False)
        assert problems == []
    finally:
        context.close()


def test_note_call_moves_focus_to_the_note_and_back_link_returns(browser, corpus_page_file):
    context, page, problems, _ = open_page(browser, corpus_page_file)
    try:
        call = page.locator("a.noteref").first
        call_id, note_id = call.get_attribute("id"), call.get_attribute("href")[1:]
        call.click()
        page.wait_for_function(f"document.activeElement && document.activeElement.id === {note_id!r}")
        assert page.evaluate("location.hash") == f"#{note_id}"
        assert page.locator(f"[id='{note_id}']").is_visible()
        page.locator(f"[id='{note_id}'] a[role='doc-backlink']").click()
        page.wait_for_function(f"document.activeElement && document.activeElement.id === {call_id!r}")
        assert problems == []
    finally:
        context.close()


def test_note_opens_in_place_on_hover(browser, corpus_page_file):
    context, page, problems, _ = open_page(browser, corpus_page_file)
    try:
        page.locator("a.noteref").first.hover()
        popover = page.locator("#note-popover")
        popover.wait_for(state="visible")
        assert "Hiatus in the minutes" in popover.inner_text()
        page.keyboard.press("Escape")
        popover.wait_for(state="hidden")
        assert problems == []
    finally:
        context.close()


def test_gap_shows_its_explanation_on_focus_and_hover(browser, corpus_page_file):
    context, page, problems, _ = open_page(browser, corpus_page_file)
    try:
        gap = page.locator("span.gap").first
        explanation = gap.locator(".gap-expl")
        assert explanation.bounding_box()["width"] <= 1, "hidden until asked for"
        gap.focus()
        assert explanation.bounding_box()["width"] > 50
        assert "hiatus" in explanation.inner_text() and "Hiatus in the minutes" in explanation.inner_text()
        page.evaluate("document.activeElement.blur()")
        page.mouse.move(0, 0)
        assert explanation.bounding_box()["width"] <= 1
        gap.hover()
        assert explanation.bounding_box()["width"] > 50
        assert problems == []
    finally:
        context.close()


def test_witness_toggle_works_without_javascript(browser, corpus_page_file):
    context, page, problems, _ = open_page(browser, corpus_page_file, java_script_enabled=False)
    try:
        assert page.locator("#text_minutes").is_visible() and page.locator("#text_pravda").is_visible()
        page.locator("#show-wit-1").uncheck()
        assert not page.locator("#text_minutes").is_visible() and page.locator("#text_pravda").is_visible()
        assert box(page, "#text_pravda")["width"] > 900, "the remaining witness takes the whole width"
        page.locator("#show-wit-1").check()
        assert page.locator("#text_minutes").is_visible()
        # without script the note call still leads to the note
        page.locator("a.noteref").first.click()
        assert page.evaluate("location.hash").startswith("#")
        assert problems == []
    finally:
        context.close()


def test_axe_finds_no_accessibility_violations(browser, corpus_page_file, artifacts):
    from axe_playwright_python.sync_playwright import Axe

    for width in (1280, 400):
        context, page, problems, _ = open_page(browser, corpus_page_file, width, bypass_csp=True)
        try:
            results = Axe().run(page)
            if results.violations_count:
                (artifacts / f"axe-{width}.txt").write_text(results.generate_report(), encoding="utf-8")
            assert results.violations_count == 0, results.generate_report()
            assert problems == []
        finally:
            context.close()


def test_injected_script_never_runs(browser, tmp_path):
    html, diagnostics = export_html(parse_tei_bytes(HOSTILE))
    assert [d.code for d in diagnostics].count("W412") == 2
    path = tmp_path / "hostile.html"
    path.write_text(html, encoding="utf-8")
    context, page, problems, requests = open_page(browser, path)
    try:
        for text in ("click me", "tabbed", "hover me", "click seg"):
            target = page.get_by_text(text, exact=True).first
            target.hover()
            target.click()
        page.locator("a.noteref").first.click()
        page.wait_for_timeout(200)
        assert page.evaluate("typeof window.pwned") == "undefined"
        assert page.evaluate("document.scripts.length") == 1
        assert page.evaluate("document.querySelectorAll('img').length") == 0
        assert page.url.startswith(path.as_uri())
        assert "<script>window.pwned=3</script>" in page.locator("main").inner_text()
        assert "window.pwned=11" in page.locator("aside.note").inner_text()
        assert problems == []
        assert all(r.startswith("file:") for r in requests)
    finally:
        context.close()
