"""Running the layers over many files: one file at a time, or in parallel worker processes, plus one jing run."""

from __future__ import annotations

import bisect
import dataclasses
import os
import re
import shutil
import subprocess
import tempfile
import time
import traceback
from pathlib import Path

from tei_edition import codes, workers
from tei_edition.diagnostics import Diagnostic, Span, error, warning
from tei_edition.tei.load import xinclude_elements
from tei_edition.validate import schema as sch
from tei_edition.validate.reporters import FileResult
from tei_edition.validate.rules import for_archive, rule_diagnostics
from tei_edition.validate.wellformed import DEFAULT_MAX_BYTES, expand_paths, parse_document, read_document

JING = "jing"
JING_BATCH = 500  # files per jing process (one JVM start for many files, within the argument-length limit)
CODE_XINCLUDE = codes.XINCLUDE  # XInclude elements: never processed, so what they would include is not validated
CODE_INTERNAL = codes.VALIDATE_INTERNAL  # an unexpected exception while validating one file: a bug, reported for that file only


class EngineMissing(Exception):
    """--engine jing was asked for but no jing is installed."""


@dataclasses.dataclass(frozen=True)
class Options:
    schema: str | None = None  # an XSD; None is the project schema
    rng: str | None = None  # a RELAX NG schema, or None
    engine: str = "lxml"  # RELAX NG engine: lxml or jing
    rules: bool = True
    max_bytes: int = DEFAULT_MAX_BYTES
    archive: bool = False  # header completeness archives need (licence URL, identifier) is an error, not a warning

    def schema_path(self) -> str:
        return str(Path(self.schema).resolve()) if self.schema else str(sch.project_schema_path())


def prepare(options: Options) -> None:
    """Check and compile every schema once, before any file (and before forking workers): a bad schema is a usage error."""
    path = options.schema_path()
    try:
        sch._lxml_schema(path)
    except sch.SchemaLoadError:
        sch.load_xmlschema(path)  # some XSDs only xmlschema can compile; raises SchemaLoadError if neither can
    if options.rng and options.engine == "lxml":
        sch.load_relaxng(options.rng)
    if options.engine == "jing":
        if not jing_path():
            raise EngineMissing("--engine jing: jing is not installed (Debian: apt-get install jing); use --engine lxml")
        if options.rng:
            sch.check_relaxng(options.rng)  # jing reads the schema itself: only local, DOCTYPE- and XInclude-free files


def jing_path() -> str | None:
    return shutil.which(JING)


def xsd_findings(tree, name: str, source: str | None, options: Options) -> list[Diagnostic]:
    """The XSD layer: the one schema check (validate.schema.xsd_check) against the schema of the options."""
    return sch.xsd_check(tree, name, options.schema_path(), source)


def validate_loaded(loaded, options: Options) -> list[Diagnostic]:
    if loaded.tree is None:
        return loaded.diagnostics
    found = xsd_findings(loaded.tree, loaded.name, loaded.source, options)
    if options.rng and options.engine == "lxml":
        found += sch.rng_diagnostics(loaded.tree, loaded.name, options.rng, loaded.source)
    if options.rules:
        rules = rule_diagnostics(loaded.tree, loaded.name, loaded.source)
        found += for_archive(rules) if options.archive else rules
    found += xinclude_findings(loaded.tree, loaded.name, loaded.source)
    return with_source_lines(loaded.tree, found)


def xinclude_findings(tree, name: str, source: str | None) -> list[Diagnostic]:
    """XInclude is never processed (by lxml or by jing): say so, or "valid" would vouch for content never seen."""
    found = xinclude_elements(tree)
    if not found:
        return []
    first = found[0]
    lines = source.splitlines() if source is not None else []
    line = first.sourceline or 1
    text = lines[line - 1] if 0 < line <= len(lines) else None
    more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
    return [
        error(
            CODE_XINCLUDE,
            f"XInclude is never processed: <{first.prefix + ':' if first.prefix else ''}{first.tag.split('}')[1]}>{more} was not "
            "followed, so what it would include was not validated",
            Span(name, line, sch.element_column(first, text), 1, text),
            hint="expand the inclusions first (xmllint --xinclude --output expanded.xml FILE) and validate the result",
        )
    ]


