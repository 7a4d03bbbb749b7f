"""What one worker does with one shard, without Ray: decode its lines, translate them as the
local engine would (the same translator calls, the same rendering), and say which line is bad
when one is."""

from __future__ import annotations

from dataclasses import dataclass, field

from translit.errors import InputError
from translit.translate.options import DecodingOptions


@dataclass(frozen=True)
class WorkerSpec:
    """What every worker builds and how it renders: the model (a folder path the workers can
    read), how it runs, the glossary files, the decoding options, and the output: ``text``
    (a translation per line), ``jsonl`` (a JSON object per line: sentences, spans, scores) or,
    with ``fields``, JSON Lines in with those fields translated."""

    model: str
    device: str = "cpu"
    compute_type: str = "auto"
    threads: int = 1
    workers: int = 1
    glossary: tuple[str, ...] = ()
    names: bool = True
    options: DecodingOptions = field(default_factory=DecodingOptions)
    output: str = "text"
    fields: tuple[str, ...] = ()

    def translator(self):
        from translit.glossary import load_glossaries
        from translit.translate import EngineOptions, Translator

        engine = EngineOptions(self.device, self.compute_type, self.threads, self.workers)
        return Translator(self.model, engine=engine, glossary=load_glossaries([*self.glossary]) if self.glossary else None,
                          names=self.names)


def split_blob(blob: bytes) -> list[bytes]:
    """A shard's raw text as lines, line ends kept (``\\n`` only ends a line)."""
    lines = blob.split(b"\n")
    return [line + b"\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])


def decode_lines(raw: list[bytes], where: str, first_line: int) -> list[str]:
    """The lines decoded (UTF-8), ends kept; a bad one is an error naming its line (from 1)."""
    out = []
    for number, line in enumerate(raw, start=first_line + 1):
        try:
            out.append(line.decode("utf-8"))
        except UnicodeDecodeError as error:
            raise InputError(f"{where}: invalid UTF-8 at line {number}, byte {error.start} of the line") from None
    return out


def translate_shard(translator, spec: WorkerSpec, lines: list[str], first_line: int, where: str) -> str:
    """The output text of a shard whose ``lines`` (ends kept) start at line ``first_line`` (0-based)
    of its file: what ``translit translate`` writes for those lines."""
    from translit.translate.jobs import render_line, translated_records

    if spec.fields:
        from translit.formats import record_format

        try:
            records = record_format("jsonl", fields=[*spec.fields]).records(iter(lines))
            return "".join(text for text, *_ in translated_records(translator.translate_lines, records, spec.options))
        except InputError as error:  # the format names the line within the shard: name it in the file
            raise InputError(f"{where} (shard from line {first_line + 1}): {error}") from None
    stripped = [line.rstrip("\r\n") for line in lines]
    results = translator.translate_lines(stripped, spec.options, start=first_line)
    if spec.output == "text":  # each line ends as its input line did, as `translit translate` writes it
        return "".join(render_line(r, spec.output) + line[len(body):] for r, line, body in zip(results, lines, stripped, strict=True))
    return "".join(render_line(r, spec.output) + "\n" for r in results)
