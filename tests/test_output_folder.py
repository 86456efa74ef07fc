"""The output folder against what users and crashes do: foreign files, permissions, locks,
damaged manifests and parts, the commit journal, and error rows superseded by a retry."""
from __future__ import annotations

import json
import os
import stat
from datetime import date, datetime

import pyarrow.dataset as ds
import pytest

import qcdc_extract.writer as writer_module
from qcdc_extract.schema import TABLES
from qcdc_extract.writer import DatasetWriter, OutputError, compact, read_manifest, stage_batch

TEXT = ("Ngày 22/7/2021, Đảng ủy xã Kỳ Châu tổ chức hội nghị sơ kết 5 năm thực hiện "
        "Nghị quyết số 02-NQ/TU của Ban Chấp hành Đảng bộ tỉnh về xây dựng và thực hiện "
        "quy chế dân chủ ở cơ sở.")


def article(n: int, source: str | None = None) -> dict:
    """An article row as the pipeline gives it; n makes its id and text distinct."""
    source = source or f"bao-ha-tinh/trang-{n}.html"
    text = TEXT.replace("5 năm", f"{n + 4} năm")
    return {"article_id": f"bai-{n:04d}", "source": source, "sources": [source],
            "url": f"https://baohatinh.vn/{n}", "format": "html", "encoding": "utf-8",
            "title": "Đảng bộ xã Kỳ Châu sơ kết quy chế dân chủ", "author": "Nguyễn Ngọc Nhật",
            "published_at": datetime(2022, 4, 6, 8, 54), "event_date": date(2021, 7, 22),
            "text": text, "n_chars": len(text)}


def date_row(n: int) -> dict:
    return {"article_id": f"bai-{n:04d}", "start": 0, "end": 14, "surface": "Ngày 22/7/2021",
            "value": date(2021, 7, 22), "granularity": "day", "year_inferred": False}


def error(source: str, kind: str = "no_text") -> dict:
    return {"source": source, "error": kind, "message": "không còn đoạn văn nào sau khi làm sạch trang"}


def write(w: DatasetWriter, rows: dict[str, list[dict]]) -> str:
    """Stage and commit one batch in this process, as the batch run does; returns its id."""
    batch_id = w.new_batch_id()
    w.commit(batch_id, stage_batch(w.out, batch_id, rows))
    return batch_id


def finished_output(out, batches: int = 2):
    """An output folder of a finished run: `batches` batches of one article and its date each."""
    w = DatasetWriter(out)
    for n in range(batches):
        write(w, {"articles": [article(n)], "dates": [date_row(n)]})
    w.finish({})
    return out