def with_source_lines(tree, found: list[Diagnostic]) -> list[Diagnostic]:
    """For TEI that `convert` wrote, each finding also names the line of the plain-text source it came from."""
    if not found:
        return found
    from tei_edition.export.text import source_line_map

    try:
        mapped = source_line_map(tree)
    except Exception:  # noqa: BLE001 - the source line is an addition to the findings; never lose them over it
        if os.environ.get("TEI_EDITION_DEBUG"):
            traceback.print_exc()
        mapped = None
    if not mapped:
        return found
    name, by_xml_line = mapped
    starts = sorted(by_xml_line)
    out = []
    for d in found:
        if d.span is None or not starts or d.span.line < starts[0]:
            out.append(d)
            continue
        xml_line = starts[bisect.bisect_right(starts, d.span.line) - 1]
        where = f"from {name} line {by_xml_line[xml_line]}"
        out.append(dataclasses.replace(d, hint=f"{d.hint}; {where}" if d.hint else where))
    return out


def validate_file(path: str, options: Options) -> tuple[FileResult, bool]:
    """One file through every layer; returns its result and whether it could be read at all."""
    result, readable, _ = _validate_one(path, options, None)
    return result, readable


def _validate_one(path: str, options: Options, copy_to: str | None) -> tuple[FileResult, bool, bool]:
    """One file, isolated: an unexpected exception becomes that file's E009, never the batch's end.

    With copy_to, the bytes the loader accepted are written there for jing (only a tree without XInclude elements);
    the third value says whether they were.
    """
    start = time.perf_counter()
    name = "<stdin>" if path == "-" else path
    copied = False
    try:
        loaded = read_document(path, options.max_bytes)
        found = validate_loaded(loaded, options)
        readable = not loaded.unreadable
        if copy_to and loaded.data is not None and not any(d.code == CODE_XINCLUDE for d in found):
            with open(copy_to, "xb") as fh:
                fh.write(loaded.data)
            copied = True
    except Exception as exc:  # noqa: BLE001 - isolation: one document must not take the others' reports with it
        found, readable = [internal_error(name, exc)], True
    return FileResult(name, found, time.perf_counter() - start), readable, copied


def internal_error(name: str, exc: BaseException) -> Diagnostic:
    if os.environ.get("TEI_EDITION_DEBUG"):
        traceback.print_exception(exc)
    return error(
        CODE_INTERNAL,
        f"internal error while validating this file: {type(exc).__name__}: {exc}",
        Span(name, 1, 1),
        hint="this is a bug in tei-edition, not a finding about the document: please report it with the file "
        "(TEI_EDITION_DEBUG=1 shows the traceback); the other files were validated",
    )


def validate_bytes(data: bytes, name: str, options: Options) -> FileResult:
    start = time.perf_counter()
    try:
        found = validate_loaded(parse_document(data, name, options.max_bytes), options)
    except Exception as exc:  # noqa: BLE001
        found = [internal_error(name, exc)]
    return FileResult(name, found, time.perf_counter() - start)


_WORKER_OPTIONS: Options | None = None


def _init_worker(options: Options) -> None:
    global _WORKER_OPTIONS
    _WORKER_OPTIONS = options
    prepare(options)


def _work(item: tuple[str, str | None]):
    assert _WORKER_OPTIONS is not None  # set by _init_worker, the pool's initializer, before any work
    return _validate_one(item[0], _WORKER_OPTIONS, item[1])


def validate_paths(paths: list[str], options: Options, jobs: int = 0) -> tuple[list[FileResult], bool]:
    """Validate files and folders; returns results in input order and whether every input could be read."""
    prepare(options)
    files, problems = expand_paths(paths)
    readable = not problems
    results: list[FileResult] = []
    for d in problems:
        assert d.span is not None  # expand_paths says which path each problem is about
        results.append(FileResult(d.span.path, [d]))
    jing_dir = tempfile.mkdtemp(prefix="tei-edition-jing-") if options.engine == "jing" and options.rng else None
    try:
        # jing is given a private copy of exactly what the loader accepted, never the user's path
        copies = [os.path.join(jing_dir, f"{i:06d}.xml") if jing_dir else None for i in range(len(files))]
        disk = [i for i, f in enumerate(files) if f != "-"]
        done: dict[int, tuple[FileResult, bool, bool]] = {}
        items = [(files[i], copies[i]) for i in disk]
        work = workers.ordered_map(_work, items, workers.worker_count(jobs, len(items)), initializer=_init_worker, initargs=(options,))
        done.update(zip(disk, work, strict=True))
        for i, f in enumerate(files):
            if f == "-":
                done[i] = _validate_one("-", options, copies[i])
        jing_results: dict[str, FileResult] = {}
        for i in range(len(files)):
            result, ok, copied = done[i]
            readable &= ok
            results.append(result)
            if copied:
                copy_path = copies[i]
                assert copy_path is not None  # a file is copied only to the path it was given
                jing_results[copy_path] = result
        if jing_dir:
            _add_jing(jing_results, options)
    finally:
        if jing_dir:
            shutil.rmtree(jing_dir, ignore_errors=True)
    return results, readable


