"""Small helpers shared by the benchmarks: timing with medians, and a one-line report."""

import statistics
import time
from collections.abc import Callable

from django.db import connection


def median_ms(fn: Callable[[], object], *, repeat: int = 15, warmup: int = 2) -> float:
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def database_label() -> str:
    return connection.vendor


def report(name: str, median: float, *, target_ms: float | None = None, extra: str = "") -> None:
    verdict = ""
    if target_ms is not None:
        verdict = "  ok" if median <= target_ms else f"  MISSES target {target_ms:.0f} ms"
    print(f"{database_label():10} {name:48} median {median:8.1f} ms{verdict} {extra}".rstrip())
