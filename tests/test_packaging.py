"""The wheel: one version, the licence file, py.typed and the XSDs ship; the schema generator does not."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile

from tei_edition import __version__
from tests.conftest import ROOT


def test_wheel_contents(tmp_path):
    # Built from a copy: setuptools works in the tree's build/ folder, which is where `make edition` writes.
    tree = tmp_path / "tree"
    tree.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy2(ROOT / name, tree / name)
    for name in ("tei_edition", "schemas"):
        shutil.copytree(ROOT / name, tree / name, symlinks=True, ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(tree), "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = tmp_path.glob("tei_edition-*.whl")
    assert wheel.name.startswith(f"tei_edition-{__version__}-")  # the version is read from tei_edition/__init__.py
    names = zipfile.ZipFile(wheel).namelist()
    assert "tei_edition/py.typed" in names
    assert "tei_edition/schemas/tei_edition.xsd" in names and "tei_edition/schemas/xml.xsd" in names
    assert not any(n.endswith("make_xsd.py") for n in names), "the schema generator is a development tool"
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
