"""Work over every entry on every core (import and build share this).

A pool of forked processes inherits the function to run, with whatever context it carries
(a functools.partial over a frozen context: templates, paths), so each task sends only its
small input and result and nothing unpicklable is ever pickled; below `least` items, or
where a system cannot fork, the work runs in this process, with the same results in the
same order.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


# In a worker process only: the function its pool runs, set once by the pool's initializer.
_task: Callable | None = None


def _start_worker(function: Callable) -> None:
    global _task
    _task = function


def _run(item):
    return _task(item)


def parallel_map(function: Callable[[Item], Result], items: Sequence[Item], jobs: int, least: int) -> Iterator[Result]:
    """function(item) for each item, in order, as results come."""
    if jobs <= 1 or len(items) < least or "fork" not in multiprocessing.get_all_start_methods():
        yield from map(function, items)
        return
    # With fork, initargs reach the workers by inheritance: the function is never pickled.
    with multiprocessing.get_context("fork").Pool(jobs, initializer=_start_worker, initargs=(function,)) as pool:
        yield from pool.imap(_run, items, chunksize=8)
