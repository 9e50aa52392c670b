"""Building a corpus: find its documents, skip the up-to-date ones (stamps), rebuild the rest in parallel, write the index."""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import re
import signal
import stat
import time
import tomllib
import warnings
from collections.abc import Iterable
from pathlib import Path

from tei_edition import __version__, codes
from tei_edition.diagnostics import Diagnostic, Span, error
from tei_edition.errors import InputError, TeiEditionError
from tei_edition.export import EXPORTERS
from tei_edition.fileio import CODE_WRITE_FAILED, Inputs, remove_output, replace_atomically
from tei_edition.paths import POLICY_CODES, check_document, real, refuse_overlap

# The formats a build writes, in the order they are made: the TEI, then every registered exporter's
# (tei_edition.export.EXPORTERS, the one list of formats), each to edition.<its extension>.
FORMATS = ("tei", *EXPORTERS)
OUTPUTS = {"tei": "edition.xml"} | {e.name: f"edition.{e.extension}" for e in EXPORTERS.values()}
REPORT = "validation.json"
STAMP = ".stamp.json"  # written last: its presence with the current key means every output above is complete
WRITTEN = ".outputs.json"  # the outputs a build wrote into a document's folder: the only files a build ever deletes
STAGING = ".staging"  # temporary files live here, never beside the outputs; a build empties it when it starts
LOCK = ".build.lock"
INDEX = "index.html"
SOURCE = "source.txt"
EDITION = "edition.xml"
METADATA = "edition.toml"

# Diagnostic codes of the build (E5xx).
CODE_NO_INPUT = codes.NO_INPUT  # a document folder without its input file
CODE_BUILD_CONFIG = codes.BUILD_CONFIG  # a [build] section that cannot be used
CODE_EXPORT = codes.EXPORT_FAILED  # an export (html, pdf, text) failed
CODE_INTERNAL = codes.BUILD_INTERNAL  # a bug: an unexpected exception while building one document
CODE_LOCKED = codes.BUILD_LOCKED  # another build is writing the same output folder


@dataclasses.dataclass(frozen=True)
class Options:
    """What a build makes; part of every document's stamp, so changing it rebuilds."""

    formats: tuple[str, ...] = FORMATS
    paper: str = "a4"
    force: bool = False


@dataclasses.dataclass(frozen=True)
class Document:
    """A corpus folder: `source.txt` + `edition.toml`, or a hand-edited `edition.xml` when edition.toml says so."""

    slug: str
    folder: Path
    input_name: str  # SOURCE (convert it) or EDITION (take the hand-edited TEI as it is)
    problems: tuple[Diagnostic, ...] = ()

    @property
    def refused(self) -> bool:
        """The path policy (tei_edition/paths.py) refused a file of this folder: nothing of it is read or built."""
        return any(d.code in POLICY_CODES for d in self.problems)

    @property
    def input_path(self) -> Path:
        return self.folder / self.input_name

    @property
    def hand_edited(self) -> bool:
        return self.input_name == EDITION


@dataclasses.dataclass
class Outcome:
    """What building (or skipping) one document gave."""

    slug: str
    status: str  # "built", "up to date", "invalid" or "failed"
    diagnostics: list[Diagnostic]
    entry: dict  # what the index shows: title, date, witnesses, outputs, valid
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.status in ("built", "up to date")


@dataclasses.dataclass
class BuildResult:
    outcomes: list[Outcome]
    out_dir: Path
    index: Path

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.ok]


class Reporter:
    """Progress callbacks of run_build (the command shows them; the library never prints)."""

    def start(self, to_build: int, up_to_date: int) -> None: ...

    def done(self, outcome: Outcome) -> None: ...

    def finish(self) -> None: ...


# ---------------------------------------------------------------------------------------------- finding documents


def find_documents(corpus: str | os.PathLike) -> list[Document]:
    """The document folders of a corpus (sorted by name), or the folder itself when it is one document."""
    root = Path(corpus)
    if not root.is_dir():
        raise InputError(f"{root}: no such corpus folder")
    base = real(root)
    if _is_document(root):
        return [document_at(root, base, base)]
    docs = [
        document_at(p, base, base / p.name) for p in sorted(root.iterdir()) if p.is_dir() and not p.name.startswith(".") and _is_document(p)
    ]
    if not docs:
        raise InputError(f"{root}: no document folders (a folder with {SOURCE} and {METADATA}, or {EDITION})")
    return docs


