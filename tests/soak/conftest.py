"""The soak's modules import each other by plain name (``tests/soak/run.py`` runs as a script), so
this folder goes on the import path for the tests too."""

from __future__ import annotations

import sys
from pathlib import Path

HERE = str(Path(__file__).resolve().parent)
if HERE not in sys.path:
    sys.path.insert(0, HERE)
