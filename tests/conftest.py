"""Shared test set-up: the benchmark's corpus generator is importable as `synth`."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
