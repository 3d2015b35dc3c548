"""Certification bundle for a build: ``python -m tools.certify`` (``tox -e certify``).

Runs the whole suite once with JUnit XML and pytest-bdd's cucumber JSON, saves the advisor page's
screenshots, runs the benchmarks within a time bound, reads the soak summary if one was written,
and writes ``certification/``: ``junit.xml``, ``cucumber.json``, ``site/`` (German living
documentation, a page per feature and an overview of the four promises), ``benchmarks/``,
``SUMMARY.md`` and ``summary.json``. Exits 1 when anything failed. Not part of the product: the
agent's users never install it.
"""
