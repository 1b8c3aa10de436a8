"""Coding many titles: streamed rows, deduplicated titles, worker processes sharing one index.

Job postings repeat heavily, arrive in files larger than memory and are coded by the
million. ``BulkMatcher.run`` takes an iterator of items (rows) and yields each item with
its candidates, **in input order**, holding only a bounded window in memory:

* **Deduplication** — a title's candidates depend only on its normalized labels
  (``features.prepare(...).norm``), so the key of an item is the tuple of its normalized
  labels; results are remembered in an LRU cache of ``cache_size`` distinct keys (memory
  is bounded by that, not by the number of rows). Every input row still gets its own
  output rows.
* **Parallel workers** — with ``workers > 1`` the index is built once in this process,
  then ``fork``-ed worker processes inherit it (copy-on-write pages: one index in
  memory, nothing pickled). Chunks of distinct uncached titles are sent to the pool;
  at most ``INFLIGHT_PER_WORKER`` chunks per worker are in flight, so reading stays
  ahead of matching by a bounded amount. Where ``fork`` is unavailable one process is used.
* **Compact results** — workers return ``Hit`` tuples (target entry number, confidence,
  predicate, matched strings), never ``Entry`` objects.
"""

from __future__ import annotations

import gc
import io
import multiprocessing
import multiprocessing.pool
import os
from collections import OrderedDict, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import lru_cache
from typing import NamedTuple, TypeVar

from occlink.errors import InputError
from occlink.mappings.entries import Entry
from occlink.mappings.features import normalized, prepare
from occlink.mappings.matcher import FIELDS, Floors, TargetIndex, evidence_dict, predicate_of, rank_entries
from occlink.mappings.normalize import has_cjk

CACHE_TITLES = 200_000        # distinct normalized titles remembered (LRU)
CHUNK_ROWS = 512              # rows read per batch
INFLIGHT_PER_WORKER = 4       # batches queued per worker

T = TypeVar("T")


class Hit(NamedTuple):
    """One candidate for a title (picklable, small)."""

    entry: int                 # index into the target entries
    confidence: float
    predicate: str
    match_string: str
    subject_label: int         # which of the subject's labels matched (index into its labels())
    subject_match_field: str
    object_match_field: str
    similarity: float
    evidence: tuple[tuple[str, float], ...] = ()   # every score, only when asked for (JSON output)


# One process reads a chunk's keys (prepared labels) and then matches the same titles: remember the
# prepared labels of the last few chunks so each title is prepared once (LabelText is immutable).
_prepared = lru_cache(maxsize=8 * CHUNK_ROWS)(prepare)


class Subject(NamedTuple):
    """What a row contributes to matching: its labels."""

    label: str
    lang: str = ""
    alt_labels: tuple[str, ...] = ()

    def entry(self, entry_id: str = "src:row") -> Entry:
        lang, alts = self._languages()
        return Entry(id=entry_id, pref_labels={lang: self.label}, alt_labels=alts)

    def labels(self) -> list[tuple[str, str, str]]:
        """``self.entry().labels()`` without building the Entry (asked once or twice per distinct title)."""
        lang, alts = self._languages()
        out = [(lang, "pref", self.label)]
        for alt_lang, texts in alts.items():  # sorted by language, as Entry.labels() reads them
            out.extend((alt_lang, "alt", text) for text in texts)
        return out

    def _languages(self) -> tuple[str, dict[str, tuple[str, ...]]]:
        """The preferred label's language, and the alternative labels by language (sorted)."""
        lang = self.lang or ("zh" if has_cjk(self.label) else "en")
        if not self.alt_labels:
            return lang, {}
        alts: dict[str, list[str]] = {}
        for alt in self.alt_labels:
            alts.setdefault("zh" if has_cjk(alt) else "en", []).append(alt)
        return lang, {k: tuple(v) for k, v in sorted(alts.items())}

    def key(self, prepared: bool = True) -> tuple[str, ...]:
        """The normalized labels (what the candidates depend on). ``prepared``: through the cache of
        prepared labels, for a process that matches the title next; otherwise only the normalization
        (the main process of a worker pool, whose workers prepare the titles they match)."""
        norm = (lambda text: _prepared(text).norm) if prepared else normalized
        return tuple(norm(text) for _lang, _kind, text in self.labels())


