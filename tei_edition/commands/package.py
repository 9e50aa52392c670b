"""`tei-edition package`: BagIt bags (RFC 8493) of documents for archives, and `--verify` to check a bag."""

from __future__ import annotations

import os
import signal

import click

from tei_edition.errors import ExitStatus


@click.command(
    epilog="""\b
Examples:
  tei-edition package corpus/000-lenin-1917-05-08-soviets -o bags/000
  tei-edition package corpus -o bags --build-dir build
  tei-edition package --verify bags/000
\b
A bag holds data/edition.{xml,html,pdf,txt}, data/validation.json, data/source/ (source.txt,
edition.toml), data/schema/ (the XSD it was validated against); sha256 and sha512 manifests;
bag-info.txt from the TEI header; metadata/datacite.json and metadata/.zenodo.json.
Header fields an archive needs (title, author, idno, licence, authority) are checked first:
a document that lacks one is not packaged (exit 1) unless --allow-incomplete.
--build-dir reuses the outputs of `tei-edition build` when they are up to date.""",
)
@click.argument("source", type=click.Path(file_okay=False))
@click.option(
    "-o", "--output", "out", type=click.Path(file_okay=False), help="The bag (for a document) or a folder of bags (for a corpus)."
)
@click.option("--verify", is_flag=True, help="Check the bag SOURCE (structure, manifests, checksums) instead of making one.")
@click.option("--build-dir", type=click.Path(file_okay=False), help="Build into (and reuse) this folder instead of a temporary one.")
@click.option("--allow-incomplete", is_flag=True, help="Package even when the header lacks fields an archive needs.")
@click.option("--replace", is_flag=True, help="Replace an existing bag (only one tei-edition made; any other folder is refused).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, help="Documents built at once (default: the number of cores).")
def command(source, out, verify, build_dir, allow_incomplete, replace, jobs):
    """Package the document folder (or every document of the corpus) SOURCE as BagIt bags."""
    from tei_edition import console

    if verify:
        from tei_edition.package import verify_bag

        found = verify_bag(source)
        console.print_diagnostics(found)
        if found:
            console.print_error(f"{source}: the bag is not valid ({len(found)} problem(s))")
            return ExitStatus.FINDINGS
        console.print_info(f"{source}: valid bag (structure, sha256 and sha512 of every file)")
        return ExitStatus.OK
    if not out:
        raise click.UsageError("give -o OUT (where to write the bag), or --verify to check a bag")
    from tei_edition.package import package_corpus

    # A kill (SIGTERM) stops packaging like Ctrl-C: the scratch build and any half-made bag are removed on the way out.
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        results = package_corpus(
            source, out, build_dir=build_dir, allow_incomplete=allow_incomplete, replace=replace, jobs=jobs or os.cpu_count() or 1
        )
    finally:
        signal.signal(signal.SIGTERM, previous)
    for r in results:
        console.print_diagnostics(r.diagnostics)
        if r.ok:
            console.print_info(f"{r.slug}: bag written to {r.bag}")
    failed = [r for r in results if not r.ok]
    if failed:
        console.print_error(f"{len(failed)} of {len(results)} document(s) not packaged: {', '.join(r.slug for r in failed)}")
        return ExitStatus.FINDINGS
    return ExitStatus.OK


def _interrupt(signum, frame):
    raise KeyboardInterrupt
