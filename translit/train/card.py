"""The model card: ``card.json`` for machines, ``README.md`` for people. Same facts in both."""

from __future__ import annotations

import json
import platform
from dataclasses import asdict
from datetime import date
from pathlib import Path

from translit import __version__
from translit.util.files import atomic_write_text


def _hardware() -> str:
    try:
        import torch

        if torch.cuda.is_available():
            return torch.cuda.get_device_name(0)
    except ImportError:  # pragma: no cover
        pass
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import os

    from translit.bench.signature import cpu_isa

    return f"{os.cpu_count()} CPU cores ({cpu}, {cpu_isa()})"


def _names_glossary(path: Path) -> dict | None:
    """A shipped names glossary's size and how it was made (its comment header), or None."""
    if not path.is_file():
        return None
    lines = path.read_text(encoding="utf-8").splitlines()
    made_by = [line.lstrip("# ").strip() for line in lines if line.startswith("#")]
    return {"file": "names.tsv", "entries": sum(1 for line in lines if line.strip() and not line.startswith("#")),
            "made_by": made_by[1:] or made_by}


def build_card(model_dir: Path, recipe, run_dir: Path, scores, selection: dict, state: dict, name: str = "") -> dict:
    """The card's content; ``state`` is the run's state.pt (steps, time, schedule, weights);
    ``name``: the model's, as it ships (its folder's), when not its recipe's."""
    mix = json.loads((run_dir / "data" / "mix.json").read_text(encoding="utf-8"))
    config = json.loads((model_dir / "weights" / "config.json").read_text(encoding="utf-8"))
    params = sum(
        v.numel() for k, v in state.get("model", {}).items() if k not in ("model.encoder.embed_tokens.weight", "model.decoder.embed_tokens.weight", "lm_head.weight", "final_logits_bias")
    )
    size = sum(p.stat().st_size for p in model_dir.iterdir() if p.is_file())
    return {
        "name": name or recipe.name,
        "languages": {"source": recipe.source_lang, "target": recipe.target_lang},
        "date": date.today().isoformat(),
        "translit_version": __version__,
        "architecture": {
            "type": "transformer encoder-decoder (Hugging Face MarianMTModel, post-norm, sinusoidal positions)",
            "d_model": config["d_model"],
            "encoder_layers": config["encoder_layers"],
            "decoder_layers": config["decoder_layers"],
            "heads": config["encoder_attention_heads"],
            "ffn_dim": config["encoder_ffn_dim"],
            "vocab_size": config["vocab_size"],
            "shared_embeddings": True,
            "parameters": params,
        },
        "files": {"ctranslate2": "model.bin (int8)", "sentencepiece": "spm.model", "weights": "weights/ (float16 safetensors)"},
        "size_bytes": size,
        "max_input_tokens": min(250, config["max_position_embeddings"] - 1),
        "max_positions": config["max_position_embeddings"],
        "decoding": asdict(recipe.decoding),
        "training": {
            # where the run really started: `--init-from` may name another model than the recipe does
            "recipe": recipe.to_dict() | ({"init_from": state["started_from"]} if state.get("started_from") else {}),
            "steps": state.get("step"),
            "epochs": state.get("epoch"),
            "train_seconds": round(state.get("trained_s", 0)),
            "cooldown": state.get("cooldown"),
            "hardware": _hardware(),
            "selection": selection,
        },
        "data": {
            "pairs_in_mix": mix["pairs"],
            "corpora": mix["corpora"],
            "sources": [
                {k: s[k] for k in ("name", "kind", "domain", "license", "weight", "read", "kept", "in_mix")}
                | {k: s.get(k, 0) for k in ("truecased", "shorthand", "mojibake", "name_copies")}
                for s in mix["sources"]
                if s["in_mix"]
            ],
            "excluded": [s["name"] for s in mix["sources"] if not s["in_mix"]],
            "dev_sets_excluded_from_training": ["flores200-dev", "tico19-dev"],
        },
        "names_glossary": _names_glossary(model_dir / "names.tsv"),
        "scores": [asdict(s) | {"beam": 4, "compute_type": "int8"} for s in scores],
    }


LANGUAGE_NAMES = {"ur": "Urdu", "en": "English"}


