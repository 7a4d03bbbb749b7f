"""Batching across clients: the sentences of concurrent requests decoded together.

Each request hands its sentences to :meth:`Batcher.run` (from a worker thread of the server).
One dispatcher thread waits for a free decoding slot (one per translation worker), then takes
every job that came in meanwhile, or that comes within a short wait window, with the same
decoding options, up to ``max_texts`` sentences, and decodes them in one call of the
translator's pipeline. Under load the queue fills while the workers decode, so batches grow with
the number of clients. The window only applies while another batch is decoding: a request to an
idle server is decoded at once. A request past its deadline is
cancelled: its jobs are dropped before they are decoded and never hold up the others.
"""

from __future__ import annotations

import queue
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import CancelledError, Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import astuple, dataclass, field

from translit.translate.options import DecodingOptions
from translit.translate.records import SegmentTranslation

Decode = Callable[[list[str], DecodingOptions], list[SegmentTranslation]]


class Timeout(Exception):
    """A request's sentences were not translated before its deadline."""


@dataclass
class Ticket:
    """One request's claim on the batcher: its deadline (``time.monotonic()`` seconds; None: no
    limit) and whether it was cancelled (its client went away)."""

    deadline: float | None = None
    cancelled: threading.Event = field(default_factory=threading.Event)

    @classmethod
    def after(cls, seconds: float) -> Ticket:
        return cls(time.monotonic() + seconds)

    def remaining(self) -> float:
        return 3600.0 if self.deadline is None else max(0.0, self.deadline - time.monotonic())


@dataclass(frozen=True)
class BatchOptions:
    """``workers``: batches decoded at once (the translator's CTranslate2 workers);
    ``wait_ms``: how long the first job of a batch waits for others; ``max_texts``: sentences
    in one batch (a larger request is one batch of its own)."""

    workers: int = 1
    wait_ms: float = 5.0
    max_texts: int = 256


@dataclass
class _Job:
    texts: list[str]
    options: DecodingOptions
    future: Future = field(default_factory=Future)

    @property
    def key(self) -> tuple:
        return astuple(self.options)


@dataclass
class BatchStats:
    """What the batcher did since it started: batches decoded, sentences in them, the largest,
    jobs dropped because their request was cancelled."""

    batches: int = 0
    texts: int = 0
    largest: int = 0
    dropped: int = 0


class Batcher:
    """Gathers the sentences of concurrent requests into shared batches for ``decode``
    (:meth:`translit.Translator.run`)."""

    def __init__(self, decode: Decode, options: BatchOptions | None = None):
        self.decode = decode
        self.options = options or BatchOptions()
        self.stats = BatchStats()
        self._queue: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._slots = threading.Semaphore(self.options.workers)
        self._pool = ThreadPoolExecutor(self.options.workers, thread_name_prefix="translit-decode")
        self._closed = False
        self._running = 0  # batches being decoded
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._dispatch, name="translit-batcher", daemon=True)
        self._thread.start()

    # -- the client side -----------------------------------------------------------------
    def submit(self, texts: list[str], options: DecodingOptions) -> Future:
        """A future of the translations of ``texts`` (one per text)."""
        if self._closed:
            raise RuntimeError("the batcher is closed")
        job = _Job(list(texts), options)
        if not job.texts:
            job.future.set_result([])
        else:
            self._queue.put(job)
        return job.future

    def run(self, texts: list[str], options: DecodingOptions, ticket: Ticket | None = None) -> list[SegmentTranslation]:
        """Translate ``texts`` in a shared batch for the request ``ticket`` stands for: past its
        deadline, or once it is cancelled (the client went away), the job is dropped and
        :class:`Timeout` raised."""
        ticket = ticket or Ticket()
        future = self.submit(texts, options)
        while True:
            try:
                return future.result(timeout=min(0.1, ticket.remaining()))
            except FutureTimeout:
                if ticket.cancelled.is_set() or ticket.remaining() <= 0:
                    future.cancel()  # dropped if not yet decoding; if it is, its result is let go
                    raise Timeout("the request was cancelled" if ticket.cancelled.is_set() else
                                  f"not translated within the request's time limit ({len(texts)} sentences)") from None
            except CancelledError:
                raise Timeout("the request was cancelled") from None

    def pending(self) -> int:
        """Jobs waiting for a batch (roughly; for the health endpoint)."""
        return self._queue.qsize()

    def close(self) -> None:
        """Stop taking jobs; those queued are still decoded."""
        if not self._closed:
            self._closed = True
            self._queue.put(None)
            self._thread.join(timeout=30)
            self._pool.shutdown(wait=True)

    # -- the dispatcher --------------------------------------------------------------------
    def _dispatch(self) -> None:
        waiting: deque[_Job] = deque()
        stop = False
        while not (stop and not waiting):
            self._slots.acquire()  # a worker is free: the queue has been filling meanwhile
            if not waiting:
                job = self._queue.get()
                if job is None:
                    self._slots.release()
                    break
                waiting.append(job)
            stop = self._gather(waiting, wait=self._running > 0) or stop
            batch = self._take(waiting)
            if batch:
                with self._lock:
                    self._running += 1
                self._pool.submit(self._decode, batch)
            else:
                self._slots.release()

    def _gather(self, waiting: deque[_Job], wait: bool) -> bool:
        """Add the jobs that are queued, and when ``wait`` those that come within the wait
        window; True when told to stop."""
        deadline = time.monotonic() + (self.options.wait_ms / 1000 if wait else 0.0)
        while sum(len(j.texts) for j in waiting) < self.options.max_texts:
            try:
                job = self._queue.get(timeout=max(0.0, deadline - time.monotonic())) if time.monotonic() < deadline \
                    else self._queue.get_nowait()
            except queue.Empty:
                return False
            if job is None:
                return True
            waiting.append(job)
        return False

    def _take(self, waiting: deque[_Job]) -> list[_Job]:
        """The next batch: live jobs with the first job's options, whole, up to ``max_texts``
        sentences (at least one job); the others stay waiting, in order."""
        batch, kept, size, key = [], deque(), 0, None
        while waiting:
            job = waiting.popleft()
            if job.future.cancelled():
                self.stats.dropped += 1
                continue
            if key is None:
                key = job.key
            if job.key == key and (not batch or size + len(job.texts) <= self.options.max_texts):
                batch.append(job)
                size += len(job.texts)
            else:
                kept.append(job)
        waiting.extend(kept)
        return batch

    def _decode(self, batch: list[_Job]) -> None:
        try:
            live = [job for job in batch if job.future.set_running_or_notify_cancel()]
            self.stats.dropped += len(batch) - len(live)
            if not live:
                return
            texts = [t for job in live for t in job.texts]
            try:
                results = self.decode(texts, live[0].options)
            except BaseException as error:  # every waiting request hears of it
                for job in live:
                    job.future.set_exception(error)
                return
            self.stats.batches += 1
            self.stats.texts += len(texts)
            self.stats.largest = max(self.stats.largest, len(texts))
            at = 0
            for job in live:
                job.future.set_result(results[at:at + len(job.texts)])
                at += len(job.texts)
        finally:
            with self._lock:
                self._running -= 1
            self._slots.release()
