"""Translator and `translit translate` on a tiny real model trained by the pipeline."""

import json

import pytest
from typer.testing import CliRunner

from translit.cli import app
from translit.errors import ModelError
from translit.text.clauses import join_clause_translations
from translit.text.normalize import normalize
from translit.translate import Translator
from translit.translate.options import DecodingOptions
from translit.translate.stages.chunk import split_for_model

runner = CliRunner()


def _chunks(tr, text, clause_tokens=0):
    """(source pieces, source text) of the model inputs ``text`` is cut into (the chunk stage)."""
    return split_for_model(text, tr.engine.encode, tr.engine.max_input_tokens, clause_tokens)


@pytest.fixture(scope="module")
def translator(tiny_model):
    return Translator(str(tiny_model), threads=1)


def test_translate_segments(translator):
    out = translator.translate(["لڑکا کتاب ہے۔", "", "Hello 123"])
    assert len(out) == 3
    assert out[0].strip()
    assert out[1] == ""  # nothing to translate
    assert out[2] == "Hello 123"  # no Urdu: passes through unchanged


def test_document_spans_and_paragraphs(translator):
    text = "لڑکا کتاب ہے۔ بلی دریا ہے۔\n\n  گھر ہے۔\n"
    doc = translator.translate_document(text)
    assert len(doc.paragraphs) == 2
    assert len(doc.translation.splitlines()) == 2
    sentences = [s for p in doc.paragraphs for s in p.sentences]
    assert [s.source for s in sentences] == ["لڑکا کتاب ہے۔", "بلی دریا ہے۔", "گھر ہے۔"]
    for s in sentences:
        assert text[s.start : s.end] == s.source
        assert 0.0 < s.confidence <= 1.0


def test_nbest(translator):
    doc = translator.translate_document("لڑکا کتاب ہے۔", DecodingOptions(beam_size=4, num_hypotheses=3))
    alts = doc.paragraphs[0].sentences[0].alternatives
    assert len(alts) == 3
    assert alts[0].score >= alts[-1].score


def test_long_input_is_chunked_not_cut(translator):
    long_line = "، ".join(["لڑکا کتاب ہے"] * 80) + "۔"  # far over the model's 64 positions
    out = translator.translate_document(long_line)
    sentence = out.paragraphs[0].sentences[0]
    assert sentence.source == long_line
    pieces = [p for p, _ in _chunks(translator, normalize(long_line))]
    limit = translator.folder.max_input_tokens
    assert len(pieces) > 5 and all(len(p) <= limit for p in pieces)
    flat = [tok for p in pieces for tok in p if tok != "</s>"]
    rebuilt = translator.engine.detokenize_source(flat)
    assert rebuilt.replace(" ", "") == normalize(long_line).replace(" ", "")  # nothing cut
    assert len(sentence.translation.split()) >= len(pieces)  # every chunk was translated


def test_streaming_keeps_line_count(translator):
    lines = ["لڑکا کتاب ہے۔", "", "😀", "\t", "۔۔۔", "ـــــ", "English only.", "گھر ہے۔ " * 30]
    results = list(translator.translate_lines(iter(lines), batch_lines=3))
    assert [r.index for r in results] == list(range(len(lines)))
    assert results[1].translation == "" and results[3].translation == ""
    assert results[2].translation == "😀"
    assert results[6].translation == "English only."


def test_model_card_recommends_decoding_settings(tiny_model, tmp_path):
    """The card's `decoding` settings are the translator's defaults; explicit options win."""
    import shutil

    folder = tmp_path / "tuned"
    shutil.copytree(tiny_model, folder)
    card = json.loads((folder / "card.json").read_text())
    card["decoding"] = {"no_repeat_ngram_size": 1, "length_penalty": 0.8}
    (folder / "card.json").write_text(json.dumps(card))
    tuned = Translator(str(folder), threads=1)
    assert tuned.tuned_settings() == {
        "length_penalty": 0.8, "repetition_penalty": 1.0, "no_repeat_ngram_size": 1, "clause_split_tokens": 0
    }
    free = DecodingOptions(no_repeat_ngram_size=0)
    assert tuned.tuned_settings(free)["no_repeat_ngram_size"] == 0

    sources = ["لڑکا کتاب ہے۔", "بلی دریا ہے۔ گھر کتاب ہے۔", "دریا دریا دریا گھر ہے۔", "کتاب بلی لڑکا دریا ہے۔"]

    def repeats(options):
        jobs = [p for s in sources for p, _ in _chunks(tuned, normalize(s))]
        hyps = [r.hypotheses[0] for r in tuned.engine.generate(jobs, options or tuned.options)]
        return sum(len(h) != len(set(h)) for h in hyps)

    assert repeats(free) > 0  # "river river river" or a tiny model's loop
    assert repeats(None) == 0  # the card's setting blocks any repeated piece


