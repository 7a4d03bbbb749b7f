"""Resumable file jobs: translate an input line by line into an output, surviving a kill.

While a job runs, its output grows in ``OUTPUT.partial`` (flushed and fsynced every few dozen
lines) beside a sidecar ``OUTPUT.partial.json`` that records what the partial belongs to (input,
settings); the finished output replaces ``OUTPUT`` atomically. A job rerun with ``resume`` cuts
a torn last line off the partial, skips the input lines already done and goes on; a partial
made from another input or other settings is refused rather than continued. Every front end
(the CLI, a server's batch endpoint, distributed jobs) runs file jobs through here.
"""

from __future__ import annotations

import json
import os
import re
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from itertools import islice
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TextIO

from translit.errors import InputError
from translit.formats.texts import plan as plan_text
from translit.translate.options import DecodingOptions
from translit.translate.partial import EMPTY_DIGEST, InputDigest, complete_records, cut_lines, read_sidecar
from translit.translate.records import LineTranslation
from translit.translate.translator import BATCH_LINES
from translit.util.files import atomic_write_text, is_special, mode_for, open_stream, output_target, stream_fd
from translit.util.jsonl import json_line
from translit.util.lines import check_readable, is_stdin, iter_lines
from translit.util.locks import OutputLock

__all__ = ["FileJob", "InputDigest", "complete_records", "cut_lines", "read_sidecar", "render_line",
           "run_job", "run_record_job", "translated_records", "translation_settings"]

SYNC_EVERY = BATCH_LINES  # lines between flushes to disk of a partial output: a batch, so a resume starts one


@dataclass
class FileJob:
    """Translate ``source`` (a path, or ``-`` for stdin) into ``output`` (None: a stream the
    caller gives). ``settings``: what the output depends on besides the input (model, format,
    decoding), recorded beside a partial so that a resume with other settings is refused.

    The sidecar is JSON Lines: the record of what the partial belongs to, then one line per
    batch written and synced to disk (units done, a digest of the input units they came from).
    A resume cuts the partial back to the last such batch end it still holds whole, and checks
    the input's first units against that digest, so that batches (and so the bytes) are the
    same as an uninterrupted run's, and another input (stdin included) is refused."""

    source: str | Path | None
    output: Path | None = None
    resume: bool = False
    settings: dict = field(default_factory=dict)
    # how many units (lines; a record format's records) a partial holds, cut back to at most
    # ``limit`` and a torn tail cut off: ``count_done(path, limit)``
    count_done: Callable[..., int] | None = None
    _done: int | None = field(default=None, init=False, repr=False)
    _digest: str = field(default="", init=False, repr=False)
    _lock: OutputLock | None = field(default=None, init=False, repr=False)
    # texts with Urdu words whose translation kept no word (reported by the front end)
    dropped: list[str] = field(default_factory=list, init=False, repr=False)

    @property
    def direct(self) -> bool:
        """The output is a device, FIFO or this process's own stream (/dev/null, /dev/stdout, a
        pipe): written through, never replaced, with no partial beside it (and so no resume)."""
        return self.output is not None and (stream_fd(self.output) is not None or is_special(self.output))

    @property
    def partial(self) -> Path | None:
        if self.output is None or self.direct:
            return None
        target = output_target(self.output)
        return target.with_name(target.name + ".partial")

    @property
    def sidecar(self) -> Path | None:
        partial = self.partial
        return partial.with_name(partial.name + ".json") if partial is not None else None

    def check(self) -> None:
        """Fail before any model loads: unreadable input, resume without an output, an output
        folder that cannot be made, an input that is the job's own partial, an output another
        job is writing (the lock is held from here to the end of the job)."""
        if self.resume and self.output is None:
            raise InputError("--resume needs -o/--output: it continues the file written there")
        check_readable(self.source)
        if self.resume and self.direct:
            raise InputError(f"--resume needs a file to continue; {self.output} is a device or pipe")
        if self.output is None or self.direct:
            return
        if self.output.is_dir():
            raise InputError(f"output is a directory: {self.output}")
        self.output.parent.mkdir(parents=True, exist_ok=True)
        target = output_target(self.output)
        if not target.parent.is_dir():
            raise InputError(f"{self.output} is a link to {target}, whose folder does not exist")
        if not is_stdin(self.source):
            for own in (self.partial, self.sidecar, self._lock_path()):
                if own.exists() and os.path.samefile(self.source, own):
                    raise InputError(f"{self.source} is this job's own {own.suffix.lstrip('.') or 'file'} file, not an input")
        if self._lock is None:
            self._lock = OutputLock(self._lock_path(), str(self.output))
            self._lock.acquire()

    def _lock_path(self) -> Path:
        return self.partial.with_name(self.partial.name + ".lock")

    def _record(self) -> dict:
        """What the partial belongs to: the input (a resolved path, or stdin) and the settings."""
        source = "-" if is_stdin(self.source) else str(Path(self.source).resolve())
        return {"source": source, "settings": self.settings, "sidecar": 2}

    def start(self) -> int:
        """Make the partial output ready (once); the number of input units already done (0
        unless resuming): always the end of a batch the partial holds whole."""
        if self._done is None:
            self.check()
            try:
                self._done = self._start()
            except BaseException:
                self.release()
                raise
        return self._done

    def _start(self) -> int:
        if self.partial is None:
            return 0
        if not self.resume or not self.partial.exists():
            self.partial.unlink(missing_ok=True)
            self.partial.write_bytes(b"")
            os.chmod(self.partial, mode_for(output_target(self.output)))  # the finished output keeps the old one's mode
            atomic_write_text(self.sidecar, json.dumps(self._record(), ensure_ascii=False) + "\n")
            return 0
        record, marks = read_sidecar(self.sidecar, self.partial)
        if record != self._record():
            raise InputError(f"{self.partial} was started from other input or settings; rerun without --resume to start again")
        held = (self.count_done or cut_lines)(self.partial, None)
        done, digest = max(((n, d) for n, d in marks if n <= held), default=(0, EMPTY_DIGEST))
        (self.count_done or cut_lines)(self.partial, done)
        self._digest = digest
        return done

    def verify(self, skipped_digest: str) -> None:
        """Refuse to go on when the input's first units are not those the partial was made from."""
        if self._digest and skipped_digest != self._digest:
            raise InputError(f"the input is not the one {self.partial} was made from (its first {self._done} units differ); "
                             "rerun without --resume to start again")

    def mark(self, done: int, digest: str) -> None:
        """Record that the partial holds ``done`` units, synced, made from input units of ``digest``."""
        if self.sidecar is not None:
            with self.sidecar.open("a", encoding="utf-8") as f:
                f.write(json.dumps({"done": done, "input": digest}) + "\n")
                f.flush()
                os.fsync(f.fileno())

    def finish(self) -> None:
        if self.partial is not None:
            os.replace(self.partial, output_target(self.output))
            self.sidecar.unlink(missing_ok=True)
        self.release()

    def release(self) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None


