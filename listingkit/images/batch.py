"""Run jobs in worker processes, so one bad image (even a crash) never stops the batch.

Why a ``ProcessPoolExecutor`` and not a subprocess per image: a pool imports Pillow once per
worker instead of once per image, and a bounded window of in-flight jobs (twice the workers)
keeps crash isolation cheap. When a worker dies (segfault in a decoder, OOM kill), the pool
breaks; only the jobs in that window are suspects. Each suspect is re-run alone in a fresh
one-worker pool, so the image that really crashes is reported as that image's failure and
every other one still gets its result; the rest of the batch continues in a new pool.

A worker leaves interrupting to the run (:func:`_worker_started`): Ctrl-C reaches the run,
which lets the jobs in flight finish, saves the manifest and releases the folder lock. A
worker ends itself once the run is gone (killed), instead of waiting for work forever.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import ALL_COMPLETED, FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from listingkit.images.compliance import finding
from listingkit.images.pipeline import Job, run_job

Result = dict[str, Any]

#: how often (seconds) a worker looks whether the process that started it is still there
PARENT_POLL = 0.5


def _worker_started() -> None:
    """A new worker: Ctrl-C is for the run to handle (the terminal sends it to every process
    of the job), the run's SIGTERM/SIGHUP handler is dropped (the signal ends a worker, as
    it did), and a thread ends the worker once its parent has gone."""
    if hasattr(signal, "SIGINT"):
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None and signal.getsignal(number) not in (signal.SIG_IGN, None):
            signal.signal(number, signal.SIG_DFL)
    threading.Thread(target=_end_when_orphaned, args=(os.getppid(),), daemon=True,
                     name="listingkit-parent-watch").start()


def _end_when_orphaned(parent: int) -> None:
    """Exit at once when this process's parent is no longer ``parent`` (it died and the
    process was handed to another). Output files are written atomically, so a job cut
    short leaves at most a temporary file, which the next run sweeps."""
    while os.getppid() == parent:
        time.sleep(PARENT_POLL)
    os._exit(1)


def _pool(workers: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(workers, initializer=_worker_started)


def default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def _crashed(job: Job, exc: BaseException) -> Result:
    what = "worker process crashed" if isinstance(exc, BrokenProcessPool) else \
        f"worker failed: {type(exc).__name__}: {exc}"
    return {"source": job.source, "sku": job.sku, "n": job.n, "outputs": [],
            "error": finding("IMG012", f"{job.source}: {what} while processing it")}


def _alone(fn: Callable[[Job], Result], job: Job) -> Result:
    with _pool(1) as pool:
        try:
            return pool.submit(fn, job).result()
        except BaseException as exc:  # noqa: BLE001 - any worker death is this job's failure
            return _crashed(job, exc)


def run(jobs: Iterable[Job], workers: int, on_result: Callable[[Result], None],
        fn: Callable[[Job], Result] = run_job) -> None:
    """Call ``on_result`` once per job (in completion order) with its result."""
    pending = deque(jobs)
    window = max(2, 2 * workers)
    while pending:
        suspects: list[Job] = []
        with _pool(workers) as pool:
            inflight: dict[Any, Job] = {}
            while pending or inflight:
                broken = False
                while pending and len(inflight) < window:
                    job = pending.popleft()
                    try:
                        inflight[pool.submit(fn, job)] = job
                    except BrokenProcessPool:  # a worker died since the last wait
                        suspects.append(job)   # never started; run alone like the others
                        broken = True
                        break
                # once broken, every in-flight future fails soon: collect them all
                done, _ = wait(inflight, return_when=ALL_COMPLETED if broken else FIRST_COMPLETED)
                for fut in done:
                    job = inflight.pop(fut)
                    try:
                        result = fut.result()
                    except BrokenProcessPool:
                        suspects.append(job)
                        broken = True
                        continue
                    except Exception as exc:  # noqa: BLE001 - pickling errors and the like
                        result = _crashed(job, exc)
                    on_result(result)
                if broken:
                    suspects += inflight.values()
                    break
            pool.shutdown(wait=True, cancel_futures=True)
        for job in suspects:
            on_result(_alone(fn, job))
