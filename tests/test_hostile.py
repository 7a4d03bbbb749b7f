"""Every parser and pattern is linear: the hostile cases of translit.bench.hostile (one unit
repeated: "ب۔", ".", "[", "<script>", …) at two sizes; four times the input may take about four
times as long, never sixteen. benchmarks/hostile.py runs the same cases at 1 MB."""

import random
import time

import pytest

from translit.bench.hostile import CASES, run_case
from translit.errors import TranslitError

SMALL, LARGE = 16_000, 64_000


def _best(name, unit, fn, size, tries=2):
    return min(run_case(name, unit, fn, size).seconds for _ in range(tries))


@pytest.mark.parametrize("name,unit,fn", CASES, ids=[c[0] for c in CASES])
def test_four_times_the_input_takes_about_four_times_as_long(name, unit, fn):
    run_case(name, unit, fn, 1000)  # imports and tables load outside the timing
    small, large = _best(name, unit, fn, SMALL), _best(name, unit, fn, LARGE)
    assert large < 1.0, f"{name}: {LARGE} bytes took {large:.2f} s"
    assert large < 8 * small + 0.05, f"{name}: {small:.4f} s → {large:.4f} s for 4× the input"


def test_random_repetitive_inputs_stay_fast():
    """Fuzzing with the characters parsers care about: random short units, repeated to 32 KB,
    through every case's function, each in well under a second."""
    alphabet = list("ب۔؟.@[]()<>!-/\"'`*#|:,،\n w1") + ["<b>", "</b>", "<!--", "-->", "www.", "http://", "-->", "{\\an8}"]
    rng = random.Random(7)
    for _ in range(40):
        unit = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 6)))
        for name, _, fn in CASES:
            text = unit * (32_000 // len(unit.encode("utf-8")))
            start = time.perf_counter()
            try:
                fn(text)
            except TranslitError:
                pass
            assert time.perf_counter() - start < 2.0, f"{name} on {unit!r} × {len(text) // len(unit)}"
