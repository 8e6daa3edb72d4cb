"""Bulk work spread over the machine's cores, in order.

Reading a collection of 100,000 records and writing a calendar of 700,000 events are
each one loop over independent pieces (files; records). :func:`in_order` runs such a
loop in worker processes forked from this one (they start at once, with everything
read so far, and need nothing pickled but each piece and its result), hands the
results back in the order of the pieces, and never has more than a few pieces in
flight, so that memory does not grow with the work. Where forking is unsafe or
unavailable (a process with threads, as the browser is; a system without ``fork``;
one core), the loop runs here, as it would without workers.
"""

from __future__ import annotations

import collections
import os
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from concurrent.futures import Future

Job = TypeVar("Job")
Result = TypeVar("Result")

MAX_WORKERS = 4
"""More workers than this would mostly wait for the one process that writes."""


def cores() -> int:
    """The cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def can_fork() -> bool:
    """Whether workers may be forked: more than one core, ``fork`` available, and no other
    thread in this process (a fork copies locks that another thread may hold)."""
    import multiprocessing

    return (
        cores() > 1
        and "fork" in multiprocessing.get_all_start_methods()
        and threading.active_count() == 1
    )


def _worker(parent: int) -> None:
    """A worker leaves Ctrl-C to this process, which stops them all (and says so once), and
    ends with it however it ends (Linux tells a child whose parent died, when asked to)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        import contextlib
        import ctypes

        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != parent:  # the parent died before that was asked
        os._exit(1)


PR_SET_PDEATHSIG = 1


def in_order(
    function: Callable[[Job], Result], jobs: Iterable[Job], parallel: bool = True
) -> Iterator[Result]:
    """``function(job)`` for each of ``jobs``, in their order: in workers when ``parallel``
    and :func:`can_fork` allow, else here. ``function`` must be a module's own function
    (workers find it by name); what it needs besides its job it reads from a module's
    globals, set before the first result is asked for."""
    if not parallel or not can_fork():
        yield from map(function, jobs)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    workers = min(cores(), MAX_WORKERS)
    ahead = 2 * workers
    context = multiprocessing.get_context("fork")
    pool = ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=_worker, initargs=(os.getpid(),)
    )
    try:
        pending: collections.deque[Future[Result]] = collections.deque()
        for job in jobs:
            pending.append(pool.submit(function, job))
            if len(pending) > ahead:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
