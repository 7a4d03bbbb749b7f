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
from collections.abc import Callable, Iterator
from itertools import islice
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TextIO

from translit.errors import InputError
from translit.translate.options import DecodingOptions
from translit.translate.records import LineTranslation
from translit.translate.translator import BATCH_LINES
from translit.util.files import atomic_write_text, is_special, mode_for, output_target
from translit.util.jsonl import json_line
from translit.util.lines import check_readable, is_stdin, iter_lines

SYNC_EVERY = 64  # lines between flushes to disk of a partial output


@dataclass
class FileJob:
    """Translate ``source`` (a path, or ``-`` for stdin) into ``output`` (None: a stream the
    caller gives). ``settings``: what the output depends on besides the input (model, format,
    decoding), recorded beside a partial so that a resume with other settings is refused."""

    source: str | Path | None
    output: Path | None = None
    resume: bool = False
    settings: dict = field(default_factory=dict)
    # how many units (lines; a record format's records) a partial holds, a torn tail cut off
    count_done: Callable[[Path], int] | None = None
    _done: int | None = field(default=None, init=False, repr=False)

    @property
    def direct(self) -> bool:
        """The output is a device or FIFO (/dev/null, /dev/stdout, a pipe): written through, never
        replaced, with no partial beside it (and so no resume)."""
        return self.output is not None and is_special(self.output)

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
        folder that cannot be made."""
        if self.resume and self.output is None:
            raise InputError("--resume needs -o/--output: it continues the file written there")
        check_readable(self.source)
        if self.resume and self.direct:
            raise InputError(f"--resume needs a file to continue; {self.output} is a device or pipe")
        if self.output is not None and not self.direct:
            if self.output.is_dir():
                raise InputError(f"output is a directory: {self.output}")
            self.output.parent.mkdir(parents=True, exist_ok=True)

    def _record(self) -> dict:
        """What the partial belongs to: the input (path, and size and time of a regular file) and the settings."""
        if is_stdin(self.source):
            return {"source": "-", "settings": self.settings}
        path = Path(self.source).resolve()
        record = {"source": str(path), "settings": self.settings}
        if path.is_file():
            info = path.stat()
            record |= {"size": info.st_size, "mtime_ns": info.st_mtime_ns}
        return record

    def start(self) -> int:
        """Make the partial output ready (once); the number of input lines already done (0 unless resuming)."""
        if self._done is None:
            self._done = self._start()
        return self._done

    def _start(self) -> int:
        if self.partial is None:
            return 0
        if not self.resume or not self.partial.exists():
            self.partial.unlink(missing_ok=True)
            self.partial.write_bytes(b"")
            os.chmod(self.partial, mode_for(output_target(self.output)))  # the finished output keeps the old one's mode
            atomic_write_text(self.sidecar, json.dumps(self._record(), ensure_ascii=False))
            return 0
        if not self.sidecar.exists():
            raise InputError(f"{self.partial} has no record of what it was made from; rerun without --resume to start again")
        recorded = json.loads(self.sidecar.read_text(encoding="utf-8"))
        if recorded != self._record():
            raise InputError(f"{self.partial} was started from other input or settings; rerun without --resume to start again")
        return (self.count_done or complete_lines)(self.partial)

    def finish(self) -> None:
        if self.partial is not None:
            os.replace(self.partial, output_target(self.output))
            self.sidecar.unlink(missing_ok=True)


def translation_settings(translator, options: DecodingOptions, fmt: str, align: str | None = None) -> dict:
    """What a translated file depends on besides its input: the model's weights, the decoding
    settings, the glossary, the output format and the word links (a job's ``settings``)."""
    return {"model": translator.folder.digest(), "format": fmt, "options": asdict(options),
            "glossary": translator.glossary.digest(), "align": align}


def complete_lines(path: Path) -> int:
    """Lines fully written to a partial output; a torn last line is cut off."""
    if not path.exists():
        return 0
    lines = keep = offset = 0
    with path.open("r+b") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            lines += block.count(b"\n")
            last = block.rfind(b"\n")
            if last >= 0:
                keep = offset + last + 1
            offset += len(block)
        if keep != offset:
            f.truncate(keep)
    return lines


def complete_records(path: Path, fmt, source=None) -> int:
    """Records of ``fmt`` fully written to a partial output; a torn last record is cut off. A
    format whose records span several units (subtitles: a group of cues) says how many each
    record of the input ``source`` holds (``fmt.sizes``); the partial is cut back to a record's end."""
    complete_lines(path)
    with path.open("r", encoding="utf-8", newline="") as f:
        units = [len(unit.encode("utf-8")) for unit in fmt.units(iter(f.readline, ""))]
    count, keep = len(units), sum(units)
    if hasattr(fmt, "sizes"):
        count = kept_units = 0
        for size in fmt.sizes(iter_lines(source, keep_ends=True)):
            if kept_units + size > len(units):
                break
            kept_units += size
            count += 1
        keep = sum(units[:kept_units])
    with path.open("r+b") as f:
        f.truncate(keep)
    return count


def _open_sink(job: FileJob, stream: TextIO | None) -> TextIO | None:
    if job.partial is not None:
        return job.partial.open("a", encoding="utf-8", newline="")
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
    for _ in range(done):
        if next(records, None) is None:
            raise InputError(f"{job.partial} holds more records than the input; rerun without --resume to start again")
    sink = _open_sink(job, stream)
    number = done
    try:
        for text, last_of_batch in translated_records(translate_lines, records, options, batch_records):
            sink.write(text)
            yield number
            number += 1
            if last_of_batch and job.partial is not None:
                sink.flush()
                os.fsync(sink.fileno())
        sink.flush()
    finally:
        if sink is not stream:
            sink.close()
    job.finish()


def translated_records(
    translate_lines: Callable[..., Iterator[LineTranslation]], records: Iterator, options: DecodingOptions, batch_records: int = BATCH_LINES
) -> Iterator[tuple[str, bool]]:
    """Each record's text with its translations in place (and whether it ends a batch of
    ``batch_records``, translated together)."""
    while batch := list(islice(records, batch_records)):
        texts = [t for r in batch for t in r.texts]
        translated = iter([t.translation for t in translate_lines(texts, options)])
        for k, record in enumerate(batch):
            yield record.rebuild([next(translated) for _ in record.texts]), k == len(batch) - 1


def run_job(
    translate_lines: Callable[..., Iterator[LineTranslation]],
    job: FileJob,
    options: DecodingOptions,
    render: Callable[[LineTranslation], str],
    stream: TextIO | None = None,
) -> Iterator[LineTranslation]:
    """Run ``job`` with ``translate_lines`` (a :meth:`Translator.translate_lines`), writing each
    line ``render`` makes to the job's output (or to ``stream`` when it has none); yields each
    line's translation once written, numbered from the first line of the input."""
    done = job.start()
    lines = iter_lines(job.source)
    for _ in range(done):
        if next(lines, None) is None:
            raise InputError(f"{job.partial} holds more lines than the input; rerun without --resume to start again")
    sink = _open_sink(job, stream)
    try:
        for result in translate_lines(lines, options, start=done):
            sink.write(render(result) + "\n")
            if job.partial is not None and result.index % SYNC_EVERY == SYNC_EVERY - 1:
                sink.flush()
                os.fsync(sink.fileno())
            yield result
        sink.flush()
        if job.partial is not None:
            os.fsync(sink.fileno())
    finally:
        if sink is not stream:
            sink.close()
    job.finish()


def render_line(result: LineTranslation, fmt: str, links: list[str] | None = None) -> str:
    """One output line: the translation (``text``), or (``jsonl``) a JSON object with the source,
    the translation and every sentence with its span, scores, terms and (when given) word links."""
    if fmt == "text":
        return result.translation
    sentences = [asdict(s) for s in result.sentences]
    for sentence, pharaoh in zip(sentences, links or []):
        sentence["links"] = pharaoh
    return json_line({"line": result.index, "source": result.source, "translation": result.translation, "sentences": sentences})
