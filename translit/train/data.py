"""Corpora → a cleaned, deduplicated, weighted training mix with a manifest of what went in.

The Urdu side goes through ``translit.normalize`` — the same function the translator applies —
so training and inference see the same text. Pairs that teach the wrong thing are filtered;
pairs that repeat a dev-set sentence are removed so dev scores stay honest.
"""

from __future__ import annotations

import hashlib
import html
import json
import random
import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

from translit.datasets import Source, read_manifest, read_pairs
from translit.errors import DataError
from translit.text.normalize import ARABIC_LETTERS, normalize
from translit.train.augment import name_copy_pairs
from translit.train.mojibake import repair_mojibake
from translit.train.recipe import FilterOptions, Recipe
from translit.train.shorthand import expand_shorthand
from translit.train.truecase import Truecaser
from translit.util.files import atomic_write_text
from translit.util.gzipped import read_lines

ARABIC_LETTER = re.compile(f"[{ARABIC_LETTERS}]")
LETTER = re.compile(r"[^\W\d_]")
DIGITS = re.compile(r"\d+")
PLACEHOLDER = re.compile(r"%(?:\d+\$)?[-+ #0]*\d*(?:\.\d+)?[sdifuxXc@]|%\([^)]+\)[sd]|\{\{[^}]*\}\}|\{[\w.]*\}|\$\d\b|<[^>]+>")
_SPACE = re.compile(r"\s+")

EVALSETS = ("flores200-dev", "tico19-dev")


@dataclass
class SourceReport:
    """What happened to one source on its way into the mix."""

    name: str
    kind: str
    domain: str
    license: str
    weight: float
    read: int = 0
    kept: int = 0
    in_mix: int = 0
    truecased: int = 0  # English sides that were lower case throughout, case restored
    shorthand: int = 0  # English sides whose newswire shorthand was written out
    mojibake: int = 0  # English sides read that were decoded with the wrong code page, put right
    name_copies: int = 0  # pairs added with the Urdu names written in English (augment.name_copy)
    dropped: dict[str, int] = field(default_factory=dict)


@dataclass
class MixManifest:
    """The record of a mix: the files written and, per source, counts and license."""

    recipe: str
    corpora: str
    pairs: int
    sources: list[SourceReport]
    files: dict[str, str]
    key: str = ""  # mix_key() of what it was built from

    @staticmethod
    def key_in(path: Path) -> str:
        """The key a saved mix was built with ("" when it has none or cannot be read)."""
        try:
            return str(json.loads(Path(path).read_text(encoding="utf-8")).get("key") or "")
        except (OSError, ValueError):
            return ""

    def save(self, path: Path) -> None:
        atomic_write_text(path, json.dumps(asdict(self), ensure_ascii=False, indent=2) + "\n")


def clean_english(text: str) -> str:
    """Collapse whitespace and undo HTML escapes (``&amp;``) that some corpora carry."""
    if "&" in text:
        text = html.unescape(text)
    return _SPACE.sub(" ", text).strip()


def _share(pattern: re.Pattern, text: str) -> float:
    letters = LETTER.findall(text)
    if not letters:
        return 0.0
    return sum(1 for ch in letters if pattern.match(ch)) / len(letters)


def pair_problem(ur: str, en: str, opts: FilterOptions) -> str | None:
    """Why a (normalised) pair should not be trained on, or None when it is fine."""
    if not ur or not en:
        return "empty"
    if len(ur) > opts.max_chars or len(en) > opts.max_chars:
        return "too long"
    if ur == en:
        return "copy"
    longer, shorter = max(len(ur), len(en)), min(len(ur), len(en))
    if longer > 12 and longer > opts.max_ratio * shorter:
        return "length ratio"
    if not ARABIC_LETTER.search(ur) or _share(ARABIC_LETTER, ur) < opts.min_urdu_letters:
        return "not Urdu"
    if _share(ARABIC_LETTER, en) > opts.max_en_arabic:
        return "not English"
    if Counter(PLACEHOLDER.findall(ur)) != Counter(PLACEHOLDER.findall(en)):
        return "placeholders"
    if set(DIGITS.findall(ur)) != set(DIGITS.findall(en)):
        return "numbers"
    return None


