"""Archive packages: a document's TEI, exports, sources, schema and report as a BagIt bag (RFC 8493), with DataCite/Zenodo metadata."""

from __future__ import annotations

import dataclasses
import datetime
import json
import logging
import os
import re
import shutil
import tempfile
from pathlib import Path

from tei_edition import __version__, codes
from tei_edition.diagnostics import Diagnostic, Span, error, warning
from tei_edition.errors import ExitStatus, InputError, TeiEditionError
from tei_edition.fileio import CODE_WRITE_FAILED, OutputRefused, check_folder_replaceable, replace_folder, write_failed
from tei_edition.paths import corpus_file, real, refuse_overlap

# bagit logs a failure (with its traceback) before it raises; the failure is reported as a finding instead.
logging.getLogger("bagit").addHandler(logging.NullHandler())

CHECKSUMS = ["sha256", "sha512"]
BAGIT_VERSION = "1.0"  # RFC 8493; bagit.py writes 0.97, so bagit.txt is rewritten and the tag manifests remade

# Diagnostic codes of packaging (E51x/W51x).
CODE_MISSING = codes.ARCHIVE_MISSING  # a header field an archive needs is missing
CODE_RECOMMENDED = codes.ARCHIVE_RECOMMENDED  # a header field archives like to have is missing
CODE_BAD_BAG = codes.BAD_BAG  # verification: the bag is not valid (the message names the file)
CODE_NOT_A_BAG = codes.NOT_A_BAG  # verification: not a bag at all
CODE_EXISTS = codes.BAG_EXISTS  # the output bag exists
CODE_NOT_BUILT = codes.NOT_BUILT  # the document failed to build or is not valid: nothing to package

AGENT = "tei-edition"  # Bag-Software-Agent starts with it: the mark of a bag this tool made (the only kind --replace replaces)
BAG_ENTRIES = re.compile(r"(bagit|bag-info|fetch|(tag)?manifest-\w+)\.txt|data|metadata")

# The payload: build output name -> path under data/.
PAYLOAD = {
    "edition.xml": "edition.xml",
    "edition.html": "edition.html",
    "edition.pdf": "edition.pdf",
    "edition.txt": "edition.txt",
    "validation.json": "validation.json",
}
SOURCES = ("source.txt", "edition.toml")

# ISO 639-1 -> ISO 639-2/B (Zenodo wants three letters); others are left out rather than guessed.
LANGUAGES_639_2 = {"en": "eng", "ru": "rus", "de": "ger", "fr": "fre", "it": "ita", "es": "spa", "pl": "pol", "uk": "ukr"}
# Licence URLs Zenodo knows by an id; a licence not listed is carried as text (notes, rightsList), never guessed.
ZENODO_LICENCES = {
    "creativecommons.org/publicdomain/zero/1.0": "cc-zero",
    "creativecommons.org/licenses/by/4.0": "cc-by-4.0",
    "creativecommons.org/licenses/by-sa/4.0": "cc-by-sa-4.0",
}


@dataclasses.dataclass
class HeaderFields:
    """What an archive wants to know, read from the TEI header (TEI P5 2.2 The File Description)."""

    title: str = ""
    subtitle: str = ""
    creators: list[str] = dataclasses.field(default_factory=list)
    contributors: list[tuple[str, str]] = dataclasses.field(default_factory=list)  # (role, name)
    identifier: str = ""
    identifier_type: str = ""
    licence: str = ""
    licence_url: str = ""
    organisation: str = ""
    published: str = ""
    created: str = ""
    language: str = ""
    source_url: str = ""


