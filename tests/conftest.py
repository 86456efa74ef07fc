"""Shared test set-up: the benchmark's corpus generator is importable as `synth`."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))


import pytest  # noqa: E402


@pytest.fixture(scope="session")
def nlp():
    """The default pipeline, loaded once for the whole test session."""
    import qcdc_extract

    return qcdc_extract.load()