def render_readme(card: dict) -> str:
    """The model card's README: scores, architecture, training, data, one section each."""
    langs = card.get("languages") or {"source": "ur", "target": "en"}
    pair = "→".join(LANGUAGE_NAMES.get(langs[side], langs[side]) for side in ("source", "target"))
    recipe = (card.get("training") or {}).get("recipe") or {}
    start = recipe.get("init_from")
    origin = f"Trained from the weights of `{start}`" if start else "Trained from scratch"
    if start and (recipe.get("model") or {}).get("grow"):
        origin += " (grown into the shape below where they were smaller: `[model] grow = true`)"
    lines = [
        f"# {card['name']}: {pair} translation model",
        "",
        f"{origin} by translit's own pipeline (`translit train`) on the corpora listed below;"
        " served by CTranslate2 (int8). `weights/` keeps a float16 copy of the Hugging Face checkpoint"
        " so that training can continue from this model.",
        "",
    ]
    for section in (_scores_section, _architecture_section, _training_section, _data_section):
        lines += section(card)
    return "\n".join(lines)


def _share(score: dict, kind: str) -> str:
    """"87.5% of 120" for a card score that has the kept counts (older cards: "—")."""
    if f"{kind}_kept" not in score:
        return "—"
    return f"{score[f'{kind}_kept']:.1%} of {score[kind]}"


def _testset(score: dict) -> str:
    """The test set, and "+ names.tsv" where the model's names glossary was applied."""
    glossary = (score.get("translit_signature") or {}).get("glossary", "none")
    return score["testset"] + (" + names.tsv" if glossary != "none" else "")


def _chosen_by(selection: dict) -> str:
    if "flores_dev_half_a_chrfpp" in selection:
        return f"chosen by FLORES-200 dev half A chrF++ among {selection['flores_dev_half_a_chrfpp']}; half B was not looked at"
    return f"chosen by FLORES-200 dev chrF++ among {selection.get('flores_dev_chrfpp')}"


def _scores_section(card: dict) -> list[str]:
    lines = ["## Scores", "", "| test set | sentences | BLEU | chrF | chrF++ | names kept | numbers kept |",
             "|---|---|---|---|---|---|---|"]
    for s in card["scores"]:
        lines.append(f"| {_testset(s)} | {s['sentences']} | {s['bleu']} | {s['chrf']} | {s['chrfpp']} | {_share(s, 'names')} |"
                     f" {_share(s, 'numbers')} |")
        lines += [f"| {_testset(s)}, half {half} | {h['sentences']} | {h['bleu']} | {h['chrf']} | {h['chrfpp']} | | |"
                  for half, h in (s.get("halves") or {}).items()]
    if card["scores"]:
        sig = card["scores"][0]["signatures"]
        tuned = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in (card.get("decoding") or {}).items())
        lines += [
            "",
            f"Beam 4, int8, the model's recommended settings ({tuned or 'none'}; the translator uses them unless told"
            " otherwise), each line split into sentences and translated as `translit translate` does, the source"
            " normalised by `translit.normalize`, references untouched. Half A is a set's odd-numbered lines"
            " (1, 3, 5, …), half B its even-numbered ones: A chooses (checkpoints, arms, settings), B only confirms."
            " int8 results differ a little between CPU kinds (AVX2, AVX-512): the hardware below is the one"
            " these were measured on. sacrebleu signatures:",
            "",
        ]
        lines += [f"- {k}: `{v}`" for k, v in sig.items()]
        ours = card["scores"][0].get("translit_signature")
        if ours:
            lines += ["- translit: `" + "|".join(f"{k}:{v}" for k, v in ours.items() if k != "testset") + "`"]
    return lines + [""]


def _architecture_section(card: dict) -> list[str]:
    a = card["architecture"]
    return [
        "## Architecture",
        "",
        f"Transformer encoder–decoder, d_model {a['d_model']}, {a['encoder_layers']} encoder and {a['decoder_layers']} decoder layers,"
        f" {a['heads']} heads, FFN {a['ffn_dim']}, joint SentencePiece vocabulary of {a['vocab_size']} shared by encoder,"
        f" decoder and output layer; {a['parameters']:,} parameters. Folder size {card['size_bytes'] / 1e6:.1f} MB.",
        "",
    ]


