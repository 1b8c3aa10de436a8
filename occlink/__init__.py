"""occlink: occupation lists as linked data.

The installed package maps the repository's top-level rooms under one import
name: ``occlink.taxonomy`` (sources), ``occlink.mappings`` (crosswalks),
``occlink.graph`` (the assembled dataset), ``occlink.shapes`` (SHACL),
``occlink.exports`` (dumps, query, server, site) and ``occlink.cli`` (the
``occlink`` command); data flows one way, in that order.

For researchers: ``occlink.dataset()``, ``occlink.query(sparql, **params)`` and
``occlink.match(titles, target=…)`` (see ``occlink.api``; README "Use from Python").
"""

__version__ = "0.1.0"

__all__ = ["__version__", "dataset", "query", "match"]


def __getattr__(name: str):
    """``occlink.dataset``, ``occlink.query``, ``occlink.match`` (occlink.api), imported on first use so
    that ``import occlink`` (and the command line) stays light."""
    if name in ("dataset", "query", "match", "Dataset"):
        from occlink import api
        return getattr(api, name)
    raise AttributeError(f"module 'occlink' has no attribute {name!r}")
