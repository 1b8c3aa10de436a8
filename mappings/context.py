"""Definition and task text of the target concepts as weak, IDF-weighted evidence.

Why: recruitment words often appear only in what an occupation *does*, not in its
name — 收银 in a shop assistant's tasks, 数据库 in a software engineer's
definition. Each target entry gets a bag of Chinese character bigrams from its
``skos:definition`` and, for national concepts, its main tasks (``occ:mainTasks``,
from the national table, looked up by the code in the entry's id). A query's
*context score* is the IDF-weighted share of its (Chinese) features found in
that bag. It is one low-weight feature of the confidence and a small extra
blocking source; it never decides alone.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from itertools import compress

from occlink.mappings.entries import Entry
from occlink.mappings.normalize import char_bigrams, normalize

_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_NATIONAL_CODE = re.compile(r"^\d-\d\d-\d\d-\d\d$")
MAX_DF_SHARE = 0.05    # bigrams in more than 5 % of the texts (从事, 人员 …) carry no signal


@lru_cache(maxsize=1)
def _national_tasks() -> dict[str, str]:
    from occlink.taxonomy.csco_table import default_classification
    return {code: rec.tasks for code, rec in default_classification().records.items() if rec.tasks}


def context_text(entry: Entry) -> str:
    """Definition plus, for entries keyed by a national code (csco:, bj:), the national main tasks."""
    parts = [entry.definition or ""]
    local = entry.id.split(":", 1)[-1]
    if _NATIONAL_CODE.match(local):
        parts.append(_national_tasks().get(local, ""))
    return " ".join(p for p in parts if p)


class ContextIndex:
    """Bigram bags of the entries' definition/task texts with an inverted index."""

    def __init__(self, entries: list[Entry]):
        self.bags: list[frozenset[str]] = []
        postings: dict[str, list[int]] = {}
        # entry numbers as int objects allocated together (the blocking loop reads them by the hundred)
        for ei, entry in zip(list(range(len(entries))), entries):
            text = normalize(context_text(entry))
            bag = frozenset(f"z:{g}" for run in _CJK_RUN.findall(text) for g in char_bigrams(run) if len(g) == 2)
            self.bags.append(bag)
            for feat in bag:
                postings.setdefault(feat, []).append(ei)
        with_text = max(sum(1 for b in self.bags if b), 1)
        limit = max(int(with_text * MAX_DF_SHARE), 3)
        self.postings = {f: ids for f, ids in postings.items() if len(ids) <= limit}
        self.idf = {f: math.log(1 + with_text / len(ids)) for f, ids in self.postings.items()}

    def query(self, weights: dict[str, float]) -> dict[str, float]:
        """The query's informative Chinese features with weight × IDF."""
        return {f: w * self.idf[f] for f, w in weights.items() if f in self.idf}

    def score(self, query: dict[str, float], ei: int, total: float | None = None) -> float:
        """IDF-weighted share of the query's informative features found in entry ``ei``'s text
        (``total``: ``sum(query.values())``, passed in when one query is scored against many entries)."""
        if total is None:
            total = sum(query.values())
        if not total:
            return 0.0
        # the same terms in the same order as a generator over query.items(), selected in C
        return sum(compress(query.values(), map(self.bags[ei].__contains__, query))) / total

    def block(self, query: dict[str, float], budget: int, k: int) -> list[int]:
        """Up to ``k`` entries with the highest context score, visiting rarest features first."""
        if not query:
            return []
        sums: dict[int, float] = {}
        for _size, feat in sorted((len(self.postings[f]), f) for f in query):
            ids = self.postings[feat]
            if len(ids) > budget:
                break
            w = query[feat]
            for ei in ids:  # sums.get(ei, 0.0) + w without the method call (0.0 + w is w)
                if ei in sums:
                    sums[ei] += w
                else:
                    sums[ei] = w
            budget -= len(ids)
        # only entries scoring at least the k-th best can be kept: a sort of bare floats finds that cut
        cut = sorted(sums.values(), reverse=True)[k - 1] if len(sums) > k else -math.inf
        return [ei for _neg, ei in sorted([(-v, ei) for ei, v in sums.items() if v >= cut])[:k]]
