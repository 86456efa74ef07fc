"""The batch job: inputs -> ingest -> pipeline -> Parquet tables, streaming in bounded batches.

plan.py groups the inputs not yet done into jobs; state.py holds what the output already
has and the rule for what a rerun skips; work.py reads, extracts and stages one job in any
process; engines.py runs jobs here, in a process pool or on Dask; run.py commits them.
"""
from qcdc_extract.batch.run import Summary, extract
from qcdc_extract.batch.state import IdSet, ResumeState
from qcdc_extract.batch.work import article_rows, process, run_batch

__all__ = ["IdSet", "ResumeState", "Summary", "article_rows", "extract", "process", "run_batch"]
