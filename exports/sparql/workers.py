"""Query workers: child processes that evaluate SPARQL and are killed when a query overruns.

Oxigraph cannot cancel a running query, and a thread cannot be stopped, so each
query runs in a worker process (``python -m occlink.exports.sparql.workers``) that opens
the compiled dataset's on-disk Oxigraph store read-only (``exports/dumps/compiled.py``;
opening takes milliseconds, and any number of workers and processes share it). The parent
sends a request over the worker's stdin and reads messages (a head, batches of
rows or triples, the end) from its stdout, waiting at most until the deadline;
past it, the worker is killed (its CPU and memory freed at once) and a fresh one
is started. A worker that dies (e.g. over its memory limit) is replaced too.

``QueryPool`` keeps warm workers behind a bounded queue: a request waits up to
``wait`` seconds for a free worker and is refused (``PoolBusy``) only when that
wait budget is spent or the queue is full.
"""

from __future__ import annotations

import atexit
import os
import queue
import subprocess
import sys
import threading
import time
from multiprocessing.connection import Connection
from pathlib import Path

from occlink.taxonomy.context import Context
from occlink.taxonomy.namespaces import Namespaces

START_TIMEOUT = 300.0  # seconds for a worker to load the store (a busy machine is slow)
MEMORY_LIMIT = 2 << 30  # bytes of address space per worker: a runaway query kills its worker, not the machine


class PoolBusy(Exception):
    """No worker became free within the wait budget (the server answers 503 + Retry-After)."""


class WorkerFailed(Exception):
    """The worker died or could not start."""


class QueryWorker:
    """One worker process with the compiled store open."""

    def __init__(self, store_path: Path, graph_iri: str, memory_limit: int | None = MEMORY_LIMIT,
                 preload_parser: bool = True, in_memory: Path | None = None):
        command = [sys.executable, "-m", "occlink.exports.sparql.workers", str(store_path), graph_iri,
                   str(memory_limit or 0)] + ([] if preload_parser else ["lazy-parser"]) \
            + ([f"memory={in_memory}"] if in_memory is not None else [])
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, close_fds=True)
        self.pid = self.process.pid
        stdin, stdout = self.process.stdin, self.process.stdout
        assert stdin is not None and stdout is not None  # both are pipes (PIPE above)
        self._out = Connection(os.dup(stdin.fileno()), readable=False)
        self._in = Connection(os.dup(stdout.fileno()), writable=False)
        stdin.close()
        stdout.close()
        try:
            ready = self._in.poll(START_TIMEOUT) and self._in.recv()
        except (EOFError, OSError):
            ready = None
        if not ready or ready[0] != "ready":
            self.kill()
            raise WorkerFailed(f"query worker did not start: {ready[1] if ready else 'no answer'}")

    def alive(self) -> bool:
        return self.process.poll() is None

    def run(self, request: dict, deadline: float | None, sink) -> None:
        """Send one request, hand every message to ``sink``; kill the worker if ``deadline`` passes."""
        from occlink.exports.sparql.query import InputError, QueryStopped
        try:
            self._out.send(request)
        except OSError:
            self.kill()
            raise WorkerFailed("query worker is gone") from None
        while True:
            remaining = None if deadline is None else deadline - time.monotonic()
            try:
                ready = self._in.poll(max(0.0, remaining) if remaining is not None else None)
                message = self._in.recv() if ready else None
            except (EOFError, OSError):
                self.kill()
                raise QueryStopped("the query stopped its worker (over the memory limit?)") from None
            if message is None:
                self.kill()
                raise TimeoutError
            tag = message[0]
            if tag == "error":
                if message[1] == "input":
                    raise InputError(message[2])
                raise QueryStopped(f"query failed: {message[2]}")
            sink(message)
            if tag == "end":
                return

    def kill(self) -> None:
        """Stop the process now (SIGKILL: Oxigraph evaluation cannot be interrupted otherwise)."""
        for conn in (self._out, self._in):
            try:
                conn.close()
            except (OSError, AttributeError):
                pass
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()