def _is_document(folder: Path) -> bool:
    # lexists: a folder whose source.txt is a FIFO or a broken link is a document, refused by the path policy
    return any(os.path.lexists(folder / name) for name in (SOURCE, METADATA, EDITION))


def document_at(folder: Path, root: Path | None = None, real_folder: Path | None = None) -> Document:
    """A document folder; `[build] source = "edition.xml"` in edition.toml makes the hand-edited TEI the input.

    `root` is the real path of the corpus named on the command line (default: the folder itself): a file of the folder
    that leads outside it, or is not a regular file, is a finding (E610, E611) and nothing of the folder is read.
    """
    refused = check_document(root if root is not None else real(folder), folder, (SOURCE, METADATA, EDITION), real_folder)
    if refused:
        input_name = SOURCE if os.path.lexists(folder / SOURCE) or not os.path.lexists(folder / EDITION) else EDITION
        return Document(folder.name, folder, input_name, tuple(refused))
    config, problems = build_config(folder / METADATA)
    input_name = config.get("source", SOURCE if (folder / SOURCE).is_file() or not (folder / EDITION).is_file() else EDITION)
    if input_name not in (SOURCE, EDITION):
        problems.append(
            error(
                CODE_BUILD_CONFIG,
                f'[build] source = "{input_name}": use "{SOURCE}" (convert) or "{EDITION}" (hand-edited TEI)',
                Span(str(folder / METADATA), 1, 1),
            )
        )
        input_name = SOURCE
    return Document(folder.name, folder, input_name, tuple(problems))


BUILD_TABLE = re.compile(r'^\s*(\[\s*"?build"?\s*\]|"?build"?\s*[.=])', re.M)


def build_config(path: Path) -> tuple[dict, list[Diagnostic]]:
    """The [build] section of edition.toml ({} when absent; a broken file is reported later, by load_metadata)."""
    try:
        text = path.read_text("utf-8")
        # Parsing TOML is most of a no-op rebuild's time: parse only a file that can have a [build] table.
        if not BUILD_TABLE.search(text):
            return {}, []
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return {}, []
    section = data.get("build", {})
    if not isinstance(section, dict):
        return {}, [error(CODE_BUILD_CONFIG, "[build] must be a table", Span(str(path), 1, 1))]
    return section, []


# ---------------------------------------------------------------------------------------------- stamps


def code_digest() -> str:
    """A hash of the installed package (code, stylesheets, schemas, profiles): a new tool version or exporter rebuilds."""
    package = Path(__file__).resolve().parent
    h = hashlib.sha256(__version__.encode())
    for dirpath, dirnames, filenames in os.walk(package, followlinks=True):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__" and not d.startswith("."))
        for name in sorted(filenames):
            if name.endswith((".py", ".css", ".js", ".xsd", ".rng", ".toml", ".html", ".json")):
                p = Path(dirpath, name)
                h.update(str(p.relative_to(package)).encode() + b"\0")
                h.update(p.read_bytes())
    return h.hexdigest()


def input_files(doc: Document) -> list[Path]:
    """Everything a document's outputs depend on in its folder: the input, the metadata and any profile (*.toml)."""
    if doc.refused:
        return []
    files = {doc.input_path} | {p for p in doc.folder.glob("*.toml")}
    return sorted(p for p in files if p.is_file())


def stamp_key(doc: Document, options: Options, code: str) -> str:
    h = hashlib.sha256(code.encode())
    h.update(json.dumps({"input": doc.input_name, "formats": list(options.formats), "paper": options.paper}).encode())
    for p in input_files(doc):
        # content and modification time: an edit rebuilds, and so does `touch`, as editors expect from make
        h.update(p.name.encode() + b"\0" + str(p.stat().st_mtime_ns).encode() + b"\0")
        h.update(hashlib.sha256(p.read_bytes()).digest())
    return h.hexdigest()


