"""Reading inputs and writing outputs: the one place every command, the build and the packager write through.

What an output may be (tests/hostile/test_outputs.py holds each rule as a test):

- a path that does not exist yet, or a regular file: written to a temporary file beside it, synced, and renamed onto
  it, so no half-written file is ever seen; a symlink there is itself replaced (the file it points to is untouched);
- a character device (`/dev/null`, a terminal): written in place, never replaced; the process's own standard output
  or error (`/dev/stdout`, `/dev/fd/2`, a file stdout is redirected to) is written through the open descriptor;
- anything else (a FIFO, a socket, a block device, a folder) is refused: E601;
- one of the command's inputs (the same file, also through a symlink or a hard link) is refused: E602;
- a write that fails (disk full, `ulimit -f`, permission) is E603 naming the file, and leaves no temporary file;
- a folder is replaced only when it is recognisably one this tool made (the caller says how to recognise it): E604.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from tei_edition import codes
from tei_edition.diagnostics import Span, error
from tei_edition.errors import ExitStatus, InputError, TeiEditionError

# Diagnostic codes of outputs (E60x; what they mean: tei_edition/codes.py).
CODE_NOT_REGULAR = codes.NOT_REGULAR
CODE_IS_INPUT = codes.IS_INPUT
CODE_WRITE_FAILED = codes.WRITE_FAILED
CODE_NOT_OURS = codes.NOT_OURS
CODE_SAME_OUTPUT = codes.SAME_OUTPUT

FULL = (errno.ENOSPC, errno.EFBIG, errno.EDQUOT)


class OutputRefused(TeiEditionError):
    """An output the tool will not write (E601, E602, E604) or could not write (E603); it names the path."""

    def __init__(self, code: str, path, message: str, hint: str | None = None, status: ExitStatus = ExitStatus.FINDINGS):
        super().__init__(f"{path}: {message}", [error(code, message, Span(str(path), 1, 1), hint)], status)
        self.code = code
        self.path = str(path)


MAX_INPUT_BYTES = 64 * 1024 * 1024  # the one size bound of every input, a plain-text source or a TEI document
CODE_TOO_LARGE = codes.TOO_LARGE


class TooLarge(Exception):
    """More than the bound: `size` is known for a regular file (from fstat), None for a stream."""

    def __init__(self, size: int | None):
        super().__init__(size)
        self.size = size


def read_limited(path: str | os.PathLike, limit: int) -> bytes:
    """A file's bytes ("-" is stdin), never more than limit + 1 read: a stream (/dev/zero, a pipe) stops there.

    The one bounded read of every input; raises TooLarge, or OSError (IsADirectoryError for a folder)."""
    if str(path) == "-":
        data = read_at_most(sys.stdin.buffer, limit + 1)
    else:
        with open(path, "rb") as fh:
            info = os.fstat(fh.fileno())
            if stat.S_ISDIR(info.st_mode):
                raise IsADirectoryError
            if stat.S_ISREG(info.st_mode) and info.st_size > limit:
                raise TooLarge(info.st_size)
            data = read_at_most(fh, limit + 1)
    if len(data) > limit:
        raise TooLarge(None)
    return data


def read_bytes(path: str | os.PathLike, *, limit: int = MAX_INPUT_BYTES) -> bytes:
    """Read a source's bytes ("-" is stdin) within the bound, with a clear error for what cannot be read."""
    name = "<stdin>" if str(path) == "-" else str(path)
    try:
        return read_limited(path, limit)
    except TooLarge:
        raise too_large(name, limit) from None
    except IsADirectoryError:
        raise InputError(f"{name}: is a directory, not a file") from None
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except PermissionError:
        raise InputError(f"{name}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{name}: cannot read ({exc.strerror})") from None


def read_at_most(fh, limit: int) -> bytes:
    """Up to `limit` bytes of an open file, in pieces: read(limit) would allocate the whole limit at once."""
    chunks, total = [], 0
    while total < limit:
        chunk = fh.read(min(limit - total, 1 << 24))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)


def too_large(name: str, limit: int) -> InputError:
    message = f"more than {limit:,} bytes; it was not read"
    return InputError(f"{name}: {message}", [error(CODE_TOO_LARGE, message, Span(name, 1, 1), "split the source into several documents")])


# ---------------------------------------------------------------------------------------------- inputs


