"""Crash consistency with real processes: a run killed at any moment, with or without its
workers, is completed by the next run as if it had never been interrupted."""
from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import psutil
import pyarrow.dataset as ds
import pytest

import synth
from qcdc_extract.schema import TABLES

QCDC = str(Path(sys.executable).with_name("qcdc"))
RERUN_TIMEOUT = 60  # seconds a rerun may take, waiting for a lock included
WORKERS_GONE_WITHIN = 5  # seconds after their parent's death

N_PAGES = 60
# The feed sorts before the pages ("art_..."), so its batches are the first ones planned.
FEED = "00-tin-bai.jsonl"
FEED_LINES = 30
# Line 3 is the record a reader may choke on: its published value, the year 1 at UTC+14, is
# before datetime.min once brought to Vietnam time. Batches hold 5 records, so line 3 is in
# the batch of line 1. The lines that are no article: a record cut mid-way, an array, a
# record with an empty text.
CHOKE_LINE = 3
BAD_LINES = {
    9: '{"url": "https://camlo.quangtri.gov.vn/tin-tuc/9", "title": "Bài bị cắt", "text": "Sáng 5/4/2022, xã Cam',
    14: json.dumps(["không", "phải", "đối tượng"], ensure_ascii=False),
    22: json.dumps({"url": "https://camlo.quangtri.gov.vn/tin-tuc/22", "title": 5, "text": ""}),
}
BATCHES = N_PAGES // 5 + FEED_LINES // 5
# Share of a run, from opening its output, spent before its first commit (planning, forking
# and warming the workers, the first batches): about 40% on 2 cores.
SET_UP = 0.4

# The command line, counting the parent's renames (os.replace, os.rename: how parts, manifest
# and journal are put in place) and SIGKILLing the whole run just before rename number
# argv[1] (0: never); the count goes to stderr at exit.
DIE_AT_RENAME = """
import atexit, os, signal, sys
from qcdc_extract.cli import main
die_at, parent, calls = int(sys.argv.pop(1)), os.getpid(), 0

def counted(real):
    def rename(*args, **kwargs):
        global calls
        if os.getpid() == parent:
            calls += 1
            if calls == die_at:
                os.killpg(0, signal.SIGKILL)
        return real(*args, **kwargs)
    return rename

os.replace, os.rename = counted(os.replace), counted(os.rename)
atexit.register(lambda: print(f"renames={calls}", file=sys.stderr))
main(sys.argv[1:], prog_name="qcdc")
"""


def spread(n: int, seed: int) -> list[float]:
    """n moments of a run as fractions of it, one at random in each nth (seeded: the same every time)."""
    rng = random.Random(seed)
    return [round((i + rng.random()) / n, 3) for i in range(n)]