def code_subject(index: TargetIndex, floors: Floors, subject: Subject, evidence: bool = False) -> tuple[Hit, ...]:
    """The kept candidates of one subject as hits (what match_entry and Floors.keep give, without
    building Candidate objects: the ranking is read straight from matcher.rank_entries)."""
    labels = subject.labels()
    texts = [text for _lang, _kind, text in labels]
    ranked = rank_entries(index, labels, {text: _prepared(text) for text in texts}, floors.limit)
    confidences = [round(r.confidence, 4) for r in ranked]
    targets = index.entries
    hits = []
    for i in floors.kept(confidences):
        r = ranked[i]
        # a title is an occupation (what Subject.entry() says by default)
        hits.append(Hit(r.entry, confidences[i], predicate_of(True, targets[r.entry], r.confidence, r.values),
                        r.label.label.text, texts.index(r.subject_label), FIELDS[r.subject_kind], FIELDS[r.label.kind],
                        r.values[0],  # the cosine
                        tuple(sorted(evidence_dict(r.values).items())) if evidence else ()))
    return tuple(hits)


# State of a forked worker: inherited from the parent at fork time (see BulkMatcher.__enter__).
_WORKER_STATE: tuple[TargetIndex, Floors, bool] | None = None


def _work(batch: list[tuple[tuple[str, ...], Subject]]) -> list[tuple[tuple[str, ...], tuple[Hit, ...]]]:
    assert _WORKER_STATE is not None
    index, floors, evidence = _WORKER_STATE
    return [(key, code_subject(index, floors, subject, evidence)) for key, subject in batch]


SMALL_INPUT_BYTES = 256 * 1024   # below this, starting worker processes costs more than it saves


def default_workers(input_bytes: int | None = None) -> int:
    """All cores this process may use — one for a small file (a pipe's size is unknown: all cores)."""
    if input_bytes is not None and input_bytes < SMALL_INPUT_BYTES:
        return 1
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


