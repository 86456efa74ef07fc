"""The analysts' notebooks run top to bottom on a fresh development-set output and print true numbers."""
from __future__ import annotations

from pathlib import Path

import nbformat
import pandas as pd
import pytest
import regex
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from qcdc_extract.batch import extract
from qcdc_extract.settings import Options

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
MERGER = pd.Timestamp("2025-07-01")

pytestmark = pytest.mark.slow


def execute(name: str, out: Path) -> nbformat.NotebookNode:
    """Run notebooks/NAME in the venv's python3 kernel, from notebooks/, with QCDC_OUT=out."""
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("QCDC_OUT", str(out))
        NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOKS)}}).execute()
    return nb


def outputs(nb: nbformat.NotebookNode) -> list[dict]:
    return [o for cell in nb.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]


def printed(nb: nbformat.NotebookNode) -> str:
    return "".join(o.get("text", "") for o in outputs(nb) if o.get("output_type") == "stream")


def images(nb: nbformat.NotebookNode) -> int:
    return sum("image/png" in o.get("data", {}) for o in outputs(nb))


def read(out: Path, name: str) -> pd.DataFrame:
    return pd.read_parquet(out / name)


def line(pattern: str, text: str) -> regex.Match:
    match = regex.search(pattern, text, regex.M)
    assert match, f"no line matching {pattern!r} in the notebook's output:\n{text}"
    return match


@pytest.fixture(scope="module")
def dev_out(tmp_path_factory) -> Path:
    """The development set's output, built as `make eval` builds out-eval."""
    out = tmp_path_factory.mktemp("notebooks") / "out-eval"
    listed = ROOT / "eval" / "source-year-2017.txt"
    dump = [str(ROOT / p.strip()) for p in listed.read_text(encoding="utf-8").splitlines() if p.strip()]
    first = extract(dump, out, Options(workers=1, source_year=2017))
    extract([str(ROOT / "eval" / "articles")], out, Options(workers=1))
    assert first.articles == len(dump)
    assert len(read(out, "articles")) == len(list((ROOT / "eval" / "articles").glob("*.txt")))
    return out


@pytest.fixture(scope="module")
def explore(dev_out) -> nbformat.NotebookNode:
    return execute("explore.ipynb", dev_out)


@pytest.fixture(scope="module")
def map_nb(dev_out) -> nbformat.NotebookNode:
    return execute("map.ipynb", dev_out)


@pytest.mark.parametrize("name", ["explore.ipynb", "map.ipynb"])
def test_notebook_runs_and_draws(name, request):
    nb = request.getfixturevalue("explore" if name == "explore.ipynb" else "map_nb")
    assert not [o for o in outputs(nb) if o.get("output_type") == "error"]
    assert images(nb) >= 3


def test_explore_lists_every_table_and_checks_offsets(explore, dev_out):
    text = printed(explore)
    assert f"articles: {len(read(dev_out, 'articles'))} rows" in text
    assert f"officials: {len(read(dev_out, 'officials'))} rows" in text
    # The DuckDB offset check finds no fact whose surface disagrees with its article text.
    last = explore.cells[-1].outputs[-1]["data"]["text/plain"]
    assert "bad_offsets" in last and last.split()[-1] == "0"


def test_explore_top_document_is_the_one_cited_in_most_articles(explore, dev_out):
    docs = read(dev_out, "documents").dropna(subset=["doc_key"])
    per_key = docs.groupby("doc_key").agg(articles=("article_id", "nunique"), mentions=("article_id", "size"))
    per_key = per_key.reset_index().sort_values(["articles", "mentions", "doc_key"], ascending=[False, False, True])
    found = line(r"^top doc_key: (.+) \| articles: (\d+)$", printed(explore))
    assert found[1] == per_key.iloc[0]["doc_key"]
    assert int(found[2]) == per_key.iloc[0]["articles"] == docs.groupby("doc_key")["article_id"].nunique().max()


def test_explore_events_before_and_after_the_merger(explore, dev_out):
    articles = read(dev_out, "articles")
    when = pd.to_datetime(articles["event_date"]).fillna(articles["published_at"]).dropna()
    found = line(r"^dated events: (\d+) of (\d+) articles; before merger: (\d+); after merger: (\d+)$", printed(explore))
    assert [int(g) for g in found.groups()] == [
        len(when), len(articles), int((when < MERGER).sum()), int((when >= MERGER).sum())]


def test_map_counts_places_per_era(map_nb, dev_out):
    located = read(dev_out, "locations").dropna(subset=["lat", "lon", "code"])
    events = located.groupby(["era", "level", "code"])["article_id"].nunique()
    text = printed(map_nb)
    found = line(r"^places: (\d+) \| (.+)$", text)
    assert int(found[1]) == len(events)
    per_era = dict(part.split(": ") for part in found[2].split(", "))
    assert {era: int(n) for era, n in per_era.items()} == events.groupby(level="era").size().to_dict()
    assert int(line(r"\| events: (\d+)$", text)[1]) == events.max()
    main = read(dev_out, "articles").dropna(subset=["main_lat", "main_lon"])
    assert line(r"^articles with a main place: (\d+) of", text)[1] == str(len(main))


@pytest.mark.parametrize("name", ["explore.ipynb", "map.ipynb"])
def test_notebook_says_when_qcdc_out_is_no_output_folder(name, tmp_path):
    with pytest.raises(CellExecutionError, match="is no qcdc output folder"):
        execute(name, tmp_path / "nowhere")
