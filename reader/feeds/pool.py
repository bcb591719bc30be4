"""Parse feeds in worker processes, so feedparser (pure Python, bound to one core by the
GIL) can use every core during a big refresh.

:class:`ParsePool` has the signature of :func:`reader.feeds.parse.parse_feed`. The bytes
and headers go to a worker process and a :class:`reader.types.ParsedFeed` (frozen
dataclasses pickle fine) comes back, so feedparser's dicts still never leave the parser.
Anything the pool cannot do (it could not start, a worker died, a result did not
pickle) falls back to parsing in the calling thread: the pool only ever makes a refresh
faster, never different. A :class:`reader.errors.ParseError` from a worker is raised again
here with the same message.

Workers are started with ``spawn`` (never ``fork``: forking a process that runs threads,
such as a Qt application, can copy a held lock into the child and hang it).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Mapping
from concurrent.futures import ProcessPoolExecutor
from types import TracebackType
from typing import Any, TypeVar, cast

from ..errors import ParseError
from ..types import ParsedFeed
from .parse import parse_feed

T = TypeVar("T")

log = logging.getLogger(__name__)

WORKER_NICENESS = 5  # added to the workers' nice value (POSIX): lower priority than the app

# A feed smaller than this is parsed in the calling thread: sending it to another process
# and back costs more than it saves.
MIN_POOL_BYTES = 16 * 1024


def default_processes() -> int:
    """Worker processes worth starting on this machine (0: the machine has one core)."""
    cores = os.cpu_count() or 1
    return 0 if cores < 2 else min(cores, 4)


class _UrlMemo:
    """A bounded memo for one of feedparser's URL functions (pure functions of strings)."""

    MAX_ENTRIES = 2048
    MAX_CHARS = 1024  # longer arguments (hostile or odd) are not remembered

    def __init__(self, function: Callable[..., str]) -> None:
        self._function = function
        self._cache: dict[tuple[object, object], str] = {}

    def __call__(self, base: object, rel: object = None) -> str:
        if not (isinstance(base, str) and (rel is None or isinstance(rel, str))):
            return self._function(base, rel)
        if len(base) + len(rel or "") > self.MAX_CHARS:
            return self._function(base, rel)
        key = (base, rel)
        found = self._cache.get(key)
        if found is None:
            if len(self._cache) >= self.MAX_ENTRIES:
                self._cache.clear()
            found = self._cache[key] = self._function(base, rel)
        return found


# How often a worker looks whether the app that started it is still there.
PARENT_CHECK_SECONDS = 0.25


def _watch_parent(parent: int) -> None:
    """Exit as soon as the process that started this worker is gone. A killed app (SIGKILL,
    a crash, a power-off of its session) cannot close its pool, and its workers would
    parse on for nobody. (Not prctl's parent-death signal: that fires when the *thread*
    that started the worker ends, and refreshes start pools from short-lived threads.)"""
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(0)


def _init_worker(parent: int | None = None) -> None:
    """Runs once in each worker process, before any feed.

    feedparser joins the base address with every element's base, and resolves every
    link, through two pure functions: a feed of 50 items calls them ~700 times, mostly
    with the same arguments (the feed's own address). Remembering their results saves
    ~15% of a parse; the results are the same. Done only here: these processes parse
    feeds and nothing else, so no other code sees the change. ``parent`` is the app's
    process id: the worker exits within :data:`PARENT_CHECK_SECONDS` of its death.
    """
    if parent is not None:
        threading.Thread(target=_watch_parent, args=(parent,), name="gloss-parent-watch", daemon=True).start()
    if hasattr(os, "nice"):
        # Parsing is batch work: on a machine of two cores, the window's process (and the
        # reader scrolling in it) must win the CPU from the workers starting up and parsing.
        os.nice(WORKER_NICENESS)
    import feedparser.mixin
    import feedparser.sanitizer

    feedparser.mixin.make_safe_absolute_uri = _UrlMemo(feedparser.mixin.make_safe_absolute_uri)
    feedparser.mixin._urljoin = _UrlMemo(feedparser.mixin._urljoin)
    feedparser.sanitizer.make_safe_absolute_uri = _UrlMemo(feedparser.sanitizer.make_safe_absolute_uri)


def _parse_in_worker(body: bytes, url: str, headers: dict[str, str]) -> ParsedFeed | tuple[str, str]:
    """Runs in a worker process. A ParseError comes back as ``("parse", message)``: an
    exception with keyword-only arguments does not survive pickling."""
    try:
        return parse_feed(body, url=url, headers=headers)
    except ParseError as exc:
        return ("parse", str(exc))
    except Exception as exc:  # reported as a value; the caller parses again in-thread
        return ("internal", f"{type(exc).__name__}: {exc}")