class QueryPool:
    """Warm workers behind a bounded queue with a wait budget.

    ``block``: the constructor returns once every worker has started; otherwise at once, the workers
    starting in the background (``occlink serve`` listens meanwhile). ``in_memory``: each worker also
    loads the compiled dump into an in-memory store (``serving_store``) and answers from it once loaded."""

    def __init__(self, ns: Namespaces, size: int = 2, *, queue_limit: int = 64, wait: float = 20.0,
                 spares: int | None = None, memory_limit: int | None = MEMORY_LIMIT, preload_parser: bool = True,
                 context: Context | None = None, block: bool = True, in_memory: bool = False):
        from occlink.exports.dumps.compiled import open_store
        self.ns = ns
        self.size = size
        self.spares = size if spares is None else spares  # warm standbys: a killed worker is replaced at once
        self.queue_limit = queue_limit
        self.wait = wait
        self.memory_limit = memory_limit
        self.preload_parser = preload_parser  # False when every request carries the caller's inspection
        # built here when missing or stale (a damaged store is rebuilt), never in a worker
        checked, built = open_store(context if context is not None else ns)  # the run's decisions folder
        del checked
        self._store_path = built.store_path
        self._graph_iri = built.graph_iri
        self._dump = built.full_dump if in_memory else None
        self._idle: queue.Queue[QueryWorker] = queue.Queue()
        self._standby: list[QueryWorker] = []
        self._lock = threading.Lock()
        self._waiting = 0
        self._closed = False
        self.workers: dict[int, QueryWorker] = {}  # pid → worker, for inspection (tests, status)
        self.started = threading.Event()  # set once the first ``size`` workers have started (or failed to)
        if block:
            self._start_workers()
        else:  # requests arriving meanwhile wait for the first workers (``acquire``)
            threading.Thread(target=self._start_workers, name="occlink-pool-start", daemon=True).start()

    def _start_workers(self) -> None:
        """One serving worker first, alone; then the other serving workers; the warm standbys last: on a
        small or busy machine the first answer does not share the CPU with the other workers' start."""
        stages = ((min(1, self.size), False), (self.size - min(1, self.size), False), (self.spares, True))
        for number, (count, standby) in enumerate(stages):
            starters = [threading.Thread(target=self._add_worker, args=(standby,), daemon=True) for _ in range(count)]
            for thread in starters:
                thread.start()
            for thread in starters:
                thread.join()
            if number:
                self.started.set()

    def _add_worker(self, standby: bool = False) -> None:
        for attempt in range(5):
            if self._closed:
                return
            try:
                worker = QueryWorker(self._store_path, self._graph_iri, self.memory_limit, self.preload_parser,
                                     self._dump)
            except (WorkerFailed, OSError) as exc:
                print(f"occlink: {exc}; retrying", file=sys.stderr)
                time.sleep(1 + attempt)
                continue
            with self._lock:
                if self._closed:
                    worker.kill()
                    return
                self.workers[worker.pid] = worker
                if standby:
                    self._standby.append(worker)
                    return
            self._idle.put(worker)
            return

    def _replace(self, worker: QueryWorker) -> None:
        """Kill ``worker``; a warm standby takes its place at once and a new standby starts loading."""
        worker.kill()
        with self._lock:
            self.workers.pop(worker.pid, None)
            standby = self._standby.pop() if self._standby else None
        if standby is not None:
            self._idle.put(standby)
        threading.Thread(target=self._add_worker, args=(standby is not None,), name="occlink-worker-start",
                         daemon=True).start()

    def acquire(self, wait: float | None = None) -> QueryWorker:
        """A free worker: at once if one is idle, else after waiting in the bounded queue."""
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            pass
        while not self.started.is_set():  # still starting: the first workers are loading, not busy
            try:
                return self._idle.get(timeout=0.05)
            except queue.Empty:
                continue
        with self._lock:
            if self._waiting >= self.queue_limit:
                raise PoolBusy(f"{self._waiting} queries already waiting")
            self._waiting += 1
        try:
            return self._idle.get(timeout=self.wait if wait is None else wait)
        except queue.Empty:
            raise PoolBusy(f"no query worker free within {self.wait if wait is None else wait:g} s") from None
        finally:
            with self._lock:
                self._waiting -= 1

    def run(self, request: dict, budget, sink) -> None:
        """Run ``request`` on a free worker within ``budget.timeout`` seconds (from when it starts running)."""
        from occlink.exports.sparql.query import InputError, QueryStopped, QueryTimeout
        worker = self.acquire()
        if not worker.alive():
            self._replace(worker)
            worker = self.acquire()
        deadline = None if budget.timeout is None else time.monotonic() + budget.timeout
        healthy = False
        try:
            worker.run(request, deadline, sink)
            healthy = True
        except TimeoutError:
            raise QueryTimeout(f"query stopped: it exceeded the {budget.timeout:g} s time limit") from None
        except WorkerFailed as exc:
            raise QueryStopped(str(exc)) from None
        except QueryStopped:
            raise
        except InputError:
            healthy = True  # the worker refused the query and is ready for the next one
            raise
        # anything else (the sink failed, Ctrl-C) may leave unread messages in the pipe: start afresh
        finally:
            if healthy and worker.alive():
                self._idle.put(worker)
            else:
                self._replace(worker)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers = list(self.workers.values())
            self.workers.clear()
        for worker in workers:
            worker.kill()


# one pool per dataset: a run's context (base IRI, decisions folder, cache folder)
_pools: dict[Context, QueryPool] = {}
_pools_lock = threading.Lock()