def header_fields(tree) -> HeaderFields:
    """The header's facts an archive asks for (read by tei_edition.tei.read_header, the one header reader)."""
    from tei_edition.tei.read_header import read_header

    h = read_header(tree)
    return HeaderFields(
        title=h.title,
        subtitle=h.subtitle,
        creators=list(h.authors),
        contributors=list(h.responsibilities),
        identifier=h.identifier,
        identifier_type=h.identifier_type,
        licence=h.licence,
        licence_url=h.licence_url,
        # the organisation: an authority first, else a publisher, else a distributor
        organisation=next((text for want in ("authority", "publisher", "distributor") for tag, text in h.publishers if tag == want), ""),
        published=h.published,
        created=h.created,
        language=h.language or (h.languages[0] if h.languages else ""),
        source_url=h.source_url,
    )


def missing_fields(fields: HeaderFields, name: str) -> list[Diagnostic]:
    """Header fields an archive needs (errors) or likes to have (warnings) that the document lacks."""
    span = Span(name, 1, 1)
    required = [
        ("title", "titleStmt/title", "a title"),
        ("creators", "titleStmt/author", "a creator (author)"),
        ("identifier", "publicationStmt/idno", "an identifier"),
        ("licence", "publicationStmt/availability/licence", "a licence"),
        ("licence_url", "licence/@target", "the licence's URL"),  # validate --archive asks the same (E321)
        ("organisation", "publicationStmt/authority (or publisher)", "the source organisation"),
    ]
    recommended = [
        ("created", "profileDesc/creation/date/@when", "the date of creation"),
        ("language", "TEI/@xml:lang", "the language"),
    ]
    found = [
        error(
            CODE_MISSING,
            f"the TEI header lacks {what} ({path}), which an archive needs",
            span,
            "add it to edition.toml (or to the header of a hand-edited edition.xml) and package again",
        )
        for attr, path, what in required
        if not getattr(fields, attr)
    ]
    found += [
        warning(CODE_RECOMMENDED, f"the TEI header lacks {what} ({path})", span)
        for attr, path, what in recommended
        if not getattr(fields, attr)
    ]
    return found


def bag_info(fields: HeaderFields, today: datetime.date) -> dict:
    """bag-info.txt (RFC 8493 2.2.2): reserved labels where one fits, plain labels for the rest."""
    info = {
        "Source-Organization": fields.organisation,
        "External-Identifier": fields.identifier,
        "External-Description": fields.title + (f": {fields.subtitle}" if fields.subtitle else ""),
        "Bagging-Date": today.isoformat(),
        "Bag-Software-Agent": f"{AGENT} {__version__} (bagit.py)",
        "Title": fields.title,
        "Creator": list(fields.creators) if len(fields.creators) > 1 else (fields.creators[0] if fields.creators else ""),
        "Rights": fields.licence,
        "Rights-URI": fields.licence_url,
        "Date-Created": fields.created,
        "Language": fields.language,
    }
    return {k: v for k, v in info.items() if v}


def datacite(fields: HeaderFields, formats: list[str]) -> dict:
    """DataCite Metadata Schema 4 attributes (the JSON of the DataCite REST API)."""
    year = (fields.published or fields.created or "")[:4]
    doc = {
        "identifiers": [{"identifier": fields.identifier, "identifierType": fields.identifier_type or "local"}]
        if fields.identifier
        else [],
        "creators": [{"name": c, "nameType": "Personal"} for c in fields.creators],
        "titles": [{"title": fields.title}] + ([{"title": fields.subtitle, "titleType": "Subtitle"}] if fields.subtitle else []),
        "publisher": fields.organisation,
        "publicationYear": year,
        "types": {"resourceTypeGeneral": "Text", "resourceType": "TEI P5 edition"},
        "contributors": [{"name": name, "contributorType": "Other"} for _role, name in fields.contributors],
        "dates": [{"date": fields.created, "dateType": "Created"}] if fields.created else [],
        "language": fields.language,
        "rightsList": [{"rights": fields.licence, **({"rightsUri": fields.licence_url} if fields.licence_url else {})}]
        if fields.licence
        else [],
        "descriptions": [{"description": fields.subtitle, "descriptionType": "Abstract"}] if fields.subtitle else [],
        "relatedIdentifiers": [{"relatedIdentifier": fields.source_url, "relatedIdentifierType": "URL", "relationType": "IsDerivedFrom"}]
        if fields.source_url
        else [],
        "formats": formats,
        "schemaVersion": "http://datacite.org/schema/kernel-4",
    }
    return {k: v for k, v in doc.items() if v not in ("", [], None)}