def read_stamp(folder: Path) -> dict | None:
    return _read_record(folder / STAMP)


def _read_record(path: Path) -> dict | None:
    """A small JSON file of the build's own (stamp, record of outputs); anything but a regular file is not one."""
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return None
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


OUTPUT_NAMES = frozenset(OUTPUTS.values()) | {REPORT}


def written_before(folder: Path, stamp: dict | None) -> set[str]:
    """The outputs an earlier build recorded writing into this folder (its record, and its stamp's list)."""
    names: set[str] = set()
    record = _read_record(folder / WRITTEN)
    if record and isinstance(record.get("written"), list):
        names |= {n for n in record["written"] if isinstance(n, str)}
    if stamp and isinstance(stamp.get("outputs"), dict):
        names |= set(stamp["outputs"])
    return names & OUTPUT_NAMES


def up_to_date(folder: Path, key: str) -> dict | None:
    """The stamp when it matches the key and every output it lists is there with its size; else None."""
    stamp = read_stamp(folder)
    if not stamp or stamp.get("key") != key:
        return None
    outputs = stamp.get("outputs")
    if not isinstance(outputs, dict):
        return None
    for name, size in outputs.items():
        try:
            if (folder / name).stat().st_size != size:
                return None
        except OSError:
            return None
    return stamp


# ---------------------------------------------------------------------------------------------- atomic outputs


def _track(tmp: str | None) -> None:
    global _writing
    _writing = tmp


def write_output(out_dir: Path, slug: str, name: str, data: bytes, inputs: Inputs | None = None) -> int:
    """Write into the staging folder, then rename into place: a reader (or a killed build) never sees half a file.

    Through fileio: never onto a FIFO, device or folder (E601), never onto one of `inputs` (E602), and a failed write
    (disk full) is E603 naming the file, with nothing half-written left.
    """
    staging = out_dir / STAGING
    staging.mkdir(parents=True, exist_ok=True)
    replace_atomically(out_dir / slug / name, data, staging, f"{slug}.{name}.", track=_track, inputs=inputs or ())
    return len(data)


def _write_record(out_dir: Path, slug: str, names: set[str], inputs: Inputs) -> None:
    data = (json.dumps({"written": sorted(names)}) + "\n").encode()
    write_output(out_dir, slug, WRITTEN, data, inputs)


_writing: str | None = None  # the temporary file being written, for a worker stopped by a signal


# ---------------------------------------------------------------------------------------------- one document


def build_document(doc: Document, out_dir: Path, options: Options, key: str) -> Outcome:
    """Convert (or load), validate and export one document into out_dir/<slug>/; never raises for a bad document."""
    start = time.perf_counter()
    folder = out_dir / doc.slug
    diagnostics: list[Diagnostic] = list(doc.problems)
    entry: dict = {"slug": doc.slug, "title": doc.slug, "outputs": {}, "valid": None}  # (as Outcome.entry)
    if doc.refused:  # the path policy said no: nothing of the folder is read, nothing is written for it
        return Outcome(doc.slug, "failed", diagnostics, entry, time.perf_counter() - start)
    inputs = Inputs(input_files(doc))
    try:
        folder.mkdir(parents=True, exist_ok=True)
        previous = written_before(folder, read_stamp(folder))
        # The old stamp goes first: if this build is interrupted, the next one must not trust a mix of old and new outputs.
        remove_output(folder / STAMP, inputs)
    except OSError as exc:
        diagnostics.append(error(CODE_WRITE_FAILED, f"cannot write the output folder {folder} ({exc.strerror})", Span(str(folder), 1, 1)))
        return Outcome(doc.slug, "failed", diagnostics, entry, time.perf_counter() - start)
    with warnings.catch_warnings():
        # Python warnings (FutureWarning from lxml and the like) are for developers; users get diagnostics.
        warnings.simplefilter("ignore")
        try:
            status = _build(doc, out_dir, folder, options, diagnostics, entry, inputs, previous)
        except TeiEditionError as exc:
            diagnostics += exc.diagnostics or [error(CODE_NO_INPUT, exc.message, Span(str(doc.input_path), 1, 1))]
            status = "failed"
        except (KeyboardInterrupt, SystemExit):
            raise
        except Exception as exc:  # noqa: BLE001 - one broken document must not stop the corpus
            diagnostics.append(
                error(
                    CODE_INTERNAL,
                    f"internal error while building: {type(exc).__name__}: {exc} (a bug in tei-edition)",
                    Span(str(doc.input_path), 1, 1),
                )
            )
            status = "failed"
    if any(d.is_error for d in doc.problems):
        status = "failed"
    if status == "built":
        sizes = {name: (folder / name).stat().st_size for name in entry["outputs"].values()}
        stamp = {"key": key, "tool": f"tei-edition {__version__}", "outputs": sizes, "entry": entry}
        try:
            write_output(out_dir, doc.slug, STAMP, (json.dumps(stamp, indent=1, ensure_ascii=False) + "\n").encode(), inputs)
        except TeiEditionError as exc:  # no stamp: the document is built again next time
            diagnostics += exc.diagnostics
            status = "failed"
    return Outcome(doc.slug, status, diagnostics, entry, time.perf_counter() - start)


