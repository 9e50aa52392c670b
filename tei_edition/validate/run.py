"""Running the layers over many files: one file at a time, or in parallel worker processes, plus one jing run."""

from __future__ import annotations

import bisect
import dataclasses
import os
import re
import shutil
import subprocess
import time
from pathlib import Path

from tei_edition.diagnostics import Diagnostic, Span, error
from tei_edition.validate import schema as sch
from tei_edition.validate.reporters import FileResult
from tei_edition.validate.rules import rule_diagnostics
from tei_edition.validate.wellformed import DEFAULT_MAX_BYTES, expand_paths, parse_document, read_document

JING = "jing"
PARALLEL_FROM = 16  # below this many files, starting workers costs more than it saves


class EngineMissing(Exception):
    """--engine jing was asked for but no jing is installed."""


@dataclasses.dataclass(frozen=True)
class Options:
    schema: str | None = None  # an XSD; None is the project schema
    rng: str | None = None  # a RELAX NG schema, or None
    engine: str = "lxml"  # RELAX NG engine: lxml or jing
    rules: bool = True
    max_bytes: int = DEFAULT_MAX_BYTES

    def schema_path(self) -> str:
        return str(Path(self.schema).resolve()) if self.schema else str(sch.project_schema_path())


def prepare(options: Options) -> None:
    """Compile every schema once, before any file (and before forking workers): a bad schema is a usage error."""
    path = options.schema_path()
    try:
        sch._lxml_schema(path)
    except sch.SchemaLoadError:
        sch.load_xmlschema(path)  # some XSDs only xmlschema can compile; raises SchemaLoadError if neither can
    if options.rng and options.engine == "lxml":
        sch.load_relaxng(options.rng)
    if options.engine == "jing" and not jing_path():
        raise EngineMissing("--engine jing: jing is not installed (Debian: apt-get install jing); use --engine lxml")


def jing_path() -> str | None:
    return shutil.which(JING)


def xsd_findings(tree, name: str, source: str | None, options: Options) -> list[Diagnostic]:
    """The XSD layer: libxml2 says yes fast; only a rejected document is explained by xmlschema (detailed, slower)."""
    path = options.schema_path()
    try:
        fast = sch._lxml_schema(path)
    except sch.SchemaLoadError:
        fast = None
    if fast is not None and fast.validate(tree):
        return []
    found = sch.schema_diagnostics(tree, name, path, source)
    if not found and fast is not None:  # the two engines disagree: keep libxml2's own words rather than nothing
        lines = source.splitlines() if source else []
        for entry in fast.error_log:
            text = lines[entry.line - 1] if 0 < entry.line <= len(lines) else None
            found.append(error(sch.CODE_XSD, sch._rng_message(entry.message), Span(name, entry.line or 1, max(entry.column, 1), 1, text)))
    return found


def validate_loaded(loaded, options: Options) -> list[Diagnostic]:
    if loaded.tree is None:
        return loaded.diagnostics
    found = xsd_findings(loaded.tree, loaded.name, loaded.source, options)
    if options.rng and options.engine == "lxml":
        found += sch.rng_diagnostics(loaded.tree, loaded.name, options.rng, loaded.source)
    if options.rules:
        found += rule_diagnostics(loaded.tree, loaded.name, loaded.source)
    return with_source_lines(loaded.tree, found)


def with_source_lines(tree, found: list[Diagnostic]) -> list[Diagnostic]:
    """For TEI that `convert` wrote, each finding also names the line of the plain-text source it came from."""
    if not found:
        return found
    from tei_edition.export.text import source_line_map

    mapped = source_line_map(tree)
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
    start = time.perf_counter()
    loaded = read_document(path, options.max_bytes)
    found = validate_loaded(loaded, options)
    return FileResult(loaded.name, found, time.perf_counter() - start), not loaded.unreadable


def validate_bytes(data: bytes, name: str, options: Options) -> FileResult:
    start = time.perf_counter()
    loaded = parse_document(data, name)
    return FileResult(name, validate_loaded(loaded, options), time.perf_counter() - start)


_WORKER_OPTIONS: Options | None = None


def _init_worker(options: Options) -> None:
    global _WORKER_OPTIONS
    _WORKER_OPTIONS = options
    prepare(options)


def _work(path: str):
    return validate_file(path, _WORKER_OPTIONS)


def validate_paths(paths: list[str], options: Options, jobs: int = 0) -> tuple[list[FileResult], bool]:
    """Validate files and folders; returns results in input order and whether every input could be read."""
    prepare(options)
    files, problems = expand_paths(paths)
    readable = not problems
    results = [FileResult(d.span.path, [d]) for d in problems]
    if jobs <= 0:
        jobs = (os.cpu_count() or 1) if len(files) >= PARALLEL_FROM else 1
    disk_files = [f for f in files if f != "-"]
    if jobs > 1 and len(disk_files) > 1:
        import concurrent.futures
        import multiprocessing

        context = multiprocessing.get_context("fork") if hasattr(os, "fork") else None
        with concurrent.futures.ProcessPoolExecutor(jobs, mp_context=context, initializer=_init_worker, initargs=(options,)) as pool:
            done = dict(zip(disk_files, pool.map(_work, disk_files, chunksize=max(1, len(disk_files) // (jobs * 8)))))
    else:
        done = {f: validate_file(f, options) for f in disk_files}
    for f in files:
        if f == "-":
            result, ok = validate_file("-", options)  # jing is not run on stdin
        else:
            result, ok = done[f]
        readable &= ok
        results.append(result)
    if options.engine == "jing" and options.rng:
        _add_jing(results, files, options)
    return results, readable


def _add_jing(results: list[FileResult], files: list[str], options: Options) -> None:
    """One jing process over every well-formed file (jing never sees a refused document: it would expand entities)."""
    by_name = {r.name: r for r in results}
    candidates = [f for f in files if f != "-" and by_name.get(f) and not any(d.code.startswith("E00") for d in by_name[f].diagnostics)]
    for start in range(0, len(candidates), 500):
        chunk = candidates[start : start + 500]
        for path, line, column, message in run_jing(options.rng, chunk):
            result = by_name.get(path) or by_name.get(os.path.relpath(path))
            if result is None:
                continue
            result.diagnostics.append(error(sch.CODE_RNG, message, Span(result.name, line, column)))


_JING_LINE = re.compile(r"^(.*?):(\d+):(\d+): (?:error|fatal): (.*)$")


def run_jing(rng: str, files: list[str]) -> list[tuple[str, int, int, str]]:
    """Run jing once over many files; its findings as (path, line, column, message)."""
    jing = jing_path()
    if not jing:
        raise EngineMissing("jing is not installed")
    proc = subprocess.run([jing, rng, *files], capture_output=True, text=True, check=False)
    found = []
    for line in proc.stdout.splitlines() + proc.stderr.splitlines():
        m = _JING_LINE.match(line)
        if m:
            path = m.group(1)
            if path.startswith("file:"):
                path = path[5:]
            found.append((path, int(m.group(2)), int(m.group(3)), m.group(4)))
    return found
