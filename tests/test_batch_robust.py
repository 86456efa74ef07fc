"""The batch runner against what stalls, crashes or shrinks a run: each case gives a clear
error row or message, the batch goes on, and a rerun picks up what failed before."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pyarrow.dataset as ds
import pytest
import regex
from click.testing import CliRunner

from qcdc_extract.batch import extract
from qcdc_extract.batch.plan import plan
from qcdc_extract.batch.state import ResumeState
from qcdc_extract.cli import main
from qcdc_extract.settings import Options

QCDC = str(Path(sys.executable).with_name("qcdc"))
OPTIONS = Options(ner=False, workers=1)

PARAGRAPH = ("Sáng 5/4/2022, Ủy ban nhân dân xã Cam Thành tổ chức Hội nghị Nhân dân để lấy ý kiến về dự án "
             "đường giao thông nông thôn. Có 120 hộ dân dự hội nghị; 100% ý kiến đồng tình với phương án "
             "đóng góp. Đồng chí Nguyễn Văn An - Chủ tịch UBND xã chủ trì hội nghị.")


def page(title: str, body: str = PARAGRAPH, author: str = "Minh Anh") -> str:
    return f"{title}\n08:54 06/04/2022\n{body}\n\n{author}\n"


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def rows(out: Path, table: str) -> list[dict]:
    return ds.dataset(out / table, format="parquet").to_table().to_pylist()


def sources(out: Path) -> tuple[list[str], dict[str, list[str]]]:
    """(every source of an article, error kinds by source)."""
    done = [s for a in rows(out, "articles") for s in a["sources"]]
    errors: dict[str, list[str]] = {}
    for e in rows(out, "errors"):
        errors.setdefault(e["source"], []).append(e["error"])
    return done, errors


# -- long articles ------------------------------------------------------------------------

def test_an_article_over_a_million_characters_is_processed(tmp_path):
    """spaCy's own limit (E088 at 1,000,000 characters) must not crash the run."""
    body = "\n\n".join([PARAGRAPH] * 4_200)  # about 1.1 M characters
    big = write(tmp_path, "big.txt", page("Xã Cam Thành tổng kết quy chế dân chủ", body))
    good = write(tmp_path, "good.txt", page("Xã Cam Thành đối thoại với Nhân dân"))
    summary = extract([str(big), str(good)], tmp_path / "out", OPTIONS.replace(timeout=0))
    assert summary.articles == 2 and summary.errors == 0
    longest = max(rows(tmp_path / "out", "articles"), key=lambda a: a["n_chars"])
    assert longest["n_chars"] > 1_000_000


def test_an_article_over_max_chars_is_a_too_large_row(tmp_path):
    big = write(tmp_path, "big.txt", page("Tổng kết", "\n\n".join([PARAGRAPH] * 40)))
    good = write(tmp_path, "good.txt", page("Xã Cam Thành đối thoại với Nhân dân"))
    summary = extract([str(big), str(good)], tmp_path / "out", OPTIONS.replace(max_chars=5_000))
    done, errors = sources(tmp_path / "out")
    assert errors == {str(big): ["too_large"]} and done == [str(good)]
    assert "max_chars" in rows(tmp_path / "out", "errors")[0]["message"]
    assert summary.articles == 1


# -- a value Arrow cannot hold ------------------------------------------------------------

def test_an_article_whose_rows_cannot_be_stored_is_an_error_row(tmp_path, monkeypatch):
    """One article's unstorable value (a lone surrogate, an int16 overflow) loses only that article."""
    import qcdc_extract.batch.work as work

    real = work.article_rows

    def broken(article, doc):
        out = real(article, doc)
        if "HỎNG" in article.text:
            out["documents"] = [dict(out["documents"][0], year=99_999)] if out["documents"] else []
            out["articles"][0]["title"] = "bad \ud800 title"
        return out

    monkeypatch.setattr(work, "article_rows", broken)
    bad = write(tmp_path, "bad.txt", page("HỎNG: sơ kết Nghị quyết số 02-NQ/TU", PARAGRAPH + " Nghị quyết số 02-NQ/TU."))
    good = write(tmp_path, "good.txt", page("Xã Cam Thành đối thoại với Nhân dân"))
    summary = extract([str(bad), str(good)], tmp_path / "out", OPTIONS)
    done, errors = sources(tmp_path / "out")
    assert done == [str(good)] and errors == {str(bad): ["internal_error"]}
    assert "cannot be stored" in rows(tmp_path / "out", "errors")[0]["message"]
    assert summary.articles == 1 and summary.errors == 1


# -- time budget --------------------------------------------------------------------------

