"""A corpus job cut into shards, and its state on disk; nothing here needs Ray.

The inputs (a file, a glob or a folder of plain or gzipped text or JSON Lines) are read once on
the driver: every file's lines are counted and its content hashed, and its lines are cut into
shards of ``shard_lines``. The job's state lives beside the output in ``OUTPUT.ray/``: a
``manifest.json`` (the inputs with their hashes, the settings, the shard plan), written
atomically when the job starts, and one file per finished shard in ``shards/``, each committed
by an atomic rename, so a shard is either wholly there or not at all. A rerun with ``resume``
keeps the finished shards and redoes only the others; a manifest that does not match the inputs
or the settings of the rerun is refused. When every shard is there, each output file is put
together from its shards in order (atomically) and the state is removed.
"""

from __future__ import annotations

import glob as globbing
import gzip
import hashlib
import json
import os
import shutil
import zlib
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from translit.errors import InputError
from translit.util.files import atomic_write_text


@dataclass(frozen=True)
class InputFile:
    path: str  # as found
    name: str  # its output's name, relative to the output folder (or the output file itself)
    lines: int
    sha256: str


@dataclass(frozen=True)
class Shard:
    """Lines ``start``–``end`` (0-based, end excluded) of input file ``file``."""

    index: int
    file: int
    start: int
    end: int


def find_inputs(spec: str) -> tuple[list[Path], Path | None]:
    """The input files of ``spec`` (a file, a folder, or a glob) in a stable order, and the
    folder their output names are relative to (None for a single file)."""
    path = Path(spec)
    if path.is_file():
        return [path], None
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
        root = path
    elif globbing.has_magic(spec):
        files = sorted(Path(p) for p in globbing.glob(spec, recursive=True) if Path(p).is_file())
        root = Path(os.path.commonpath([p.parent for p in files])) if files else None
    else:
        raise InputError(f"no such file or folder: {spec}")
    if not files:
        raise InputError(f"no input files in {spec}")
    return files, root


def raw_lines(path: Path) -> Iterator[bytes]:
    """The lines of a plain or gzipped file as bytes, line ends kept."""
    with open(path, "rb") as f:
        if f.read(2) != b"\x1f\x8b":
            f.seek(0)
            yield from f
            return
    try:
        with gzip.open(path, "rb") as f:
            yield from f
    except (EOFError, gzip.BadGzipFile, zlib.error) as error:
        raise InputError(f"{path}: truncated or corrupt gzip ({error})") from None


def _scan(path: Path) -> tuple[int, str]:
    digest, lines = hashlib.sha256(), 0
    for line in raw_lines(path):
        digest.update(line)
        lines += 1
    return lines, digest.hexdigest()


def plan(spec: str, shard_lines: int) -> tuple[list[InputFile], list[Shard], bool]:
    """The input files of ``spec`` and their shards; and whether the output is a folder (a
    folder or glob input) rather than one file."""
    if shard_lines < 1:
        raise InputError("--shard-lines must be at least 1")
    paths, root = find_inputs(spec)
    files, shards = [], []
    for number, path in enumerate(paths):
        lines, sha = _scan(path)
        files.append(InputFile(str(path), str(path.relative_to(root)) if root else path.name, lines, sha))
        for start in range(0, lines, shard_lines):
            shards.append(Shard(len(shards), number, start, min(lines, start + shard_lines)))
    return files, shards, root is not None


def shard_lines_of(files: list[InputFile], shards: list[Shard], wanted: set[int]) -> Iterator[tuple[Shard, list[bytes]]]:
    """The raw lines of each shard in ``wanted``, reading every file once, in order."""
    by_file: dict[int, list[Shard]] = {}
    for shard in shards:
        if shard.index in wanted:
            by_file.setdefault(shard.file, []).append(shard)
    for number, todo in sorted(by_file.items()):
        todo = iter(todo)
        current, lines = next(todo), []
        for at, line in enumerate(raw_lines(Path(files[number].path))):
            if at < current.start:
                continue
            lines.append(line)
            if at + 1 == current.end:
                yield current, lines
                current, lines = next(todo, None), []
                if current is None:
                    break


