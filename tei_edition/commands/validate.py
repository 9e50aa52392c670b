"""`tei-edition validate`: well-formedness, XSD, RELAX NG and project rules over files and folders, one exit code."""

from __future__ import annotations

import os

import click

from tei_edition.errors import ExitStatus, TeiEditionError

FORMAT_CHOICES = ("text", "json", "junit", "github", "sarif")


@click.command(
    epilog="""\b
Examples:
  tei-edition validate corpus/
  tei-edition validate edition.xml --rng ../shared/schemas/tei_all.rng
  tei-edition validate corpus/ --rng tei_all.rng --engine jing -j 4
  tei-edition validate corpus/ -f junit -o validate.xml
  tei-edition validate --archive corpus/        (editions headed to an archive)
  cat edition.xml | tei-edition validate -
\b
Layers and codes: E001-E006 reading (the safe loader: every DOCTYPE refused, 64 MiB, 256 levels deep),
E007 XInclude (never processed), E009 an internal error in one file (a bug: please report),
E201 XSD, E202 RELAX NG, E3xx project rules; W321/W322 a header without a licence URL or an identifier
(errors E321/E322 with --archive). Schemas are read from local files only; nothing is fetched.
Exit codes: 0 all valid, 1 findings, 2 usage or unreadable input.""",
)
@click.argument("paths", nargs=-1, required=True, metavar="PATHS...")
@click.option("--schema", type=click.Path(exists=True, dir_okay=False), help="An XSD to validate against (default: the project schema).")
@click.option("--rng", type=click.Path(exists=True, dir_okay=False), help="Also validate against this RELAX NG schema (e.g. tei_all.rng).")
@click.option("--engine", type=click.Choice(["lxml", "jing"]), default="lxml", show_default=True, help="RELAX NG engine for --rng.")
@click.option("-f", "--format", "fmt", type=click.Choice(FORMAT_CHOICES), default="text", show_default=True, help="Report format.")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    help="Write the report to a file (default: stdout; text goes to stderr).",
)
@click.option("-j", "--jobs", type=click.IntRange(min=0), default=0, help="Worker processes (0: one per CPU for many files).")
@click.option("--max-size", type=click.IntRange(min=1), default=None, help="Refuse documents larger than this many bytes (default 64 MiB).")
@click.option("--no-rules", is_flag=True, help="Skip the project rules (ids, pointers, dates, header).")
@click.option(
    "--archive",
    is_flag=True,
    help="The documents are headed to an archive: a header without a licence URL or an identifier is an "
    "error (E321, E322), not a warning (W321, W322).",
)
@click.option("-q", "--quiet", is_flag=True, help="Text format: say nothing when everything is valid.")
def command(paths, schema, rng, engine, fmt, output, jobs, max_size, no_rules, archive, quiet):
    """Validate TEI files, folders (every *.xml below) or - (stdin)."""
    from tei_edition.fileio import write_atomic
    from tei_edition.validate import reporters
    from tei_edition.validate.run import EngineMissing, Options, validate_paths
    from tei_edition.validate.schema import SchemaLoadError
    from tei_edition.validate.wellformed import DEFAULT_MAX_BYTES

    if engine == "jing" and not rng:
        raise click.UsageError("--engine jing needs --rng PATH (jing validates RELAX NG)")
    if archive and no_rules:
        raise click.UsageError("--archive checks the header with the project rules: leave out --no-rules")
    options = Options(schema=schema, rng=rng, engine=engine, rules=not no_rules, max_bytes=max_size or DEFAULT_MAX_BYTES, archive=archive)
    inputs = _inputs(paths, schema, rng, output)
    try:
        results, readable = validate_paths(list(paths), options, jobs)
    except (SchemaLoadError, EngineMissing) as exc:
        raise TeiEditionError(str(exc), status=ExitStatus.USAGE) from None

    if fmt == "text":
        reporters.print_text(results, quiet=quiet)
        if output:
            write_atomic(output, "".join(f"{d}\n" for r in results for d in r.diagnostics).encode(), inputs=inputs)
    else:
        report = reporters.render(fmt, results)
        write_atomic(output or "-", report.encode("utf-8"), inputs=inputs)
        if fmt == "github" and os.environ.get("GITHUB_STEP_SUMMARY"):
            try:
                with open(os.environ["GITHUB_STEP_SUMMARY"], "a", encoding="utf-8") as fh:
                    fh.write(reporters.github_summary(results))
            except OSError:
                pass  # a summary we cannot write must not hide the findings
    if not readable:
        return int(ExitStatus.USAGE)
    return int(ExitStatus.FINDINGS) if any(r.errors for r in results) else int(ExitStatus.OK)


def _inputs(paths, schema, rng, output):
    """The files validate reads; the report (-o) may be none of them (checked before any work: E601, E602)."""
    from tei_edition.fileio import check_outputs
    from tei_edition.validate.wellformed import expand_paths

    read = [schema, rng, *paths]
    if output and output != "-" and os.path.lexists(output):  # an existing file: not one of the documents read either
        read += expand_paths([p for p in paths if p != "-"])[0]
    return check_outputs({"-o": output}, read)
