"""Engines: where batches run (this process, a pool of local processes, a Dask cluster)."""
from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator

from qcdc_extract.batch.plan import Job
from qcdc_extract.batch.work import BatchResult, _pipeline, run_batch
from qcdc_extract.settings import Options


def _warm(nlp) -> None:
    """Run one small article through the pipeline so every lazy load happens now."""
    with nlp.memory_zone():
        nlp("Sáng 5/4/2022, đồng chí Nguyễn Văn An - Bí thư Đảng ủy xã Kỳ Châu dự Hội nghị "
            "sơ kết Nghị quyết số 02-NQ/TU; 7/7 chi bộ, 1,9% hộ nghèo.")


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
                    yield future.result()
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

    def __init__(self, n_workers: int, options: Options):
        import gc
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        self.n_workers = n_workers
        method = "fork" if sys.platform.startswith("linux") else "spawn"
        if method == "fork":
            _warm(_pipeline(options))
            gc.freeze()  # keep the collector from touching, hence copying, the shared objects
        self.pool = ProcessPoolExecutor(n_workers, mp_context=multiprocessing.get_context(method))

    def submit(self, fn, *args):
        return self.pool.submit(fn, *args)

    def wait(self, pending):
        from concurrent.futures import FIRST_COMPLETED, wait

        done, not_done = wait(pending, return_when=FIRST_COMPLETED)
        return done, not_done

    def close(self) -> None:
        self.pool.shutdown(cancel_futures=True)


class DaskEngine(_Parallel):
    """Batches on a Dask distributed cluster; workers write their own parts to `out`."""

    def __init__(self, scheduler: str):
        try:
            from distributed import Client
        except ImportError as exc:
            raise RuntimeError("the dask engine needs the optional extra: pip install 'qcdc-extract[dask]'") from exc
        self.client = Client(scheduler)
        self.n_workers = max(1, sum(w.get("nthreads", 1) for w in self.client.scheduler_info()["workers"].values()))

    def submit(self, fn, *args):
        return self.client.submit(fn, *args, pure=False)

    def wait(self, pending):
        from distributed import wait

        result = wait(list(pending), return_when="FIRST_COMPLETED")
        return set(result.done), set(result.not_done)

    def close(self) -> None:
        self.client.close()


def make_engine(options: Options, n_jobs_hint: int):
    if options.engine == "dask":
        if not options.scheduler:
            raise ValueError("the dask engine needs a scheduler address (--scheduler tcp://host:8786)")
        return DaskEngine(options.scheduler)
    workers = min(options.n_workers, max(1, n_jobs_hint))
    return InProcess(options) if workers <= 1 else ProcessPool(workers, options)