def _as_context(source: Context | Namespaces) -> Context:
    return source if isinstance(source, Context) else Context(ns=source)


def shared_pool(source: Context | Namespaces) -> QueryPool:
    """The process-wide single-worker pool (``occlink query``, the Python API): one child, started once."""
    context = _as_context(source)
    with _pools_lock:
        pool = _pools.get(context)
        if pool is None:
            pool = _pools[context] = _single_pool(context)
            atexit.register(pool.close)
        return pool


def _single_pool(context: Context) -> QueryPool:
    # every request of the shared pool carries its caller's inspection: the worker needs no parser
    return QueryPool(context.ns, size=1, spares=0, queue_limit=1 << 16, wait=24 * 3600, preload_parser=False,
                     context=context)


def prestart_shared_pool(source: Context | Namespaces) -> None:
    """Start the shared pool's worker in the background when the compiled store is already fresh,
    so that its start overlaps the query's inspection; ``shared_pool`` then waits for it. Nothing
    starts when a build is due (a refused query must not pay for one)."""
    from occlink.exports.dumps.compiled import is_fresh
    context = _as_context(source)
    if context in _pools or not is_fresh(context):
        return
    holding = threading.Event()

    def start() -> None:
        with _pools_lock:
            holding.set()
            if context in _pools:
                return
            try:
                pool = _single_pool(context)
            except Exception:  # shared_pool tries again in the caller's thread and reports
                return
            _pools[context] = pool
            atexit.register(pool.close)

    threading.Thread(target=start, name="occlink-pool-start", daemon=True).start()
    holding.wait()


# --- the worker process ------------------------------------------------------------------------
def _exit_with_parent() -> None:
    """A worker busy evaluating never reads its stdin, so it would outlive a killed parent: watch for that."""
    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(1)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="occlink-parent-watch", daemon=True).start()


def _worker_main(store_path: str, graph_iri: str, memory_limit: int, preload_parser: bool = True,
                 dump: str | None = None) -> None:
    try:
        _serve_parent(store_path, graph_iri, memory_limit, preload_parser, dump)
    except (BrokenPipeError, ConnectionResetError):
        # the parent finished (a refused update, an answer already printed) before this worker got going:
        # nothing is left to tell it, and a traceback would land on the user's terminal
        os._exit(0)


def _serve_parent(store_path: str, graph_iri: str, memory_limit: int, preload_parser: bool,
                  dump: str | None = None) -> None:
    _exit_with_parent()
    inbox = Connection(os.dup(0), writable=False)
    outbox = Connection(os.dup(1), readable=False)
    os.dup2(2, 1)  # stray prints must not corrupt the message stream
    if memory_limit:
        import resource
        resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))
    from occlink.exports.sparql.query import InputError, evaluate, open_store, serving_store
    try:
        stores = [open_store(store_path)]  # the last one answers
        if preload_parser:  # the inspection's parser, loaded and run once before the first query (pyparsing's
            from rdflib.plugins.sparql.parser import parseQuery  # first parse takes ~0.1 s, later ones ~1 ms)
            parseQuery("ASK { ?s ?p ?o }")
    except Exception as exc:
        outbox.send(("failed", f"{type(exc).__name__}: {exc}"))
        return
    if dump:
        def load() -> None:
            try:  # below the answering thread's priority (Linux nices threads one by one): a query that
                # arrives during the load is not slowed by it on a busy machine
                os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)
            except (AttributeError, OSError):
                pass
            try:
                stores.append(serving_store(dump, graph_iri))
            except Exception as exc:  # (e.g. over the memory limit) the disk store keeps answering
                print(f"occlink: query worker keeps the on-disk store: {type(exc).__name__}: {exc}", file=sys.stderr)

        # Oxigraph's bulk load releases the GIL: the disk store answers until the memory store is complete
        threading.Thread(target=load, name="occlink-store-load", daemon=True).start()
    outbox.send(("ready", os.getpid()))
    while True:
        try:
            request = inbox.recv()
        except (EOFError, OSError):
            return  # the parent is gone
        try:
            for message in evaluate(stores[-1], request):
                outbox.send(message)
        except InputError as exc:
            outbox.send(("error", "input", str(exc)))
        except MemoryError:
            outbox.send(("error", "failed", "the query needs more memory than a worker may use"))
        except Exception as exc:
            outbox.send(("error", "failed", f"{type(exc).__name__}: {' '.join(str(exc).split())[:300]}"))


if __name__ == "__main__":
    _flags = sys.argv[4:]
    _worker_main(sys.argv[1], sys.argv[2], int(sys.argv[3]), "lazy-parser" not in _flags,
                 next((f.partition("=")[2] for f in _flags if f.startswith("memory=")), None))
