"""Work over every entry on every core (import and build share this).

A pool of forked processes inherits the function to run, with whatever context it carries
(a functools.partial over a frozen context: templates, paths), so each task sends only its
small input and result and nothing unpicklable is ever pickled; below `least` items, or
where a system cannot fork, the work runs in this process, with the same results in the
same order.
"""

from __future__ import annotations

import multiprocessing
import threading
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


CHUNK = 8  # items a worker takes at a time
IN_FLIGHT = 32  # chunks handed out and not yet taken back, per worker


def parallel_map(function: Callable[[Item], Result], items: Sequence[Item], jobs: int, least: int) -> Iterator[Result]:
    """function(item) for each item, in order, as results come.

    At most IN_FLIGHT chunks per worker are out at once: a pool hands out every item at
    the start, and where the caller is slower than the workers (it writes each result),
    their results wait in memory. At 100,000 reports this and rows keeping their tables
    as JSON text together took the build's peak from 4.13 to 2.99 GB."""
    if jobs <= 1 or len(items) < least or "fork" not in multiprocessing.get_all_start_methods():
        yield from map(function, items)
        return
    window, stopped = threading.Semaphore(IN_FLIGHT * CHUNK * jobs), threading.Event()

    def handed_out() -> Iterator[Item]:  # read by the pool's feeding thread: blocking here is safe
        for item in items:
            window.acquire()
            if stopped.is_set():
                return
            yield item

    # With fork, initargs reach the workers by inheritance: the function is never pickled.
    with multiprocessing.get_context("fork").Pool(jobs, initializer=_start_worker, initargs=(function,)) as pool:
        try:
            for result in pool.imap(_run, handed_out(), chunksize=CHUNK):
                window.release()
                yield result
        finally:  # the caller stopped early (an error): let the feeding thread end, or closing the pool waits for it
            stopped.set()
            window.release(len(items))
