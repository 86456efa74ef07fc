"""Batches at scale: parallel workers, Dask, resume after SIGKILL, compaction, one writer per folder."""
from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.dataset as ds
import pytest

import synth
from qcdc_extract.batch import extract
from qcdc_extract.schema import TABLES
from qcdc_extract.settings import Options
from qcdc_extract.writer import DatasetWriter, OutputError, compact, read_manifest

QCDC = str(Path(sys.executable).with_name("qcdc"))


def table_rows(out: Path, name: str) -> list[tuple]:
    """A table's rows as sorted tuples (order aside), lists made hashable."""
    rows = ds.dataset(out / name, format="parquet", exclude_invalid_files=False).to_table().to_pylist()
    return sorted(json.dumps(r, sort_keys=True, default=str, ensure_ascii=False) for r in rows)


def committed(out: Path) -> int:
    """Batches the output holds as committed, manifest and journal together (0 before the first)."""
    try:
        manifest = read_manifest(out)
    except (OSError, OutputError):
        return 0
    return sum(1 for b in manifest.get("batches", []) if b.get("state") == "committed")


def column(out: Path, name: str, col: str) -> list:
    parts = sorted((out / name).glob("part-*.parquet"))
    return ds.dataset(parts, format="parquet").to_table(columns=[col]).column(col).to_pylist() if parts else []


def assert_same_tables(a: Path, b: Path) -> None:
    for name in TABLES:
        assert table_rows(a, name) == table_rows(b, name), name


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    return synth.write(tmp_path_factory.mktemp("pages"), 120)


@pytest.fixture(scope="module")
def reference(pages, tmp_path_factory):
    """One uninterrupted, single-process run over the pages."""
    out = tmp_path_factory.mktemp("ref") / "out"
    summary = extract([str(pages)], out, Options(workers=1, batch_size=25, ner=False))
    assert summary.articles == 120 and summary.errors == 0
    return out


def test_no_article_twice_and_offsets_hold(reference):
    articles = ds.dataset(reference / "articles").to_table().to_pylist()
    assert len({a["article_id"] for a in articles}) == len(articles) == 120
    text = {a["article_id"]: a["text"] for a in articles}
    for name in ("dates", "documents", "officials", "counts", "locations"):
        for row in ds.dataset(reference / name).to_table().to_pylist():
            assert text[row["article_id"]][row["start"] : row["end"]] == row["surface"]


@pytest.mark.slow
def test_two_workers_equal_one(pages, reference, tmp_path):
    summary = extract([str(pages)], tmp_path / "out", Options(workers=2, batch_size=25, ner=False))
    assert summary.articles == 120
    assert_same_tables(reference, tmp_path / "out")


@pytest.mark.slow
def test_dask_local_cluster_equals_local_run(pages, reference, tmp_path):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        options = Options(engine="dask", scheduler=cluster.scheduler_address, batch_size=25, ner=False)
        summary = extract([str(pages)], tmp_path / "out", options)
    assert summary.articles == 120
    assert_same_tables(reference, tmp_path / "out")


def test_rerun_adds_nothing_and_new_inputs_are_added(pages, reference, tmp_path):
    out = tmp_path / "out"
    files = sorted(pages.glob("*.txt"))
    first = extract([str(f) for f in files[:50]], out, Options(workers=1, batch_size=25, ner=False))
    again = extract([str(pages)], out, Options(workers=1, batch_size=25, ner=False))
    assert (first.articles, again.articles, again.already_present) == (50, 70, 50)
    assert extract([str(pages)], out, Options(workers=1, ner=False)).articles == 0
    assert_same_tables(reference, out)


