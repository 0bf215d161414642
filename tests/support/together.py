"""Run the same work on several threads released at one moment, as several servers would."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def at_once(work: Callable[[], T], times: int = 2, timeout: float = 60) -> list[T]:
    """What each of ``times`` threads returned from ``work``, all started past one barrier."""
    start = threading.Barrier(times)
    results: list[T] = []

    def run() -> None:
        start.wait()
        results.append(work())

    threads = [threading.Thread(target=run) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    return results
