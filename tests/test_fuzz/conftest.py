"""The WARC builders of the HTML tests, importable here (also when this folder runs alone)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1] / "test_html"))
