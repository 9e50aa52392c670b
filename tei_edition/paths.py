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
from pathlib import Path
from typing import Iterable

from tei_edition.diagnostics import Diagnostic, Span, error
from tei_edition.errors import ExitStatus, TeiEditionError

CODE_OUTSIDE = "E610"  # a corpus file or document folder leads (through a symlink) outside the corpus root
CODE_NOT_A_FILE = "E611"  # a corpus input is not a regular file (a FIFO, device, socket, folder or broken link)
CODE_OVERLAP = "E612"  # an output folder is, holds, or lies inside the corpus or one of its document folders

POLICY_CODES = frozenset({CODE_OUTSIDE, CODE_NOT_A_FILE})


def real(path) -> Path:
    """The real path: absolute, every symlink and `..` resolved (the part that does not exist is kept as written)."""
    return Path(os.path.realpath(path))


def within(path: Path, root: Path) -> bool:
    """Whether the real path `path` is `root` or lies below it."""
    return path == root or root in path.parents


def check_folder(root: Path, folder: Path) -> Diagnostic | None:
    """A finding when the document folder leads outside the corpus root (`root` is a real path); else None."""
    target = real(folder)
    if within(target, root):
        return None
    return error(CODE_OUTSIDE, f"the document folder is a symlink that leads outside the corpus (to {target}); not built",
                 Span(str(folder), 1, 1), "copy the document into the corpus instead of linking to it")


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
        return error(CODE_OUTSIDE, f"is a symlink that leads outside the corpus (to {target}); the document is not built",
                     Span(str(path), 1, 1), "a corpus may only link to files inside itself: copy the file in instead")
    try:
        st = os.stat(path)
    except OSError:
        return error(CODE_NOT_A_FILE, "is a broken symlink; the document is not built", Span(str(path), 1, 1),
                     "remove the link or point it at a file inside the corpus")
    if not stat.S_ISREG(st.st_mode):
        kind = "folder" if stat.S_ISDIR(st.st_mode) else "FIFO" if stat.S_ISFIFO(st.st_mode) else \
            "socket" if stat.S_ISSOCK(st.st_mode) else "device" if (stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode)) else "special file"
        via = " (through a symlink)" if stat.S_ISLNK(own.st_mode) else ""
        return error(CODE_NOT_A_FILE, f"is a {kind}{via}, not a regular file; the document is not built", Span(str(path), 1, 1),
                     "a document's inputs must be plain files")
    return None


def check_document(root: Path, folder: Path, names: Iterable[str]) -> list[Diagnostic]:
    """Every finding of the policy for a document folder: the folder itself, the named files and every *.toml in it."""
    found = check_folder(root, folder)
    if found is not None:
        return [found]
    candidates = {folder / name for name in names}
    try:
        candidates |= {p for p in folder.iterdir() if p.name.endswith(".toml")}
    except OSError:
        pass
    return [d for d in (check_file(root, p) for p in sorted(candidates)) if d is not None]


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
    problem = None
    if within(r, o):
        problem = "is the corpus folder" if o == r else f"holds the corpus folder {root}"
    reals = {real(f) for f in folders}
    if problem is None:
        for p in (o, *o.parents):
            if p in reals:
                problem = f"lies inside the document folder {p}"
                break
    if problem is None:
        ancestors = {a for f in reals for a in f.parents}
        if o in ancestors:
            problem = "holds a document folder of the corpus"
    if problem is None:
        for slug in slugs:
            t = o / slug
            if not t.is_symlink():
                continue
            t = real(t)
            if t in ancestors or any(p in reals for p in (t, *t.parents)):
                problem = f"has {slug}, a symlink into the corpus ({t})"
                break
    if problem is not None:
        message = f"{option} {out} {problem}: a build never writes into the folders it reads"
        raise TeiEditionError(message, [error(CODE_OVERLAP, message, Span(str(out), 1, 1),
                                              "choose an output folder outside the corpus (or beside its document folders)")],
                              status=ExitStatus.USAGE)
