"""occlink: occupation lists as linked data.

The installed package maps the repository's top-level rooms under one import
name: ``occlink.taxonomy`` (sources → graph), ``occlink.mappings``
(crosswalks), ``occlink.shapes`` (SHACL), ``occlink.exports`` (dumps, query,
server) and ``occlink.cli`` (the ``occlink`` command).
"""

__version__ = "0.1.0"

from occlink.mappings.api import match  # noqa: E402  (code job titles: occlink.match(["会计", …]) → list of dicts)