class Inputs:
    """The regular files a command reads, by identity (device and inode): a symlink or hard link to one is the same file."""

    def __init__(self, paths: Iterable = ()):
        self._ids: dict[tuple[int, int], str] = {}
        self.add(*paths)

    def add(self, *paths) -> Inputs:
        for path in paths:
            if path is None:
                continue
            if str(path) == "-":  # stdin redirected from a file is an input too
                try:
                    st = os.fstat(sys.stdin.fileno())
                except (OSError, ValueError, AttributeError):
                    continue
                if stat.S_ISREG(st.st_mode):
                    self._ids.setdefault((st.st_dev, st.st_ino), "standard input")
                continue
            try:
                st = os.stat(path)
            except (OSError, ValueError):
                continue
            if stat.S_ISREG(st.st_mode):  # only a file can be overwritten; writing to /dev/null destroys nothing
                self._ids.setdefault((st.st_dev, st.st_ino), str(path))
        return self

    def find(self, path) -> str | None:
        """The input `path` is (as the command named it), or None."""
        identity = _identity(path)
        return self._ids.get(identity) if identity is not None else None


def _identity(path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return (st.st_dev, st.st_ino)


def _as_inputs(inputs) -> Inputs:
    return inputs if isinstance(inputs, Inputs) else Inputs(inputs or ())


# ---------------------------------------------------------------------------------------------- outputs


def check_output(path, inputs=(), *, option: str = "-o") -> str:
    """How `path` would be written ("stdout", "stderr", "device", "file"), or OutputRefused (E601, E602).

    Commands call it for every output before they do any work, so a refused output costs nothing and writes nothing.
    """
    if str(path) == "-":
        return "stdout"
    where = _as_inputs(inputs).find(path)
    if where is not None:
        same = "" if os.path.abspath(where) == os.path.abspath(path) else f" ({where})"
        raise OutputRefused(
            CODE_IS_INPUT,
            path,
            f"{option} {path} is one of the inputs{same}; refusing to overwrite it",
            "write the output to another file",
            status=ExitStatus.USAGE,
        )
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return "file"  # nothing there yet (or a dangling symlink, which is replaced)
    except OSError as exc:
        raise OutputRefused(CODE_WRITE_FAILED, path, f"cannot write ({exc.strerror})") from None
    for fd, name in ((1, "stdout"), (2, "stderr")):
        with contextlib.suppress(OSError):
            own = os.fstat(fd)
            if (own.st_dev, own.st_ino) == (st.st_dev, st.st_ino):
                return name
    if stat.S_ISREG(st.st_mode):
        return "file"
    if stat.S_ISCHR(st.st_mode):
        return "device"
    if stat.S_ISDIR(st.st_mode):
        raise OutputRefused(CODE_NOT_REGULAR, path, "is a directory; give a file name")
    raise OutputRefused(
        CODE_NOT_REGULAR,
        path,
        f"is a {_kind(st.st_mode)}, not a regular file; refusing to write to it or replace it",
        "give a regular file (or '-' for standard output); only /dev/null and other character devices are written in place",
    )


def check_outputs(outputs: dict, inputs=()) -> Inputs:
    """check_output for every output of a command ({option: path or None}), and no two of them the same file (E605).

    Returns the inputs (as Inputs) for the writes that follow.
    """
    inputs = _as_inputs(inputs)
    seen: dict[str, str] = {}
    for option, path in outputs.items():
        if path is None or str(path) == "-":
            continue
        check_output(path, inputs, option=option)
        key = os.path.realpath(path)
        if key in seen:
            raise OutputRefused(
                CODE_SAME_OUTPUT,
                path,
                f"{seen[key]} and {option} are the same file; refusing to write one over the other",
                "give each output its own file",
                status=ExitStatus.USAGE,
            )
        seen[key] = option
    return inputs


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISBLK(mode):
        return "block device"
    if stat.S_ISDIR(mode):
        return "directory"
    return "special file"


def write_atomic(path: str | os.PathLike, data: bytes, *, inputs=(), option: str = "-o") -> None:
    """Write an output by the rules above ("-" is stdout); OutputRefused when it may not or cannot be written."""
    how = check_output(path, inputs, option=option)
    if how == "stdout" and str(path) == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    if how in ("stdout", "stderr"):
        stream = sys.stdout if how == "stdout" else sys.stderr
        with contextlib.suppress(Exception):
            stream.flush()
        _write_fd(1 if how == "stdout" else 2, data, path)
        return
    if how == "device":
        _write_device(path, data)
        return
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise write_failed(directory, exc) from None
    replace_atomically(target, data, directory, f".{target.name}.", inputs=inputs)


def _write_fd(fd: int, data: bytes, path) -> None:
    view = memoryview(data)
    try:
        while view:
            view = view[os.write(fd, view) :]
    except OSError as exc:
        raise write_failed(path, exc) from None


def _write_device(path, data: bytes) -> None:
    """A character device is written in place: opened without O_CREAT or O_TRUNC, and checked once it is open."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_NOCTTY | os.O_CLOEXEC)
    except OSError as exc:
        raise write_failed(path, exc) from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISCHR(mode):  # it changed since it was looked at: write nothing
            raise OutputRefused(CODE_NOT_REGULAR, path, f"is a {_kind(mode)}, not a regular file; refusing to write to it")
        _write_fd(fd, data, path)
    finally:
        os.close(fd)


def write_failed(path, exc: OSError) -> OutputRefused:
    """E603 naming path, with a hint for a full disk or a file size limit."""
    reason = exc.strerror or type(exc).__name__
    if exc.errno in FULL:
        hint = "free some space (or raise the file size limit, `ulimit -f`) and run again; no half-written file was left"
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        hint = "write somewhere you may write, or fix the permissions"
    else:
        hint = None
    return OutputRefused(CODE_WRITE_FAILED, path, f"cannot write ({reason})", hint)


def replace_atomically(target: Path, data: bytes, temp_dir: Path, prefix: str, track=None, inputs=()) -> None:
    """Write a temporary file in temp_dir (same file system), fsync, then rename it onto target.

    Only a regular file, a symlink (the link itself is replaced) or nothing may be at target: anything else is
    refused (E601), and so is one of `inputs` (E602). A failed write is E603 naming target, with the temporary file
    removed. `track(path)` is told the temporary file's name while it exists (and None after), so that a signal
    handler can remove it when the process is stopped half-way.
    """
    _check_replaceable(target, inputs)
    try:
        fd, tmp = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=temp_dir)
    except OSError as exc:
        raise write_failed(target, exc) from None
    if track:
        track(tmp)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        _check_replaceable(target, inputs)  # looked at again just before the rename
        os.replace(tmp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise write_failed(target, exc) from None
        raise
    finally:
        if track:
            track(None)


def _check_replaceable(target: Path, inputs) -> None:
    try:
        st = os.lstat(target)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise write_failed(target, exc) from None
    if not (stat.S_ISREG(st.st_mode) or stat.S_ISLNK(st.st_mode)):
        raise OutputRefused(
            CODE_NOT_REGULAR,
            target,
            f"is a {_kind(st.st_mode)}, not a regular file; refusing to replace it",
            "move it away, or write the output somewhere else",
        )
    if inputs:
        where = _as_inputs(inputs).find(target)
        if where is not None and stat.S_ISREG(st.st_mode):
            raise OutputRefused(
                CODE_IS_INPUT,
                target,
                f"is one of the inputs ({where}); refusing to overwrite it",
                "write the output to another folder",
                status=ExitStatus.USAGE,
            )


def remove_output(path: Path, inputs=()) -> bool:
    """Delete an output this tool wrote earlier: only a regular file or a symlink (never what it points to), never an input."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return False
    if not (stat.S_ISREG(st.st_mode) or stat.S_ISLNK(st.st_mode)):
        return False
    if stat.S_ISREG(st.st_mode) and inputs and _as_inputs(inputs).find(path) is not None:
        return False
    try:
        os.unlink(path)
    except OSError:
        return False
    return True


def check_folder_replaceable(target: Path, *, ours: Callable[[Path], bool], what: str, protected=()) -> None:
    """OutputRefused (E604) unless the folder at target may be replaced: `ours(target)` says this tool made it, and it
    is not, does not hold and does not lie inside one of the `protected` folders. Nothing at target: nothing to check."""
    if not os.path.lexists(target):
        return
    found = Path(os.path.realpath(target))
    for folder in protected:
        p = Path(os.path.realpath(folder))
        if found == p or p in found.parents or found in p.parents:
            raise OutputRefused(
                CODE_NOT_OURS,
                target,
                f"is or holds an input folder ({folder}); refusing to replace it",
                "write the output somewhere outside the inputs",
            )
    if target.is_symlink() or not target.is_dir() or not ours(target):
        raise OutputRefused(
            CODE_NOT_OURS,
            target,
            f"exists and is not {what} made by tei-edition; refusing to replace it",
            "remove it yourself if it may go, or choose another output",
        )


def replace_folder(new: Path, target: Path, *, ours: Callable[[Path], bool], what: str, protected=()) -> None:
    """Rename the finished folder `new` onto target. An existing target must pass check_folder_replaceable (E604); it is
    moved aside first and removed only after the new folder is in place."""
    check_folder_replaceable(target, ours=ours, what=what, protected=protected)
    old = None
    if os.path.lexists(target):
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        os.rename(target, old)
    try:
        os.rename(new, target)
    except OSError as exc:
        if old is not None:
            with contextlib.suppress(OSError):
                os.rename(old, target)
        raise write_failed(target, exc) from None
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
