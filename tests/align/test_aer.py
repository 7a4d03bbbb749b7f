"""AER against a gold file of sure and possible links, its sentences read from a test set."""

import gzip

import pytest

from translit.bench.aer import aer, load_gold
from translit.errors import InputError


@pytest.fixture
def evalsets(tmp_path):
    folder = tmp_path / "evalsets" / "tiny-dev"
    folder.mkdir(parents=True)
    (folder / "dev.ur.gz").write_bytes(gzip.compress("لڑکا گھر گیا\nپانی ٹھنڈا ہے\n".encode()))
    (folder / "dev.en.gz").write_bytes(gzip.compress(b"the boy went home\nthe water is cold\n"))
    return tmp_path / "evalsets"


def test_aer_counts_sure_and_possible_links(evalsets, tmp_path):
    gold_file = tmp_path / "gold.tsv"
    gold_file.write_text("# comment\ntiny-dev\t0\t0-1 1-3 2-2 0?0\ntiny-dev\t1\t0-1 1-3 2-2\n", encoding="utf-8")
    gold = load_gold(gold_file, evalsets)
    assert [g.en for g in gold] == ["the boy went home", "the water is cold"]
    assert gold[0].sure == {(0, 1), (1, 3), (2, 2)} and (0, 0) in gold[0].possible and (0, 1) in gold[0].possible
    assert aer([{(0, 1), (1, 3), (2, 2)}, {(0, 1), (1, 3), (2, 2)}], gold)["aer"] == 0.0
    # one sure link missed, one possible link found, one wrong link: |A|=6 |S|=6 |A∩S|=4 |A∩P|=5
    result = aer([{(0, 1), (0, 0), (1, 3)}, {(0, 1), (1, 3), (2, 0)}], gold)
    assert result["aer"] == round(1 - (4 + 5) / (6 + 6), 4) and result["precision"] == round(5 / 6, 4) and result["recall"] == round(4 / 6, 4)


def test_a_link_outside_its_pair_fails_with_where(evalsets, tmp_path):
    gold_file = tmp_path / "gold.tsv"
    gold_file.write_text("tiny-dev\t1\t0-1 3-3\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"gold.tsv:1: link 3-3 outside the pair \(3 Urdu, 4 English words\)"):
        load_gold(gold_file, evalsets)
    gold_file.write_text("tiny-dev\t1\t0-1 x\n", encoding="utf-8")
    with pytest.raises(InputError, match="not a link: 'x'"):
        load_gold(gold_file, evalsets)


def test_the_shipped_gold_file_is_well_formed():
    """Every row of the project's gold set has three columns and only i-j / i?j links (its
    sentences are checked where the dev sets are, by benchmarks/word_gold.py)."""
    from pathlib import Path

    rows = [r for r in (Path(__file__).parents[2] / "benchmarks" / "gold" / "word_links.tsv").read_text(encoding="utf-8").splitlines()
            if r and not r.startswith("#")]
    assert len(rows) >= 100
    for row in rows:
        name, line, links = row.split("\t")
        assert name in ("flores200-dev", "tico19-dev") and line.isdigit()
        assert all(t.replace("-", "?").count("?") == 1 and t.replace("-", "?").replace("?", "").isdigit() for t in links.split())
    assert len({(r.split("\t")[0], r.split("\t")[1]) for r in rows}) == len(rows)  # no pair twice
