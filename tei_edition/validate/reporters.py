"""Validation reports: text (terminal), json, junit, github (workflow commands + step summary), sarif 2.1.0."""

from __future__ import annotations

import dataclasses
import json
from xml.sax.saxutils import escape, quoteattr

from tei_edition import __version__
from tei_edition.diagnostics import Diagnostic, Severity
from tei_edition.escape import terminal_text

FORMATS = ("text", "json", "junit", "github", "sarif")
GITHUB_ANNOTATIONS_PER_KIND = 10  # GitHub shows 10 error, 10 warning and 10 notice annotations per step
GITHUB_SUMMARY_BYTES = 1024 * 1024  # GitHub's cap on a step summary
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/tei-edition/tei-edition"


@dataclasses.dataclass
class FileResult:
    """What validating one file gave: its name as the user wrote it, findings, and the seconds it took."""

    name: str
    diagnostics: list[Diagnostic]
    seconds: float = 0.0

    @property
    def errors(self) -> int:
        return sum(d.severity is Severity.ERROR for d in self.diagnostics)

    @property
    def warnings(self) -> int:
        return sum(d.severity is Severity.WARNING for d in self.diagnostics)


def all_rules() -> dict[str, str]:
    """Every code the validator can report (loading, schemas, project rules), with what it means: from the registry."""
    from tei_edition.codes import REGISTRY

    return {code: entry.title for code, entry in sorted(REGISTRY.items()) if code[:2] in ("E0", "E2", "E3", "W0", "W2", "W3")}


def _findings(results):
    for r in results:
        for d in r.diagnostics:
            yield r, d


def _where(r: FileResult, d: Diagnostic) -> tuple[str, int, int]:
    if d.span is None:
        return r.name, 1, 1
    return d.span.path, d.span.line, d.span.column


# ------------------------------------------------------------------------------------------------ json


def to_json(results: list[FileResult]) -> str:
    files = [
        {
            "file": r.name,
            "valid": r.errors == 0,
            "errors": r.errors,
            "warnings": r.warnings,
            "findings": [_finding(r, d) for d in r.diagnostics],
        }
        for r in results
    ]
    summary = {
        "files": len(results),
        "invalid": sum(r.errors > 0 for r in results),
        "errors": sum(r.errors for r in results),
        "warnings": sum(r.warnings for r in results),
    }
    return (
        json.dumps({"tool": "tei-edition", "version": __version__, "summary": summary, "files": files}, ensure_ascii=False, indent=2) + "\n"
    )


def _finding(r: FileResult, d: Diagnostic) -> dict:
    path, line, column = _where(r, d)
    out = {"file": path, "line": line, "column": column, "code": d.code, "severity": d.severity.value, "message": d.message}
    if d.hint:
        out["hint"] = d.hint
    return out


def from_json(text: str) -> list[FileResult]:
    """Read a json report back (the format round-trips)."""
    from tei_edition.diagnostics import Span

    data = json.loads(text)
    results = []
    for f in data["files"]:
        diagnostics = [
            Diagnostic(Severity(x["severity"]), x["code"], x["message"], Span(x["file"], x["line"], x["column"]), x.get("hint"))
            for x in f["findings"]
        ]
        results.append(FileResult(f["file"], diagnostics))
    return results


# ------------------------------------------------------------------------------------------------ junit


def to_junit(results: list[FileResult]) -> str:
    """JUnit XML as Jenkins, GitLab and GitHub test reporters read it: one testcase per file, one failure per file."""
    total_failures = sum(r.errors > 0 for r in results)
    total_time = sum(r.seconds for r in results)
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<testsuites name="tei-edition validate" tests="{len(results)}" failures="{total_failures}" errors="0" time="{total_time:.3f}">',
        f'  <testsuite name="tei-edition validate" tests="{len(results)}" failures="{total_failures}" errors="0" skipped="0" time="{total_time:.3f}">',
    ]
    for r in results:
        lines.append(
            f'    <testcase classname="tei-edition.validate" name={quoteattr(terminal_text(r.name))} file={quoteattr(terminal_text(r.name))} time="{r.seconds:.3f}">'
        )
        errors = [d for d in r.diagnostics if d.severity is Severity.ERROR]
        if errors:
            first = errors[0]
            body = "\n".join(_plain(r, d) for d in r.diagnostics)
            message = terminal_text(f"{len(errors)} finding(s); first: {first.code} {first.message}")  # XML 1.0 has no C0
            lines.append(f"      <failure message={quoteattr(message)} type={quoteattr(first.code)}>{escape(body)}</failure>")
        elif r.diagnostics:
            lines.append(f"      <system-out>{escape(chr(10).join(_plain(r, d) for d in r.diagnostics))}</system-out>")
        lines.append("    </testcase>")
    lines += ["  </testsuite>", "</testsuites>", ""]
    return "\n".join(lines)


def _plain(r: FileResult, d: Diagnostic) -> str:
    # A log line and a JUnit body: control characters of a file name or a quoted source shown, never sent
    path, line, column = _where(r, d)
    return terminal_text(f"{path}:{line}:{column}: {d.severity.value} {d.code}: {d.message}")


# ------------------------------------------------------------------------------------------------ github


