"""Synthetic pairs from monolingual text: back-translation and forward translation.

Back-translation: an English→Urdu model (a recipe with ``direction = "en-ur"``) translates each
source of a monolingual English folder (``mono-en/``: ``MANIFEST.tsv`` + ``<name>/<name>.en.gz``)
into Urdu. Forward translation: the Urdu→English model translates a monolingual Urdu folder
(``mono-ur/``: ``<name>/<name>.ur.gz``) into English (in-domain Urdu the model learns to read,
with its own best English as the target: self-training). Either way the result is a corpora
folder like the real one — ``MANIFEST.tsv``, ``<name>/<name>.ur.gz`` + ``<name>.en.gz`` (the real
side untouched) and a ``SOURCE.md`` that names the model, its settings and the licence the pairs
inherit from the monolingual text — which a recipe's ``[synthetic]`` section mixes in: the
back-translated folder with its Urdu tagged as machine-made, the forward-translated one untagged.

The work goes in shards of a few thousand sentences, each written atomically under
``<out>/.shards/<name>/`` as it finishes; a run that is stopped or killed goes on from the first
missing shard. A source is assembled (and its shards removed) when all its shards are done.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import date
from itertools import islice
from pathlib import Path

from translit.datasets import MonoSource, read_mono, read_mono_manifest
from translit.errors import DataError
from translit.translate.options import DecodingOptions, EngineOptions
from translit.util.files import atomic_open, atomic_write_text

METHODS = ("beam", "sample")


@dataclass
class BacktranslateOptions:
    """How the monolingual text is translated: ``beam`` (beam search, ``beam_size``) or ``sample`` (each
    piece drawn from the ``sampling_topk`` likeliest: noisier, more varied Urdu); which sources
    (None: all); the window of each: ``skip`` sentences left out first (a later round takes the
    text an earlier one did not), then at most ``limit`` (0: all the rest); shard size."""

    method: str = "beam"
    beam_size: int = 4
    sampling_topk: int = 10
    sources: list[str] | None = None
    limit: int = 0
    skip: int = 0
    shard_sentences: int = 2000
    batch_tokens: int = 4096

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            raise DataError(f"back-translation method must be one of {', '.join(METHODS)}, not {self.method!r}")
        if self.shard_sentences < 1 or self.limit < 0 or self.skip < 0 or self.beam_size < 1 or self.sampling_topk < 1:
            raise DataError("back-translation: shard size, beam size and top-k must be ≥ 1, the limit and skip ≥ 0")

    def decoding(self) -> DecodingOptions:
        if self.method == "sample":
            return DecodingOptions(beam_size=1, sampling_topk=self.sampling_topk, keep_terms=False, batch_tokens=self.batch_tokens)
        return DecodingOptions(beam_size=self.beam_size, keep_terms=False, batch_tokens=self.batch_tokens)


@dataclass
class ShardDone:
    """One finished shard (``cached``: done by an earlier run); ``assembled`` when it was its source's last."""

    source: str
    shard: int
    sentences: int
    cached: bool = False
    assembled: bool = False


@dataclass
class SyntheticSource:
    """A back-translated source as its SOURCE.md and the MANIFEST describe it."""

    name: str
    pairs: int
    dropped: int
    domain: str
    license: str
    model: str
    model_hash: str
    settings: dict = field(default_factory=dict)
    mono_source: str = ""  # the monolingual source it came from (its name when empty)
    direction: str = "en-ur"  # en-ur: back-translated (the Urdu is machine-made); ur-en: forward (the English is)


def _window(source: MonoSource, options: BacktranslateOptions) -> int:
    """How many of ``source``'s sentences the options take (after ``skip``, at most ``limit``)."""
    rest = max(0, source.sentences - options.skip)
    return min(rest, options.limit) if options.limit else rest


def synthetic_name(source: MonoSource, options: BacktranslateOptions) -> str:
    """The synthetic source's name: the monolingual source's, plus where its window starts when it
    skips (``bbc_news_2004_from_12001``), so that rounds over one text share a corpora folder."""
    return f"{source.name}_from_{options.skip + 1}" if options.skip else source.name