def dev_sentences(evalsets: Path) -> set[str]:
    """Normalised Urdu and English sentences of the dev sets, which training must never see."""
    seen: set[str] = set()
    for name in EVALSETS:
        folder = evalsets / name
        if not folder.is_dir():
            continue
        seen.update(normalize(line) for line in read_lines(folder / "dev.ur.gz"))
        seen.update(clean_english(line) for line in read_lines(folder / "dev.en.gz"))
    return seen


def category(source: Source) -> str:
    if source.kind == "dictionary":
        return "dictionary"
    if source.domain.startswith("religious"):
        return "religious"
    return "general"


def _weighted(pairs: list[tuple[str, str]], weight: float, rng: random.Random) -> list[tuple[str, str]]:
    whole, part = int(weight), weight - int(weight)
    out = pairs * whole
    if part > 0:
        out += rng.sample(pairs, round(part * len(pairs)))
    return out


def _apply_caps(by_cat: dict[str, list], recipe: Recipe, rng: random.Random) -> None:
    """Subsample religious, dictionary and synthetic shares down to their caps (of the final mix)."""
    caps = {"religious": recipe.mix.religious_cap, "dictionary": recipe.mix.dictionary_cap,
            "synthetic": recipe.synthetic.max_share, "forward": recipe.synthetic.forward_max_share}
    for _ in range(3):  # the caps interact through the total; a few rounds settle them
        total = sum(len(v) for v in by_cat.values())
        for cat, cap in caps.items():
            items = by_cat.get(cat, [])
            limit = int(cap * total)
            if len(items) > limit:
                by_cat[cat] = rng.sample(items, limit)


def pair_verdict(ur: str, en: str, filters: FilterOptions, seen: set[tuple[str, str]], other: str | None = None) -> str | None:
    """Why a normalised pair is left out — a filter's reason, the caller's ``other`` reason
    (a dev-set sentence, a low alignment score), or "duplicate" of one in ``seen`` — or None,
    and it is then added to ``seen``."""
    problem = pair_problem(ur, en, filters) or other
    if problem is None and (ur, en) in seen:
        problem = "duplicate"
    if problem is None:
        seen.add((ur, en))
    return problem


def read_source(source: Source, recipe: Recipe, banned: set[str], seen: set[tuple[str, str]], report: SourceReport) -> list[tuple[str, str]]:
    """A source's pairs, normalised, cleaned and filtered (dev sentences and repeats left out)."""
    dropped: Counter[str] = Counter()
    kept: list[tuple[str, str]] = []
    for ur, en in read_pairs(source):
        report.read += 1
        ur, en = normalize(ur), clean_english(en)
        if recipe.clean.mojibake:  # before the dev-set, repeat and filter checks see the English
            repaired = repair_mojibake(en)
            report.mojibake += int(repaired != en)
            en = repaired
        problem = pair_verdict(ur, en, recipe.filter, seen, "dev set" if ur in banned or en in banned else None)
        if problem:
            dropped[problem] += 1
            continue
        kept.append((ur, en))
    report.kept, report.dropped = len(kept), dict(dropped)
    return kept


def weighted_sources(recipe: Recipe, synthetic: bool = True) -> list[tuple[Source, str, float]]:
    """(source, category, weight) of every real source, then (unless ``synthetic`` is False: its
    folders are then not read at all) of every back-translated ("synthetic") and forward-translated
    ("forward") one."""
    real = [(s, category(s), recipe.mix.weights.get(s.name, recipe.mix.default_weight)) for s in read_manifest(recipe.corpora)]
    syn = recipe.synthetic
    if not synthetic:
        return real
    for cat, folder in (("synthetic", syn.corpora), ("forward", syn.forward)):
        if folder:
            real += [(s, cat, syn.weights.get(s.name, syn.default_weight)) for s in read_manifest(Path(folder))]
    return real


