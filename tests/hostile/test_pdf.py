"""PDF export of hostile input: a title cannot open the print stylesheet, WeasyPrint loads no file and no URL.

Before: the title went into a CSS string inside <style> with only backslash and quote escaped, so a title holding
`</style><link rel=attachment href=file:///etc/passwd>` attached the file to the PDF, and any <img>, @import,
url(), <object> or SVG <image> made WeasyPrint read a local file or ask a URL (SSRF). `build` and `package` carried
the attachment into the archive bag, and `package --verify` called the bag valid.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zlib
from pathlib import Path

import lxml.html
import pytest

from tests.conftest import CORPUS, FIXTURES, ROOT

pytest.importorskip("weasyprint")

SHAPE = FIXTURES / "validate" / "doc000_shape.xml"
TITLE = "[Speech on the Attitude Towards the Soviets], 25 April (8 May) 1917"
PASSWD = Path("/etc/passwd")


def cli(*args, timeout=300) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT), NO_COLOR="1")
    return subprocess.run(
        [sys.executable, "-m", "tei_edition", *map(str, args)], capture_output=True, text=True, cwd=ROOT, env=env, timeout=timeout
    )


def everything_in(pdf: bytes) -> bytes:
    """The PDF's raw bytes followed by every stream decompressed (attachments and page content are Flate streams)."""
    parts = [pdf]
    for m in re.finditer(rb"stream\r?\n", pdf):
        end = pdf.find(b"endstream", m.end())
        try:
            parts.append(zlib.decompressobj().decompress(pdf[m.end() : end if end > 0 else None]))
        except zlib.error:
            pass
    return b"\n".join(parts)


def embedded_files(path: Path) -> int:
    if shutil.which("pdfdetach") is None:
        pytest.skip("needs pdfdetach (Debian package poppler-utils)")
    out = subprocess.run(["pdfdetach", "-list", str(path)], capture_output=True, text=True, timeout=60, check=True).stdout
    return int(out.split()[0])


def pdf_text(path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("needs pdftotext (Debian package poppler-utils)")
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, timeout=60, check=True).stdout


def assert_nothing_of(secret: bytes, pdf_path: Path) -> None:
    data = pdf_path.read_bytes()
    assert embedded_files(pdf_path) == 0
    assert secret not in everything_in(data)
    assert secret.decode("utf-8", "replace").strip() not in pdf_text(pdf_path)


def with_title(title_xml: str) -> bytes:
    return SHAPE.read_text(encoding="utf-8").replace(TITLE, title_xml, 1).encode("utf-8")


# ---------------------------------------------------------------------------------------------------- the title


@pytest.mark.skipif(not PASSWD.is_file(), reason="needs /etc/passwd as the file the title names")
def test_a_title_cannot_close_the_stylesheet_and_attach_a_file(tmp_path):
    source = tmp_path / "edition.xml"
    source.write_bytes(with_title("&lt;/style&gt;&lt;link rel=attachment href=file:///etc/passwd&gt;"))
    result = cli("export", "pdf", source, "-o", tmp_path / "edition.pdf")
    assert result.returncode == 0, result.stderr
    assert_nothing_of(PASSWD.read_bytes().splitlines()[0], tmp_path / "edition.pdf")


def test_a_title_cannot_make_weasyprint_ask_a_url(tmp_path, listener):
    source = tmp_path / "edition.xml"
    source.write_bytes(with_title(f"&lt;/style&gt;&lt;img src={listener.url}/t&gt;"))
    result = cli("export", "pdf", source, "-o", tmp_path / "edition.pdf")
    assert result.returncode == 0, result.stderr
    listener.assert_untouched()