def test_card_clause_split_cuts_long_sentences_at_commas(tiny_model, tmp_path):
    """A card's clause_split_tokens sends a long sentence through clause by clause; options win."""
    import shutil

    folder = tmp_path / "clauses"
    shutil.copytree(tiny_model, folder)
    card = json.loads((folder / "card.json").read_text())
    card["decoding"] = {"clause_split_tokens": 4}
    (folder / "card.json").write_text(json.dumps(card))
    tr = Translator(str(folder), threads=1)
    text = normalize("لڑکا کتاب گھر ہے، بلی دریا ہے، کتا ہے۔")
    chunks = _chunks(tr, text, tr.tuned_settings()["clause_split_tokens"])
    sources = [source for _, source in chunks]
    assert len(chunks) >= 2 and " ".join(sources) == text  # whole clauses, nothing lost
    assert all(len(tokens) - 1 <= 4 or source.count("،") + source.count("۔") == 1 for tokens, source in chunks)
    assert len(_chunks(tr, text, tr.tuned_settings(DecodingOptions(clause_split_tokens=0))["clause_split_tokens"])) == 1
    split = tr.translate_document(text).paragraphs[0].sentences[0]
    assert split.source == text
    # the sentence's translation is its clauses' translations, joined
    alone = tr.translate(sources, DecodingOptions(clause_split_tokens=0))
    assert split.translation == join_clause_translations(sources, alone)


def test_missing_model_folder(tmp_path):
    with pytest.raises(ModelError, match="model not found"):
        Translator(str(tmp_path / "none"))


def test_broken_model_folder(tiny_model, tmp_path):
    import shutil

    broken = tmp_path / "broken"
    shutil.copytree(tiny_model, broken)
    (broken / "spm.model").unlink()
    with pytest.raises(ModelError, match="missing spm.model"):
        Translator(str(broken))
    (broken / "spm.model").write_bytes(b"not a model")
    (broken / "model.bin").write_bytes(b"garbage")
    with pytest.raises(ModelError, match="cannot load model"):
        Translator(str(broken))


# -- the command ---------------------------------------------------------------------------


def test_cli_text_lines(tiny_model):
    src = "لڑکا کتاب ہے۔\n\nبلی ہے۔\n"
    result = runner.invoke(app, ["translate", "--model", str(tiny_model), "--beam", "2"], input=src)
    assert result.exit_code == 0, result.output
    lines = result.stdout.split("\n")
    assert len(lines) == 4 and lines[1] == "" and lines[3] == ""


def test_cli_clause_split_option(translator, tiny_model):
    """--clause-split N translates a long sentence clause by clause, as DecodingOptions does."""
    text = "لڑکا کتاب گھر ہے، بلی دریا ہے، کتا ہے۔"
    for n in ("0", "4"):
        result = runner.invoke(app, ["translate", "--model", str(tiny_model), "--threads", "1", "--clause-split", n], input=text + "\n")
        assert result.exit_code == 0, result.output
        assert result.stdout == translator.translate([text], DecodingOptions(clause_split_tokens=int(n)))[0] + "\n"
    assert len(_chunks(translator, normalize(text), 4)) > 1  # N = 4 does cut this sentence
    bad = runner.invoke(app, ["translate", "--model", str(tiny_model), "--clause-split", "-1"], input=text)
    assert bad.exit_code == 2 and "--clause-split" in bad.output


def test_cli_jsonl_shape(tiny_model):
    src = "لڑکا کتاب ہے۔ گھر ہے۔\n"
    result = runner.invoke(app, ["translate", "--model", str(tiny_model), "--format", "jsonl", "--nbest", "2"], input=src)
    assert result.exit_code == 0, result.output
    row = json.loads(result.stdout)
    assert row["line"] == 0 and row["source"] == src.strip()
    assert [s["source"] for s in row["sentences"]] == ["لڑکا کتاب ہے۔", "گھر ہے۔"]
    for s in row["sentences"]:
        assert src[s["start"] : s["end"]] == s["source"]
        assert {"translation", "confidence", "alternatives"} <= set(s)
        assert len(s["alternatives"]) == 2


def test_cli_file_to_file_and_resume(tiny_model, tmp_path):
    src = tmp_path / "in.txt"
    src.write_text("".join(f"لڑکا کتاب ہے۔ {i}\n" for i in range(10)), encoding="utf-8")
    out = tmp_path / "out.txt"
    full = runner.invoke(app, ["translate", str(src), "-o", str(out), "--model", str(tiny_model)])
    assert full.exit_code == 0, full.output
    expected = out.read_text(encoding="utf-8").splitlines()
    assert len(expected) == 10
    # simulate a crash: 4 complete lines and a torn fifth in the partial file, no final output
    from translit.translate.jobs import FileJob, translation_settings

    out.unlink()
    translator = Translator(str(tiny_model))
    settings = translation_settings(translator, DecodingOptions(), "text")
    killed = FileJob(src, out, settings=settings)
    killed.start()  # the record of the job, as the killed run left it
    killed.release()
    partial = tmp_path / "out.txt.partial"
    partial.write_text("\n".join(expected[:4]) + "\n" + expected[4][:3], encoding="utf-8")
    resumed = runner.invoke(app, ["translate", str(src), "-o", str(out), "--resume", "--model", str(tiny_model)])
    assert resumed.exit_code == 0, resumed.output
    assert out.read_text(encoding="utf-8").splitlines() == expected
    assert not partial.exists()
    partial.write_text("a partial nobody recorded\n", encoding="utf-8")  # from another tool, or tampered with
    refused = runner.invoke(app, ["translate", str(src), "-o", str(out), "--resume", "--model", str(tiny_model)])
    assert refused.exit_code == 1 and "no record of what it was made from" in refused.stderr
    longer_job = FileJob(src, out, settings=settings)
    longer_job.start()
    partial.write_text("x\n" * 12, encoding="utf-8")  # more lines than the 10-line input, recorded as synced
    longer_job.mark(12, "0" * 64)
    longer_job.release()
    longer = runner.invoke(app, ["translate", str(src), "-o", str(out), "--resume", "--model", str(tiny_model)])
    assert longer.exit_code == 1 and "more lines than the input" in longer.stderr