def zenodo(fields: HeaderFields, today: datetime.date) -> dict:
    """.zenodo.json (Zenodo deposit metadata): only what the header says; an unknown licence goes to notes as text."""
    licence_id = next((v for k, v in ZENODO_LICENCES.items() if k in fields.licence_url), None)
    doc = {
        "title": fields.title,
        "upload_type": "publication",
        "publication_type": "other",
        "description": fields.subtitle or fields.title,
        "creators": [{"name": c} for c in fields.creators],
        "contributors": [{"name": name, "type": "Other"} for _role, name in fields.contributors],
        "access_right": "open",
        "license": licence_id,
        "notes": None if licence_id else (f"Licence: {fields.licence}" + (f" <{fields.licence_url}>" if fields.licence_url else "")),
        "language": LANGUAGES_639_2.get(fields.language.split("-")[0]) if fields.language else None,
        "publication_date": today.isoformat(),
        "related_identifiers": [{"identifier": fields.source_url, "relation": "isDerivedFrom", "scheme": "url"}]
        if fields.source_url
        else [],
        "keywords": ["TEI", "digital edition"],
    }
    return {k: v for k, v in doc.items() if v not in ("", [], None)}


# ---------------------------------------------------------------------------------------------- making bags


@dataclasses.dataclass
class Packaged:
    slug: str
    bag: Path | None
    diagnostics: list[Diagnostic]

    @property
    def ok(self) -> bool:
        return self.bag is not None


def package_corpus(
    source: str | os.PathLike,
    out: str | os.PathLike,
    *,
    build_dir: str | os.PathLike | None = None,
    allow_incomplete: bool = False,
    replace: bool = False,
    today: datetime.date | None = None,
    jobs: int = 1,
) -> list[Packaged]:
    """One bag per document: OUT itself for a document folder, OUT/<folder> for each document of a corpus."""
    from tei_edition.build import Options, find_documents, run_build

    docs = find_documents(source)
    single = len(docs) == 1 and Path(source).resolve() == docs[0].folder.resolve()
    folders = [d.folder for d in docs]
    # The bags never go into, onto or around what is packaged (nor into the build folder it is made from).
    refuse_overlap(out, source, folders, slugs=[] if single else [d.slug for d in docs])
    if build_dir:
        refuse_overlap(build_dir, source, folders, option="--build-dir", slugs=[d.slug for d in docs])
        b, o = real(build_dir), real(out)
        if b == o or b in o.parents or o in b.parents:
            raise TeiEditionError(f"-o {out} and --build-dir {build_dir} overlap: give them separate folders", status=ExitStatus.USAGE)
    today = today or datetime.date.today()
    with tempfile.TemporaryDirectory(prefix="tei-edition-package-") as scratch:
        built = Path(build_dir) if build_dir else Path(scratch)
        result = run_build(source, built, Options(), jobs=jobs)
        packaged = []
        for doc, outcome in zip(docs, result.outcomes, strict=True):
            bag = Path(out) if single else Path(out) / doc.slug
            if not outcome.ok:
                found = [d for d in outcome.diagnostics if d.is_error]
                found.append(
                    error(
                        CODE_NOT_BUILT,
                        f"{doc.slug}: not packaged: the document {'is not valid' if outcome.status == 'invalid' else 'failed to build'}",
                        Span(str(doc.input_path), 1, 1),
                    )
                )
                packaged.append(Packaged(doc.slug, None, found))
                continue
            packaged.append(
                make_document_bag(
                    doc,
                    built / doc.slug,
                    bag,
                    allow_incomplete=allow_incomplete,
                    replace=replace,
                    today=today,
                    protected=[Path(source), *folders],
                )
            )
    return packaged


