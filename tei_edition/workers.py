"""Several files at once: worker processes for the commands that take many inputs (validate, export).

Workers compute and return; they never write an output or print (the parent does both, in input order), so an
interrupted run leaves exactly what a run one file at a time would have: the outputs already written, each whole.
"""

from __future__ import annotations

import collections
import contextlib
import itertools
import os
import signal
from collections.abc import Callable, Iterable, Iterator
from typing import Any

PARALLEL_FROM = 16  # below this many files, starting workers costs more than it saves
AHEAD = 4  # tasks queued per worker: enough to keep each busy, few enough to bound the results held in memory


def available_cpus() -> int:
    """The CPUs this process may run on (its affinity mask, e.g. under a container's limit), at least 1."""
    with contextlib.suppress(AttributeError, OSError):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def worker_count(jobs: int, files: int) -> int:
    """How many processes to use: `jobs` when given (above 0), else one per CPU for PARALLEL_FROM files or more."""
    if jobs <= 0:
        jobs = available_cpus() if files >= PARALLEL_FROM else 1
    return max(1, min(jobs, files))


def ordered_map(
    function: Callable[[Any], Any], items: Iterable[Any], jobs: int, initializer: Callable[..., None] | None = None, initargs: tuple = ()
) -> Iterator[Any]:
    """function(item) for each item, the results in the items' order, computed by `jobs` forked worker processes
    (in this process when jobs is 1 or fork is not available). The workers start now, before the caller shows a
    progress display (whose thread a forked child must not inherit mid-lock); a Ctrl-C, or a caller that stops
    reading, stops them at once. `function` and the items must be picklable (module-level), and so must the results.
    """
    items = list(items)
    if jobs <= 1 or len(items) <= 1 or not hasattr(os, "fork"):
        if initializer is not None:
            initializer(*initargs)
        return map(function, items)
    import concurrent.futures
    import multiprocessing

    pool = concurrent.futures.ProcessPoolExecutor(
        min(jobs, len(items)), mp_context=multiprocessing.get_context("fork"), initializer=_start_worker, initargs=(initializer, initargs)
    )
    queue = iter(items)
    pending = collections.deque(pool.submit(function, item) for item in itertools.islice(queue, jobs * AHEAD))
    return _results(pool, pending, queue, function)


def _results(pool, pending: collections.deque, queue: Iterator[Any], function) -> Iterator[Any]:
    try:
        while pending:
            result = pending.popleft().result()
            for item in itertools.islice(queue, 1):
                pending.append(pool.submit(function, item))
            yield result
    except BaseException:  # Ctrl-C, an error, or the caller closing the generator: no worker outlives it
        _stop(pool)
        raise
    pool.shutdown(wait=True)


def _stop(pool) -> None:
    # (_processes is private, but the executor offers no other way to stop running tasks.)
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes:
        with contextlib.suppress(Exception):
            process.terminate()
    for process in processes:
        with contextlib.suppress(Exception):
            process.join(5)
    pool.shutdown(wait=False, cancel_futures=True)


def _start_worker(initializer, initargs: tuple) -> None:
    """A worker leaves Ctrl-C to its parent (which stops it) and is stopped when the parent dies (Linux)."""
    parent = os.getppid()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # it writes nothing, so it may stop anywhere
    with contextlib.suppress(Exception):
        import ctypes

        PR_SET_PDEATHSIG = 1
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, int(signal.SIGTERM))
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)
    if initializer is not None:
        initializer(*initargs)
