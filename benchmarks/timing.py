"""The benchmarks' one timing helper: the best of several rounds (the least disturbed by the rest of the machine)."""

from __future__ import annotations

import time


def best(fn, repeat: int) -> float:
    """The shortest of `repeat` timings of `fn()`, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)