def mix_pairs(recipe: Recipe, evalsets: Path | None = None, progress=None) -> tuple[list[tuple[str, str]], list[SourceReport]]:
    """The recipe's mix in memory: cleaned, filtered, truecased, weighted, augmented with name copies,
    capped and shuffled (Urdu, English) pairs, synthetic ones tagged, and per source what was read,
    kept, dropped and added."""
    evalsets = evalsets if evalsets is not None else Path(recipe.corpora).parent / "evalsets"
    banned = dev_sentences(evalsets)
    rng = random.Random(recipe.seed)
    seen: set[tuple[str, str]] = set()
    reports: list[SourceReport] = []
    kept_by_source: list[tuple[int, Source, str, list[tuple[str, str]]]] = []  # (index into reports, …)
    for source, cat, weight in weighted_sources(recipe):
        kind = cat if cat in ("synthetic", "forward") else source.kind
        report = SourceReport(source.name, kind, source.domain, source.license, weight)
        reports.append(report)
        if weight <= 0:
            continue
        kept_by_source.append((len(reports) - 1, source, cat, read_source(source, recipe, banned, seen, report)))
        if progress:
            progress(source.name)
    truecaser = None  # fitted on the cased sentences of the real data: which words are names
    if recipe.clean.truecase or recipe.augment.name_copy > 0:
        truecaser = Truecaser.fit(en for _, _, cat, kept in kept_by_source if cat in ("general", "religious") for _, en in kept)
    by_cat: dict[str, list[tuple[str, str, int]]] = {}
    for index, source, cat, kept in kept_by_source:
        report = reports[index]
        if cat == "synthetic":  # the English is real text, as written; the Urdu is tagged as machine-made
            kept = [(f"{recipe.synthetic.tag} {ur}", en) for ur, en in kept]
        elif cat == "forward":  # real Urdu, untagged; the English is the model's own, cased as it wrote it
            pass
        elif recipe.clean.truecase and source.kind != "dictionary":
            kept = [(ur, _truecased(truecaser, en, report)) for ur, en in kept]
        if recipe.clean.shorthand:
            kept = [(ur, _expanded(en, report)) for ur, en in kept]
        by_cat.setdefault(cat, []).extend((ur, en, index) for ur, en in _weighted(kept, report.weight, rng))
        if recipe.augment.name_copy > 0 and cat == "general":
            copies = name_copy_pairs(kept, recipe.augment.name_copy, recipe.seed + index, truecaser.forms)
            for _, ur, en in copies:
                by_cat[cat].append((ur, en, index))
                report.name_copies += 1
    _apply_caps(by_cat, recipe, rng)
    mix = [item for items in by_cat.values() for item in items]
    if not mix:
        raise DataError(f"{recipe.corpora}: no training pairs left after filtering")
    rng.shuffle(mix)
    for _, _, index in mix:
        reports[index].in_mix += 1
    return [(ur, en) for ur, en, _ in mix], reports


def _expanded(en: str, report: SourceReport) -> str:
    out = expand_shorthand(en)
    if out != en:
        report.shorthand += 1
    return out


def _truecased(truecaser: Truecaser, en: str, report: SourceReport) -> str:
    cased = truecaser.apply(en)
    if cased != en:
        report.truecased += 1
    return cased


def mix_key(recipe: Recipe) -> str:
    """A digest of everything the mix is built from: the recipe's data sections and the manifests
    of its corpora and synthetic folders (a round of back-translation added there changes it).
    The folders are keyed by their role, not their path: the same data moved elsewhere (another
    machine's ``TRANSLIT_DATA``) is the same mix."""
    d = recipe.to_dict()
    parts = {k: d[k] for k in ("seed", "filter", "clean", "mix", "augment", "synthetic")}
    parts["synthetic"] = {k: v for k, v in parts["synthetic"].items() if k not in ("corpora", "forward")}
    folders = {"corpora": str(recipe.corpora), "synthetic": recipe.synthetic.corpora, "forward": recipe.synthetic.forward}
    for role, folder in folders.items():
        manifest = Path(folder) / "MANIFEST.tsv" if folder else None
        parts[f"manifest:{role}"] = manifest.read_text(encoding="utf-8") if manifest and manifest.is_file() else None
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode("utf-8")).hexdigest()[:16]


def build_mix(recipe: Recipe, out_dir: Path, evalsets: Path | None = None, progress=None) -> MixManifest:
    """Write ``train.ur``/``train.en`` and ``mix.json`` under ``out_dir`` and return the manifest."""
    out_dir = Path(out_dir)
    pairs, reports = mix_pairs(recipe, evalsets, progress)
    out_dir.mkdir(parents=True, exist_ok=True)
    atomic_write_text(out_dir / "train.ur", "".join(ur + "\n" for ur, _ in pairs))
    atomic_write_text(out_dir / "train.en", "".join(en + "\n" for _, en in pairs))
    files = {"ur": "train.ur", "en": "train.en"}
    manifest = MixManifest(recipe.name, str(recipe.corpora), len(pairs), reports, files, mix_key(recipe))
    manifest.save(out_dir / "mix.json")
    return manifest
