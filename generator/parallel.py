"""Work over every entry on every core (import and build share this).

A pool of forked processes inherits what the main process prepared (templates, paths), so
each task sends only its small input and result; below `least` items, or where a system
cannot fork, the work runs in this process, with the same results in the same order.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


def parallel_map(function: Callable[[Item], Result], items: Sequence[Item], jobs: int, least: int) -> Iterator[Result]:
    """function(item) for each item, in order, as results come."""
    if jobs <= 1 or len(items) < least or "fork" not in multiprocessing.get_all_start_methods():
        yield from map(function, items)
        return
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        yield from pool.imap(function, items, chunksize=8)
