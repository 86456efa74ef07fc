"""The writer: typed parts per table, a manifest that owns them, recovery after a crash."""
from __future__ import annotations

import json
from datetime import date, datetime

import pyarrow.parquet as pq
import pytest

from qcdc_extract.schema import SCHEMAS, TABLES
from qcdc_extract.writer import DatasetWriter, OutputError, stage_batch

ARTICLE = {
    "article_id": "a1", "source": "x.txt", "sources": ["x.txt"], "text": "Ngày 22/7/2021, hội nghị.",
    "title": "Hội nghị", "author": None, "published_at": datetime(2021, 7, 23, 8, 54), "event_date": date(2021, 7, 22),
}


def write(writer: DatasetWriter, rows: dict[str, list[dict]]) -> str:
    """Stage and commit one batch in this process, as the batch run does; returns its id."""
    batch_id = writer.new_batch_id()
    writer.commit(batch_id, stage_batch(writer.out, batch_id, rows))
    return batch_id


DATE = {"article_id": "a1", "start": 0, "end": 14, "surface": "Ngày 22/7/2021", "value": date(2021, 7, 22),
        "granularity": "day", "year_inferred": False}


def test_every_table_gets_a_typed_part(tmp_path):
    w = DatasetWriter(tmp_path / "out")
    write(w, {"articles": [ARTICLE], "dates": [DATE]})
    w.finish({})
    for name in TABLES:
        parts = list((tmp_path / "out" / name).glob("part-*.parquet"))
        assert len(parts) == 1
        assert pq.read_schema(parts[0]).equals(SCHEMAS[name], check_metadata=False)
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["rows"]["articles"] == 1 and manifest["rows"]["dates"] == 1
    assert all(b["state"] == "committed" for b in manifest["batches"])


def test_wrong_type_is_refused_not_coerced(tmp_path):
    w = DatasetWriter(tmp_path / "out")
    with pytest.raises(Exception):
        write(w, {"dates": [dict(DATE, value="2021-07-22 or so")]})


def test_pending_batch_is_rolled_back_and_strays_removed(tmp_path):
    out = tmp_path / "out"
    w = DatasetWriter(out)
    write(w, {"articles": [ARTICLE]})
    # Simulate a run killed between the manifest's "pending" entry and the renames.
    manifest = json.loads((out / "manifest.json").read_text())
    ghost = dict(manifest["batches"][0], id="ghost", state="pending",
                 parts={n: "part-ghost.parquet" for n in TABLES})
    manifest["batches"].append(ghost)
    (out / "manifest.json").write_text(json.dumps(manifest))
    (out / "articles" / "part-ghost.parquet").write_bytes(b"half")
    (out / "dates" / ".part-x.parquet.tmp").write_bytes(b"tmp")
    (out / "counts" / "part-stray.parquet").write_bytes(b"stray")
    w.close()

    w2 = DatasetWriter(out)
    assert w2.existing_ids() == {"a1"}
    assert not (out / "articles" / "part-ghost.parquet").exists()
    assert not (out / "dates" / ".part-x.parquet.tmp").exists()
    assert not (out / "counts" / "part-stray.parquet").exists()
    assert [b["id"] for b in w2.manifest["batches"]] == [manifest["batches"][0]["id"]]


def test_update_sources_merges_without_repeats(tmp_path):
    w = DatasetWriter(tmp_path / "out")
    write(w, {"articles": [ARTICLE]})
    w.update_sources({"a1": ["y.txt", "x.txt"]})
    w.close()
    table = pq.read_table(tmp_path / "out" / "articles")
    assert table.column("sources").to_pylist() == [["x.txt", "y.txt"]]


def test_unwritable_output_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(OutputError, match="cannot write"):
        DatasetWriter(blocker / "out")
    assert blocker.read_text() == "not a folder"


def test_overwrite_refuses_a_folder_that_is_not_ours(tmp_path):
    (tmp_path / "thesis.docx").write_text("precious")
    with pytest.raises(OutputError, match="not a qcdc output folder"):
        DatasetWriter(tmp_path, overwrite=True)
    assert (tmp_path / "thesis.docx").exists()


def test_overwrite_starts_afresh(tmp_path):
    w = DatasetWriter(tmp_path / "out")
    write(w, {"articles": [ARTICLE]})
    w.finish({})
    w2 = DatasetWriter(tmp_path / "out", overwrite=True)
    assert w2.existing_ids() == set()
