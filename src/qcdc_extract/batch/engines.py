"""Engines: where batches run (this process, a pool of local processes, a Dask cluster)."""
from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Iterable, Iterator

from qcdc_extract.batch.plan import Job
from qcdc_extract.batch.work import BatchResult, _pipeline, run_batch
from qcdc_extract.settings import Options

LOGGER = logging.getLogger(__name__)
# How long a Dask cluster may have no worker at all before the run gives up.
NO_WORKER_GRACE = 30.0


WORKER_DIED = ("a worker process died (killed, or out of memory); the batches committed so far are kept: "
               "rerun the same command to go on")


class EngineError(RuntimeError):
    """Batches cannot run: a worker died, the cluster cannot be reached or has no worker left."""


def _die_with_parent(parent: int, inherited_fds: tuple[int, ...]) -> None:
    """In a worker process: be killed when the parent dies, and let go of its lock file.

    Without this, a worker of a parent killed by SIGKILL or SIGTERM sleeps forever, holding
    the output folder's lock (inherited across fork), and every rerun is refused.
    """
    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        PR_SET_PDEATHSIG = 1
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)
    for fd in inherited_fds:
        try:
            os.close(fd)
        except OSError:
            pass


def _warm(nlp) -> None:
    """Run one small article through the pipeline so every lazy load happens now, the NER
    model's included when the pipeline uses it (forked workers then share it, not load it each)."""
    with nlp.memory_zone():
        nlp("Sáng 5/4/2022, đồng chí Nguyễn Văn An - Bí thư Đảng ủy xã Kỳ Châu dự Hội nghị "
            "sơ kết Nghị quyết số 02-NQ/TU; 7/7 chi bộ, 1,9% hộ nghèo.")
    officials = dict(nlp.pipeline).get("qcdc_officials")
    if officials is not None and getattr(officials, "config", {}).get("ner"):
        from qcdc_extract.officials import crf

        crf.warm()


class InProcess:
    """Batches one after another in this process, with a pipeline of its own."""

    def __init__(self, options: Options):
        from qcdc_extract.pipeline import load

        self.nlp = load(options)

    def results(self, jobs: Iterable[Job], out: str, options: Options) -> Iterator[BatchResult]:
        for job in jobs:
            yield run_batch(job, out, options, self.nlp)

    def close(self) -> None:
        pass


class _Parallel:
    """Keep a bounded number of batches in flight; yield results as they complete."""

    in_flight_per_worker = 2

    def result(self, future):
        return future.result()

    def results(self, jobs: Iterable[Job], out: str, options: Options) -> Iterator[BatchResult]:
        pending = set()
        limit = self.in_flight_per_worker * self.n_workers
        jobs = iter(jobs)
        try:
            while True:
                while len(pending) < limit:
                    job = next(jobs, None)
                    if job is None:
                        break
                    pending.add(self.submit(run_batch, job, out, options))
                if not pending:
                    return
                done, pending = self.wait(pending)
                for future in done:
                    yield self.result(future)
        finally:
            for future in pending:
                future.cancel()


class ProcessPool(_Parallel):
    """Batches in worker processes on this machine.

    On Linux the workers are forked from this process after it has loaded and warmed the
    pipeline: they start at once and share its memory (models, lexicons, gazetteers) copy
    on write. Elsewhere (macOS, Windows, where fork is unsafe) they are spawned and each
    loads its own.
    """

    def __init__(self, n_workers: int, options: Options, inherited_fds: tuple[int, ...] = ()):
        import gc
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        self.n_workers = n_workers
        method = "fork" if sys.platform.startswith("linux") else "spawn"
        if method == "fork":
            _warm(_pipeline(options))
            gc.freeze()  # keep the collector from touching, hence copying, the shared objects
        self.pool = ProcessPoolExecutor(n_workers, mp_context=multiprocessing.get_context(method),
                                        initializer=_die_with_parent, initargs=(os.getpid(), inherited_fds))

    def submit(self, fn, *args):
        from concurrent.futures.process import BrokenProcessPool

        try:
            return self.pool.submit(fn, *args)
        except BrokenProcessPool as exc:
            raise EngineError(WORKER_DIED) from exc

    def wait(self, pending):
        from concurrent.futures import FIRST_COMPLETED, wait

        done, not_done = wait(pending, return_when=FIRST_COMPLETED)
        return done, not_done

    def result(self, future):
        from concurrent.futures.process import BrokenProcessPool

        try:
            return future.result()
        except BrokenProcessPool as exc:
            raise EngineError(WORKER_DIED) from exc

    def close(self) -> None:
        self.pool.shutdown(cancel_futures=True)


class DaskEngine(_Parallel):
    """Batches on a Dask distributed cluster; workers write their own parts to `out`."""

    def __init__(self, scheduler: str):
        try:
            from distributed import Client
        except ImportError as exc:
            raise EngineError("the dask engine needs the optional extra: pip install 'qcdc-extract[dask]'") from exc
        try:
            self.client = Client(scheduler, timeout="20s")
        except (OSError, TimeoutError, ValueError) as exc:
            raise EngineError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from exc
        self.n_workers = max(1, sum(w.get("nthreads", 1) for w in self.client.scheduler_info()["workers"].values()))

    def submit(self, fn, *args):
        return self.client.submit(fn, *args, pure=False)

    def wait(self, pending):
        """Wait for the first result; give up when the cluster has had no worker for a while."""
        from distributed import wait

        alone_since = None
        while True:
            try:
                result = wait(list(pending), timeout=2, return_when="FIRST_COMPLETED")
                return set(result.done), set(result.not_done)
            except TimeoutError:
                pass
            if self.client.scheduler_info().get("workers"):
                alone_since = None
            elif alone_since is None:
                alone_since = time.monotonic()
            elif time.monotonic() - alone_since > NO_WORKER_GRACE:
                raise EngineError(f"every Dask worker has left the cluster (none for {NO_WORKER_GRACE:.0f} s); "
                                  "the batches committed so far are kept: rerun to go on")

    def close(self) -> None:
        self.client.close()


def make_engine(options: Options, n_jobs_hint: int, inherited_fds: tuple[int, ...] = ()):
    """The engine options name; `inherited_fds` are closed in forked workers (the output's lock)."""
    if options.engine == "dask":
        if not options.scheduler:
            raise EngineError("the dask engine needs a scheduler address (--scheduler tcp://host:8786)")
        return DaskEngine(options.scheduler)
    workers = min(options.n_workers, max(1, n_jobs_hint))
    return InProcess(options) if workers <= 1 else ProcessPool(workers, options, inherited_fds)


