"""The path policy of a corpus: which files `build` and `package` may read, and where they may write (docs/build.md).

- Every file read from a document folder (source.txt, edition.toml, edition.xml, any *.toml) must be a regular file
  whose real path (every symlink resolved) lies inside the real path of the corpus root that was named. A symlink
  that stays inside the corpus is followed; one that leads outside (to /etc/passwd, to another checkout), a FIFO, a
  device, a socket or a broken link is refused with a finding naming the file (E610, E611), and that document is
  not built, converted, published or packaged; the other documents are.
- A document folder that is a symlink must lead inside the corpus root too (E610).
- An output folder must not be the corpus root, hold it, or be, hold or lie inside a document folder (E612): a build
  never writes into, or deletes from, the folders it reads. An output folder inside the corpus root but outside
  every document folder (`build . -o _site`) is allowed.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

from tei_edition import codes
from tei_edition.diagnostics import Diagnostic, Span, error
from tei_edition.errors import ExitStatus, TeiEditionError

CODE_OUTSIDE = codes.OUTSIDE  # a corpus file or document folder leads (through a symlink) outside the corpus root
CODE_NOT_A_FILE = codes.NOT_A_FILE  # a corpus input is not a regular file (a FIFO, device, socket, folder or broken link)
CODE_OVERLAP = codes.OVERLAP  # an output folder is, holds, or lies inside the corpus or one of its document folders

POLICY_CODES = frozenset({CODE_OUTSIDE, CODE_NOT_A_FILE})


def real(path) -> Path:
    """The real path: absolute, every symlink and `..` resolved (the part that does not exist is kept as written)."""
    return Path(os.path.realpath(path))


def within(path: Path, root: Path) -> bool:
    """Whether the real path `path` is `root` or lies below it."""
    p, r = os.fspath(path), os.fspath(root)
    return p == r or p.startswith(r if r.endswith(os.sep) else r + os.sep)


def check_folder(root: Path, folder: Path) -> Diagnostic | None:
    """A finding when the document folder leads outside the corpus root (`root` is a real path); else None."""
    target = real(folder)
    if within(target, root):
        return None
    return error(
        CODE_OUTSIDE,
        f"the document folder is a symlink that leads outside the corpus (to {target}); not built",
        Span(str(folder), 1, 1),
        "copy the document into the corpus instead of linking to it",
    )


def check_file(root: Path, path: Path) -> Diagnostic | None:
    """A finding when a file that exists at `path` may not be read (outside the corpus, not a regular file); else None.

    A path where nothing is (not even a broken link) gives None: there is nothing to read.
    """
    try:
        own = os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        return error(CODE_NOT_A_FILE, f"cannot be looked at ({exc.strerror}); the document is not built", Span(str(path), 1, 1))
    target = real(path)
    if not within(target, root):
        return error(
            CODE_OUTSIDE,
            f"is a symlink that leads outside the corpus (to {target}); the document is not built",
            Span(str(path), 1, 1),
            "a corpus may only link to files inside itself: copy the file in instead",
        )
    try:
        st = os.stat(path)
    except OSError:
        return error(
            CODE_NOT_A_FILE,
            "is a broken symlink; the document is not built",
            Span(str(path), 1, 1),
            "remove the link or point it at a file inside the corpus",
        )
    if not stat.S_ISREG(st.st_mode):
        kind = (
            "folder"
            if stat.S_ISDIR(st.st_mode)
            else "FIFO"
            if stat.S_ISFIFO(st.st_mode)
            else "socket"
            if stat.S_ISSOCK(st.st_mode)
            else "device"
            if (stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode))
            else "special file"
        )
        via = " (through a symlink)" if stat.S_ISLNK(own.st_mode) else ""
        return error(
            CODE_NOT_A_FILE,
            f"is a {kind}{via}, not a regular file; the document is not built",
            Span(str(path), 1, 1),
            "a document's inputs must be plain files",
        )
    return None


def check_document(root: Path, folder: Path, names: Iterable[str], real_folder: Path | None = None) -> list[Diagnostic]:
    """Every finding of the policy for a document folder: the folder itself, the named files and every *.toml in it.

    `real_folder` is the folder's real path when the caller knows it (a folder that is not a symlink, in a root whose
    real path is known): a no-op rebuild of a large corpus then resolves only the symlinks it meets.
    """
    if real_folder is None or os.path.islink(folder):
        found = check_folder(root, folder)
        if found is not None:
            return [found]
        real_folder = real(folder)
    elif not within(real_folder, root):
        return [error(CODE_OUTSIDE, "the document folder lies outside the corpus; not built", Span(str(folder), 1, 1))]
    wanted = set(names)
    findings = []
    try:
        with os.scandir(folder) as scan:
            entries = sorted((e for e in scan if e.name in wanted or e.name.endswith(".toml")), key=lambda e: e.name)
    except OSError as exc:
        return [error(CODE_NOT_A_FILE, f"cannot be read ({exc.strerror}); not built", Span(str(folder), 1, 1))]
    for entry in entries:
        try:
            plain = entry.is_file(follow_symlinks=False)
        except OSError:
            plain = False
        if plain:
            continue  # a regular file in a folder inside the corpus: inside the corpus
        found = check_file(root, folder / entry.name)
        if found is not None:
            findings.append(found)
    return findings


def corpus_file(root: Path, path: Path) -> Path:
    """`path` when it may be read under the policy; TeiEditionError (E610, E611) otherwise, or when nothing is there."""
    found = check_file(root, path)
    if found is None and not os.path.lexists(path):
        found = error(CODE_NOT_A_FILE, "no such file", Span(str(path), 1, 1))
    if found is not None:
        raise TeiEditionError(f"{path}: {found.message}", [found])
    return path


def refuse_overlap(out, root, folders: Iterable[Path], *, option: str = "-o", slugs: Iterable[str] = ()) -> None:
    """TeiEditionError (E612, a usage error) when the output folder `out` and the corpus overlap (see the module doc).

    `slugs` are the names written below `out` (out/<slug>): one that is a symlink into a document folder is refused too.
    """
    o, r = real(out), real(root)
    reals = _reals(folders)
    ancestors = {os.path.dirname(f) for f in reals}
    for f in list(ancestors):
        while f not in ("", os.sep) and os.path.dirname(f) not in ancestors:
            f = os.path.dirname(f)
            ancestors.add(f)

    def clash(path: Path) -> str | None:
        p = os.fspath(path)
        if p in reals or p in ancestors:
            return "is" if p in reals else "holds"
        while p not in ("", os.sep):
            p = os.path.dirname(p)
            if p in reals:
                return "lies inside"
        return None

    problem = None
    if within(r, o):
        problem = "is the corpus folder" if o == r else f"holds the corpus folder {root}"
    elif clash(o):
        problem = f"{clash(o)} a document folder of the corpus"
    else:
        base = os.fspath(o)
        for slug in slugs:
            t = os.path.join(base, slug)
            if os.path.islink(t) and clash(real(t)):
                problem = f"has {slug}, a symlink into the corpus ({real(t)})"
                break
    if problem is not None:
        message = f"{option} {out} {problem}: a build never writes into the folders it reads"
        raise TeiEditionError(
            message,
            [
                error(
                    CODE_OVERLAP,
                    message,
                    Span(str(out), 1, 1),
                    "choose an output folder outside the corpus (or beside its document folders)",
                )
            ],
            status=ExitStatus.USAGE,
        )


def _reals(folders: Iterable[Path]) -> set[str]:
    """Real paths of many folders: the parent is resolved once, and a folder only when it is itself a symlink."""
    parents: dict[str, str] = {}
    found = set()
    for given in folders:
        folder = os.fspath(given)
        parent, name = os.path.split(folder)
        if name in ("", ".", "..") or os.path.islink(folder):
            found.add(os.path.realpath(folder))
            continue
        if parent not in parents:
            parents[parent] = os.path.realpath(parent or ".")
        found.add(os.path.join(parents[parent], name))
    return found
