"""`make golden`: rewrite every golden .xml/.header.xml/.warnings from what conversion gives now (on purpose, never
silently); review header changes (`git diff tests/fixtures/golden/*.header.xml`) apart from text changes."""

from __future__ import annotations

from tests.golden import cases, golden_files


def main() -> None:
    changed = headers = 0
    for case in cases():
        for path, data in golden_files(case):
            if not path.exists() or path.read_bytes() != data:
                path.write_bytes(data)
                changed += 1
                headers += path.name.endswith(".header.xml")
                print(f"updated {path.relative_to(path.parents[3])}")
            path.with_name(path.name + ".actual").unlink(missing_ok=True)
        case.with_name(case.stem + ".text.xml.actual").unlink(missing_ok=True)
    print(
        f"{len(cases())} golden cases, {changed} file(s) updated ({headers} header(s)); review with "
        "`git diff tests/fixtures/golden` (headers: `git diff tests/fixtures/golden/*.header.xml`)"
    )


if __name__ == "__main__":
    main()