KILL_AT = spread(8, seed=20250406)
IN_COMMIT_AT = spread(3, seed=1258)  # as fractions of the renames a run makes
# The parent alone gets the signal once this many batches are committed, its workers busy.
_rng = random.Random(7)
PARENT_KILLS = [(signal.SIGKILL, _rng.randint(1, BATCHES // 2)), (signal.SIGTERM, _rng.randint(BATCHES // 2, BATCHES - 4))]


@dataclass
class Reference:
    """An uninterrupted run: its output, how long it set up, how many renames it made."""

    out: Path
    set_up: float  # seconds from opening the output to the first commit
    renames: int


# -- running and killing ------------------------------------------------------------------

def feed_line(n: int, pages: list[str]) -> str:
    if n in BAD_LINES:
        return BAD_LINES[n]
    record = {"url": f"https://camlo.quangtri.gov.vn/tin-tuc/{n}", "title": None,
              "published": "0001-01-01T00:00:00+14:00" if n == CHOKE_LINE else "2022-04-06T08:54:00+07:00",
              "author": "Minh Anh", "text": synth.variant(pages[n % len(pages)], 10_000 + n)}
    return json.dumps(record, ensure_ascii=False)


def args(corpus: Path, out: Path, die_at_rename: int | None = None) -> list[str]:
    options = ["extract", str(corpus), "--out", str(out), "--workers", "2", "--batch-size", "5", "--no-ner", "--quiet"]
    if die_at_rename is None:
        return [QCDC, *options]
    return [sys.executable, "-c", DIE_AT_RENAME, str(die_at_rename), *options]


def start(corpus: Path, out: Path, die_at_rename: int | None = None) -> subprocess.Popen:
    """A run in a process group of its own, so that its workers can be killed with it or left
    alone; its stderr goes to OUT.log."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(f"{out}.log", "wb") as log:
        return subprocess.Popen(args(corpus, out, die_at_rename), stdout=subprocess.DEVNULL, stderr=log,
                                start_new_session=True)


def log_of(out: Path) -> str:
    return Path(f"{out}.log").read_text(encoding="utf-8", errors="replace")[-2000:]


def kill_group(proc: subprocess.Popen) -> None:
    """SIGKILL whatever is left of the run `proc` leads (a run this test started)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def rerun(corpus: Path, out: Path) -> subprocess.CompletedProcess:
    """Run again on the same output, as a user would after a crash; fails the test past RERUN_TIMEOUT."""
    proc = subprocess.Popen(args(corpus, out), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    try:
        stdout, stderr = proc.communicate(timeout=RERUN_TIMEOUT)
    except subprocess.TimeoutExpired:
        kill_group(proc)
        proc.communicate()
        pytest.fail(f"the rerun did not finish within {RERUN_TIMEOUT} s")
    return subprocess.CompletedProcess(proc.args, proc.returncode, stdout, stderr)


def wait_until(condition, timeout: float, every: float = 0.02) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(every)
    return condition()


def committed(out: Path) -> int:
    """Batches whose parts are in place: each commit renames one articles part into the folder."""
    return len(list((out / "articles").glob("part-*.parquet")))


def wait_for_moment(proc: subprocess.Popen, out: Path, at: float, reference: Reference) -> None:
    """Wait until the run reaches moment `at`, a fraction of it: in its set-up by the clock
    once it opens its output; later by the batches committed, plus a random few milliseconds
    (reading, extracting, staging, renaming or saving the manifest of the next batch). Past the
    set-up, progress and not the clock: a warm run is faster than the reference, which is cold."""
    assert wait_until(lambda: out.exists() or proc.poll() is not None, 60)
    if at < SET_UP:
        time.sleep(at / SET_UP * 0.9 * reference.set_up)
    else:
        target = 1 + round((at - SET_UP) / (1 - SET_UP) * (BATCHES - 3))
        assert wait_until(lambda: proc.poll() is not None or committed(out) >= target, 60)
        time.sleep(random.Random(at).uniform(0, 0.05))
    if proc.poll() is not None:
        pytest.fail(f"the run ended (exit code {proc.returncode}) before its kill point:\n{log_of(out)}")


def alive(process: psutil.Process) -> bool:
    """Running and not a zombie (an orphan's zombie waits for init, which may never reap it)."""
    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


# -- what the output must hold ------------------------------------------------------------

def table_rows(out: Path, name: str) -> list[str]:
    """A table's rows, order aside (as test_scale.table_rows)."""
    rows = ds.dataset(out / name, format="parquet").to_table().to_pylist()
    return sorted(json.dumps(r, sort_keys=True, default=str, ensure_ascii=False) for r in rows)


def sources(out: Path) -> tuple[list[str], list[str]]:
    """The sources of the articles (each of its `sources`) and those of the error rows."""
    articles = ds.dataset(out / "articles", format="parquet").to_table(columns=["sources"])
    errors = ds.dataset(out / "errors", format="parquet").to_table(columns=["source"])
    return ([s for row in articles.column("sources").to_pylist() for s in row or ()],
            errors.column("source").to_pylist())


def written_sources(out: Path) -> set[str]:
    """The sources the parts in place account for (none while the folder is being created)."""
    try:
        return set(sum(sources(out), []))
    except (OSError, ValueError):  # not created yet, or a part replaced while being read
        return set()


def assert_completed_like(reference: Path, out: Path) -> None:
    """Every table as the uninterrupted run's; no article twice; no source both an article and an error."""
    for name in TABLES:
        got, want = Counter(table_rows(out, name)), Counter(table_rows(reference, name))
        missing, extra = want - got, got - want
        assert not (missing or extra), (f"table {name}: {sum(missing.values())} rows missing, {sum(extra.values())} "
                                        f"extra, e.g. {[r[:300] for r in list(missing) + list(extra)][:2]}")
    ids = ds.dataset(out / "articles").to_table(columns=["article_id"]).column("article_id").to_pylist()
    assert len(ids) == len(set(ids)), "an article written twice"
    in_articles, in_errors = sources(out)
    assert not set(in_articles) & set(in_errors), sorted(set(in_articles) & set(in_errors))


def assert_rerun_accepted(done: subprocess.CompletedProcess) -> None:
    said = done.stdout + done.stderr
    assert "another qcdc process is writing" not in said, f"a process of the killed run holds the output's lock: {said}"
    assert done.returncode == 0, said


# -- fixtures -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """60 pages generated from the corpus and a feed of 30 records, three of them no article."""
    folder = synth.write(tmp_path_factory.mktemp("crash") / "pages", N_PAGES)
    pages = synth.load_pages()
    lines = [feed_line(n, pages) for n in range(1, FEED_LINES + 1)]
    (folder / FEED).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory) -> Reference:
    """The same command, run once without interruption (its renames counted)."""
    out = tmp_path_factory.mktemp("reference") / "out"
    proc = start(corpus, out, die_at_rename=0)
    try:
        wait_until(lambda: out.exists() or proc.poll() is not None, 120)
        opened = time.monotonic()
        wait_until(lambda: proc.poll() is not None or committed(out) > 0, 120)
        set_up = time.monotonic() - opened
        assert proc.wait(timeout=120) == 0, log_of(out)
    finally:
        kill_group(proc)
    return Reference(out, set_up, int(log_of(out).rsplit("renames=", 1)[1]))


# -- scenarios ----------------------------------------------------------------------------

def test_uninterrupted_run_accounts_for_every_page_and_line(corpus, reference):
    """The baseline the crash tests compare with: each page and each feed line is one article
    or one error row, the three bad lines being errors."""
    feed = corpus / FEED
    in_articles, in_errors = sources(reference.out)
    seen = Counter(in_articles + in_errors)
    expected = {str(p) for p in corpus.glob("art_*.txt")} | {f"{feed}:{n}" for n in range(1, FEED_LINES + 1)}
    assert not [s for s, n in seen.items() if n > 1], "a source accounted for twice"
    assert sorted(expected - seen.keys()) == [], "sources neither an article nor an error"
    assert sorted(seen.keys() - expected) == [], "sources no input gives"
    assert {f"{feed}:{n}" for n in BAD_LINES} <= set(in_errors)


@pytest.mark.parametrize("at", KILL_AT, ids=[f"at-{at:.0%}" for at in KILL_AT])
def test_run_killed_with_its_workers_is_completed_by_a_rerun(corpus, reference, tmp_path, at):
    """SIGKILL of the whole run (parent and workers) at any moment after it opens its output,
    then a rerun: the rerun is accepted and the tables are those of a run never interrupted."""
    out = tmp_path / "out"
    proc = start(corpus, out)
    try:
        wait_for_moment(proc, out, at, reference)
    finally:
        kill_group(proc)
        proc.wait()
    assert_rerun_accepted(rerun(corpus, out))
    assert_completed_like(reference.out, out)


@pytest.mark.parametrize("at", IN_COMMIT_AT, ids=[f"rename-{at:.0%}" for at in IN_COMMIT_AT])
def test_run_killed_inside_a_commit_is_completed_by_a_rerun(corpus, reference, tmp_path, at):
    """SIGKILL of the whole run just before one of its renames, the steps of the commit protocol
    where a timed kill rarely lands (parts renamed into place, manifest or journal replaced): the
    rerun rolls the batch back or forward and the tables are those of a run never interrupted."""
    out = tmp_path / "out"
    proc = start(corpus, out, die_at_rename=max(1, round(at * (reference.renames - 4))))
    try:
        assert proc.wait(timeout=120) == -signal.SIGKILL, f"the run was not killed:\n{log_of(out)}"
    finally:
        kill_group(proc)
    assert_rerun_accepted(rerun(corpus, out))
    assert_completed_like(reference.out, out)


@pytest.mark.parametrize("sig, after", PARENT_KILLS, ids=[f"{s.name}-after-{n}-batches" for s, n in PARENT_KILLS])
def test_parent_killed_alone_takes_its_workers_with_it(corpus, reference, tmp_path, sig, after):
    """Only the parent gets the signal (the OOM killer, `kill PID`, a batch scheduler): its
    workers die with it instead of holding the output's lock, so a rerun is accepted and
    completes the tables as an uninterrupted run."""
    out = tmp_path / "out"
    proc = start(corpus, out)
    parent = psutil.Process(proc.pid)
    try:
        assert wait_until(lambda: proc.poll() is not None or committed(out) >= after, 60)
        time.sleep(random.Random(after).uniform(0, 0.05))
        assert proc.poll() is None, f"the run ended before its kill point:\n{log_of(out)}"
        workers = parent.children(recursive=True)
        assert workers, "the run has no worker process to leave behind"
        os.kill(proc.pid, sig)
        proc.wait()
        wait_until(lambda: not any(alive(w) for w in workers), WORKERS_GONE_WITHIN, every=0.1)
        left = [w.pid for w in workers if alive(w)]
        assert not left, f"worker processes {left} outlived their parent by {WORKERS_GONE_WITHIN} s"
        assert_rerun_accepted(rerun(corpus, out))
    finally:
        kill_group(proc)  # any worker left behind, so that none outlives the test
    assert_completed_like(reference.out, out)


def test_killed_after_the_bad_record_then_rerun_loses_no_record(corpus, reference, tmp_path):
    """A run killed once the batch holding the feed's choking record is committed, then rerun:
    the records after it are still read, so there are as many articles as in an uninterrupted run."""
    out = tmp_path / "out"
    feed = corpus / FEED
    proc = start(corpus, out)
    try:
        assert wait_until(lambda: proc.poll() is not None or f"{feed}:1" in written_sources(out), 60)
        assert proc.poll() is None, f"the run ended before the bad record's batch was seen committed:\n{log_of(out)}"
    finally:
        kill_group(proc)
        proc.wait()
    assert_rerun_accepted(rerun(corpus, out))
    got = ds.dataset(out / "articles").to_table(columns=["sources"]).to_pylist()
    want = ds.dataset(reference.out / "articles").to_table(columns=["sources"]).to_pylist()
    lost = {s for a in want for s in a["sources"]} - {s for a in got for s in a["sources"]}
    assert len(got) == len(want), f"{len(want) - len(got)} articles fewer than an uninterrupted run; lost: {sorted(lost)}"
