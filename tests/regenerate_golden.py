"""`make golden`: rewrite every golden .xml/.warnings from what conversion gives now (on purpose, never silently)."""

from __future__ import annotations

from tests.golden import cases, render


def main() -> None:
    changed = 0
    for case in cases():
        xml, warnings = render(case)
        for path, data in ((case.with_suffix(".xml"), xml), (case.with_suffix(".warnings"), warnings)):
            if not path.exists() or path.read_bytes() != data:
                path.write_bytes(data)
                changed += 1
                print(f"updated {path.relative_to(path.parents[3])}")
        for stale in (case.with_suffix(".xml.actual"), case.with_suffix(".warnings.actual")):
            stale.unlink(missing_ok=True)
    print(f"{len(cases())} golden cases, {changed} file(s) updated; review with `git diff tests/fixtures/golden`")


if __name__ == "__main__":
    main()