def _add_jing(by_copy: dict[str, FileResult], options: Options) -> None:
    """jing over the private copies, JING_BATCH at a time; its findings go to the file each copy was made from."""
    assert options.rng is not None  # called only when jing has a schema (validate_paths)
    copies = list(by_copy)
    if not copies:
        run_jing(options.rng, [])  # no document to validate: still say whether the schema can be used
    for start in range(0, len(copies), JING_BATCH):
        for path, line, column, message, severity in _jing(options.rng, copies[start : start + JING_BATCH]):
            result = by_copy[path]
            make = warning if severity == "warning" else error
            result.diagnostics.append(make(sch.CODE_RNG, message, Span(result.name, line, column)))


_JING_LINE = re.compile(r"^(.*?):(\d+):(\d+): (error|fatal|warning): (.*)$")
_JING_NOISE = re.compile(r"^(\[warning\] |Picked up _?JAVA_|NOTE: Picked up )")


class JingFailed(sch.SchemaLoadError):
    """jing could not use the schema, or failed without saying why: never reported as "valid"."""


JING_SECONDS = 120.0  # one jing run may take this long (a JVM starting, the schema compiled) ...
JING_SECONDS_PER_BYTE = 1e-6  # ... plus a second per megabyte of documents; past that it is stopped, never waited for


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def run_jing(rng: str, files: list[str]) -> list[tuple[str, int, int, str]]:
    """Run jing once over many files; its findings as (path, line, column, message). Raises JingFailed."""
    return [f[:4] for f in _jing(rng, files)]


def _jing(rng: str, files: list[str]) -> list[tuple[str, int, int, str, str]]:
    jing = jing_path()
    if not jing:
        raise EngineMissing("jing is not installed")
    seconds = JING_SECONDS + sum(_size(f) for f in files) * JING_SECONDS_PER_BYTE
    try:
        proc = subprocess.run(
            [jing, rng, *files], capture_output=True, text=True, errors="replace", stdin=subprocess.DEVNULL, check=False, timeout=seconds
        )
    except subprocess.TimeoutExpired:
        raise JingFailed(f"--engine jing: no answer within {seconds:.0f} s; it was stopped (use --engine lxml)") from None
    except OSError as exc:
        raise JingFailed(f"--engine jing: cannot run {jing}: {exc.strerror or exc}") from None
    known = {os.path.abspath(f): f for f in files}
    found, other = [], []
    for line in proc.stdout.splitlines() + proc.stderr.splitlines():
        if not line.strip() or _JING_NOISE.match(line):
            continue
        m = _JING_LINE.match(line)
        if m and (path := known.get(_file_path(m.group(1)))):
            found.append((path, int(m.group(2)), max(int(m.group(3)), 1), m.group(5), m.group(4)))
            continue
        hit = next((f for f in files if f in line), None)  # "fatal: file not found: PATH (...)": about one document
        if hit and not m:
            found.append((hit, 1, 1, line.strip(), "fatal"))
            continue
        other.append(line.strip())
    if proc.returncode != 0 and (other or not found):
        said = "; ".join(other[:5]) or f"no message (exit status {proc.returncode})"
        raise JingFailed(f"{rng}: jing could not validate against this RELAX NG schema: {said}")
    return found


def _file_path(reported: str) -> str:
    if reported.startswith("file:"):
        import urllib.parse
        import urllib.request

        reported = urllib.request.url2pathname(urllib.parse.urlsplit(reported).path)
    return os.path.abspath(reported)
