"""Corpus jobs on Ray: Ray Data maps the pending shards over an actor pool of translators (one
model load per actor), and the driver commits each translated shard as it comes back
(:mod:`translit.distributed.plan`), so a killed job resumes where it stopped. An actor that dies
is restarted by Ray and its shard retried; a shard with bad input comes back as an error naming
its line, and the other shards go on."""

from __future__ import annotations

import logging
import os
import signal
import threading
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from translit.distributed.plan import JobState, plan, shard_lines_of
from translit.distributed.shard import WorkerSpec, decode_lines, split_blob, translate_shard
from translit.errors import InputError
from translit.translate.translator import BATCH_LINES



@dataclass(frozen=True)
class RayOptions:
    """``address``: None starts a local Ray for the job; ``auto`` joins the cluster this machine
    is part of (``ray start``); ``HOST:PORT`` a given one. ``actors``: translators in the pool;
    ``shard_lines``: lines per shard (the unit of work, of commit and of resume), rounded up to
    a multiple of :data:`BATCH_LINES`, the lines the local engine translates together: shards
    then hold the same batches as a local run, and so give the same text byte for byte
    (CTranslate2's results depend slightly on what a batch holds)."""

    address: str | None = None
    actors: int = 2
    shard_lines: int = 10_000


@dataclass
class ShardResult:
    index: int
    lines: int
    error: str | None = None


@dataclass
class RayJobResult:
    shards: int
    shards_done_before: int
    lines: int  # lines translated in this run
    seconds: float
    outputs: list[Path] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


class ShardTranslator:
    """The actor: one Translator for its life, one shard per call."""

    def __init__(self, spec: WorkerSpec):
        self.spec = spec
        self.translator = spec.translator()

    def translate(self, index: int, where: str, start: int, blob: bytes) -> tuple[str, str | None]:
        """(output text, None), or ("", the error) when the shard's input is bad."""
        where = f"{where} (shard {index})"
        try:
            lines = decode_lines(split_blob(blob), where, start)
            return translate_shard(self.translator, self.spec, lines, start, where), None
        except InputError as error:
            return "", str(error)

    def __call__(self, batch: dict) -> dict:
        out = {"shard": [], "output": [], "error": [], "lines": []}
        for index, where, start, lines, blob in zip(batch["shard"], batch["where"], batch["start"], batch["lines"], batch["blob"]):
            text, error = self.translate(int(index), str(where), int(start), bytes(blob))
            out["shard"].append(int(index))
            out["output"].append(text)
            out["error"].append(error or "")
            out["lines"].append(int(lines))
        return out


def _quiet_ray() -> None:
    """Ray's own notices off the terminal (its errors still show)."""
    for name in ("ray", "ray.data"):
        logging.getLogger(name).setLevel(logging.ERROR)


def _start_ray(options: RayOptions, spec: WorkerSpec):
    try:
        import ray
    except ImportError:
        raise InputError("--engine ray needs Ray: pip install 'translit[ray]'") from None
    _quiet_ray()
    if not ray.is_initialized():
        handler = signal.getsignal(signal.SIGTERM)  # ray.init puts its own in; the caller's stays
        if options.address:
            ray.init(address=options.address, logging_level=logging.ERROR, log_to_driver=False)
        else:  # a local Ray for this job, with room for every actor
            cpus = max(os.cpu_count() or 1, options.actors * spec.threads * spec.workers)
            ray.init(num_cpus=cpus, include_dashboard=False, logging_level=logging.ERROR, log_to_driver=False)
        if threading.current_thread() is threading.main_thread() and handler is not None:
            signal.signal(signal.SIGTERM, handler)
    import ray.data

    _quiet_ray()  # again: Ray Data sets up its logging when imported
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False
    context.print_on_execution_start = False
    return ray


class RayJob:
    """Translate ``source`` (a file, glob or folder) into ``output`` (a file; a folder for a glob
    or folder) on Ray. ``settings``: what the output depends on besides the input (recorded in
    the manifest; a resume with others is refused). ``actor``: the actor class (a
    :class:`ShardTranslator`)."""

    def __init__(self, source: str, output: Path, spec: WorkerSpec, options: RayOptions | None = None, resume: bool = False,
                 settings: dict | None = None, actor: type = ShardTranslator):
        self.source, self.output, self.spec = source, Path(output), spec
        self.options = options or RayOptions()
        self.resume, self.actor = resume, actor
        self.shard_lines = -(-self.options.shard_lines // BATCH_LINES) * BATCH_LINES
        self.settings = {"spec": asdict(spec), "shard_lines": self.shard_lines, **(settings or {})}
        self.state = JobState(self.output)
        self.files, self.shards, self.to_folder = plan(source, self.shard_lines)
        if self.to_folder and self.output.is_file():
            raise InputError(f"{source} holds several files: -o must be a folder, not the file {output}")
        if not self.to_folder and self.output.is_dir():
            raise InputError(f"output is a directory: {output} (a file input writes one file)")
        self.result = RayJobResult(len(self.shards), 0, 0, 0.0)
        self._done: set[int] = set()

    def total_lines(self) -> int:
        return sum(s.end - s.start for s in self.shards)

    def pending_lines(self) -> int:
        return sum(s.end - s.start for s in self.shards if s.index not in self._done)

    def prepare(self) -> int:
        """Make the state ready; the number of lines left to translate."""
        self._done = self.state.start(self.state.manifest(self.files, self.shards, self.settings), self.resume)
        self.result.shards_done_before = len(self._done)
        return self.pending_lines()

    def _items(self) -> list[dict]:
        wanted = {s.index for s in self.shards} - self._done
        return [{"shard": shard.index, "where": self.files[shard.file].path, "start": shard.start, "lines": shard.end - shard.start,
                 "blob": b"".join(lines)} for shard, lines in shard_lines_of(self.files, self.shards, wanted)]

    def run(self) -> Iterator[ShardResult]:
        """Translate the pending shards; yields each as it is committed (or fails). When every
        shard is done, the outputs are put together and the state removed."""
        started = time.perf_counter()
        items = self._items()
        if items:
            ray = _start_ray(self.options, self.spec)
            # Ray Data restarts an actor that dies and retries its shard on another
            dataset = ray.data.from_items(items, override_num_blocks=len(items)).map_batches(
                self.actor, fn_constructor_args=(self.spec,), batch_size=1,
                # one shard at a time per actor: a queue on a busy actor would leave another idle
                compute=ray.data.ActorPoolStrategy(size=min(self.options.actors, len(items)), max_tasks_in_flight_per_actor=1),
                num_cpus=self.spec.threads * self.spec.workers,
            )
            for row in dataset.iter_rows():
                if row["error"]:
                    self.result.errors.append(row["error"])
                    yield ShardResult(row["shard"], row["lines"], row["error"])
                    continue
                self.state.commit(row["shard"], row["output"])
                self.result.lines += row["lines"]
                yield ShardResult(row["shard"], row["lines"])
        self.result.seconds = round(time.perf_counter() - started, 2)
        if not self.result.errors:
            self.result.outputs = self.state.assemble(self.files, self.shards, self.to_folder)