def test_the_print_stylesheet_holds_the_title_only_as_escaped_css():
    from tei_edition.export import pdf as pdf_export
    from tei_edition.export.html import export_html
    from tei_edition.tei.load import parse_tei_bytes

    hostile = '</style><link rel=attachment href="file:///x">"\\ \n'
    tree = parse_tei_bytes(with_title(hostile.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")), "x.xml")
    html, _ = export_html(tree)
    document = pdf_export.prepare_print_html(html, tei=tree)
    root = lxml.html.document_fromstring(document.html)
    assert root.findall(".//link[@rel='attachment']") == []
    assert len(root.findall(".//style")) == 2  # the edition's and the print stylesheet, neither opened by the title
    style = root.get_element_by_id("tei-edition-print").text
    assert "</" not in style
    running_head = re.search(r"@top-left \{ content: (\"[^\"]*\"); \}", style).group(1)
    assert "<" not in running_head and "\\" in running_head  # every special character a \HHHHHH escape


# ---------------------------------------------------------------------------------------------------- the fetcher


@pytest.fixture
def hostile_html(canary, listener):
    """HTML using every way WeasyPrint loads something: each points at the canary (or an SVG holding its token)
    or at the listener."""
    svg = canary.path.parent / "secret.svg"
    svg.write_text(
        f'<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40"><text x="0" y="20">{canary.token}</text></svg>', encoding="utf-8"
    )
    secret, picture, url = canary.path.as_uri(), svg.as_uri(), listener.url
    data_svg = (
        "data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg' xmlns:xlink='http://www.w3.org/1999/xlink'>"
        f"<image xlink:href='{picture}' width='100' height='100'/></svg>"
    )
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>hostile</title>
<link rel="stylesheet" href="{url}/link.css">
<link rel="attachment" href="{secret}" title="secret">
<style>
@import url("{url}/import.css");
@font-face {{ font-family: Secret; src: url("{secret}"); }}
body {{ background: url("{url}/background.png"); }}
p {{ font-family: Secret, serif; }}
p::after {{ content: url("{picture}"); }}
</style></head><body>
<p>Text.</p>
<img src="{picture}" alt="svg"><img src="{url}/image.png" alt="png"><img src="{data_svg}" alt="data">
<a rel="attachment" href="{secret}">attachment link</a>
<object data="{picture}" type="image/svg+xml">object</object>
<embed src="{picture}" type="image/svg+xml">
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="300" height="100">
  <image href="{picture}" width="100" height="100"/><image xlink:href="{url}/svg-image.png" x="100" width="100" height="100"/>
  <use href="{picture}#x"/>
</svg>
</body></html>"""


def test_weasyprint_loads_no_file_and_asks_no_url(hostile_html, canary, listener, tmp_path):
    from tei_edition.export import pdf as pdf_export

    data, pages, diagnostics = pdf_export.render_pdf(hostile_html, name="hostile.html")
    path = tmp_path / "hostile.pdf"
    path.write_bytes(data)
    listener.assert_untouched()
    assert embedded_files(path) == 0
    canary.assert_absent(everything_in(data), pdf_text(path))
    refused = [d for d in diagnostics if d.code == pdf_export.CODE_REFUSED_URL]
    assert refused, diagnostics
    assert any(canary.path.as_uri() in d.message for d in refused)
    assert any(listener.url in d.message for d in refused)
    assert not any("Failed to load" in d.message for d in diagnostics if d.code == "W422")


def test_packaged_files_are_served_and_nothing_else(tmp_path):
    from tei_edition.export import pdf as pdf_export

    weasyprint = pdf_export.load_weasyprint()
    fetcher = pdf_export.url_fetcher(weasyprint)
    css = pdf_export.STATIC / "print.css"
    response = fetcher.fetch(css.as_uri())
    assert response.read() == css.read_bytes()
    outside = tmp_path / "x.css"
    outside.write_text("p {}", encoding="utf-8")
    for url in (
        outside.as_uri(),
        (pdf_export.STATIC / ".." / ".." / "pyproject.toml").as_uri(),
        "http://127.0.0.1:9/x",
        "data:text/css,p{}",
        "ftp://127.0.0.1/x",
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert len(fetcher.refused) == 5


# ---------------------------------------------------------------------------------------- build, package, verify


@pytest.mark.skipif(not PASSWD.is_file(), reason="needs /etc/passwd as the file the title names")
def test_build_and_package_carry_no_secret_into_the_bag(tmp_path, listener):
    corpus = tmp_path / "corpus"
    real = CORPUS / "000-lenin-1917-05-08-soviets"
    for name, title in (
        ("a-attach", "</style><link rel=attachment href=file:///etc/passwd>"),
        ("b-fetch", f"</style><img src={listener.url}/b>"),
    ):
        folder = corpus / name
        folder.mkdir(parents=True)
        shutil.copy(real / "source.txt", folder / "source.txt")
        toml = (real / "edition.toml").read_text(encoding="utf-8")
        escaped = title.replace("\\", "\\\\").replace('"', '\\"')
        (folder / "edition.toml").write_text(toml.replace(f'title = "{TITLE}"', f'title = "{escaped}"', 1), encoding="utf-8")
    out, bags = tmp_path / "build", tmp_path / "bags"
    built = cli("build", corpus, "-o", out, "--jobs", "1")
    assert built.returncode == 0, built.stdout + built.stderr
    packaged = cli("package", corpus, "-o", bags, "--build-dir", out, "--jobs", "1")
    assert packaged.returncode == 0, packaged.stdout + packaged.stderr
    secret = PASSWD.read_bytes().splitlines()[0]
    pdfs = sorted(bags.rglob("*.pdf"))
    assert len(pdfs) == 2
    for pdf in pdfs:
        assert_nothing_of(secret, pdf)
    for path in bags.rglob("*"):
        if path.is_file() and not path.is_symlink():
            assert secret not in everything_in(path.read_bytes()), path
    for bag in sorted(p for p in bags.iterdir() if p.is_dir()):
        verified = cli("package", "--verify", bag)
        assert verified.returncode == 0, verified.stdout + verified.stderr
    listener.assert_untouched()
