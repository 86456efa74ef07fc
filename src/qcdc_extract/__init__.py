"""qcdc_extract: facts from Vietnamese grassroots-democracy (QCDC) news articles."""
from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__", "load"]


def load(options=None):
    """Return the assembled spaCy pipeline (see :mod:`qcdc_extract.pipeline`)."""
    from qcdc_extract.pipeline import load as _load

    return _load(options)