def _gh_data(text: str) -> str:
    text = terminal_text(text)  # ESC and other controls of a source never reach the runner's log raw
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


_GH_KIND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def to_github(results: list[FileResult]) -> str:
    """Workflow commands, capped as GitHub caps them per step; the findings beyond the cap are plain log lines."""
    out = []
    shown = {kind: 0 for kind in _GH_KIND.values()}
    hidden = 0
    for r, d in _findings(results):
        path, line, column = _where(r, d)
        kind = _GH_KIND[d.severity]
        if shown[kind] < GITHUB_ANNOTATIONS_PER_KIND:
            shown[kind] += 1
            props = f"file={_gh_property(path)},line={line},col={column},title={_gh_property('tei-edition ' + d.code)}"
            out.append(f"::{kind} {props}::{_gh_data(d.message)}")
        else:
            hidden += 1
            out.append(_plain(r, d))
    if hidden:
        out.append(
            f"::notice title=tei-edition::{hidden} more finding(s) are in the log above and in the step summary (GitHub shows {GITHUB_ANNOTATIONS_PER_KIND} annotations of each kind per step)"
        )
    return "\n".join(out) + ("\n" if out else "")


def github_summary(results: list[FileResult]) -> str:
    """A Markdown table for $GITHUB_STEP_SUMMARY, cut to GitHub's 1 MiB cap."""
    errors = sum(r.errors for r in results)
    invalid = sum(r.errors > 0 for r in results)
    head = [
        "## tei-edition validate",
        "",
        f"{len(results)} file(s), {invalid} invalid, {errors} error(s), {sum(r.warnings for r in results)} warning(s).",
        "",
    ]
    if not any(r.diagnostics for r in results):
        return "\n".join(head) + "\n"
    head += ["| file | line | column | code | message |", "|---|---:|---:|---|---|"]
    text = "\n".join(head) + "\n"
    budget = GITHUB_SUMMARY_BYTES - 200
    count = 0
    total = sum(len(r.diagnostics) for r in results)
    for r, d in _findings(results):
        path, line, column = _where(r, d)
        row = f"| {_md(path)} | {line} | {column} | {d.code} | {_md(d.message)} |\n"
        if len(text.encode()) + len(row.encode()) > budget:
            text += f"\n{total - count} more finding(s) not shown (GitHub's step summary is limited to 1 MiB).\n"
            break
        text += row
        count += 1
    return text


def _md(text: str) -> str:
    return terminal_text(text.replace("|", "\\|").replace("\n", " "))


# ------------------------------------------------------------------------------------------------ sarif


_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def to_sarif(results: list[FileResult]) -> str:
    rules = all_rules()
    used = sorted({d.code for _, d in _findings(results)} | set())
    codes = sorted(set(rules) | set(used))
    index = {code: i for i, code in enumerate(codes)}
    sarif_results = []
    for r, d in _findings(results):
        path, line, column = _where(r, d)
        result = {
            "ruleId": d.code,
            "ruleIndex": index[d.code],
            "level": _SARIF_LEVEL[d.severity],
            "message": {"text": d.message + (f" ({d.hint})" if d.hint else "")},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": _uri(path)},
                        "region": {"startLine": max(line, 1), "startColumn": max(column, 1)},
                    }
                }
            ],
        }
        sarif_results.append(result)
    run = {
        "tool": {
            "driver": {
                "name": "tei-edition",
                "version": __version__,
                "informationUri": INFORMATION_URI,
                "rules": [{"id": code, "name": code, "shortDescription": {"text": rules.get(code, code)}} for code in codes],
            }
        },
        "artifacts": [{"location": {"uri": _uri(r.name)}} for r in results],
        "results": sarif_results,
        "columnKind": "unicodeCodePoints",
    }
    return json.dumps({"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}, ensure_ascii=False, indent=2) + "\n"


def _uri(path: str) -> str:
    from urllib.parse import quote

    return quote(path.replace("\\", "/"), safe="/:._-~")


# ------------------------------------------------------------------------------------------------ text


def print_text(results: list[FileResult], *, quiet: bool = False) -> None:
    """Findings grouped by file on stderr (rich: colour only on a terminal, NO_COLOR honoured), then a summary line.

    Of each code, a file shows its first few findings and the count of the others (console.print_diagnostics); -o
    and the other formats have every one."""
    from tei_edition import console

    con = console.stderr_console()
    for r in results:
        if not r.diagnostics:
            continue
        con.print(r.name, style="bold underline", markup=False, highlight=False)
        console.print_diagnostics(r.diagnostics, more="all of them: -o FILE, or --format json")
        con.print("")
    invalid = sum(r.errors > 0 for r in results)
    errors = sum(r.errors for r in results)
    warnings = sum(r.warnings for r in results)
    if invalid:
        con.print(f"{invalid} of {len(results)} file(s) invalid: {errors} error(s), {warnings} warning(s)", style="bold red", markup=False)
    elif not quiet:
        extra = f", {warnings} warning(s)" if warnings else ""
        con.print(f"{len(results)} file(s) valid{extra}", style="green", markup=False)


def render(fmt: str, results: list[FileResult]) -> str:
    return {"json": to_json, "junit": to_junit, "github": to_github, "sarif": to_sarif}[fmt](results)