def test_an_article_over_its_time_budget_is_a_timeout_row(tmp_path, monkeypatch):
    """A stage stuck in a catastrophic regex match is interrupted; the batch goes on."""
    import qcdc_extract.counts as counts

    real = counts.extract_counts

    def stuck(doc):
        if "KẸT" in doc.text:
            regex.match(r"(?:a|aa)+b", "a" * 64)  # exponential: never ends on its own
        return real(doc)

    monkeypatch.setattr(counts, "extract_counts", stuck)
    bad = write(tmp_path, "stuck.txt", page("KẸT: hội nghị"))
    good = write(tmp_path, "good.txt", page("Xã Cam Thành đối thoại với Nhân dân"))
    started = time.monotonic()
    summary = extract([str(bad), str(good)], tmp_path / "out", OPTIONS.replace(timeout=1))
    assert time.monotonic() - started < 30
    done, errors = sources(tmp_path / "out")
    assert errors == {str(bad): ["timeout"]} and done == [str(good)]
    assert summary.articles == 1


# -- reruns retry what failed -------------------------------------------------------------

def test_a_rerun_retries_inputs_that_failed_and_supersedes_their_error_rows(tmp_path):
    empty = write(tmp_path, "later.txt", "")
    missing = tmp_path / "missing.txt"
    big = write(tmp_path, "big.txt", page("Xã Cam Thành tổng kết năm", PARAGRAPH + "\n\n" + PARAGRAPH))
    out = tmp_path / "out"
    extract([str(empty), str(missing), str(big)], out, OPTIONS.replace(max_bytes=600))
    done, errors = sources(out)
    assert done == [] and errors == {str(empty): ["empty"], str(missing): ["not_found"], str(big): ["too_large"]}

    write(tmp_path, "later.txt", page("Xã Cam Thành tiếp xúc cử tri"))
    write(tmp_path, "missing.txt", page("Xã Cam Thành đối thoại với Nhân dân"))
    summary = extract([str(empty), str(missing), str(big)], out, OPTIONS)
    done, errors = sources(out)
    assert sorted(done) == sorted(map(str, (empty, missing, big))) and errors == {}
    assert summary.retried == 3 and "3 retried" in summary.line()

    # Nothing failed this time: a third run tries nothing again.
    again = extract([str(empty), str(missing), str(big)], out, OPTIONS)
    assert again.retried == 0 and again.already_present == 3 and again.articles == 0


def test_a_failure_that_persists_keeps_one_error_row(tmp_path):
    empty = write(tmp_path, "empty.txt", "")
    good = write(tmp_path, "good.txt", page("Xã Cam Thành đối thoại với Nhân dân"))
    out = tmp_path / "out"
    for _ in range(3):
        extract([str(empty), str(good)], out, OPTIONS)
    done, errors = sources(out)
    assert errors == {str(empty): ["empty"]} and done == [str(good)]


def test_a_small_jsonl_file_is_not_read_again_as_duplicates(tmp_path):
    """A JSON Lines file of fewer records than --batch-size: a rerun skips its done lines,
    counts no duplicates and adds no error row for its bad line."""
    lines = [json.dumps({"url": f"https://xa.example.vn/tin/{i}", "title": f"Hội nghị đối thoại lần {i}",
                         "text": PARAGRAPH.replace("120 hộ", f"{100 + i} hộ")}, ensure_ascii=False)
             for i in range(3)] + ["{not json"]
    path = write(tmp_path, "tin.jsonl", "\n".join(lines) + "\n")
    out = tmp_path / "out"
    first = extract([str(path)], out, OPTIONS)
    assert first.articles == 3 and first.errors == 1
    second = extract([str(path)], out, OPTIONS)
    assert second.articles == 0 and second.duplicates == 0 and second.already_present == 3
    done, errors = sources(out)
    assert errors == {f"{path}:4": ["bad_json"]} and len(done) == 3


# -- planning -----------------------------------------------------------------------------

def test_batches_hold_at_most_batch_size_records_across_jsonl_files(tmp_path):
    for f in range(6):
        write(tmp_path, f"tin-{f}.jsonl", "".join(json.dumps({"title": f"Tin {f}.{i}", "text": PARAGRAPH},
                                                             ensure_ascii=False) + "\n" for i in range(4)))
    ids = iter(range(100))
    jobs = list(plan([str(tmp_path)], Options(batch_size=4), ResumeState(), lambda: str(next(ids))))
    sizes = [sum(i.size for i in job.inputs) for job in jobs]
    assert sizes == [4] * 6


def test_inputs_are_planned_with_absolute_paths_and_sources_as_given(tmp_path, monkeypatch):
    """Workers elsewhere (a Dask cluster) must find the files a relative path names."""
    write(tmp_path, "a.txt", page("Xã Cam Thành đối thoại với Nhân dân"))
    monkeypatch.chdir(tmp_path)
    (job,) = plan(["a.txt"], Options(), ResumeState(), lambda: "b1")
    (item,) = job.inputs
    assert item.path.is_absolute() and item.path == tmp_path / "a.txt" and item.source == "a.txt"