def listing(folder) -> dict[str, bytes]:
    """Every file under folder with its bytes: to show that nothing changed."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def part(out, table: str):
    return sorted((out / table).glob("part-*.parquet"))[0]


def manifest_of(out) -> dict:
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


# -- 1. files the output does not own -------------------------------------------------------------

@pytest.mark.parametrize("overwrite", [False, True])
def test_a_user_file_in_a_table_folder_is_refused_not_deleted(tmp_path, overwrite):
    out = finished_output(tmp_path / "out")
    notes = out / "dates" / "ghi-chu.txt"
    notes.write_text("Ghi chú: kiểm tra lại ngày hội nghị ở xã Kỳ Châu", encoding="utf-8")
    before = listing(out)
    with pytest.raises(OutputError, match=r"dates/ghi-chu\.txt.*move them out"):
        DatasetWriter(out, overwrite=overwrite)
    assert listing(out) == before


def test_a_user_folder_in_a_table_folder_is_refused(tmp_path):
    out = finished_output(tmp_path / "out")
    (out / "articles" / "ban-cu").mkdir()
    (out / "articles" / "ban-cu" / "bai-viet.parquet").write_bytes(b"PAR1")
    with pytest.raises(OutputError, match="ban-cu"):
        DatasetWriter(out)
    assert (out / "articles" / "ban-cu" / "bai-viet.parquet").exists()


@pytest.mark.parametrize("overwrite", [False, True])
def test_a_folder_of_files_without_a_manifest_is_refused_untouched(tmp_path, overwrite):
    folder = tmp_path / "luan-van"
    (folder / "dates").mkdir(parents=True)
    (folder / "luan-van.docx").write_text("Chương 2: quy chế dân chủ ở cơ sở", encoding="utf-8")
    (folder / "dates" / "ngay.csv").write_text("ngày,sự kiện\n22/7/2021,hội nghị\n", encoding="utf-8")
    with pytest.raises(OutputError, match=r"not a qcdc output folder.*luan-van\.docx"):
        DatasetWriter(folder, overwrite=overwrite)
    assert sorted(p.name for p in folder.rglob("*")) == ["dates", "luan-van.docx", "ngay.csv"]


def test_the_outputs_own_leftovers_are_still_cleaned(tmp_path):
    """A run killed before its first commit leaves folders, a lock and staged parts, no manifest."""
    out = tmp_path / "out"
    for name in TABLES:
        (out / name).mkdir(parents=True)
    (out / ".qcdc.lock").write_bytes(b"")
    (out / ".manifest.json.1a2b3c4d.tmp").write_bytes(b"{")
    staged = out / "articles" / ".part-20250101T000000-abcdef-00001.parquet.tmp"
    staged.write_bytes(b"half a part")
    w = DatasetWriter(out)
    assert not staged.exists() and not (out / ".manifest.json.1a2b3c4d.tmp").exists()
    write(w, {"articles": [article(1)]})
    w.finish({})
    assert DatasetWriter(out).existing_ids() == {"bai-0001"}


# -- 2. permissions ----------------------------------------------------------------------------------

@pytest.mark.parametrize("umask", [0o022, 0o007])
def test_manifest_and_journal_get_the_parts_permissions(tmp_path, umask):
    old = os.umask(umask)
    try:
        out = finished_output(tmp_path / "out")
    finally:
        os.umask(old)
    expected = 0o666 & ~umask
    mode = lambda p: stat.S_IMODE(p.stat().st_mode)  # noqa: E731
    assert mode(part(out, "articles")) == expected
    assert mode(out / "manifest.json") == expected
    assert mode(out / "journal.jsonl") == expected


# -- 3. --overwrite and the lock -------------------------------------------------------------------

def test_a_refused_overwrite_changes_nothing(tmp_path):
    out = tmp_path / "out"
    running = DatasetWriter(out)
    write(running, {"articles": [article(1)], "dates": [date_row(1)]})
    before = listing(out)
    with pytest.raises(OutputError, match="another qcdc process"):
        DatasetWriter(out, overwrite=True)
    assert listing(out) == before
    write(running, {"articles": [article(2)]})  # the running extraction goes on unharmed
    running.finish({})
    assert DatasetWriter(out).existing_ids() == {"bai-0001", "bai-0002"}


# -- 4. damaged or foreign manifests, missing and damaged parts, older outputs ---------------------

@pytest.mark.parametrize("content, says", [
    ("[]", "found a list"),
    ("null", "found null"),
    ("{}", "without a list of batches"),
    ('{"batches": {}}', "without a list of batches"),
    ('{"batches": [{"id": "b1"}]}', "batch 0 .b1. has no parts"),
    ('{"batches": [{"id": "b1", "parts": {"articles": "../../thesis.docx"}}]}', "no table's part"),
    ('{"batches": [{"id": "b1", "parts": {"bang-moi": "part-b1.parquet"}}]}', "no table's part"),
    ('{"batches": ["b1"]}', "batch 0 is a str"),
    ('{"schema_version": 99, "batches": []}', "newer qcdc-extract .schema_version 99"),
    ('{"schema_version": "2", "batches": []}', "schema_version of '2'"),
    ('{"package": "scrapy-export", "batches": []}', "belongs to 'scrapy-export'"),
    ('{"batches": [', "unreadable"),
])
def test_a_manifest_of_the_wrong_shape_is_a_clear_error(tmp_path, content, says):
    out = tmp_path / "out"
    out.mkdir()
    (out / "manifest.json").write_text(content, encoding="utf-8")
    with pytest.raises(OutputError, match=says) as caught:
        DatasetWriter(out)
    assert str(out / "manifest.json") in str(caught.value)
    if "belongs to" not in says:
        assert "--overwrite" in str(caught.value)
    with pytest.raises(OutputError, match=says):
        read_manifest(out)
    DatasetWriter(out, overwrite=True).finish({})  # the advice works
    assert manifest_of(out)["batches"] == []


def test_a_missing_committed_part_is_a_clear_error(tmp_path):
    out = finished_output(tmp_path / "out")
    gone = part(out, "dates")
    gone.unlink()
    with pytest.raises(OutputError, match="is missing.*--overwrite") as caught:
        DatasetWriter(out)
    assert str(gone) in str(caught.value)


@pytest.mark.parametrize("table", ["articles", "errors", "officials"])
def test_a_truncated_part_is_a_clear_error_naming_it(tmp_path, table):
    out = finished_output(tmp_path / "out")
    damaged = part(out, table)
    damaged.write_bytes(damaged.read_bytes()[:100])  # a copy cut short, a disk that filled up
    if table in ("articles", "errors"):  # what a resumed run reads back
        w = DatasetWriter(out)
        with pytest.raises(OutputError, match="is damaged") as caught:
            w.existing_ids() if table == "articles" else w.existing_sources()
        assert str(damaged) in str(caught.value)
        w.close()
    with pytest.raises(OutputError, match="is damaged") as caught:
        compact(out, target_rows=100)
    assert str(damaged) in str(caught.value)
    assert damaged.stat().st_size == 100 and not list(out.rglob(".*.tmp"))


def test_an_output_from_before_a_table_existed_is_read_and_compacted(tmp_path):
    """Outputs written before the periods table: no periods parts, no schema_version."""
    out = finished_output(tmp_path / "out", batches=3)
    manifest = manifest_of(out)
    manifest.pop("schema_version", None)  # older outputs have none
    for batch in manifest["batches"]:
        del batch["parts"]["periods"], batch["rows"]["periods"]
    del manifest["rows"]["periods"]
    (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    for p in (out / "periods").iterdir():
        p.unlink()
    w = DatasetWriter(out)
    assert w.existing_ids() == {"bai-0000", "bai-0001", "bai-0002"} and w.parts("periods") == []
    w.close()
    assert compact(out, target_rows=100) == (3, 1)
    periods = ds.dataset(out / "periods", format="parquet").to_table()
    assert periods.num_rows == 0 and "start_date" in periods.column_names
    assert ds.dataset(out / "dates", format="parquet").to_table().num_rows == 3
    after = manifest_of(out)
    assert after["schema_version"] == writer_module.SCHEMA_VERSION and after["rows"]["dates"] == 3


# -- 5. the journal --------------------------------------------------------------------------------

def journal_events(out) -> list[dict]:
    return [json.loads(line) for line in (out / "journal.jsonl").read_bytes().splitlines()]


def test_a_commit_appends_to_the_journal_instead_of_rewriting_the_manifest(tmp_path, monkeypatch):
    written = []
    real = writer_module.write_atomic
    monkeypatch.setattr(writer_module, "write_atomic", lambda path, data: (written.append(len(data)), real(path, data)))
    w = DatasetWriter(tmp_path / "out")
    for n in range(64):
        write(w, {"articles": [article(n)], "dates": [date_row(n)]})
    w.finish({})
    # Today's writer rewrote the whole manifest twice a commit: 128 times, bytes quadratic in batches.
    assert len(written) <= 8
    assert sum(written) <= 4 * written[-1]


def test_the_journal_holds_each_commit_until_the_manifest_includes_it(tmp_path):
    out = tmp_path / "out"
    w = DatasetWriter(out)
    ids = [write(w, {"articles": [article(n)]}) for n in range(3)]
    # The manifest was last rewritten with two batches; the third is in the journal only.
    assert [b["id"] for b in manifest_of(out)["batches"]] == ids[:2]
    events = journal_events(out)
    assert [(e["event"], e["id"]) for e in events] == [("pending", ids[2]), ("committed", ids[2])]
    assert events[0]["parts"]["articles"] == f"part-{ids[2]}.parquet" and events[0]["rows"]["articles"] == 1
    assert [b["id"] for b in read_manifest(out)["batches"] if b["state"] == "committed"] == ids
    w.close()
    assert DatasetWriter(out).existing_ids() == {"bai-0000", "bai-0001", "bai-0002"}


def test_finish_writes_the_summary_manifest(tmp_path):
    out = finished_output(tmp_path / "out")
    manifest = manifest_of(out)
    assert {"package", "version", "schema_version", "batches", "runs", "rows", "updated"} <= set(manifest)
    assert manifest["package"] == "qcdc-extract" and manifest["schema_version"] == writer_module.SCHEMA_VERSION
    assert manifest["rows"]["articles"] == 2 and len(manifest["runs"]) == 1 and "finished" in manifest["runs"][0]
    assert (out / "journal.jsonl").read_bytes() == b""


def crash_on(w: DatasetWriter, monkeypatch, event: str, torn: bool = False) -> None:
    """Kill the writer where it would journal `event`: the line is not written, or written half."""
    real = w._journal.append

    def append(e):
        if e["event"] == event:
            if torn:
                line = json.dumps(e).encode()
                os.write(w._journal.fd, line[: len(line) // 2])
            raise KeyboardInterrupt
        real(e)

    monkeypatch.setattr(w._journal, "append", append)


@pytest.mark.parametrize("torn", [False, True])
def test_a_batch_without_its_committed_line_is_rolled_back(tmp_path, monkeypatch, torn):
    out = tmp_path / "out"
    w = DatasetWriter(out)
    write(w, {"articles": [article(1)], "dates": [date_row(1)]})
    crash_on(w, monkeypatch, "committed", torn)
    with pytest.raises(KeyboardInterrupt):
        write(w, {"articles": [article(2)], "dates": [date_row(2)]})
    assert len(list((out / "articles").glob("part-*.parquet"))) == 2  # renamed, not yet committed
    w.close()
    w2 = DatasetWriter(out)
    assert w2.existing_ids() == {"bai-0001"}
    assert len(list((out / "articles").glob("part-*.parquet"))) == 1
    write(w2, {"articles": [article(3)]})  # the journal goes on after the torn line was dropped
    w2.close()
    assert DatasetWriter(out).existing_ids() == {"bai-0001", "bai-0003"}


def test_a_crash_between_manifest_and_journal_replays_harmlessly(tmp_path, monkeypatch):
    out = tmp_path / "out"
    w = DatasetWriter(out)
    for n in range(3):
        write(w, {"articles": [article(n)], "dates": [date_row(n)]})
    monkeypatch.setattr(writer_module._Journal, "empty", lambda self: (_ for _ in ()).throw(KeyboardInterrupt))
    with pytest.raises(KeyboardInterrupt):
        w.finish({})
    w.close()
    monkeypatch.undo()
    assert journal_events(out)  # the manifest includes what the journal still holds
    w2 = DatasetWriter(out)
    assert len(w2.manifest["batches"]) == 3 and w2.manifest["rows"]["dates"] == 3
    assert len(w2.manifest["runs"]) == 1
    w2.close()


def test_a_damaged_journal_line_before_the_last_is_a_clear_error(tmp_path):
    out = tmp_path / "out"
    w = DatasetWriter(out)
    for n in range(3):
        write(w, {"articles": [article(n)]})
    w.close()
    lines = (out / "journal.jsonl").read_bytes().splitlines(keepends=True)
    (out / "journal.jsonl").write_bytes(b'{"event": "pend\n' + b"".join(lines))
    with pytest.raises(OutputError, match=r"journal\.jsonl, line 1, is damaged.*--overwrite"):
        DatasetWriter(out)


def test_an_interrupted_compaction_is_rolled_forward_from_the_journal(tmp_path, monkeypatch):
    out = finished_output(tmp_path / "out", batches=4)
    w = DatasetWriter(out)
    monkeypatch.setattr(w, "_finish_compaction", lambda merged: (_ for _ in ()).throw(KeyboardInterrupt))
    with pytest.raises(KeyboardInterrupt):
        w.compact(target_rows=100)
    w.close()
    assert journal_events(out)[0]["event"] == "compacting"
    w2 = DatasetWriter(out)
    assert len(w2.manifest["batches"]) == 1 and w2.existing_ids() == {f"bai-{n:04d}" for n in range(4)}
    assert len(list((out / "dates").glob("part-*.parquet"))) == 1
    w2.close()


# -- 6. error rows superseded by a retry -------------------------------------------------------------

def errors_in(out) -> list[tuple[str, str]]:
    rows = ds.dataset(out / "errors", format="parquet").to_table().to_pylist()
    return sorted((r["source"], r["error"]) for r in rows)


def earlier_run_with_errors(out):
    """A first run: one article, two pages that gave no article (empty, undecodable)."""
    w = DatasetWriter(out)
    write(w, {"articles": [article(1)], "errors": [error("bao-ha-tinh/trang-2.html", "empty"),
                                                    error("bao-ha-tinh/trang-3.html", "undecodable")]})
    write(w, {"articles": [article(4)], "errors": [error("bao-ha-tinh/trang-5.html", "too_large")]})
    w.finish({})


def test_supersede_errors_removes_earlier_runs_rows_only(tmp_path):
    out = tmp_path / "out"
    earlier_run_with_errors(out)
    w = DatasetWriter(out)
    # The retry: trang-2 now gives an article; trang-3 fails again, and this run's row stays.
    write(w, {"articles": [article(2, "bao-ha-tinh/trang-2.html")],
              "errors": [error("bao-ha-tinh/trang-3.html", "no_text")]})
    removed = w.supersede_errors({"bao-ha-tinh/trang-2.html", "bao-ha-tinh/trang-3.html"})
    assert removed == 2
    manifest = w.finish({})
    assert errors_in(out) == [("bao-ha-tinh/trang-3.html", "no_text"), ("bao-ha-tinh/trang-5.html", "too_large")]
    assert manifest["rows"]["errors"] == manifest_of(out)["rows"]["errors"] == 2


def test_supersede_errors_is_journalled_before_the_manifest_is_written(tmp_path):
    out = tmp_path / "out"
    earlier_run_with_errors(out)
    w = DatasetWriter(out)
    assert w.supersede_errors({"bao-ha-tinh/trang-5.html"}) == 1
    assert w.supersede_errors({"bao-ha-tinh/trang-5.html", "bao-ha-tinh/khong-co.html"}) == 0
    assert w.supersede_errors(set()) == 0
    w.close()  # killed before finish(): the journal carries the new count
    assert read_manifest(out)["batches"][1]["rows"]["errors"] == 0
    DatasetWriter(out).finish({})
    assert manifest_of(out)["rows"]["errors"] == len(errors_in(out)) == 2