def _build(
    doc: Document, out_dir: Path, folder: Path, options: Options, diagnostics: list, entry: dict, inputs: Inputs, previous: set[str]
) -> str:
    from tei_edition.validate.schema import project_schema_path

    name = str(doc.input_path)
    if not doc.input_path.is_file():
        raise InputError(f"{name}: missing", [error(CODE_NO_INPUT, f"no {doc.input_name} in the document folder", Span(name, 1, 1))])
    tree, xml = _tei(doc, diagnostics)
    entry.update(describe(tree))
    valid, findings = _validate(tree, f"{name} (TEI)" if not doc.hand_edited else name)
    diagnostics += findings
    entry["valid"] = valid

    made = {}
    # Recorded before anything is written, so that an interrupted build's outputs are known to the next one.
    planned = {OUTPUTS[f] for f in options.formats} | {REPORT}
    if not planned <= previous:
        _write_record(out_dir, doc.slug, previous | planned, inputs)
    if "tei" in options.formats:
        write_output(out_dir, doc.slug, OUTPUTS["tei"], xml, inputs)
        made["tei"] = OUTPUTS["tei"]
    for fmt in EXPORTERS:
        if fmt not in options.formats:
            continue
        try:
            data, export_diagnostics = _export(fmt, tree, name, options)
        except TeiEditionError as exc:
            diagnostics += exc.diagnostics or [error(CODE_EXPORT, f"{fmt} export failed: {exc.message}", Span(name, 1, 1))]
            continue
        except (KeyboardInterrupt, SystemExit):
            raise
        except Exception as exc:  # noqa: BLE001 - the other formats are still worth writing
            diagnostics.append(error(CODE_EXPORT, f"{fmt} export failed: {type(exc).__name__}: {exc}", Span(name, 1, 1)))
            continue
        diagnostics += export_diagnostics
        write_output(out_dir, doc.slug, OUTPUTS[fmt], data, inputs)
        made[fmt] = OUTPUTS[fmt]
    schema = project_schema_path()
    report = {
        "document": doc.slug,
        "input": doc.input_name,
        "schema": schema.name,
        "schema_sha256": hashlib.sha256(schema.read_bytes()).hexdigest(),
        "tool": f"tei-edition {__version__}",
        "valid": valid,
        "diagnostics": [d.to_dict() for d in diagnostics],
    }
    write_output(out_dir, doc.slug, REPORT, (json.dumps(report, indent=2, ensure_ascii=False) + "\n").encode(), inputs)
    made["report"] = REPORT
    # An output an earlier build recorded writing, and this one did not make, is stale: remove it (only that: a build
    # deletes nothing it did not write itself, and never an input).
    names = set(made.values())
    for filename in sorted((previous | planned) - names):
        remove_output(folder / filename, inputs)
    if names != previous | planned:
        _write_record(out_dir, doc.slug, names, inputs)
    entry["outputs"] = made
    if not valid:
        return "invalid"
    if any(d.is_error for d in diagnostics):
        return "failed"
    return "built"


