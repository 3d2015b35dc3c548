"""The pages show plain German, not Markdown: no template text carries a backtick.

A hint written like the docs (``wie sie `syncsystem interfaces export --config` liest``) reached the
page with its backticks; the browser shows them as they are. Jinja comments and scripts may use them.
"""

from __future__ import annotations

import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[3] / "src" / "syncsystem"
TEMPLATES = sorted([*SRC.glob("office/templates/*.html"), *SRC.glob("datacenter/templates/*.html")])
_NOT_SHOWN = re.compile(r"\{#.*?#\}|<script.*?</script>", re.DOTALL)


def test_no_template_shows_a_backtick() -> None:
    assert len(TEMPLATES) > 10
    shown = {path.name: _NOT_SHOWN.sub("", path.read_text(encoding="utf-8")) for path in TEMPLATES}
    assert [name for name, text in shown.items() if "`" in text] == []