def is_our_bag(path: Path) -> bool:
    """A folder that is recognisably a bag this tool made: bagit.txt, bag-info.txt naming tei-edition, and only bag files."""
    try:
        if path.is_symlink() or not path.is_dir() or not (path / "bagit.txt").is_file():
            return False
        info = path / "bag-info.txt"
        if info.is_symlink() or not info.is_file() or info.stat().st_size > 1 << 20:
            return False
        if not re.search(rf"^Bag-Software-Agent: {AGENT} ", info.read_text("utf-8", "replace"), re.M):
            return False
        return all(BAG_ENTRIES.fullmatch(p.name) for p in path.iterdir())
    except OSError:
        return False


def make_document_bag(
    doc, built: Path, bag: Path, *, allow_incomplete: bool, replace: bool, today: datetime.date, protected=()
) -> Packaged:
    """Check the header, copy the payload into a staging folder, bag it, verify it, then move it into place.

    An existing bag is replaced (with `replace`) only when it is one this tool made, and never when it is, holds or lies
    in one of the `protected` folders (the document folders): E604. A failed write (disk full) is E603 naming the file,
    and the staging folder is removed.
    """
    import bagit

    from tei_edition.tei.load import load_tei
    from tei_edition.validate.schema import project_schema_path

    tei_path = built / "edition.xml"
    fields = header_fields(load_tei(tei_path))
    diagnostics = missing_fields(fields, str(doc.input_path if doc.hand_edited else doc.folder / "edition.toml"))
    if any(d.is_error for d in diagnostics) and not allow_incomplete:
        return Packaged(doc.slug, None, diagnostics)
    if os.path.lexists(bag) and not replace:
        return Packaged(
            doc.slug, None, diagnostics + [error(CODE_EXISTS, f"{bag} exists; remove it or use --replace", Span(str(bag), 1, 1))]
        )
    if os.path.lexists(bag):  # refused before any work; replace_folder checks again
        try:
            check_folder_replaceable(bag, ours=is_our_bag, what="a bag", protected=protected)
        except OutputRefused as exc:
            return Packaged(doc.slug, None, diagnostics + exc.diagnostics)
    try:
        bag.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{bag.name}.", suffix=".partial", dir=bag.parent))
    except OSError as exc:
        return Packaged(doc.slug, None, diagnostics + [_write_error(bag, None, exc)])
    root = real(doc.folder)
    try:
        formats = []
        for name, target in PAYLOAD.items():
            if (built / name).is_file():
                _copy(built / name, staging / target)
                formats.append(name)
        for name in SOURCES:  # the path policy again: only regular files inside the document folder
            if os.path.lexists(doc.folder / name):
                _copy(corpus_file(root, doc.folder / name), staging / "source" / name)
        if doc.hand_edited:
            _copy(corpus_file(root, doc.input_path), staging / "source" / "edition.xml")
        schema = project_schema_path()
        for xsd in sorted(schema.parent.glob("*.xsd")):  # the project schema and the xml.xsd it imports
            _copy(xsd, staging / "schema" / xsd.name)
        mime = {
            "edition.xml": "application/tei+xml",
            "edition.html": "text/html",
            "edition.pdf": "application/pdf",
            "edition.txt": "text/plain",
            "validation.json": "application/json",
        }
        bagit.make_bag(str(staging), bag_info(fields, today), checksums=CHECKSUMS)
        (staging / "bagit.txt").write_text(f"BagIt-Version: {BAGIT_VERSION}\nTag-File-Character-Encoding: UTF-8\n", "utf-8")
        _write_json(staging / "metadata" / "datacite.json", datacite(fields, [mime[f] for f in formats]))
        _write_json(staging / "metadata" / ".zenodo.json", zenodo(fields, today))
        made = bagit.Bag(str(staging))
        made.save()  # remakes the tag manifests over bagit.txt and metadata/
        bagit.Bag(str(staging)).validate()
        replace_folder(staging, bag, ours=is_our_bag, what="a bag", protected=protected)
    except TeiEditionError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        return Packaged(doc.slug, None, diagnostics + exc.diagnostics)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        return Packaged(doc.slug, None, diagnostics + [_write_error(bag, staging, exc)])
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return Packaged(doc.slug, bag, diagnostics)


