"""What ``occlink.match`` runs, and the Dask partition function.

The public face for coding titles from Python is ``occlink.match`` (occlink/api.py): the
same rows as ``match_titles`` below plus ``provenance``, the dataset checksum they were made
against. ``match_titles`` is its implementation in the mappings room (which must not reach
the compiled dataset, see tests/test_layout.py); ``code_partition`` uses it on Dask
workers, which need no compiled dataset. Researchers use::

    >>> import occlink
    >>> rows = occlink.match(["Java开发工程师", "nurse"])               # doctest: +SKIP
    >>> rows[0]["code"], rows[0]["name_en"]                            # doctest: +SKIP
    ('2-02-10-03', 'Computer software engineering technician')
    >>> import pandas as pd; pd.DataFrame(rows)                        # doctest: +SKIP

Each result is a dict with ``title`` and the columns of ``occlink code`` (``code``,
``name_zh``, ``name_en``, ``level``, ``green``, ``digital``, ``predicate``,
``confidence``, ``alternatives`` when asked for, ``reason``): one per input title, in
order; ``None`` where a value is absent. The target index is built once per process
and target (``target_index``). Heavy imports happen on first use, so ``import occlink``
stays cheap.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache


@lru_cache(maxsize=4)
def target_index(target: str = "csco2022"):
    """The matcher's index over a catalog (built once per process and target)."""
    from occlink.mappings.entries import catalog_entries
    from occlink.mappings.matcher import TargetIndex
    return TargetIndex(catalog_entries(target))


def match_titles(titles: Iterable[str | None], target: str = "csco2022", *, alternatives: int = 0,
                 threshold: float = 0.0, workers: int = 1, index=None) -> list[dict[str, object]]:
    """Code job titles; one dict per title, in input order (see module docstring). Researchers call
    ``occlink.match``, which returns these rows with the dataset checksum they were made against.

    ``index``: a prebuilt ``TargetIndex`` (e.g. shipped to Dask workers); default: ``target_index(target)``.
    ``workers`` > 1 matches in forked processes sharing the index.
    """
    from occlink.mappings.coding import Coder, coding_record, title_problem
    from occlink.mappings.entries import is_catalog_ref
    if index is None:
        if not is_catalog_ref(target):
            raise ValueError(f"unknown target {target!r} (a catalog id such as 'csco2022')")
        index = target_index(target)
    items = [("" if t is None else str(t)) for t in titles]
    out: list[dict[str, object]] = []
    with Coder(index.entries, alternatives=alternatives, threshold=threshold, workers=workers, index=index) as coder:
        for title, coded in coder.code(items, lambda t: title_problem(t)):
            out.append({"title": title, **coding_record(coded, alternatives > 0)})
    return out


def code_partition(frame, title_col: str, index=None, target: str = "csco2022", alternatives: int = 0,
                   threshold: float = 0.0):
    """A ``pandas.DataFrame`` partition with the coding columns added (for ``dask.dataframe.map_partitions``
    or any pandas pipeline). Rows keep their order and index; a column already present is overwritten.

    With Dask, build the index once and let the scheduler ship it to every worker::

        index = dask.delayed(occlink.mappings.api.target_index("csco2022"))  # one task, one copy per worker
        coded = ddf.map_partitions(code_partition, "title", index=index, meta=code_partition_meta(ddf, "title"))

    Record the dataset once on the client (``occlink.dataset().checksum``), as ``occlink.match`` does.
    """
    import pandas as pd
    records = match_titles(frame[title_col].tolist(), target, alternatives=alternatives, threshold=threshold,
                           index=index)
    added = pd.DataFrame.from_records([{k: v for k, v in r.items() if k != "title"} for r in records],
                                      index=frame.index, columns=result_columns(alternatives))
    out = frame.copy()
    for col in added.columns:
        out[col] = added[col]
    return out


def result_columns(alternatives: int = 0) -> list[str]:
    from occlink.mappings.coding import ALTERNATIVES_COLUMN, CODE_COLUMNS, REASON_COLUMN
    return [*CODE_COLUMNS, *([ALTERNATIVES_COLUMN] if alternatives else []), REASON_COLUMN]


def code_partition_meta(frame, title_col: str, alternatives: int = 0):
    """The empty frame Dask needs as ``meta`` for :func:`code_partition`'s output."""
    import pandas as pd
    meta = frame._meta.copy() if hasattr(frame, "_meta") else frame.iloc[:0].copy()
    types = {"code": "object", "name_zh": "object", "name_en": "object", "level": "object", "green": "object",
             "digital": "object", "predicate": "object", "confidence": "float64", "alternatives": "object",
             "reason": "object"}
    for col in result_columns(alternatives):
        meta[col] = pd.Series(dtype=types[col])
    return meta