def _tei(doc: Document, diagnostics: list) -> tuple:
    from tei_edition.fileio import read_bytes

    data = read_bytes(doc.input_path)
    if doc.hand_edited:
        from tei_edition.tei.load import parse_tei_bytes

        # A hand-edited TEI is published byte for byte as the editor left it.
        return parse_tei_bytes(data, str(doc.input_path)), data
    from tei_edition.convert import convert_bytes
    from tei_edition.metadata import load_metadata

    meta_path = doc.folder / METADATA
    meta = load_metadata(meta_path if meta_path.is_file() else None)
    conversion = convert_bytes(data, str(doc.input_path), meta)
    diagnostics += conversion.diagnostics
    return conversion.tree, conversion.xml


def _validate(tree, name: str) -> tuple[bool, list[Diagnostic]]:
    """The one schema check (validate.schema.xsd_check): libxml2 answers fast for the valid case; only an invalid tree
    pays for xmlschema's located findings."""
    from tei_edition.validate.schema import xsd_check

    findings = xsd_check(tree, name)
    return not findings, findings


def _export(fmt: str, tree, name: str, options: Options) -> tuple[bytes, list[Diagnostic]]:
    """One registered exporter's output: the page links the TEI beside it, the PDF on the build's paper, the reading
    text (each exporter takes the settings it has an option for)."""
    settings = {"tei_href": OUTPUTS["tei"], "paper": options.paper, "form": "reading"}
    exporter = EXPORTERS[fmt]
    return exporter.export(tree, name, exporter.pick(settings))


def describe(tree) -> dict:
    """What the index shows of a TEI header: title, author, date, witnesses, identifier (tei_edition.tei.read_header)."""
    from tei_edition.tei.read_header import read_header

    h = read_header(tree)
    return {
        "title": h.title or None,
        "author": h.authors[0] if h.authors else "",
        "date": h.created,
        "date_text": h.created_text,
        "witnesses": [{"id": w.id, "siglum": w.siglum, "description": w.description} for w in h.witnesses],
        "idno": h.identifier,
    }


# ---------------------------------------------------------------------------------------------- the whole corpus


def run_build(
    corpus: str | os.PathLike,
    out_dir: str | os.PathLike,
    options: Options = Options(),
    *,
    jobs: int = 1,
    reporter: Reporter | None = None,
    lock_timeout: float = 30.0,
) -> BuildResult:
    """Build every out-of-date document of the corpus into out_dir, then the index; returns every document's outcome."""
    reporter = reporter or Reporter()
    docs = find_documents(corpus)
    out = Path(out_dir)
    refuse_overlap(out, corpus, [d.folder for d in docs], slugs=[d.slug for d in docs])
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"{out}: cannot make the output folder ({exc.strerror})") from None
    with _lock(out, lock_timeout):
        # Temporary files of an interrupted build are thrown away; their targets were never touched.
        _clear_staging(out)
        code = code_digest()
        outcomes: dict[str, Outcome] = {}
        todo: list[tuple[Document, str]] = []
        for doc in docs:
            key = stamp_key(doc, options, code) if not doc.refused and doc.input_path.is_file() else ""
            stamp = None if options.force or not key else up_to_date(out / doc.slug, key)
            if stamp is not None:
                outcomes[doc.slug] = Outcome(doc.slug, "up to date", [], stamp.get("entry") or {"slug": doc.slug, "title": doc.slug})
            else:
                todo.append((doc, key))
        reporter.start(len(todo), len(outcomes))
        try:
            for outcome in _run(todo, out, options, jobs, reporter):
                outcomes[outcome.slug] = outcome
        except BaseException:
            _clear_staging(out)
            raise
        ordered = [outcomes[d.slug] for d in docs]
        index = out / INDEX
        try:
            write_if_changed(index, render_index(ordered).encode("utf-8"))
        finally:
            _clear_staging(out)
        reporter.finish()
    return BuildResult(ordered, out, index)


def _clear_staging(out: Path) -> None:
    """Remove the build's temporary files (`*.tmp` directly in OUT/.staging) and then the folder if it is empty:
    nothing else, so a .staging folder (or link) someone else put there keeps what it holds."""
    staging = out / STAGING
    if staging.is_symlink() or not staging.is_dir():
        return
    with contextlib.suppress(OSError):
        for p in staging.iterdir():
            if p.name.endswith(".tmp") and not p.is_symlink() and p.is_file():
                remove_output(p)
        staging.rmdir()


