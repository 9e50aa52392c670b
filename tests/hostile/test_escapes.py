"""One escape discipline: text of a source reaches CSS, HTML, URLs and terminals only through tei_edition.escape.

Before: a folder named `javascript:alert(document.domain)` was linked from index.html as a script URL (the alert
fired in Chromium) and index.html had no Content-Security-Policy; ESC sequences of a source were echoed raw in the
caret line of W103 (a source could retitle the terminal or hide lines of a CI log).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import lxml.html
import pytest

from tei_edition.build import Outcome, render_index
from tei_edition.escape import css_string, html_attribute, html_text, relative_href, safe_url, terminal_text
from tests.conftest import FIXTURES, ROOT

HOSTILE_SLUG = "javascript:alert(document.domain)"
CHROMIUM = "/usr/bin/chromium"


def cli(*args, **kwargs) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT), NO_COLOR="1", TERM="dumb")
    return subprocess.run(
        [sys.executable, "-m", "tei_edition", *map(str, args)], capture_output=True, text=True, cwd=ROOT, env=env, timeout=120, **kwargs
    )


# ---------------------------------------------------------------------------------------------------- CSS


@pytest.mark.parametrize(
    "value", ['</style><link rel=attachment href="file:///etc/passwd">', 'a "b" \\ c\nd', "\x00\u2028<>&'", "Ленин — «Правда»", ""]
)
def test_css_string_is_one_string_token_holding_the_value(value):
    tinycss2 = pytest.importorskip("tinycss2")
    written = css_string(value)
    assert "<" not in written and ">" not in written and "\n" not in written and written.count('"') == 2
    tokens = [t for t in tinycss2.parse_component_value_list(written) if t.type != "whitespace"]
    assert [t.type for t in tokens] == ["string"]
    assert tokens[0].value == value.replace("\x00", "\ufffd")


# ---------------------------------------------------------------------------------------------------- URLs


@pytest.mark.parametrize(
    "url",
    [
        "http://example.org/a?b=c#d",
        "HTTPS://example.org",
        "mailto:a@example.org",
        "#note-1",
        "edition.xml",
        "../a/b.html",
        "./javascript%3Ax/edition.html",
        " https://x.org ",
    ],
)
def test_safe_url_keeps_web_links_and_relative_paths(url):
    assert safe_url(url) == url.strip()


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "java\nscript:x",
        "\x01javascript:x",
        "data:text/html,<script>x</script>",
        "vbscript:msgbox",
        "file:///etc/passwd",
        "blob:https://x/y",
        "http://x\x7f",
        "https://x\x9b",
        "",
        "   ",
        None,
    ],
)
def test_safe_url_refuses_everything_else(url):
    assert safe_url(url) is None


def test_relative_href_cannot_form_a_scheme():
    href = relative_href(HOSTILE_SLUG, "edition.html")
    assert href == "./javascript%3Aalert%28document.domain%29/edition.html"
    assert safe_url(href) == href
    assert relative_href("a/../../b", "x y#?.html") == "./a%2F..%2F..%2Fb/x%20y%23%3F.html"


def test_html_text_and_attribute():
    assert html_text("<b>&</b>") == "&lt;b&gt;&amp;&lt;/b&gt;"
    assert html_attribute("\"x\" onmouseover='y'") == "&quot;x&quot; onmouseover=&#x27;y&#x27;"
    assert html_text("a\x1bb") == "a\u241bb"


# ---------------------------------------------------------------------------------------------------- index.html


def hostile_index() -> str:
    entry = {
        "title": "<img src=x onerror=alert(1)>",
        "outputs": {"html": "edition.html", "tei": "edition.xml", "report": "validation.json"},
        "witnesses": [{"siglum": '"><script>alert(2)</script>', "description": "javascript:alert(3)"}],
        "date": '1917"><script>alert(4)</script>',
        "author": "</td><script>alert(5)</script>",
    }
    return render_index([Outcome(HOSTILE_SLUG, "built", [], entry), Outcome("plain", "failed", [], {})])


def test_index_links_are_relative_paths_never_a_scheme():
    doc = lxml.html.document_fromstring(hostile_index())
    hrefs = doc.xpath("//a/@href")
    assert hrefs and all(h.startswith("./javascript%3Aalert%28document.domain%29/") for h in hrefs), hrefs
    assert not doc.xpath("//script") and not doc.xpath("//img") and not doc.xpath("//@onerror")
    assert doc.xpath("string(//span[@class='slug'])") == HOSTILE_SLUG  # shown as the folder's name


def test_index_has_a_strict_content_security_policy():
    import base64
    import hashlib

    doc = lxml.html.document_fromstring(hostile_index())
    (meta,) = doc.xpath("//meta[@http-equiv='Content-Security-Policy']")
    policy = dict(p.strip().split(" ", 1) for p in meta.get("content").split(";"))
    assert policy["default-src"] == "'none'" and policy["img-src"] == "'self'" and "script-src" not in policy
    assert policy["base-uri"] == "'none'" and "unsafe" not in meta.get("content")
    (style,) = doc.xpath("//style")
    digest = base64.b64encode(hashlib.sha256(style.text.encode("utf-8")).digest()).decode()
    assert policy["style-src"] == f"'sha256-{digest}'"
    head = doc.find("head")
    assert list(head).index(meta) < list(head).index(style)


def test_edition_html_has_a_strict_content_security_policy():
    from tei_edition.export.html import export_html
    from tei_edition.tei.load import load_tei

    html, _ = export_html(load_tei(FIXTURES / "validate" / "doc000_shape.xml"))
    doc = lxml.html.document_fromstring(html)
    (meta,) = doc.xpath("//meta[@http-equiv='Content-Security-Policy']")
    policy = dict(p.strip().split(" ", 1) for p in meta.get("content").split(";"))
    assert policy["default-src"] == "'none'" and policy["base-uri"] == "'none'" and policy["form-action"] == "'none'"
    assert policy["script-src"].startswith("'sha256-") and policy["style-src"].startswith("'sha256-")
    assert "img-src" not in policy and "unsafe" not in meta.get("content") and "data:" not in meta.get("content")


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"needs {CHROMIUM} (Debian package chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="needs Python Playwright (pip install playwright)")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-sync"],
        )
        yield b
        b.close()


@pytest.mark.browser
def test_hostile_folder_name_in_index_runs_no_script_in_chromium(browser, tmp_path):
    folder = tmp_path / HOSTILE_SLUG
    folder.mkdir()
    (folder / "edition.html").write_text("<!DOCTYPE html><title>the edition</title><p>the edition</p>", encoding="utf-8")
    index = tmp_path / "index.html"
    index.write_text(hostile_index(), encoding="utf-8")
    context = browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []
    problems: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    try:
        page.goto(index.as_uri())
        page.wait_for_load_state("load")
        assert problems == []  # the stylesheet's hash matches: the CSP refused nothing of the page's own
        assert "Serif" in page.evaluate("getComputedStyle(document.body).fontFamily")
        page.locator("div.title a").first.click()
        page.wait_for_load_state("load")
        assert dialogs == []  # before: the link ran alert(document.domain)
        page.wait_for_url(lambda url: url.endswith("/edition.html"), timeout=10000)
        assert page.title() == "the edition"
        assert page.url.startswith("file:")
        assert Path(page.evaluate("decodeURIComponent(location.pathname)")) == folder / "edition.html"
    finally:
        context.close()


# ---------------------------------------------------------------------------------------------------- terminal


def test_terminal_text_shows_controls_visibly():
    assert terminal_text("a\x1b]0;owned\x07b") == "a\u241b]0;owned\u2407b"
    assert terminal_text("\x1b[31mred\x1b[0m") == "\u241b[31mred\u241b[0m"
    assert terminal_text("tab\tkept") == "tab\tkept"
    assert terminal_text("one\n::error::forged") == "one\u240a::error::forged"
    assert terminal_text("one\ntwo", multiline=True) == "one\n  two"
    assert terminal_text("c1 \x9b2J and \x7f") == "c1 \\x9b2J and \u2421"


def test_caret_line_keeps_its_place_and_shows_escape_sequences():
    from tei_edition.console import caret_lines
    from tei_edition.diagnostics import Span, warning

    line = "Hi \x1b]0;owned\x07 x\x9by \x1b[31mred"
    d = warning("W103", "control character", Span("s.txt", 1, line.index("red") + 1, 3, line))
    text, caret = caret_lines(d)
    assert "\x1b" not in text and "\x07" not in text and "\x9b" not in text
    assert text[caret.index("^") : caret.index("^") + 3] == "red" and caret.count("^") == 3


def test_convert_prints_no_escape_sequence_of_the_source(tmp_path):
    source = tmp_path / "source.txt"
    source.write_text("Hello \x1b]0;PWNED\x07 world \x1b[31mred\x1b[0m and \x1b[2K gone [bold]x[/bold] {1}.\n", encoding="utf-8")
    result = cli("convert", source, "-o", tmp_path / "out.xml")
    assert result.returncode == 0, result.stderr
    assert "W103" in result.stderr
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert "\u241b]0;PWNED\u2407" in result.stderr
    assert "[bold]x[/bold]" in result.stderr  # printed as it is, not read as rich markup
    for text_line, caret_line in zip(result.stderr.splitlines(), result.stderr.splitlines()[1:], strict=False):
        if caret_line.strip() == "^" and "W103" not in caret_line:
            assert text_line[caret_line.index("^")] in "\u241b\u2407"  # each caret under the control it reports


def test_the_console_render_hook_makes_any_text_visible(capsys):
    from tei_edition import console

    con = console.stderr_console()
    con.print("a file \x1b]0;x\x07 named", markup=False)
    from rich.text import Text

    con.print(Text("slug \x1b[2K"))
    err = capsys.readouterr().err
    assert "\x1b]0" not in err and "\x1b[2K" not in err and "\u241b]0;x" in err