def test_cli_resume_needs_output(tiny_model):
    result = runner.invoke(app, ["translate", "--resume", "--model", str(tiny_model)], input="x\n")
    assert result.exit_code != 0 and "--resume needs -o" in result.stderr


@pytest.mark.parametrize(
    "args,stdin,message",
    [
        (["translate", "/no/such.txt"], None, "file not found"),
        (["translate", "--model", "/no/model"], "x\n", "model not found"),
    ],
)
def test_cli_bad_input(args, stdin, message):
    result = runner.invoke(app, args, input=stdin)
    assert result.exit_code != 0
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_cli_invalid_utf8(tiny_model, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes("لڑکا\n".encode() + b"ab\xc3\x28\n")
    result = runner.invoke(app, ["translate", str(bad), "--model", str(tiny_model)])
    assert result.exit_code != 0
    assert f"{bad}: invalid UTF-8 at byte 11 (line 2)" in result.stderr


@pytest.mark.parametrize("method", ["lexicon", "attention"])
def test_cli_jsonl_with_word_links(tiny_model, method):
    result = runner.invoke(
        app,
        ["translate", "--model", str(tiny_model), "--format", "jsonl", "--align", "--align-method", method],
        input="لڑکا کتاب ہے۔\n",
    )
    assert result.exit_code == 0, result.output
    sentence = json.loads(result.stdout)["sentences"][0]
    assert "links" in sentence
    for link in sentence["links"].split():
        i, j = map(int, link.split("-"))
        assert 0 <= i < 3 and 0 <= j < len(sentence["translation"].split())


def test_cli_align_needs_jsonl(tiny_model):
    result = runner.invoke(app, ["translate", "--model", str(tiny_model), "--align"], input="x\n")
    assert result.exit_code != 0 and "--align needs --format jsonl" in result.stderr


@pytest.mark.parametrize(
    "card, message",
    [
        ([1, 2, 3], "expected a JSON object"),
        ({"max_positions": 1}, "max_positions: expected a whole number ≥ 4"),
        ({"max_input_tokens": 0}, "max_input_tokens: expected a whole number ≥ 2"),
        ({"max_input_tokens": "lots"}, "max_input_tokens"),
        ({"decoding": {"length_penalty": None}}, "decoding.length_penalty"),
        ({"decoding": {"no_repeat_ngram_size": "six"}}, "decoding.no_repeat_ngram_size"),
        ({"decoding": {"clause_split_tokens": -5}}, "decoding.clause_split_tokens"),
    ],
)
def test_bad_card_values_are_refused_at_load(tiny_model, tmp_path, card, message):
    """A card value that would hang the chunking or fail inside a decode is a one-line error."""
    import shutil

    folder = tmp_path / "bad-card"
    shutil.copytree(tiny_model, folder)
    (folder / "card.json").write_text(json.dumps(card))
    with pytest.raises(ModelError, match=message):
        Translator(str(folder))
    result = runner.invoke(app, ["translate", "--model", str(folder)], input="لڑکا ہے۔\n")
    assert result.exit_code == 1 and message.split(":")[0] in result.stderr and "Traceback" not in result.output


def test_vocabulary_that_does_not_match_the_tokenizer_is_refused_at_load(tiny_model, tmp_path):
    import shutil

    from translit.model import shipped_models_dir

    short = tmp_path / "short"
    shutil.copytree(tiny_model, short)
    vocabulary = json.loads((short / "shared_vocabulary.json").read_text())
    (short / "shared_vocabulary.json").write_text(json.dumps(vocabulary[:200]))  # cut short
    with pytest.raises(ModelError, match="does not match the model's vocabulary"):
        Translator(str(short))
    shipped = shipped_models_dir() / "ur-en-base" / "spm.model"
    if shipped.is_file():
        other = tmp_path / "other"
        shutil.copytree(tiny_model, other)
        shutil.copyfile(shipped, other / "spm.model")  # another model's tokenizer
        result = runner.invoke(app, ["translate", "--model", str(other)], input="لڑکا ہے۔\n")
        assert result.exit_code == 1 and "pieces missing" in result.stderr and "Traceback" not in result.output
