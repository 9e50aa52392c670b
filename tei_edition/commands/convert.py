"""`tei-edition convert`: a plain-text source to validated TEI, written atomically, with warnings at file:line:col."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from tei_edition.errors import ExitStatus, InputError, ValidationFailed


@click.command(
    epilog="""\b
Examples:
  tei-edition convert corpus/000-lenin-1917-05-08-soviets/source.txt -o edition.xml
  tei-edition convert source.txt --meta edition.toml > edition.xml
  cat source.txt | tei-edition convert - --meta edition.toml -o edition.xml
  tei-edition convert --check corpus/000-lenin-1917-05-08-soviets/source.txt
  tei-edition convert source.txt -o edition.xml --report report.json
  tei-edition convert letter.txt --profile gutenberg -o letter.xml
  tei-edition convert notes.txt --profile my-archive.toml -o notes.xml
\b
edition.toml beside the source is used when --meta is not given. Warnings (W…) name the
source's file:line:col and keep the text; the TEI is validated against the project schema
before it is written, and nothing is written when it is not valid.""",
)
@click.argument("source", type=click.Path(dir_okay=True, allow_dash=True))
@click.option("-o", "--output", type=click.Path(allow_dash=True), help="Where to write the TEI ('-' or none: stdout).")
@click.option("--meta", "meta_path", type=click.Path(), help="Metadata file (default: edition.toml beside SOURCE).")
@click.option("--profile", help="Source conventions: mia, gutenberg, plain, or a profile TOML file (default: detected).")
@click.option(
    "--check",
    is_flag=True,
    help="Write nothing; exit 1 if the committed TEI (-o, or edition.xml beside SOURCE) differs.\n"
    "(--report is refused with --check: it writes nothing at all.)",
)
@click.option("--no-validate", is_flag=True, help="Skip the schema check before writing.")
@click.option("--strict", is_flag=True, help="Exit 1 when there are warnings.")
@click.option("--report", "report_path", type=click.Path(allow_dash=True), help="Write a JSON report (counts, warnings) here.")
@click.option("-q", "--quiet", is_flag=True, help="No summary line on stderr (warnings are still shown).")
def command(source, output, meta_path, profile, check, no_validate, strict, report_path, quiet):
    """Convert a plain-text SOURCE ('-' for stdin) into TEI P5."""
    from tei_edition import console
    from tei_edition.convert import convert_bytes
    from tei_edition.fileio import check_outputs, read_bytes, write_atomic
    from tei_edition.metadata import find_metadata, load_metadata

    if check and report_path:
        raise click.UsageError("--check writes nothing: leave out --report (or run without --check to write the report)")
    found_meta = find_metadata(source, meta_path)
    # Every file this conversion reads is an input, and no output may be one of them (nor the other output).
    read_paths = [source, found_meta, profile if profile and Path(profile).is_file() else None]
    target = None
    if check:
        target = Path(output) if output and output != "-" else Path(source).with_name("edition.xml")
        inputs = check_outputs({}, read_paths)
    else:
        inputs = check_outputs({"-o": output, "--report": report_path}, read_paths)
    meta = load_metadata(found_meta)
    data = read_bytes(source)
    result = convert_bytes(data, source if source != "-" else "<stdin>", meta, profile)
    console.print_diagnostics(result.diagnostics, more="all of them: --report FILE")
    if not no_validate:
        _validate(result, source)
    if check:
        assert target is not None  # set above when checking
        return _check(result.xml, target)
    if report_path:
        write_atomic(
            report_path, (json.dumps(result.report(), indent=2, ensure_ascii=False) + "\n").encode(), inputs=inputs, option="--report"
        )
    write_atomic(output or "-", result.xml, inputs=inputs)
    if not quiet:
        console.print_info(summary(result, source, output))
    if strict and any(d.severity.value == "warning" for d in result.diagnostics):
        return ExitStatus.FINDINGS
    return ExitStatus.OK


def summary(result, source: str, output: str | None) -> str:
    """Two lines for the editor: the profile and what was recognised, and the warnings by code."""
    import collections

    recognised = ", ".join(f"{v} {k}" for k, v in result.found.items()) or "paragraphs only"
    warnings = collections.Counter(d.code for d in result.diagnostics if d.severity.value == "warning")
    by_code = ", ".join(f"{n}×{code}" for code, n in sorted(warnings.items())) or "none"
    where = output if output and output != "-" else "stdout"
    how = f"profile {result.profile} ({result.profile_choice})"
    lossless = "source rebuilds byte for byte" if result.lossless else "source does NOT rebuild exactly (see warnings)"
    return f"converted {source} → {where} with {how}: {recognised}\nwarnings: {by_code}; {lossless}"


def _validate(result, source: str) -> None:
    """The one schema check (validate.schema.xsd_check): libxml2 checks fast; only when it fails does xmlschema explain
    where and why (path-aware messages)."""
    from tei_edition.validate.schema import xsd_check

    findings = xsd_check(result.tree, f"{source} (converted TEI)")
    if not findings:
        return
    raise ValidationFailed(
        "the converted TEI is not valid against schemas/tei_edition.xsd; nothing was written "
        "(this is a converter bug: please report it with the source)",
        findings,
    )


def _check(xml: bytes, target: Path) -> int:
    from tei_edition import console

    if not target.is_file():
        raise InputError(f"{target}: no committed TEI to check against")
    if target.read_bytes() == xml:
        console.print_info(f"{target}: up to date")
        return ExitStatus.OK
    import difflib

    old = target.read_text("utf-8", "replace").splitlines()
    new = xml.decode("utf-8").splitlines()
    diff = list(difflib.unified_diff(old, new, str(target), "converted now", n=1, lineterm=""))
    sys.stderr.write("\n".join(diff[:40]) + ("\n…\n" if len(diff) > 40 else "\n"))
    console.print_error(f"{target}: differs from what conversion gives now (run convert -o {target} to update)")
    return ExitStatus.FINDINGS