@pytest.mark.slow
def test_sigkill_mid_batch_then_resume_loses_nothing_and_duplicates_nothing(pages, reference, tmp_path):
    out = tmp_path / "out"
    args = [QCDC, "extract", str(pages), "--out", str(out), "--batch-size", "5", "-j", "1", "--no-ner", "-q"]
    rng = random.Random(7)
    kills = 0
    for _ in range(4):
        before = committed(out)
        proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        # Wait until this run has committed a few batches, then kill it at a random moment
        # of the next one (reading, extracting, staging, renaming or saving the manifest).
        target = before + rng.randint(1, 4)
        deadline = time.monotonic() + 120
        while proc.poll() is None and committed(out) < target and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(rng.uniform(0.0, 0.3))
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
            kills += 1
        proc.wait()
        # After every kill the folder reads as whole batches: each fact has its article.
        ids = set(column(out, "articles", "article_id"))
        for name in ("dates", "counts", "documents"):
            assert set(column(out, name, "article_id")) <= ids
        manifest = read_manifest(out)
        listed = {b["parts"]["articles"] for b in manifest["batches"]}
        assert {p.name for p in (out / "articles").glob("part-*.parquet")} <= listed | {
            b["parts"]["articles"] for b in manifest["batches"] if b.get("state") == "pending"}
    assert kills >= 3, "the runs finished before they could be killed: make the corpus bigger"
    done = subprocess.run(args, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert_same_tables(reference, out)


def test_compact_merges_parts_and_keeps_every_row(pages, reference, tmp_path):
    out = tmp_path / "out"
    extract([str(pages)], out, Options(workers=1, batch_size=10, ner=False))
    assert len(list((out / "articles").glob("part-*.parquet"))) == 12
    before, after = compact(out, target_rows=50)
    assert (before, after) == (12, 3)
    for name in TABLES:
        assert len(list((out / name).glob("part-*.parquet"))) == 3
    assert_same_tables(reference, out)


def test_interrupted_compaction_is_finished_on_next_open(pages, reference, tmp_path, monkeypatch):
    out = tmp_path / "out"
    extract([str(pages)], out, Options(workers=1, batch_size=30, ner=False))
    writer = DatasetWriter(out)
    calls = []

    def crash(merged):  # killed right after the manifest recorded the merge
        calls.append(merged["id"])
        raise KeyboardInterrupt

    monkeypatch.setattr(writer, "_finish_compaction", crash)
    with pytest.raises(KeyboardInterrupt):
        writer.compact(target_rows=1000)
    writer.close()
    DatasetWriter(out).close()  # recovery rolls the merge forward
    assert len(list((out / "articles").glob("part-*.parquet"))) == 1
    assert_same_tables(reference, out)


def test_one_writer_per_output_folder(tmp_path):
    first = DatasetWriter(tmp_path / "out")
    with pytest.raises(OutputError, match="another qcdc process"):
        DatasetWriter(tmp_path / "out")
    first.close()
    DatasetWriter(tmp_path / "out").close()


def test_jsonl_is_processed_in_slices_and_resumed_by_line(tmp_path):
    lines = [json.dumps({"url": f"https://example.vn/{i}", "text": text}, ensure_ascii=False)
             for i, (_, text) in enumerate(synth.generate(23))]
    batch = tmp_path / "batch.jsonl"
    batch.write_text("\n".join(lines[:10]) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    assert extract([str(batch)], out, Options(workers=1, batch_size=4, ner=False)).articles == 10
    batch.write_text("\n".join(lines) + "\n", encoding="utf-8")  # the file grew
    summary = extract([str(batch)], out, Options(workers=1, batch_size=4, ner=False))
    assert (summary.articles, summary.already_present) == (13, 10)
    sources = ds.dataset(out / "articles").to_table(columns=["source"]).column("source").to_pylist()
    assert sorted(sources, key=lambda s: int(s.rsplit(":", 1)[1])) == [f"{batch}:{i}" for i in range(1, 24)]


def test_id_set_membership_across_merges():
    from qcdc_extract.batch import IdSet

    ids = IdSet([3, 2**64 - 1])
    ids.update(range(10, 10 + 3 * IdSet._MERGE_AT))  # forces merges into the sorted array
    assert 3 in ids and 2**64 - 1 in ids and 10 in ids and 9 + 3 * IdSet._MERGE_AT in ids
    assert 4 not in ids and 10 + 3 * IdSet._MERGE_AT not in ids
    assert len(ids) == 2 + 3 * IdSet._MERGE_AT
