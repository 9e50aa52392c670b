"""Reading inputs (paths or "-") and writing outputs atomically, so no half-written file is ever left."""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from pathlib import Path

from tei_edition.errors import InputError


def read_bytes(path: str | os.PathLike, *, limit: int | None = None) -> bytes:
    """Read a file's bytes ("-" is stdin), with a clear error for missing paths and folders."""
    if str(path) == "-":
        return sys.stdin.buffer.read()
    p = Path(path)
    if p.is_dir():
        raise InputError(f"{p}: is a directory, not a file")
    try:
        if limit is not None and p.stat().st_size > limit:
            raise InputError(f"{p}: file is larger than {limit} bytes")
        return p.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{p}: no such file") from None
    except PermissionError:
        raise InputError(f"{p}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{p}: cannot read ({exc.strerror})") from None


def write_atomic(path: str | os.PathLike, data: bytes) -> None:
    """Write to a temporary file beside the target, then rename it into place ("-" is stdout)."""
    if str(path) == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    target = Path(path)
    if target.is_dir():
        raise InputError(f"{target}: is a directory; give a file name")
    directory = target.parent if str(target.parent) else Path(".")
    try:
        directory.mkdir(parents=True, exist_ok=True)
        replace_atomically(target, data, directory, f".{target.name}.")
    except OSError as exc:
        raise InputError(f"{target}: cannot write ({exc.strerror})") from None


def replace_atomically(target: Path, data: bytes, temp_dir: Path, prefix: str, track=None) -> None:
    """Write a temporary file in temp_dir (same file system), fsync, then rename it onto target.

    `track(path)` is told the temporary file's name while it exists (and None after), so that a signal handler
    can remove it when the process is stopped half-way.
    """
    fd, tmp = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=temp_dir)
    if track:
        track(tmp)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    finally:
        if track:
            track(None)