def translation_settings(translator, options: DecodingOptions, fmt: str, align: str | None = None) -> dict:
    """What a translated file depends on besides its input: the model's weights, the decoding
    settings, the glossary, the output format and the word links (a job's ``settings``)."""
    return {"model": translator.folder.digest(), "format": fmt, "options": asdict(options),
            "glossary": translator.glossary.digest(), "align": align}


def _open_sink(job: FileJob, stream: TextIO | None) -> TextIO | None:
    if job.partial is not None:
        return job.partial.open("a", encoding="utf-8", newline="")
    if job.output is not None and (fd := stream_fd(job.output)) is not None:
        return open_stream(fd)
    if job.direct:
        return open(job.output, "w", encoding="utf-8", newline="")  # noqa: SIM115 (closed by the caller)
    return stream


def run_record_job(
    translate_lines: Callable[..., Iterator[LineTranslation]],
    job: FileJob,
    fmt,
    options: DecodingOptions,
    stream: TextIO | None = None,
    batch_records: int = BATCH_LINES,
) -> Iterator[int]:
    """Run ``job`` on a record format (:mod:`translit.formats`): each record's texts translated
    (as lines: sentences split, spans kept) and put back in place, every other byte as it was;
    yields the number of each record once written (the job's ``count_done`` must count ``fmt``'s
    records: :func:`complete_records`)."""
    done = job.start()
    records = fmt.records(iter_lines(job.source, keep_ends=True))
    digest = _skip_done(job, records, done, lambda record: record.source, "records")
    number = done
    with _writing(job, stream) as sink:
        for text, last_of_batch, source in translated_records(translate_lines, records, options, batch_records, job.dropped):
            sink.write(text)
            digest.add(source)
            if last_of_batch:
                _synced(job, sink, number + 1, digest)
            yield number
            number += 1
    job.finish()


def _skip_done(job: FileJob, units: Iterator, done: int, raw: Callable, what: str) -> "InputDigest":
    """Read past the ``done`` input units a resumed partial holds, checking them against its
    record; the running digest of the input, to go on with."""
    digest = InputDigest()
    for _ in range(done):
        unit = next(units, None)
        if unit is None:
            raise InputError(f"{job.partial} holds more {what} than the input; rerun without --resume to start again")
        digest.add(raw(unit))
    job.verify(digest.hexdigest())
    return digest


def _synced(job: FileJob, sink: TextIO, done: int, digest: "InputDigest") -> None:
    """A batch's end: the partial on disk, then its mark in the record."""
    if job.partial is not None:
        sink.flush()
        os.fsync(sink.fileno())
        job.mark(done, digest.hexdigest())


