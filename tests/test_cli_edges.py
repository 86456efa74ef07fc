"""The CLI's rough edges (issue 14): plural words, --json, plain defaults in the help, a
progress bar with a total, deduplication independent of metadata, make run without reinstall."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from qcdc_extract import cli
from qcdc_extract.batch.run import plural

ROOT = Path(__file__).resolve().parents[1]
PAGE = (ROOT / "corpus").glob("*.txt").__next__()


@pytest.mark.parametrize("n, word, text", [(0, "error", "0 errors"), (1, "error", "1 error"), (2, "error", "2 errors"),
                                           (1, "article", "1 article"), (1250, "article", "1,250 articles")])
def test_plural(n, word, text):
    assert plural(n, word) == text


def run(*args):
    return CliRunner().invoke(cli.main, [str(a) for a in args], catch_exceptions=False)


def test_one_error_is_said_in_the_singular(tmp_path):
    (tmp_path / "empty.txt").write_text("Trang chủ\n", encoding="utf-8")
    result = run("extract", PAGE, tmp_path / "empty.txt", "--out", tmp_path / "out", "-q", "--no-ner", "-j", "1")
    assert "1 article," in result.output and "1 error;" in result.output and "errors" not in result.output


def test_json_summary_with_errors_by_kind_and_totals_after_a_rerun(tmp_path):
    (tmp_path / "empty.txt").write_text("Trang chủ\n", encoding="utf-8")
    out = tmp_path / "out"
    first = json.loads(run("extract", PAGE, "--out", out, "-q", "--no-ner", "-j", "1", "--json").output)
    assert first["articles"] == 1 and first["errors"] == 0 and first["facts"]["documents"] > 0
    assert first["totals"]["articles"] == 1
    second = json.loads(run("extract", PAGE, tmp_path / "empty.txt", tmp_path / "missing.txt", "--out", out, "-q",
                            "--no-ner", "-j", "1", "--json").output)
    assert second["articles"] == 0 and second["already_present"] == 1
    assert second["errors"] == 2 and second["errors_by_kind"] == {"no_text": 1, "not_found": 1}
    assert second["totals"]["articles"] == 1 and second["totals"]["errors"] == 2
    assert second["facts"]["documents"] == 0 and second["seconds"] >= 0


def test_option_help_shows_defaults_plainly():
    text = run("extract", "--help").output
    assert "(default: 250)" in text and "(default: 60)" in text and "(default: classic)" in text
    assert "x>=" not in text and "[default:" not in text and "INTEGER RANGE" not in text


def test_the_progress_bar_has_a_total(tmp_path, monkeypatch):
    records = tmp_path / "batch.jsonl"
    text = PAGE.read_text(encoding="utf-8")
    records.write_text("".join(json.dumps({"url": f"http://x/{i}", "text": text + f"\n\nSố {i}."},
                                          ensure_ascii=False) + "\n" for i in range(3)), encoding="utf-8")
    monkeypatch.setattr(cli, "_interactive", lambda: True)
    result = CliRunner().invoke(cli.main, ["extract", str(records), str(PAGE), "--out", str(tmp_path / "out"),
                                           "--no-ner", "-j", "1"], catch_exceptions=False)
    assert "4/4" in result.output  # three records and one page, counted before the run


def test_the_same_text_with_and_without_metadata_is_one_article(tmp_path):
    text = PAGE.read_text(encoding="utf-8")
    headline = next(line for line in text.splitlines() if line.strip())
    records = [{"url": "http://a/1", "text": text},
               {"url": "http://a/2", "text": text, "author": "Nguyễn Ngọc Nhật"},
               {"url": "http://a/3", "text": text, "title": headline, "published": "2022-04-06T08:54:00"},
               {"url": "http://a/4", "text": text, "author": "PV"}]
    path = tmp_path / "same.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    summary = json.loads(run("extract", path, "--out", tmp_path / "out", "-q", "--no-ner", "-j", "1", "--json").output)
    assert summary["articles"] == 1 and summary["duplicates"] == 3


def test_make_run_does_not_reinstall_when_nothing_changed():
    dry = subprocess.run(["make", "-n", "run"], cwd=ROOT, capture_output=True, text=True)
    if "pip install" in dry.stdout:
        pytest.skip("the package is not installed yet here (a first make run installs it)")
    assert "qcdc extract corpus" in dry.stdout


def commands(group=cli.main, path=()):
    import click

    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            yield from commands(command, path + (name,))
        else:
            yield path + (name,)


@pytest.mark.parametrize("path", list(commands()), ids=" ".join)
def test_no_command_shows_defaults_in_clicks_brackets(path):
    text = run(*path, "--help").output
    assert "[default:" not in text and "x>=" not in text and "INTEGER RANGE" not in text