class BulkMatcher:
    """Match a stream of items against one target list (see module docstring). Use as a context
    manager: ``with BulkMatcher(targets, Floors(top_k=5), workers=2) as bulk: for item, hits in
    bulk.run(rows, subject_of): …``."""

    def __init__(self, targets: list[Entry], floors: Floors, *, workers: int = 1,
                 cache_size: int = CACHE_TITLES, index: TargetIndex | None = None, evidence: bool = False):
        self.targets = targets
        self.floors = floors
        self.workers = max(1, workers)
        # a key collected for an earlier chunk must survive until the later chunks that wait for it are
        # collected: at most (window + 1) chunks of new keys arrive in between
        self.cache_size = max(cache_size, 2 * (INFLIGHT_PER_WORKER * self.workers + 2) * CHUNK_ROWS)
        self.index = index
        self.evidence = evidence
        self.cache: OrderedDict[tuple[str, ...], tuple[Hit, ...]] = OrderedDict()
        # keys sent to a worker and not yet back: later chunks wait for them instead of resending
        self.inflight: set[tuple[str, ...]] = set()
        self._keys: dict[Subject, tuple[str, ...]] = {}
        self.pool: multiprocessing.pool.Pool | None = None
        self.matched = 0          # distinct titles actually matched (cache misses)

    def __enter__(self) -> "BulkMatcher":
        global _WORKER_STATE
        self.index = self.index or TargetIndex(self.targets)
        if self.workers > 1 and "fork" in multiprocessing.get_all_start_methods():
            _WORKER_STATE = (self.index, self.floors, self.evidence)  # inherited by the forked workers
            # the index is millions of objects: move them out of the collector's reach before forking, so
            # the workers' collections neither scan them nor copy their pages (Python's advice for fork)
            gc.freeze()
            self.pool = multiprocessing.get_context("fork").Pool(self.workers)
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        global _WORKER_STATE
        if self.pool is not None:
            if exc_type is None:
                self.pool.close()
            else:
                self.pool.terminate()
            self.pool.join()
            self.pool = None
            gc.unfreeze()
        _WORKER_STATE = None

    def _remember(self, key: tuple[str, ...], hits: tuple[Hit, ...]) -> None:
        self.cache[key] = hits
        self.cache.move_to_end(key)
        while len(self.cache) > self.cache_size:
            self.cache.popitem(last=False)

    def _lookup(self, key: tuple[str, ...]) -> tuple[Hit, ...] | None:
        hits = self.cache.get(key)
        if hits is not None:
            self.cache.move_to_end(key)
        return hits

    def entry(self, hit: Hit) -> Entry:
        assert self.index is not None
        return self.index.entries[hit.entry]

    def run(self, items: Iterable[T], subject_of: Callable[[T], Subject | None]
            ) -> Iterator[tuple[T, tuple[Hit, ...] | None]]:
        """(item, hits) for every item in input order; hits None when ``subject_of`` gives None."""
        assert self.index is not None, "use BulkMatcher as a context manager"
        window: deque = deque()
        limit = INFLIGHT_PER_WORKER * self.workers
        batch: list[T] = []
        for item in items:
            batch.append(item)
            if len(batch) >= CHUNK_ROWS:
                window.append(self._submit(batch, subject_of))
                batch = []
                while len(window) > limit:
                    yield from self._collect(window.popleft())
        if batch:
            window.append(self._submit(batch, subject_of))
        while window:
            yield from self._collect(window.popleft())

    def _submit(self, batch: list[T], subject_of: Callable[[T], Subject | None]):
        keyed: list[tuple[T, tuple[str, ...] | None]] = []
        known: dict[tuple[str, ...], tuple[Hit, ...]] = {}  # results already at hand (held here: the
        todo: dict[tuple[str, ...], Subject] = {}          # LRU may evict them before collection)
        waiting: set[tuple[str, ...]] = set()              # in flight for an earlier chunk
        for item in batch:
            subject = subject_of(item)
            if subject is None:
                keyed.append((item, None))
                continue
            key = self._keys.get(subject)
            if key is None:  # raw titles repeat too: remember their keys (bounded like the cache)
                key = subject.key(prepared=self.pool is None)
                if len(self._keys) >= self.cache_size:
                    self._keys.clear()
                self._keys[subject] = key
            keyed.append((item, key))
            if key in known or key in todo or key in waiting:
                continue
            hits = self._lookup(key)
            if hits is not None:
                known[key] = hits
            elif key in self.inflight:
                waiting.add(key)
            else:
                todo[key] = subject
        work = list(todo.items())
        self.inflight.update(todo)
        # results at hand (one process) or a worker's promise of them
        pending: list[tuple[tuple[str, ...], tuple[Hit, ...]]] | multiprocessing.pool.AsyncResult
        if self.pool is not None and work:
            pending = self.pool.apply_async(_work, (work,))
        else:
            index = self.index
            if index is None:  # set by __enter__
                raise RuntimeError("BulkMatcher.run must be used inside its with-block")
            pending = [(key, code_subject(index, self.floors, subject, self.evidence)) for key, subject in work]
        self.matched += len(work)
        return keyed, known, waiting, pending

    def _collect(self, submitted) -> Iterator[tuple[T, tuple[Hit, ...] | None]]:
        keyed, known, waiting, pending = submitted
        results = pending if isinstance(pending, list) else pending.get()
        for key, hits in results:
            known[key] = hits
            self._remember(key, hits)
            self.inflight.discard(key)
        for key in waiting:  # collected with an earlier chunk (FIFO), still in the cache (see cache_size)
            known[key] = self.cache[key]
        for item, key in keyed:
            yield item, (known[key] if key is not None else None)