@contextmanager
def _writing(job: FileJob, stream: TextIO | None) -> Iterator[TextIO]:
    """The job's sink, flushed at the end; a job that fails or is stopped lets go of its output
    (and a full disk's error names the partial)."""
    sink = _open_sink(job, stream)
    try:
        yield sink
        sink.flush()
        if job.partial is not None:
            os.fsync(sink.fileno())
    except OSError as exc:
        job.release()
        if exc.filename is None and job.partial is not None:
            raise OSError(exc.errno, exc.strerror or str(exc), str(job.partial)) from None
        raise
    except BaseException:
        job.release()
        raise
    finally:
        if sink is not stream:
            sink.close()


def translated_records(
    translate_lines: Callable[..., Iterator[LineTranslation]], records: Iterator, options: DecodingOptions,
    batch_records: int = BATCH_LINES, dropped: list[str] | None = None,
) -> Iterator[tuple[str, bool, str]]:
    """Each record's text with its translations in place, whether it ends a batch of
    ``batch_records`` (translated together), and the record as read (a record whose every text
    came back as it went out is written as read, byte for byte: escapes, wrapping and all). A text with Urdu words whose
    translation kept no word at all ("50 روپے" → "50.") is added to ``dropped``: it is reported,
    never silently lost."""
    while batch := list(islice(records, batch_records)):
        plans = [[plan_text(t) for t in r.texts] for r in batch]  # no Urdu: not translated; line breaks kept
        texts = [w for record_plans in plans for wanted, _ in record_plans for w in wanted]
        translated = [t.translation for t in translate_lines(texts, options)] if texts else []
        if dropped is not None:
            dropped += [text for text, english in zip(texts, translated) if _lost_words(text, english)]
        it = iter(translated)
        for k, (record, record_plans) in enumerate(zip(batch, plans)):
            got = [[next(it) for _ in wanted] for wanted, _ in record_plans]
            if record.source and all(g == wanted for g, (wanted, _) in zip(got, record_plans)):
                yield record.source, k == len(batch) - 1, record.source  # nothing changed: the bytes as read
                continue
            outs = [rebuild(g) for g, (_, rebuild) in zip(got, record_plans)]
            yield record.rebuild(outs), k == len(batch) - 1, record.source


_WORD = re.compile(r"[^\W\d_]{2,}")


def _lost_words(source: str, english: str) -> bool:
    """Urdu words in, not one word out (numbers and punctuation only, or nothing)."""
    return _WORD.search(source) is not None and _WORD.search(english) is None


def run_job(
    translate_lines: Callable[..., Iterator[LineTranslation]],
    job: FileJob,
    options: DecodingOptions,
    render: Callable[[LineTranslation], str],
    stream: TextIO | None = None,
    keep_ends: bool = False,
) -> Iterator[LineTranslation]:
    """Run ``job`` with ``translate_lines`` (a :meth:`Translator.translate_lines`), writing each
    line ``render`` makes to the job's output (or to ``stream`` when it has none); yields each
    line's translation once written, numbered from the first line of the input. Each output line
    ends in ``\\n``, or (``keep_ends``: text out) as its input line ended (``\\r\\n``, ``\\n``, or
    nothing for a last line without one)."""
    done = job.start()
    ends: deque[str] = deque()
    lines = _bodies(iter_lines(job.source, keep_ends=True), ends)
    digest = _skip_done(job, lines, done, lambda line: line, "lines")
    for _ in range(done):
        ends.popleft()
    with _writing(job, stream) as sink:
        for result in translate_lines(lines, options, start=done):
            end = ends.popleft()
            sink.write(render(result) + (end if keep_ends else "\n"))
            digest.add(result.source)
            if result.index % SYNC_EVERY == SYNC_EVERY - 1:
                _synced(job, sink, result.index + 1, digest)
            yield result
    job.finish()


def _bodies(lines: Iterator[str], ends: deque[str]) -> Iterator[str]:
    """Each line without its end; the ends go to ``ends`` in order (read ahead of the writer)."""
    for line in lines:
        body = line.rstrip("\r\n")
        ends.append(line[len(body):])
        yield body


def render_line(result: LineTranslation, fmt: str, links: list[str] | None = None) -> str:
    """One output line: the translation (``text``), or (``jsonl``) a JSON object with the source,
    the translation and every sentence with its span, scores, terms and (when given) word links."""
    if fmt == "text":
        return result.translation
    sentences = [asdict(s) for s in result.sentences]
    for sentence, pharaoh in zip(sentences, links or []):
        sentence["links"] = pharaoh
    return json_line({"line": result.index, "source": result.source, "translation": result.translation, "sentences": sentences})
