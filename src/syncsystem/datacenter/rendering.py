"""The office pages' one Jinja2 environment: every template compiled once per process, at import.

`FileSystemLoader` with ``auto_reload`` on (Jinja's default) looks at each template file's
modification time on every render; the templates ship with the package and change only with it, so
here they are compiled when this module is imported and rendered from memory from then on. The
Austrian formats of `wording` are its filters.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, Template, select_autoescape
from starlette.responses import HTMLResponse

from syncsystem.datacenter import wording

__all__ = ["ENV", "refusal_page", "template"]

ENV = Environment(
    loader=FileSystemLoader(Path(__file__).with_name("templates")),
    autoescape=select_autoescape(["html"]),
    auto_reload=False,
)
ENV.filters["zahl"] = wording.count
ENV.filters["size"] = wording.size
ENV.filters["duration"] = wording.duration
_COMPILED = {name: ENV.get_template(name) for name in ENV.list_templates(extensions=["html"])}


def template(name: str) -> Template:
    """The compiled template ``name`` (``overview.html``)."""
    return _COMPILED[name]


def refusal_page(status: int, refusal: str, headers: dict[str, str] | None = None) -> HTMLResponse:
    """A refusal where browsers go: a German page headed by ``status``, its words and a way back."""
    html = template("abgelehnt.html").render(refusal=refusal, status=status)
    return HTMLResponse(html, status_code=status, headers=headers)
