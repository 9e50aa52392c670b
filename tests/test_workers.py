"""tei_edition.workers: results in order from worker processes, and no worker outliving its caller."""

from __future__ import annotations

import os
import time

import pytest

from tei_edition import workers


def square(n: int) -> int:
    return n * n


def pid_after(seconds: float) -> int:
    time.sleep(seconds)
    return os.getpid()


def fail_on_three(n: int) -> int:
    if n == 3:
        raise ValueError("three")
    return n


def test_results_come_in_the_order_of_the_items_whatever_the_number_of_workers():
    items = list(range(50))
    for jobs in (1, 2, 3):
        assert list(workers.ordered_map(square, items, jobs)) == [n * n for n in items]


def test_the_work_is_done_in_other_processes_when_there_are_several_jobs():
    pids = set(workers.ordered_map(pid_after, [0.05] * 8, 2))
    assert os.getpid() not in pids and len(pids) == 2
    assert set(workers.ordered_map(pid_after, [0.0] * 3, 1)) == {os.getpid()}


def test_an_error_in_a_worker_reaches_the_caller_at_its_item():
    results = workers.ordered_map(fail_on_three, range(6), 2)
    assert [next(results) for _ in range(3)] == [0, 1, 2]
    with pytest.raises(ValueError, match="three"):
        next(results)


def test_a_caller_that_stops_reading_stops_the_workers():
    results = workers.ordered_map(pid_after, [0.01] + [30.0] * 4, 2)
    next(results)
    pool_pids = [p for p in os.listdir("/proc") if p.isdigit() and _parent(p) == os.getpid()]
    assert pool_pids  # the workers are running the long tasks
    started = time.monotonic()
    results.close()  # e.g. Ctrl-C in the loop that reads them
    assert time.monotonic() - started < 10
    assert not [p for p in pool_pids if os.path.exists(f"/proc/{p}") and _state(p) != "Z"]


def test_how_many_workers():
    assert workers.worker_count(0, workers.PARALLEL_FROM - 1) == 1  # few files: this process
    assert workers.worker_count(0, 1000) == workers.available_cpus()
    assert workers.worker_count(3, 2) == 2  # never more than the files
    assert workers.worker_count(4, 100) == 4


def _parent(pid: str) -> int:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return int(fh.read().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return -1


def _state(pid: str) -> str:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "gone"
