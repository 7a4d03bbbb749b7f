"""Build translit/romanize/romanizer.json.gz: the Urdu → Latin spelling model.

    python scripts/build_romanizer.py [--corpora ../shared/corpora]

Transliteration pairs are mined (translit.romanizer.mining) from the shipped word lexicon (word
pairs of the sentence corpora) and from the one-word entries of the name dictionaries (CLDR
names, COVID terms); a tenth of the pairs tunes the search weights and another tenth, held out,
measures accuracy; then the model is trained on all pairs. Deterministic: the same corpora give the same file.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from translit.align.lexicon import load_lexicon  # noqa: E402
from translit.romanizer import SHIPPED  # noqa: E402
from translit.romanizer.evaluate import score_spellings  # noqa: E402
from translit.romanizer.mining import lexicon_candidates, mine  # noqa: E402
from translit.romanizer.transducer import Romanizer  # noqa: E402
from translit.text.normalize import normalize  # noqa: E402
from translit.datasets import read_manifest, read_pairs  # noqa: E402

DICTIONARIES = ("dict_cldr", "dict_covid_terms")


def dictionary_candidates(corpora: Path):
    for source in read_manifest(corpora):
        if source.name in DICTIONARIES:
            for ur, en in read_pairs(source):
                ur = normalize(ur).strip()
                if " " not in ur and " " not in en.strip():
                    yield ur, en


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpora", default=str(ROOT.parent / "shared" / "corpora"))
    parser.add_argument("--out", default=str(SHIPPED))
    parser.add_argument("--iterations", type=int, default=8)
    args = parser.parse_args()

    start = time.time()
    lexicon_pairs = mine(lexicon_candidates(load_lexicon()))
    dictionary_pairs = mine(dictionary_candidates(Path(args.corpora)))
    pairs = list(dict.fromkeys(lexicon_pairs + dictionary_pairs))
    print(f"{len(pairs)} transliteration pairs ({len(lexicon_pairs)} from the word lexicon, "
          f"{len(dictionary_pairs)} from dictionaries)", file=sys.stderr)
    tune, held_out = pairs[::10], pairs[5::10]
    set_aside = set(tune) | set(held_out)
    train = [p for p in pairs if p not in set_aside]

    def say(iteration, ll):
        print(f"  EM iteration {iteration}: log-likelihood {ll:.0f}", file=sys.stderr)

    check = Romanizer.train(train, args.iterations, say)
    best = None
    for lm_weight in (0.3, 0.5, 0.7):
        for length_bonus in (0.5, 1.0, 1.5):
            check.lm_weight, check.length_bonus = lm_weight, length_bonus
            cer = score_spellings(check, tune)["cer"]
            if best is None or cer < best[0]:
                best = (cer, lm_weight, length_bonus)
    _, lm_weight, length_bonus = best
    check.lm_weight, check.length_bonus = lm_weight, length_bonus
    scores = score_spellings(check, held_out)
    print(f"search weights tuned on {len(tune)} pairs: lm_weight {lm_weight}, length_bonus {length_bonus}", file=sys.stderr)
    print(f"held out ({len(held_out)} pairs): exact {scores['exact']:.3f}, in 5-best {scores['in_nbest']:.3f}, "
          f"character error rate {scores['cer']:.3f}", file=sys.stderr)
    model = Romanizer.train(pairs, args.iterations, lm_weight=lm_weight, length_bonus=length_bonus)
    model.info = {
        "built_by": "scripts/build_romanizer.py",
        "pairs": len(pairs),
        "from_lexicon": len(lexicon_pairs),
        "from_dictionaries": {"sources": list(DICTIONARIES), "pairs": len(dictionary_pairs)},
        "held_out": {"pairs": len(held_out), **{k: round(v, 4) for k, v in scores.items()}},
        "tuned_on": len(tune),
    }
    model.save(Path(args.out))
    size = Path(args.out).stat().st_size
    print(f"wrote {args.out}: {size / 1e3:.0f} kB in {time.time() - start:.0f}s", file=sys.stderr)


if __name__ == "__main__":
    main()