def _training_section(card: dict) -> list[str]:
    t = card["training"]
    recipe = (t.get("recipe") or {}).get("name") or card["name"]
    lines = [
        "## Training",
        "",
        f"{t['steps']} steps ({t['epochs']} full epochs), {t['train_seconds'] / 3600:.2f} h on {t['hardware']}."
        f" Exported weights: {t['selection']['chosen']} ({_chosen_by(t['selection'])}).",
        f"Recipe: `corpora/recipes/{recipe}.toml`.",
    ]
    for other in t["selection"].get("soup_with", []):
        lines.append(
            f"Soup: the mean of this run's EMA weights and those of run `{other['run']}` (recipe `{other['recipe']}`,"
            f" {other['steps']} steps), forked from this run's state (`translit train export --soup-with`)."
        )
    if t.get("cooldown"):
        c = t["cooldown"]
        end, steps = c["start"] + c["steps"], t.get("steps") or 0
        stopped = (f"; the run stopped at step {steps}, before the end, the rate at {(end - steps) / c['steps']:.0%} of where it started"
                   if c["start"] < steps < end else "")
        lines.append(
            f"Cool-down: the learning rate falls linearly to zero from step {c['start']} to step {end}"
            f" (`translit train run --cooldown-steps {c['steps']}`){stopped}; a run continued from here re-warms first."
        )
    lines += [
        "",
        "Continue training from this model on a fresh machine (the run folder `work/` is not in git):",
        "",
        "```sh",
        f"translit train run --recipe corpora/recipes/{recipe}.toml --init-from models/{card['name']}",
        f"translit train export --recipe corpora/recipes/{recipe}.toml" + (f" --out models/{card['name']}" if recipe != card["name"] else ""),
        "```",
        "",
        "`--init-from` takes the weights (`weights/`, float16 safetensors), the SentencePiece model and the"
        " step count from here; the optimizer state starts afresh.",
        "",
    ]
    return lines


def _data_section(card: dict) -> list[str]:
    d = card["data"]
    lines = [
        "## Data",
        "",
        f"{d['pairs_in_mix']:,} pairs in the mix, read from `{d['corpora']}`. Dev sets (FLORES-200 dev, TICO-19 dev) are removed from the training data.",
        "",
    ]
    truecased = sum(s.get("truecased", 0) for s in d["sources"])
    copies = sum(s.get("name_copies", 0) for s in d["sources"])
    if truecased:
        lines += [f"English sides lower-cased throughout had their case restored (`[clean] truecase`): {truecased:,} pairs.", ""]
    shorthand = sum(s.get("shorthand", 0) for s in d["sources"])
    if shorthand:
        lines += [f"English sides with newswire shorthand (mln, dlrs, pct) written out (`[clean] shorthand`): {shorthand:,} pairs.", ""]
    mojibake = sum(s.get("mojibake", 0) for s in d["sources"])
    if mojibake:
        lines += [f"English sides decoded with the wrong code page put right (`[clean] mojibake`): {mojibake:,} pairs.", ""]
    glossary = card.get("names_glossary")
    if glossary:
        lines += [
            f"Names glossary (`names.tsv`, applied unless `--no-names`): {glossary['entries']:,} Urdu words and the"
            " English names they stand for, mined from the real pairs above by `translit train names` (no hand"
            f" lists): {'; '.join(glossary['made_by'])}.",
            "",
        ]
    if copies:
        lines += [
            f"Name copies (`[augment] name_copy`): {copies:,} general-domain pairs went in a second time with the Urdu"
            " words of their names written in English, so the model copies the names a glossary puts in"
            " (`translit translate --glossary`).",
            "",
        ]
    lines += [
        "| source | kind | domain | weight | read | kept | in mix | license |",
        "|---|---|---|---|---|---|---|---|",
    ]
    lines += [
        f"| {s['name']} | {s['kind']} | {s['domain']} | {s['weight']} | {s['read']} | {s['kept']} | {s['in_mix']} | {s['license']} |"
        for s in d["sources"]
    ]
    lines += [
        "",
        f"Not used: {', '.join(d['excluded']) or 'none'}.",
        "",
        "Several sources are non-commercial or research-only (see licenses above); the model inherits"
        " those terms. Check them before commercial use.",
        "",
    ]
    return lines


def rescore_card(model_dir: Path, card: dict, scores) -> dict:
    """Rewrite an exported model's card (``card``, as read from its card.json) with new ``scores``
    and its names glossary as the folder now holds it (``translit train add-names``); the rest of
    the card stays as exported."""
    card["names_glossary"] = _names_glossary(model_dir / "names.tsv")
    card["scores"] = [asdict(s) | {"beam": 4, "compute_type": "int8"} for s in scores]
    atomic_write_text(model_dir / "card.json", json.dumps(card, ensure_ascii=False, indent=2) + "\n")
    atomic_write_text(model_dir / "README.md", render_readme(card))
    return card


def write_card(model_dir: Path, recipe, run_dir: Path, scores, selection: dict, state: dict, name: str = "") -> dict:
    card = build_card(model_dir, recipe, run_dir, scores, selection, state, name)
    atomic_write_text(model_dir / "card.json", json.dumps(card, ensure_ascii=False, indent=2) + "\n")
    atomic_write_text(model_dir / "README.md", render_readme(card))
    return card