def _shards(source: MonoSource, options: BacktranslateOptions) -> int:
    return -(-_window(source, options) // options.shard_sentences)


def _read_shard(source: MonoSource, shard: int, options: BacktranslateOptions) -> list[str]:
    start = options.skip + shard * options.shard_sentences
    stop = min(start + options.shard_sentences, options.skip + _window(source, options))
    return list(islice(read_mono(source), start, stop))


def _translate_shard(translator, texts: list[str], decoding: DecodingOptions) -> list[str]:
    """One translated line per monolingual line ("" when the model gave nothing)."""
    out = translator.translate(texts, decoding) if texts else []
    return [" ".join(t.split()) for t in out]


def _assemble(out_dir: Path, shard_dir: Path, shards: int, info: SyntheticSource) -> None:
    """Join a source's shards into ``<name>.ur.gz`` / ``<name>.en.gz`` (pairs with an empty side left out)."""
    folder = out_dir / info.name
    folder.mkdir(parents=True, exist_ok=True)
    pairs = dropped = 0
    with atomic_open(folder / f"{info.name}.ur.gz", "wb") as fu, atomic_open(folder / f"{info.name}.en.gz", "wb") as fe:
        with gzip.GzipFile(fileobj=fu, mode="wb", mtime=0) as gu, gzip.GzipFile(fileobj=fe, mode="wb", mtime=0) as ge:
            for k in range(shards):
                for line in (shard_dir / f"{k:05d}.jsonl").read_text(encoding="utf-8").splitlines():
                    text, translation = json.loads(line)  # [monolingual line, its translation]
                    en, ur = (text, translation) if info.direction == "en-ur" else (translation, text)
                    if not ur.strip() or not en.strip():
                        dropped += 1
                        continue
                    gu.write((ur + "\n").encode("utf-8"))
                    ge.write((en + "\n").encode("utf-8"))
                    pairs += 1
    info.pairs, info.dropped = pairs, dropped
    atomic_write_text(folder / "SOURCE.md", _source_md(info))
    atomic_write_text(folder / "source.json", json.dumps(asdict(info), ensure_ascii=False, indent=2) + "\n")
    for k in range(shards):
        (shard_dir / f"{k:05d}.jsonl").unlink()
    shard_dir.rmdir()


def _how(direction: str) -> tuple[str, str, str, str]:
    """(what the pairs are, the real side, the machine side, the command) of a direction."""
    if direction == "en-ur":
        return "back-translated", "English", "Urdu", "backtranslate"
    return "forward-translated", "Urdu", "English", "forwardtranslate"


def _source_md(info: SyntheticSource) -> str:
    settings = ", ".join(f"{k} {v}" for k, v in info.settings.items())
    made, real, machine, command = _how(info.direction)
    return (
        f"# {info.name} ({made})\n\n"
        f"Synthetic Urdu–English pairs: the {real} is the monolingual source `{info.mono_source or info.name}` as it came;"
        f" the {machine} is a machine translation of it by `{info.model}` (weights {info.model_hash}; {settings}),"
        f" made by `translit train {command}` on {date.today().isoformat()}.\n\n"
        f"- pairs: {info.pairs:,} ({info.dropped:,} left out: the model gave no {machine})\n"
        f"- domain: {info.domain}\n"
        f"- licence: inherited from the {real} source: {info.license}\n"
    )


def _write_manifest(out_dir: Path) -> None:
    """MANIFEST.tsv of every assembled source in ``out_dir`` (the corpora layout)."""
    rows = ["name\tkind\tpairs\tdomain\tlicense"]
    for meta in sorted(out_dir.glob("*/source.json")):
        info = json.loads(meta.read_text(encoding="utf-8"))
        clean = {k: str(info[k]).replace("\t", " ").replace("\n", " ") for k in ("domain", "license")}
        made = _how(info.get("direction", "en-ur"))[0]
        rows.append(f"{info['name']}\tsentences\t{info['pairs']}\tsynthetic ({made}): {clean['domain']}\t{clean['license']}")
    atomic_write_text(out_dir / "MANIFEST.tsv", "\n".join(rows) + "\n")


DIRECTIONS = ("en-ur", "ur-en")


def chosen_sources(mono_dir: Path, options: BacktranslateOptions, lang: str = "en") -> list[MonoSource]:
    """The sources of ``mono_dir`` (text in ``lang``) the options name (all when they name none)."""
    sources = read_mono_manifest(mono_dir, lang)
    if options.sources is None:
        return sources
    unknown = sorted(set(options.sources) - {s.name for s in sources})
    if unknown:
        raise DataError(f"{mono_dir}: no source named {', '.join(unknown)} in MANIFEST.tsv")
    return [s for s in sources if s.name in options.sources]


def planned_sentences(mono_dir: Path, options: BacktranslateOptions, direction: str = "en-ur") -> int:
    """How many monolingual sentences a run translates in all (for a progress bar)."""
    return sum(_window(s, options) for s in chosen_sources(mono_dir, options, direction.split("-")[0]))


def backtranslate(
    mono_dir: Path, model: str | Path, out_dir: Path, options: BacktranslateOptions | None = None,
    engine: EngineOptions | None = None, direction: str = "en-ur",
) -> Iterator[ShardDone]:
    """Translate the monolingual text of ``mono_dir`` with ``model``, shard by shard, into the
    corpora folder ``out_dir``; yields each shard as it is done (or found done). ``direction``
    en-ur (back-translation: English text, an English→Urdu model) or ur-en (forward translation:
    Urdu text, the Urdu→English model)."""
    from translit.translate import Translator

    if direction not in DIRECTIONS:
        raise DataError(f"direction must be one of {', '.join(DIRECTIONS)}, not {direction!r}")
    source_lang, target_lang = direction.split("-")
    options = options or BacktranslateOptions()
    sources = chosen_sources(mono_dir, options, source_lang)
    out_dir = Path(out_dir)
    translator = Translator(model, engine=engine or EngineOptions(), names=False)
    if translator.folder.source_lang != source_lang or (translator.folder.card.get("languages") or {}).get("target") != target_lang:
        names = {"en": "English", "ur": "Urdu"}
        raise DataError(f"{translator.folder.path}: not an {names[source_lang]}→{names[target_lang]} model (its card's languages say otherwise)")
    decoding = options.decoding()
    settings = {"method": options.method} | ({"top-k": options.sampling_topk} if options.method == "sample" else {"beam": options.beam_size})
    digest = translator.folder.digest()
    for source in sources:
        name, shards = synthetic_name(source, options), _shards(source, options)
        if not shards or (out_dir / name / "source.json").is_file():
            continue  # nothing in the window, or assembled by an earlier run
        shard_dir = out_dir / ".shards" / name
        shard_dir.mkdir(parents=True, exist_ok=True)
        for k in range(shards):
            event = _shard(translator, source, name, k, shard_dir / f"{k:05d}.jsonl", options, decoding)
            if k == shards - 1:
                window = {"sentences": f"{options.skip + 1}–{options.skip + _window(source, options)} of {source.sentences}"}
                info = SyntheticSource(name, 0, 0, source.domain, source.license, translator.folder.name, digest,
                                       settings | window, source.name, direction)
                _assemble(out_dir, shard_dir, shards, info)
                _write_manifest(out_dir)
                event.assembled = True
            yield event


def _shard(translator, source: MonoSource, name: str, k: int, path: Path, options: BacktranslateOptions, decoding) -> ShardDone:
    """Shard ``k`` of ``source``'s window (the synthetic source ``name``): translated and written to ``path``, or found there."""
    if path.is_file():
        with path.open(encoding="utf-8") as f:
            return ShardDone(name, k, sum(1 for _ in f), cached=True)
    texts = _read_shard(source, k, options)
    translations = _translate_shard(translator, texts, decoding)
    with atomic_open(path) as f:
        f.writelines(json.dumps([t, out], ensure_ascii=False) + "\n" for t, out in zip(texts, translations, strict=True))
    return ShardDone(name, k, len(texts))
