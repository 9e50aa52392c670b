"""The registry of diagnostic codes (tei_edition/codes.py): consistent, used as registered, documented, and every
code triggered by some test.

The last part of this file holds the triggering tests of codes no other test asserted."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
from pathlib import Path

import pytest

import tei_edition
from tei_edition import codes
from tei_edition.diagnostics import Severity, UnregisteredCode, error, warning

from .conftest import ROOT

TESTS = ROOT / "tests"
CODE = re.compile(r"\b[EWI]\d{3}\b")
FUNCTIONS = {"error": Severity.ERROR.value, "warning": Severity.WARNING.value, "info": Severity.INFO.value}


# ---------------------------------------------------------------------------------------------- the registry


def test_every_entry_is_complete_and_its_severity_is_its_letter():
    for code, entry in codes.REGISTRY.items():
        assert entry.code == code and entry.title
        assert entry.severity == {"E": "error", "W": "warning", "I": "info"}[code[0]], code
        assert (ROOT / entry.doc).exists(), f"{code}: {entry.doc} does not exist"


def test_docs_page_is_what_the_registry_generates():
    page = ROOT / "docs" / "diagnostics.md"
    assert page.read_text(encoding="utf-8") == codes.markdown(), (
        "docs/diagnostics.md differs from tei_edition/codes.py: run `python -m tei_edition.codes > docs/diagnostics.md`"
    )


def test_an_unregistered_code_or_a_wrong_severity_raises_under_the_tests(monkeypatch):
    with pytest.raises(UnregisteredCode, match="not registered"):
        error("E999", "no such code")
    with pytest.raises(UnregisteredCode, match="registered as warning"):
        error(codes.BOM, "a warning called as an error")
    monkeypatch.delenv("TEI_EDITION_CHECK_CODES")  # what users get: the diagnostic, never a crash
    assert error("E999", "no such code").code == "E999"
    assert warning(codes.NOT_WELL_FORMED, "x").severity is Severity.WARNING


def test_the_registry_fills_in_the_hint_a_call_does_not_give():
    assert error(codes.BAG_EXISTS, "x").hint == codes.REGISTRY[codes.BAG_EXISTS].hint
    assert error(codes.BAG_EXISTS, "x", hint="this one").hint == "this one"


def test_sarif_rules_come_from_the_registry():
    from tei_edition.validate.reporters import all_rules

    rules = all_rules()
    assert rules and all(rules[c] == codes.REGISTRY[c].title for c in rules)
    assert {c[:2] for c in rules} >= {"E0", "E2", "E3"} and not any(c[1] in "1456" for c in rules)


# ---------------------------------------------------------------------------------------------- the sources


def _modules():
    for info in pkgutil.walk_packages(tei_edition.__path__, "tei_edition."):
        if not info.name.endswith("__main__"):
            yield importlib.import_module(info.name)


def _value(node, names: dict):
    """The value of a constant, a name or a dotted name (a.b.c) looked up in `names`; None when it is anything else."""
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Name):
        return names.get(node.id)
    if isinstance(node, ast.Attribute):
        base = _value(node.value, names)
        return getattr(base, node.attr, None) if base is not None and not isinstance(base, str) else None
    return None


def test_every_code_the_sources_report_is_registered_with_that_severity():
    wrong = []
    for module in _modules():
        path = Path(module.__file__)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in FUNCTIONS and node.args:
                code = _value(node.args[0], vars(module))
                if not isinstance(code, str):
                    continue  # a parameter (OutputRefused's code): checked where it is passed, and when it runs
                entry = codes.REGISTRY.get(code)
                if entry is None or entry.severity != FUNCTIONS[node.func.id]:
                    wrong.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.func.id}({code!r})")
    assert not wrong, "codes not registered in tei_edition/codes.py, or registered with another severity:\n" + "\n".join(wrong)


def test_no_code_is_written_out_of_the_registry():
    """A code is written once, in tei_edition/codes.py; modules name it by its constant there."""
    found = []
    for module in _modules():
        path = Path(module.__file__)
        if module is codes:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and re.fullmatch(r"[EWI]\d{3}", node.value):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.value!r}")
    assert not found, "write these as codes.NAME (tei_edition/codes.py):\n" + "\n".join(found)


# ---------------------------------------------------------------------------------------------- every code is tested


def _bindings(tree) -> dict:
    """What the names a test module imports from tei_edition are bound to (modules, constants)."""
    names: dict = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "tei_edition" and not node.level:
            module = importlib.import_module(node.module)
            for alias in node.names:
                value = getattr(module, alias.name, None)
                if value is None:
                    try:
                        value = importlib.import_module(f"{node.module}.{alias.name}")
                    except ImportError:
                        continue
                names[alias.asname or alias.name] = value
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "tei_edition":
                    module = importlib.import_module(alias.name)
                    names[alias.asname] = module if alias.asname else importlib.import_module("tei_edition")
    return names


def asserted_codes() -> dict[str, list[str]]:
    """For every code, the test files that name it: as a string ("E003", "error E003: …") or as a constant."""
    where: dict[str, list[str]] = {}
    for path in sorted(TESTS.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = _bindings(tree)
        found = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, (str, bytes)):
                text = node.value.decode("utf-8", "replace") if isinstance(node.value, bytes) else node.value
                found.update(CODE.findall(text))
            elif isinstance(node, (ast.Name, ast.Attribute)):
                value = _value(node, names)
                if isinstance(value, str) and value in codes.REGISTRY:
                    found.add(value)
        for code in found:
            where.setdefault(code, []).append(str(path.relative_to(ROOT)))
    return where


def test_every_registered_code_has_a_test_that_triggers_it():
    where = asserted_codes()
    missing = sorted(set(codes.REGISTRY) - set(where))
    assert not missing, "no test asserts these codes (add one to tests/test_codes.py): " + " ".join(missing)


# ---------------------------------------------------------------------------------------------- triggering tests
# One small test for each code that no other test asserted.


def _codes_of(diagnostics) -> list[str]:
    return [d.code for d in diagnostics]


def test_e121_unknown_metadata_section(tmp_path):
    from tei_edition.errors import InputError
    from tei_edition.metadata import load_metadata

    (tmp_path / "edition.toml").write_text('[documnet]\nid = "x"\n', encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_metadata(tmp_path / "edition.toml")
    assert _codes_of(caught.value.diagnostics) == ["E121"]


def test_e122_metadata_id_not_an_xml_name(tmp_path):
    from tei_edition.errors import InputError
    from tei_edition.metadata import load_metadata

    (tmp_path / "edition.toml").write_text('[author]\nid = "1917 speech"\n', encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_metadata(tmp_path / "edition.toml")
    assert _codes_of(caught.value.diagnostics) == ["E122"]


def _convert(text: str) -> list[str]:
    from tei_edition.convert import convert_bytes
    from tei_edition.metadata import load_metadata

    return _codes_of(convert_bytes(text.encode("utf-8"), "source.txt", load_metadata(None)).diagnostics)


def test_w121_duplicate_mark_without_an_earlier_note():
    assert "W121" in _convert('One....{1}\n\n{1} [DUPLICATE "*".] Hiatus in the minutes.\u2014Ed.\n')


def test_w130_blocks_after_the_last_source_note():
    witnesses = (ROOT / "tests" / "fixtures" / "golden" / "14-witnesses.txt").read_text(encoding="utf-8")
    assert "W130" not in _convert(witnesses)
    assert "W130" in _convert(witnesses + "\nA paragraph after the last source note.\n")


class _BrokenWeasyPrint:
    """Stands for WeasyPrint whose rendering fails: with an OSError (a library or font) or a layout bug."""

    def __init__(self, exc: Exception):
        self.exc = exc

    def HTML(self, **kwargs):  # noqa: N802 - WeasyPrint's name
        raise self.exc


@pytest.mark.parametrize("exc, code", [(OSError("cannot load library 'pango'"), "E421"), (IndexError("list index out of range"), "E422")])
def test_e421_e422_weasyprint_fails_while_rendering(monkeypatch, exc, code):
    from tei_edition.errors import TeiEditionError
    from tei_edition.export import pdf as pdf_export

    monkeypatch.setattr(pdf_export, "load_weasyprint", lambda: _BrokenWeasyPrint(exc))
    with pytest.raises(TeiEditionError) as caught:
        pdf_export.render_pdf("<p>x</p>", name="x.xml")
    assert _codes_of(caught.value.diagnostics) == [code] and caught.value.diagnostics[0].hint


def test_e631_recursion_past_the_bound_is_a_finding():
    from tei_edition.errors import InputError
    from tei_edition.export.deep import run_deep

    def recurse():
        raise RecursionError("maximum recursion depth exceeded")

    with pytest.raises(InputError) as caught:
        run_deep(recurse, 10, name="deep.xml")
    assert _codes_of(caught.value.diagnostics) == ["E631"]


def _one_document(corpus: Path, source: str | None = "A paragraph.\n") -> Path:
    folder = corpus / "a"
    folder.mkdir(parents=True)
    (folder / "edition.toml").write_text('[document]\nid = "a"\ntitle = "A"\n', encoding="utf-8")
    if source is not None:
        (folder / "source.txt").write_text(source, encoding="utf-8")
    return corpus


def _build_codes(corpus: Path, out: Path) -> list[str]:
    from tei_edition.build import Options, run_build

    [outcome] = run_build(corpus, out, Options(formats=("tei", "text"))).outcomes
    return _codes_of(outcome.diagnostics)


def test_e501_document_folder_without_its_input(tmp_path):
    assert "E501" in _build_codes(_one_document(tmp_path / "corpus", source=None), tmp_path / "out")


def test_e503_an_export_that_fails(tmp_path, monkeypatch):
    from tei_edition.export import text

    def broken(*args, **kwargs):
        raise RuntimeError("simulated exporter bug")

    monkeypatch.setattr(text, "export_text", broken)
    assert "E503" in _build_codes(_one_document(tmp_path / "corpus"), tmp_path / "out")


def test_e504_an_unexpected_error_while_building(tmp_path, monkeypatch):
    from tei_edition import build

    def broken(*args, **kwargs):
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(build, "_tei", broken)
    assert "E504" in _build_codes(_one_document(tmp_path / "corpus"), tmp_path / "out")


def test_e515_a_document_that_fails_to_build_is_not_packaged(tmp_path):
    from tei_edition.package import package_corpus

    corpus = _one_document(tmp_path / "corpus", source=None)
    packaged = package_corpus(corpus, tmp_path / "bags")
    assert "E515" in [d.code for p in packaged for d in p.diagnostics]