def _write_error(bag: Path, staging: Path | None, exc: OSError) -> Diagnostic:
    """E603 naming the file of the bag that could not be written (as it would have been named in place)."""
    name = exc.filename2 or exc.filename
    where = bag
    if name:
        name = os.fsdecode(name)
        if staging is not None and os.path.isabs(name) and Path(name).is_relative_to(staging):
            relative = Path(name).relative_to(staging)
            if relative.parts and not BAG_ENTRIES.fullmatch(relative.parts[0]):  # the payload, before bagit moves it to data/
                relative = "data" / relative
            where = bag / relative
        elif staging is not None and not os.path.isabs(name):  # bagit works inside the bag folder
            where = bag / name
        else:
            where = Path(name)
    found = write_failed(where, exc).diagnostics[0]
    return error(CODE_WRITE_FAILED, found.message + "; the bag was not written", found.span, found.hint)


def _copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)


def _write_json(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", "utf-8")


# ---------------------------------------------------------------------------------------------- verifying bags


def verify_bag(path: str | os.PathLike) -> list[Diagnostic]:
    """Every problem of a bag (structure, completeness, sha256/sha512 of payload and tag files), each naming its file."""
    import bagit

    where = Path(path)
    if not where.is_dir():
        raise InputError(f"{where}: no such bag (a folder)")
    try:
        bag = bagit.Bag(str(where))
    except bagit.BagError as exc:
        return [error(CODE_NOT_A_BAG, f"not a BagIt bag: {exc}", Span(str(where / "bagit.txt"), 1, 1))]
    try:
        bag.validate()
        return []
    except bagit.BagValidationError as exc:
        details = list(exc.details or [])
        if not details:
            # A Payload-Oxum mismatch stops bagit before it looks at files; look further to name them.
            details = _details(bag)
        found = [_detail(where, d) for d in details]
        return found or [error(CODE_BAD_BAG, f"not a valid bag: {exc.message}", Span(str(where / "bag-info.txt"), 1, 1))]
    except bagit.BagError as exc:
        return [error(CODE_BAD_BAG, f"not a valid bag: {exc}", Span(str(where), 1, 1))]


def _details(bag) -> list:
    import bagit

    found = []
    # (private methods: bagit.py has no public way to run these checks after a failed Payload-Oxum)
    for check in (bag._validate_completeness, lambda: bag._validate_entries(1)):
        try:
            check()
        except bagit.BagValidationError as exc:
            found += list(exc.details or [])
    return found


def _detail(where: Path, detail) -> Diagnostic:
    import bagit

    name = str(where / detail.path) if getattr(detail, "path", None) else str(where)
    span = Span(name, 1, 1)
    if isinstance(detail, bagit.ChecksumMismatch):
        return error(
            CODE_BAD_BAG,
            f"{detail.algorithm} checksum differs from the manifest: the file changed after bagging "
            f"(manifest {detail.expected[:16]}…, file {detail.found[:16]}…)",
            span,
        )
    if isinstance(detail, bagit.FileMissing):
        return error(CODE_BAD_BAG, "listed in the manifest but missing from the bag", span)
    if isinstance(detail, bagit.UnexpectedFile):
        return error(CODE_BAD_BAG, "in the bag but not in the manifest", span)
    return error(CODE_BAD_BAG, str(detail), span)