def _run(todo: list, out: Path, options: Options, jobs: int, reporter: Reporter) -> Iterable[Outcome]:
    if jobs <= 1 or len(todo) <= 1:
        for doc, key in todo:
            outcome = build_document(doc, out, options, key)
            reporter.done(outcome)
            yield outcome
        return
    import concurrent.futures as cf
    from concurrent.futures.process import BrokenProcessPool

    executor = cf.ProcessPoolExecutor(max_workers=min(jobs, len(todo)), initializer=_worker_init)
    try:
        # Submit everything before the caller starts a progress display: the workers are forked now, while no
        # other thread (rich's refresh thread) holds a lock a child could inherit.
        futures = {executor.submit(build_document, doc, out, options, key): doc for doc, key in todo}
        for future in cf.as_completed(futures):
            doc = futures[future]
            try:
                outcome = future.result()
            except BrokenProcessPool:
                outcome = Outcome(
                    doc.slug,
                    "failed",
                    [
                        error(
                            CODE_INTERNAL,
                            "the worker process building this document died (out of memory, or killed)",
                            Span(str(doc.input_path), 1, 1),
                        )
                    ],
                    {"slug": doc.slug, "title": doc.slug},
                )
            except Exception as exc:  # noqa: BLE001
                outcome = Outcome(
                    doc.slug,
                    "failed",
                    [error(CODE_INTERNAL, f"internal error: {type(exc).__name__}: {exc}", Span(str(doc.input_path), 1, 1))],
                    {"slug": doc.slug, "title": doc.slug},
                )
            reporter.done(outcome)
            yield outcome
    except BaseException:
        # Ctrl-C or SIGTERM: stop the workers now (each removes its temporary file as it exits), do not wait for them.
        # (_processes is private, but the executor offers no other way to stop running tasks.)
        processes = list((getattr(executor, "_processes", None) or {}).values())
        for process in processes:
            with contextlib.suppress(Exception):
                process.terminate()
        for process in processes:
            with contextlib.suppress(Exception):
                process.join(5)
        executor.shutdown(wait=False, cancel_futures=True)
        raise
    executor.shutdown(wait=True)


def _worker_init() -> None:
    """Workers leave Ctrl-C to the parent, exit at once on SIGTERM, and get SIGTERM when the parent dies (Linux)."""
    parent = os.getppid()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _exit_on_signal)
    with contextlib.suppress(Exception):
        import ctypes

        PR_SET_PDEATHSIG = 1
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, int(signal.SIGTERM))
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def _exit_on_signal(signum, frame):
    # Not SystemExit: the executor's worker loop catches BaseException from a task and would carry on.
    if _writing:
        with contextlib.suppress(OSError):
            os.unlink(_writing)
    os._exit(128 + signum)