def test_files_skipped_for_their_suffix_are_counted_and_listed(tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    write(folder, "a.txt", page("Xã Cam Thành đối thoại với Nhân dân"))
    write(folder, "ghi-chu.md", "# ghi chú\n")
    (folder / "bao-cao.pdf").write_bytes(b"%PDF-1.4\n")
    result = CliRunner().invoke(main, ["extract", str(folder), "--out", str(tmp_path / "out"), "--no-ner",
                                       "-j", "1", "--verbose"])
    assert result.exit_code == 0, result.output
    assert "2 files skipped by suffix" in result.output
    assert "ghi-chu.md" in result.output and "bao-cao.pdf" in result.output


# -- errors a user can cause: a message, never a traceback --------------------------------

def test_disk_full_is_a_message_not_a_traceback(tmp_path, monkeypatch):
    import errno

    import qcdc_extract.batch.run as run

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(tmp_path / "out" / "articles"))

    monkeypatch.setattr(run, "drop_staged_articles", full)
    monkeypatch.setattr(run.DatasetWriter, "commit", full)
    write(tmp_path, "a.txt", page("Xã Cam Thành đối thoại với Nhân dân"))
    result = CliRunner().invoke(main, ["extract", str(tmp_path / "a.txt"), "--out", str(tmp_path / "out"),
                                       "--no-ner", "-j", "1"])
    assert result.exit_code == 1
    assert "No space left on device" in result.output and "rerun" in result.output
    assert "Traceback" not in result.output


def test_an_unreachable_scheduler_is_a_message(tmp_path):
    write(tmp_path, "a.txt", page("Xã Cam Thành đối thoại với Nhân dân"))
    result = CliRunner().invoke(main, ["extract", str(tmp_path / "a.txt"), "--out", str(tmp_path / "out"),
                                       "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9"])
    assert result.exit_code == 1
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in result.output
    assert "Traceback" not in result.output


def test_a_missing_dask_extra_is_a_message(tmp_path, monkeypatch):
    import builtins

    real = builtins.__import__

    def no_distributed(name, *args, **kwargs):
        if name == "distributed" or name.startswith("distributed."):
            raise ImportError("No module named 'distributed'")
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_distributed)
    write(tmp_path, "a.txt", page("Xã Cam Thành đối thoại với Nhân dân"))
    result = CliRunner().invoke(main, ["extract", str(tmp_path / "a.txt"), "--out", str(tmp_path / "out"),
                                       "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9"])
    assert result.exit_code == 1 and "qcdc-extract[dask]" in result.output


# -- workers die with their parent --------------------------------------------------------

@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_workers_die_with_their_parent_and_a_rerun_is_not_refused(tmp_path, sig):
    import synth

    pages = synth.write(tmp_path / "pages", 400)
    out = tmp_path / "out"
    cmd = [QCDC, "extract", str(pages), "--out", str(out), "--workers", "2", "--batch-size", "5", "--no-ner",
           "--quiet"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    parent = psutil.Process(proc.pid)
    deadline = time.monotonic() + 60
    while len(parent.children()) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    workers = parent.children()
    assert len(workers) >= 2, "the run never started its workers"
    time.sleep(1.0)
    os.kill(proc.pid, sig)  # the parent only
    proc.wait(timeout=30)
    gone, alive = psutil.wait_procs(workers, timeout=10)
    assert alive == [], f"workers outlived their parent: {alive}"
    rerun = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    ids = [a["article_id"] for a in rows(out, "articles")]
    assert len(ids) == len(set(ids)) == 400


def test_a_worker_that_dies_is_a_message_and_a_rerun_completes(tmp_path):
    """A worker killed mid-run (the OOM killer) ends the run with a message, not a traceback;
    what was committed stays, and a rerun completes the output."""
    import synth

    pages = synth.write(tmp_path / "pages", 40)
    out = tmp_path / "out"
    code = ("import os, sys\n"
            "import qcdc_extract.batch.work as work\n"
            "from qcdc_extract.cli import main\n"
            "real = work.run_batch\n"
            "def dying(job, *args, **kwargs):\n"
            "    if any('art_0000010' in str(i.path) for i in job.inputs):\n"
            "        os._exit(9)  # this worker dies\n"
            "    return real(job, *args, **kwargs)\n"
            "work.run_batch = dying\n"
            "import qcdc_extract.batch.engines as engines\n"
            "engines.run_batch = dying\n"
            "sys.exit(main())\n")
    cmd = ["extract", str(pages), "--out", str(out), "--workers", "2", "--batch-size", "5", "--no-ner"]
    died = subprocess.run([sys.executable, "-c", code, *cmd], capture_output=True, text=True, timeout=300)
    assert died.returncode == 1
    assert "a worker process died" in died.stderr and "Traceback" not in died.stderr
    again = subprocess.run([QCDC, *cmd], capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert len(rows(out, "articles")) == 40