def _ready() -> bool:
    return True


def _call_in_worker(function: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[str, Any]:
    """Runs in a worker process: ``("ok", result)``, or ``("error", what it raised)`` in words
    (not every exception survives pickling)."""
    try:
        return ("ok", function(*args, **kwargs))
    except Exception as exc:
        return ("error", f"{type(exc).__name__}: {exc}")


class ParsePool:
    """Parses feeds in ``processes`` worker processes (started lazily, on first use).

    Thread-safe: refresh workers call :meth:`parse` concurrently. Use as a context manager,
    or call :meth:`close`. A feed under ``min_bytes`` is parsed in the calling thread.
    """

    def __init__(self, processes: int, *, min_bytes: int = MIN_POOL_BYTES) -> None:
        self.processes = processes
        self.min_bytes = min_bytes
        self._lock = threading.Lock()
        self._executor: ProcessPoolExecutor | None = None
        self._broken = processes < 1
        self.parsed_in_pool = 0  # counted for tests and benchmarks
        self.called_in_pool = 0

    def parse(self, body: bytes, *, url: str, headers: Mapping[str, str] | None = None) -> ParsedFeed:
        """Like :func:`reader.feeds.parse.parse_feed`."""
        executor = self._ensure() if len(body) >= self.min_bytes else None
        if executor is None:
            return parse_feed(body, url=url, headers=headers)
        try:
            outcome = executor.submit(_parse_in_worker, body, url, dict(headers or {})).result()
        except Exception as exc:  # BrokenProcessPool, pickling, shutdown: parse here instead
            log.warning("the parse pool failed (%s: %s); parsing in-process", type(exc).__name__, exc)
            self._mark_broken()
            return parse_feed(body, url=url, headers=headers)
        if isinstance(outcome, ParsedFeed):
            with self._lock:
                self.parsed_in_pool += 1
            return outcome
        kind, message = outcome
        if kind == "parse":
            raise ParseError(message, url=url)
        # Not a ParseError: parse again here so the error surfaces exactly as without a pool.
        return parse_feed(body, url=url, headers=headers)

    def call(self, function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """``function(*args, **kwargs)`` in a worker process, or in the calling thread when the
        pool cannot run. For CPU-heavy work that would otherwise hold the window's interpreter
        (extracting an article): ``function`` is a module-level function (it is pickled by
        name). What it raises in a worker comes back as a RuntimeError saying what it was."""
        executor = self._ensure()
        if executor is None:
            return function(*args, **kwargs)
        try:
            kind, value = executor.submit(_call_in_worker, function, args, kwargs).result()
        except Exception as exc:  # BrokenProcessPool, pickling, shutdown: run it here instead
            log.warning("the worker pool failed (%s: %s); working in-process", type(exc).__name__, exc)
            self._mark_broken()
            return function(*args, **kwargs)
        if kind != "ok":
            raise RuntimeError(value)
        with self._lock:
            self.called_in_pool += 1
        return cast(T, value)

    def start(self) -> bool:
        """Start the worker processes now rather than on the first big feed (starting one
        costs ~0.3 s of CPU; an app does it while the user reads, not when a refresh
        begins). Returns False when the pool cannot run (feeds are then parsed in-process)."""
        executor = self._ensure()
        if executor is None:
            return False
        try:
            # One job per process at once: each finds no idle worker and starts one.
            for future in [executor.submit(_ready) for _ in range(self.processes)]:
                future.result()
        except Exception as exc:  # the same failures parse() falls back from
            log.warning("the parse pool did not start (%s: %s); parsing in-process", type(exc).__name__, exc)
            self._mark_broken()
            return False
        return True

    @property
    def closed(self) -> bool:
        return self._broken

    def _ensure(self) -> ProcessPoolExecutor | None:
        with self._lock:
            if self._broken:
                return None
            if self._executor is None:
                try:
                    self._executor = ProcessPoolExecutor(
                        self.processes,
                        mp_context=multiprocessing.get_context("spawn"),
                        initializer=_init_worker,
                        initargs=(os.getpid(),),
                    )
                except (OSError, ValueError, RuntimeError) as exc:
                    log.warning("could not start the parse pool (%s); parsing in-process", exc)
                    self._broken = True
                    return None
            return self._executor

    def _mark_broken(self) -> None:
        with self._lock:
            self._broken = True
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        """Stop the worker processes (waits for them, so none is left behind)."""
        with self._lock:
            executor, self._executor = self._executor, None
            self._broken = True
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> ParsePool:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
