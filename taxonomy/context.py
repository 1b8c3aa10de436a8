"""The one explicit context of a run: which base IRI, which decisions folder, which cache.

The ``occlink`` click group builds it once (``ctx.obj``) and the commands pass its fields
down; the Python API builds a default one. :meth:`Context.from_environment` is the only
place that reads occlink's environment variables (``tests/test_context.py`` checks that),
so what a command does follows from its options and this object, not from hidden lookups.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from occlink.taxonomy.namespaces import BASE_IRI_ENV, Namespaces, resolve_base_iri

MAPPINGS_DIR_ENV = "OCCLINK_MAPPINGS_DIR"
REVIEWER_ENV = "OCCLINK_REVIEWER"
CACHE_DIR_ENV = "OCCLINK_CACHE_DIR"
DEBUG_ENV = "OCCLINK_DEBUG"


@dataclass(frozen=True)
class Context:
    """What every command may need to know about its run, fixed when the run starts."""

    ns: Namespaces
    mappings_dir: Path | None = None  # the decisions folder the user chose (None: the shipped sets)
    reviewer: str | None = None       # the reviewer identity for decisions (``--reviewer`` overrides it)
    cache_dir: Path | None = None     # where the compiled dataset lives (None: the user cache folder)
    debug: bool = False               # show tracebacks instead of one-line errors

    @classmethod
    def from_environment(cls, base_iri: str | None = None, mappings_dir: Path | str | None = None,
                         environ: Mapping[str, str] | None = None) -> Context:
        """Options first, then ``OCCLINK_*`` variables, then the defaults.

        Raises ``BaseIRIError`` for an unusable base IRI."""
        env = os.environ if environ is None else environ

        def value(explicit: Path | str | None, name: str) -> str | None:
            text = str(explicit).strip() if explicit is not None else ""
            return text or env.get(name, "").strip() or None

        base = value(base_iri, BASE_IRI_ENV)
        folder = value(mappings_dir, MAPPINGS_DIR_ENV)
        cache = value(None, CACHE_DIR_ENV)
        return cls(ns=Namespaces(resolve_base_iri(base)),
                   mappings_dir=Path(folder) if folder else None,
                   reviewer=value(None, REVIEWER_ENV),
                   cache_dir=Path(cache) if cache else None,
                   debug=bool(env.get(DEBUG_ENV, "").strip()))