class JobState:
    """``OUTPUT.ray/``: the manifest and the finished shards of a job writing ``output``."""

    def __init__(self, output: Path):
        self.output = Path(output)
        self.root = self.output.with_name(self.output.name + ".ray")
        self.shards = self.root / "shards"

    def manifest(self, files: list[InputFile], shards: list[Shard], settings: dict) -> dict:
        return {"files": [asdict(f) for f in files], "shards": [asdict(s) for s in shards], "settings": settings}

    def start(self, manifest: dict, resume: bool) -> set[int]:
        """Make the state ready; the shards already finished (none unless ``resume``)."""
        path = self.root / "manifest.json"
        manifest = json.loads(json.dumps(manifest))  # as it reads back (tuples are lists)
        if resume and path.is_file():
            recorded = self._recorded(path)
            if recorded["files"] != manifest["files"]:
                changed = [f["path"] for f, g in zip(recorded["files"], manifest["files"]) if f != g] or ["the list of files"]
                raise InputError(f"the input changed since the job started ({changed[0]}); rerun without --resume to start again")
            if recorded != manifest:
                raise InputError(f"{self.root} was started with other settings; rerun without --resume to start again")
            return self.done(manifest["shards"])
        if self.root.exists():
            shutil.rmtree(self.root)
        self.shards.mkdir(parents=True)
        atomic_write_text(path, json.dumps(manifest, ensure_ascii=False, indent=1))
        return set()

    def _recorded(self, path: Path) -> dict:
        """The manifest as written; a one-line error for one that is not translit's."""
        try:
            recorded = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError, RecursionError):
            recorded = None
        if not isinstance(recorded, dict) or not all(isinstance(recorded.get(k), list) for k in ("files", "shards")):
            raise InputError(f"{path} is not a translit job manifest; rerun without --resume to start again")
        return recorded

    def _shard(self, index: int) -> Path:
        return self.shards / f"{index:07d}.txt"

    def _sum(self, index: int) -> Path:
        return self.shards / f"{index:07d}.sum"

    def done(self, shards: list[dict]) -> set[int]:
        """The shards committed and still whole: their line count is the shard's and their bytes
        match the digest written at commit. Any other (truncated, emptied, edited, a stray file)
        is removed, to be redone."""
        good = set()
        for shard in shards:
            index, lines = int(shard["index"]), int(shard["end"]) - int(shard["start"])
            if self._intact(index, lines):
                good.add(index)
            else:
                self._shard(index).unlink(missing_ok=True)
                self._sum(index).unlink(missing_ok=True)
        return good

    def _intact(self, index: int, lines: int) -> bool:
        try:
            data, recorded = self._shard(index).read_bytes(), self._sum(index).read_text(encoding="ascii").split()
        except (OSError, UnicodeDecodeError):
            return False
        count = data.count(b"\n")  # a file's last line may have no line end
        whole = count == lines or (count == lines - 1 and bool(data) and not data.endswith(b"\n"))
        return whole and recorded == [str(count), hashlib.sha256(data).hexdigest()]

    def commit(self, index: int, text: str) -> None:
        """Keep a finished shard: written whole to a temporary file, then renamed in, then its
        line count and digest beside it (a shard without them is not done)."""
        data = text.encode("utf-8")
        temporary = self.shards / f".{index:07d}.tmp"
        with open(temporary, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temporary, self._shard(index))
        lines = data.count(b"\n")
        atomic_write_text(self._sum(index), f"{lines} {hashlib.sha256(data).hexdigest()}\n")

    def assemble(self, files: list[InputFile], shards: list[Shard], to_folder: bool) -> list[Path]:
        """Put every output file together from its shards, in order (atomically), each shard
        checked against its digest first; remove the state."""
        broken = [s.index for s in shards if not self._intact(s.index, s.end - s.start)]
        if broken:
            raise InputError(f"{self.root}: shard {broken[0]} changed after it was committed; rerun with --resume to redo it")
        written = []
        for number, file in enumerate(files):
            target = self.output / file.name if to_folder else self.output
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary = target.with_name(f".{target.name}.ray-tmp")
            opener = gzip.open if target.name.endswith(".gz") else open
            with opener(temporary, "wb") as out:
                for shard in (s for s in shards if s.file == number):
                    with open(self._shard(shard.index), "rb") as part:
                        shutil.copyfileobj(part, out)
            os.replace(temporary, target)
            written.append(target)
        shutil.rmtree(self.root)
        return written