@contextlib.contextmanager
def _lock(out: Path, timeout: float):
    """One build at a time per output folder; workers inherit the lock, so it is free only when they are gone too."""
    try:
        import fcntl
    except ImportError:  # not on Unix: no lock
        yield
        return
    fd = os.open(out / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise TeiEditionError(
                        f"{out}: another build is writing this folder",
                        [error(CODE_LOCKED, "another tei-edition build holds the lock", Span(str(out / LOCK), 1, 1))],
                    ) from None
                time.sleep(0.1)
        yield
    finally:
        os.close(fd)


def write_if_changed(path: Path, data: bytes) -> None:
    from tei_edition.fileio import write_atomic

    try:
        if stat.S_ISREG(os.lstat(path).st_mode) and path.read_bytes() == data:
            return
    except OSError:
        pass
    write_atomic(path, data)


# ---------------------------------------------------------------------------------------------- the index


def index_css() -> str:
    """The index's stylesheet (tei_edition/static/index.css), checked to hold no "</" (a <style> element's text is
    written raw and would end there)."""
    from importlib import resources

    css = resources.files("tei_edition").joinpath("static", "index.css").read_text(encoding="utf-8")
    if "</" in css:
        raise TeiEditionError("internal: static/index.css holds '</', which would end the index's <style> element")
    return css


STATUS_TEXT = {"built": "valid", "up to date": "valid", "invalid": "not valid", "failed": "failed"}
LINKS = [("tei", "TEI"), ("html", "HTML"), ("pdf", "PDF"), ("text", "Text"), ("report", "Report")]


def render_index(outcomes: list[Outcome]) -> str:
    """A self-contained index.html: one row per document with its title, date, witnesses, formats and validation status.

    Every text is escaped (escape.html_text, escape.html_attribute); every link is a relative path made by
    escape.relative_href ("./" + each folder and file name percent-encoded), so a folder named
    "javascript:alert(1)" is a folder, never a scheme. A Content-Security-Policy lets the page load nothing but its
    own inline stylesheet (by hash) and images of its own origin, and run no script at all.
    """
    import base64

    from tei_edition.escape import html_attribute as a
    from tei_edition.escape import html_text as t
    from tei_edition.escape import relative_href

    rows = []
    for o in outcomes:
        entry = o.entry or {}
        outputs = entry.get("outputs") or {}
        title = t(str(entry.get("title") or o.slug))
        if "html" in outputs:
            title = f'<a href="{a(relative_href(o.slug, str(outputs["html"])))}">{title}</a>'
        author = f'<div class="author">{t(str(entry["author"]))}</div>' if entry.get("author") else ""
        date = str(entry.get("date") or "")
        date_cell = f'<time datetime="{a(date)}">{t(str(entry.get("date_text") or date))}</time>' if date else "–"
        witnesses = "".join(
            f'<li><abbr title="{a(str(w.get("description", "")))}">{t(str(w.get("siglum") or w.get("id") or "?"))}</abbr> '
            f"{t(str(w.get('description', '')))}</li>"
            for w in entry.get("witnesses") or []
        )
        witnesses = f"<ul>{witnesses}</ul>" if witnesses else "–"
        links = (
            " · ".join(f'<a href="{a(relative_href(o.slug, str(outputs[k])))}">{label}</a>' for k, label in LINKS if k in outputs) or "–"
        )
        status = STATUS_TEXT.get(o.status, o.status)
        # The row does not say whether this run built the document: an unchanged corpus gives the same index.
        rows.append(
            f'<tr class="{"ok" if o.ok else a(o.status)}">\n'
            f'<td><span class="slug">{t(o.slug)}</span><div class="title">{title}</div>{author}</td>\n'
            f"<td>{date_cell}</td>\n<td>{witnesses}</td>\n<td>{links}</td>\n"
            f'<td class="status">{t(status)}</td>\n</tr>'
        )
    count = len(outcomes)
    bad = sum(1 for o in outcomes if not o.ok)
    summary = f"{count} document{'s' if count != 1 else ''}" + (f", {bad} with problems" if bad else ", all valid")
    body = "\n".join(rows)
    style = "\n" + index_css()
    digest = base64.b64encode(hashlib.sha256(style.encode("utf-8")).digest()).decode("ascii")
    csp = f"default-src 'none'; style-src 'sha256-{digest}'; img-src 'self'; base-uri 'none'; form-action 'none'"
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{a(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="tei-edition {a(__version__)}">
<title>Corpus index</title>
<style>{style}</style>
</head>
<body>
<main>
<h1>Corpus index</h1>
<p class="summary">{t(summary)}</p>
<table>
<caption>Documents of the corpus, with their formats and validation status</caption>
<thead><tr><th scope="col">Document</th><th scope="col">Date</th><th scope="col">Witnesses</th><th scope="col">Formats</th><th scope="col">Validation</th></tr></thead>
<tbody>
{body}
</tbody>
</table>
</main>
</body>
</html>
"""


def summary_line(result: BuildResult) -> str:
    built, fresh, bad = result.count("built"), result.count("up to date"), len(result.failed)
    total = len(result.outcomes)
    if not built and not bad:
        return f"nothing to rebuild: {total} document{'s' if total != 1 else ''} up to date → {result.index}"
    return f"{total} document{'s' if total != 1 else ''}: {built} built, {fresh} up to date, {bad} failed → {result.index}"
