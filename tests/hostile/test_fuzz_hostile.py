"""Hostile inputs, generated: DOCTYPE variants, XInclude, markup and URLs in titles and ids, control characters, long and
deep input, over `validate`, `export html|pdf|text`, `build` and `package`.

For every example: no internal error, no hang past its bound, exit status 0 or 1, the loopback listener is never asked,
no canary byte appears in any output, and nothing is written outside the output.

`make test` runs a few dozen examples per command (TEI_EDITION_FUZZ_EXAMPLES=500 is the default, scaled down here
for the slow commands); `make fuzz` runs 20,000 (scaled the same way).
"""

from __future__ import annotations

import contextlib
import os
import signal
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tei_edition.cli import cli

EXAMPLES = int(os.environ.get("TEI_EDITION_FUZZ_EXAMPLES", "500"))
SECONDS = 60  # no single command may take longer than this on any example (a hang is a failure, not a wait)


def _settings(share: int):
    """`share` divides the example count: a PDF or a build costs a hundred times a validation."""
    return settings(
        max_examples=max(5, EXAMPLES // share),
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=EXAMPLES <= 500,
    )


# --------------------------------------------------------------------------------------------- the material


def doctypes(secret: str, url: str):
    """Every shape of DOCTYPE an attacker (or an old editor) writes; each must be refused or ignored, never followed."""
    return st.sampled_from(
        [
            "",
            "<!DOCTYPE TEI>",
            "<!doctype TEI>",
            f'<!DOCTYPE TEI SYSTEM "{secret}">',
            f'<!DOCTYPE TEI SYSTEM "file://{secret}">',
            f'<!DOCTYPE TEI PUBLIC "-//X//DTD X//EN" "{url}/public.dtd">',
            f'<!DOCTYPE TEI SYSTEM "{url}/system.dtd">',
            '<!DOCTYPE TEI SYSTEM "/dev/stdin">',
            f'<!DOCTYPE TEI [<!ENTITY x SYSTEM "file://{secret}">]>',
            f'<!DOCTYPE TEI [<!ENTITY x SYSTEM "{url}/entity">]>',
            f'<!DOCTYPE TEI [<!ENTITY % p SYSTEM "{url}/param.dtd"> %p;]>',
            '<!DOCTYPE TEI [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>',
            "<!DOCTYPE TEI [ ]>",
            f"<!-- {'x' * (1 << 20)} -->\n" + f'<!DOCTYPE TEI SYSTEM "{url}/late.dtd">',
            f'<?xml-stylesheet href="{url}/style.xsl"?>\n<!DOCTYPE TEI SYSTEM "{secret}">',
        ]
    )


def texts(secret: str, url: str):
    """Text content and attribute values with markup, scripts, URLs and entity references an attacker would try."""
    return st.sampled_from(
        [
            "A plain title",
            "</style><link rel=attachment href=file:" + secret + ">",
            "</style><link rel=stylesheet href=" + url + ">",
            "</style><img src=" + url + ">",
            '"><script>alert(1)</script>',
            "'; } @import url(" + url + "/import.css); x { content: '",
            "\\\"\\'\\\\ \\A \\0 */ /*",
            "&amp;x; &#x26;x; ]]&gt;",
            "javascript:alert(document.domain)",
            "Ленин 列宁 עברית e\u0301 \u202e reversed \u2028 line",
            "x" * 5000,
        ]
    ).map(_xml_escape)


def urls(secret: str, url: str):
    return st.sampled_from(
        [
            "#n1",
            "javascript:alert(1)",
            " JaVaScRiPt:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            f"file://{secret}",
            secret,
            f"{url}/img.png",
            "vbscript:x",
            "//127.0.0.1/x",
            "\x00",
            "java\tscript:alert(1)",
        ]
    ).map(lambda u: _xml_escape(u.replace("\x00", "")))


def _xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


@st.composite
def hostile_tei(draw, secret: str, url: str) -> bytes:
    doctype = draw(st.one_of(st.just(""), doctypes(secret, url)))  # half of the examples reach the exporters
    title = draw(texts(secret, url))
    target = draw(urls(secret, url))
    depth = draw(st.sampled_from([0, 1, 20, 150, 400]))
    body_text = draw(texts(secret, url))
    entity = "&x;" if "ENTITY x" in doctype else ""
    xinclude = draw(
        st.sampled_from(
            [
                "",
                f'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="{secret}" parse="text"/>',
                f'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="{url}/xi.xml"/>',
            ]
        )
    )
    nested = "<hi>" * depth + "deep" + "</hi>" * depth
    xml = f"""<?xml version="1.0" encoding="UTF-8"?>
{doctype}
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="en">
<teiHeader><fileDesc><titleStmt><title>{title}</title></titleStmt>
<publicationStmt><p>{entity}</p></publicationStmt>
<sourceDesc><p><ref target="{target}">{body_text}</ref></p></sourceDesc></fileDesc></teiHeader>
<text><body><div xml:id="d1"><head>{title}</head>
<p>{body_text}{entity}<ref target="{target}">link</ref><graphic url="{target}"/></p>
<p>{nested}</p>{xinclude}</div></body></text></TEI>
"""
    return xml.encode("utf-8")


@st.composite
def hostile_metadata(draw, secret: str, url: str) -> str:
    """An edition.toml whose values carry markup, URLs, control characters and paths out of the corpus."""

    def value():
        raw = draw(
            st.one_of(
                texts(secret, url).map(lambda t: t.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")),
                st.text(st.characters(blacklist_categories=("Cs",)), max_size=30),
                st.sampled_from(["\x1b]0;owned\x07", "\x1b[31mred", "\x1b[2J", "\r\x1b[K"]),
            )
        )
        return '"' + "".join(c if c.isprintable() and c not in '"\\' else f"\\u{ord(c):04x}" for c in raw) + '"'

    lines = [
        "[document]",
        f"title = {value()}",
        f"id = {value()}",
        f"language = {value()}",
        "[author]",
        f"name = {value()}",
        "[publication]",
        f"licence_url = {value()}",
        f"idno = {value()}",
    ]
    profile = draw(st.sampled_from([None, secret, "/proc/self/environ", "../../../etc/passwd", "mia", f"{url}/p.toml"]))
    if profile is not None:
        lines.insert(1, f'profile = "{profile}"')
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------------- running a command


class Hang(Exception):
    pass


@contextlib.contextmanager
def time_bound(seconds: int):
    def alarm(signum, frame):
        raise Hang(f"no answer within {seconds} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def invoke(args: list[str], cwd: Path):
    runner = CliRunner()
    old = os.getcwd()
    os.chdir(cwd)
    try:
        with time_bound(SECONDS):
            result = runner.invoke(cli, args, catch_exceptions=True, env={"NO_COLOR": "1"})
    finally:
        os.chdir(old)
    return result


def files_below(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


def check(result, canary, listener, *outputs) -> None:
    output = result.output + (result.stderr if result.stderr_bytes is not None else "")
    assert result.exit_code in (0, 1), f"exit {result.exit_code}: {output[-2000:]}\n{result.exception!r}"
    assert "internal error" not in output, output[-2000:]
    assert not isinstance(result.exception, Hang), "the command hung"
    listener.assert_untouched()
    canary.assert_absent(output, *[o for o in outputs if Path(o).exists()])


@pytest.fixture
def workdir(tmp_path_factory):
    return tmp_path_factory.mktemp("work")


def _fresh(workdir: Path, listener) -> Path:
    """A new folder for one example; the listener forgets earlier examples' requests, so a failure names its own."""
    listener.requests.clear()
    folder = workdir / f"case{len(list(workdir.iterdir()))}"
    folder.mkdir()
    return folder


# --------------------------------------------------------------------------------------------- the properties


@pytest.mark.parametrize("command", [["validate"], ["validate", "--no-rules"], ["export", "text"], ["export", "html"]])
def test_hostile_tei_fast_commands(command, canary, listener, workdir):
    @_settings(10)
    @given(data=hostile_tei(str(canary.path), listener.url))
    def run(data):
        folder = _fresh(workdir, listener)
        (folder / "in.xml").write_bytes(data)
        out = folder / "out"
        result = invoke([*command, "in.xml", "-o", str(out)], folder)
        check(result, canary, listener, out)
        assert files_below(folder) <= {"in.xml", "out"}, files_below(folder)

    run()


@pytest.mark.slow
def test_hostile_tei_pdf(canary, listener, workdir):
    @_settings(50)
    @given(data=hostile_tei(str(canary.path), listener.url))
    def run(data):
        folder = _fresh(workdir, listener)
        (folder / "in.xml").write_bytes(data)
        result = invoke(["export", "pdf", "in.xml", "-o", "out.pdf"], folder)
        check(result, canary, listener, folder / "out.pdf")
        assert files_below(folder) <= {"in.xml", "out.pdf"}, files_below(folder)

    run()


SOURCE = "Speech\n\nA paragraph with a note.[1]\n\nNotes\n\n[1] The note.\n"


@pytest.mark.slow
@pytest.mark.parametrize("hand_edited", [False, True])
def test_hostile_corpus_build_and_package(hand_edited, canary, listener, workdir):
    @_settings(100)
    @given(meta=hostile_metadata(str(canary.path), listener.url), tei=hostile_tei(str(canary.path), listener.url))
    def run(meta, tei):
        folder = _fresh(workdir, listener)
        doc = folder / "corpus" / "doc"
        doc.mkdir(parents=True)
        if hand_edited:
            (doc / "edition.toml").write_text('[build]\nsource = "edition.xml"\n' + meta, "utf-8")
            (doc / "edition.xml").write_bytes(tei)
        else:
            (doc / "edition.toml").write_text(meta, "utf-8")
            (doc / "source.txt").write_text(SOURCE, "utf-8")
        before = files_below(folder / "corpus")
        result = invoke(["build", "corpus", "-o", "build", "-j", "1", "--formats", "html,pdf,text"], folder)
        check(result, canary, listener, folder / "build")
        result = invoke(["package", "corpus", "-o", "bags", "-j", "1", "--allow-incomplete"], folder)
        check(result, canary, listener, folder / "bags")
        assert files_below(folder / "corpus") == before, "the corpus was changed"
        assert {p.split(os.sep)[0] for p in files_below(folder)} <= {"corpus", "build", "bags"}

    run()
