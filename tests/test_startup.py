"""What a one-file `qcdc extract` loads: nothing it does not use (pandas, pyarrow.compute,
underthesea for an article NER never looks at), whether the run is new or resumed."""
from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

RUN = """
    import json, sys
    from qcdc_extract.cli import main
    try:
        main(["extract", {page!r}, "--out", {out!r}, "-q", "--workers", "1"], standalone_mode=False)
    except SystemExit:
        pass
    print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in ("pandas", "pyarrow", "underthesea"))))
"""


def loaded(page: Path, out: Path) -> set[str]:
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(RUN.format(page=str(page), out=str(out)))],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


def test_a_one_file_run_loads_neither_pandas_nor_pyarrow_compute(tmp_path):
    page = tmp_path / "tin.txt"
    page.write_text("Hội nghị sơ kết 5 năm thực hiện Quy chế dân chủ ở cơ sở\n\n"
                    "Sáng 12/3/2024, Đảng ủy xã Kỳ Châu tổ chức hội nghị sơ kết; 7/7 chi bộ tham dự.\n",
                    encoding="utf-8")
    for run in ("new", "resumed"):  # a resumed run reads the first one's tables back (pyarrow.dataset)
        modules = loaded(page, tmp_path / "out")
        assert "pyarrow" in modules
        assert not {m for m in modules if m.split(".")[0] == "pandas"}
        assert run == "resumed" or "pyarrow.compute" not in modules
        assert not {m for m in modules if m.startswith("underthesea")}  # no name NER must look at
    assert (tmp_path / "out" / "manifest.json").exists()


def test_pandas_still_imports_after_the_command_declined_it():
    code = """
        from qcdc_extract.writer import without_pandas
        without_pandas()
        import pandas as pd
        assert pd.DataFrame({"a": [1, 2]})["a"].sum() == 3
    """
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