# ----------------------------------------------------------------------------- input
class _CountingReader(io.RawIOBase):
    """A binary stream that counts the bytes read through it (for the progress bar)."""

    def __init__(self, raw):
        self.raw = raw
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.raw.read(len(buffer))
        n = len(data)
        buffer[:n] = data
        self.count += n
        return n


class TableInput:
    """A CSV file (or ``-``: standard input) opened for streaming in ``encoding``: ``lines`` iterates
    decoded text; a decoding error becomes one InputError naming the file. ``size`` (bytes, None for
    a pipe) and ``consumed`` feed a progress bar."""

    def __init__(self, ref: str, encoding: str = "utf-8-sig"):
        import codecs
        import sys
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise InputError(f"unknown encoding {encoding!r}") from None
        self.name = "<stdin>" if ref == "-" else ref
        self.encoding = "utf-8-sig" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding
        if ref == "-":
            raw = sys.stdin.buffer
            self.size = None
        else:
            try:
                raw = open(ref, "rb")  # noqa: SIM115 (closed by close())
                self.size = os.fstat(raw.fileno()).st_size
            except OSError as exc:
                raise InputError(f"cannot read: {exc.strerror or exc}", source=ref) from None
        self._raw = raw
        self._counter = _CountingReader(raw)
        self._text = io.TextIOWrapper(io.BufferedReader(self._counter), encoding=self.encoding, errors="strict",
                                      newline="")

    @property
    def consumed(self) -> int:
        return self._counter.count

    def lines(self) -> Iterator[str]:
        try:
            yield from self._text
        except UnicodeDecodeError:
            hint = " (pass --encoding, e.g. gb18030)" if self.encoding == "utf-8-sig" else ""
            label = "UTF-8" if self.encoding == "utf-8-sig" else self.encoding
            raise InputError(f"not {label} (near byte {self.consumed}){hint}", source=self.name) from None

    def close(self) -> None:
        if self._raw is not None and self.name != "<stdin>":
            self._raw.close()


# ----------------------------------------------------------------------------- occlink match on a CSV
def stream_match(table: TableInput, targets: list[Entry], floors: Floors, renderer, write: Callable[[str], None], *,
                 prefix: str, workers: int = 1, on_row: Callable[[int], None] | None = None,
                 index: TargetIndex | None = None) -> dict[str, int]:
    """Match every row of an ``id,label[,lang][,alt_labels]`` CSV stream, writing as it goes (see
    output.StreamRenderer). ``on_row(bytes consumed)`` after each row (progress). Returns counts."""
    from occlink.mappings.entries import iter_csv_rows
    from occlink.mappings.matcher import Candidate
    counts = {"rows": 0, "candidates": 0, "without_candidate": 0}
    write(renderer.start())
    with BulkMatcher(targets, floors, workers=workers, evidence=renderer.fmt == "json", index=index) as bulk:
        rows = iter_csv_rows(table.lines(), table.name)
        for row, hits in bulk.run(rows, lambda r: Subject(r.label, r.lang, r.alt_labels)):
            hits = hits or ()
            if renderer.fmt == "json":  # full evidence per candidate: through Candidate objects
                subject = row.entry(prefix)
                texts = [text for _lang, _kind, text in subject.labels()]
                write(renderer.rows([Candidate(subject, bulk.entry(h), h.confidence, h.predicate, h.match_string,
                                               texts[h.subject_label], h.subject_match_field, h.object_match_field,
                                               dict(h.evidence)) for h in hits]))
            elif hits:
                labels: Sequence[str] = (row.label, *row.alt_labels) if not row.alt_labels else \
                    [text for _lang, _kind, text in row.entry(prefix).labels()]
                write(renderer.hit_rows(f"{prefix}:{row.id}", labels, hits, bulk.entry))
            counts["rows"] += 1
            counts["candidates"] += len(hits)
            counts["without_candidate"] += not hits
            if on_row is not None:
                on_row(table.consumed)
        counts["distinct"] = bulk.matched
    write(renderer.end())
    return counts
