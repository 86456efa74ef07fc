"""The analysts' notebook runs top to bottom on fresh output."""
from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from qcdc_extract.batch import extract
from qcdc_extract.settings import Options

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_explore_notebook_executes(tmp_path, monkeypatch):
    out = tmp_path / "out"
    summary = extract([str(ROOT / "corpus")], out, Options(workers=1))
    assert summary.articles == 5
    monkeypatch.setenv("QCDC_OUT", str(out))
    nb = nbformat.read(ROOT / "notebooks" / "explore.ipynb", as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    text = "".join(o.get("text", "") for o in outputs if o.get("output_type") == "stream")
    assert "articles: 5 rows" in text
    # The DuckDB offset check finds no fact whose surface disagrees with its article text.
    last = nb.cells[-1].outputs[-1]["data"]["text/plain"]
    assert "bad_offsets" in last and last.split()[-1] == "0"
