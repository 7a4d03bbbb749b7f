"""NLLB-200, M2M-100 and mBART-50 checkpoints users bring: tiny random ones in each family's hub
layout (``tests/hf_checkpoints.py``), converted, then decoded by CTranslate2 exactly as
transformers decodes the checkpoint (language tokens in, language token forced out)."""

import json
import math
import subprocess
import sys

import pytest

pytest.importorskip("torch")
pytest.importorskip("transformers")

import hf_checkpoints  # noqa: E402

from translit.convert import convert_checkpoint, detect_family  # noqa: E402
from translit.errors import ModelError  # noqa: E402
from translit.model import load_model_folder  # noqa: E402
from translit.translate.engine import END, Engine  # noqa: E402
from translit.translate.options import DecodingOptions, EngineOptions  # noqa: E402

pytestmark = [pytest.mark.slow, pytest.mark.filterwarnings("ignore::UserWarning")]

FAMILIES = {
    "nllb": ("M2M100ForConditionalGeneration", "urd_Arab", "eng_Latn"),
    "m2m100": ("M2M100ForConditionalGeneration", "__ur__", "__en__"),
    "mbart50": ("MBartForConditionalGeneration", "ur_PK", "en_XX"),
}


@pytest.fixture(scope="module", params=sorted(FAMILIES))
def converted(request, tmp_path_factory):
    family = request.param
    root = tmp_path_factory.mktemp(family)
    checkpoint = getattr(hf_checkpoints, family)(root)
    folder = convert_checkpoint(checkpoint, root / "models" / family, quantization="float32")
    return family, checkpoint, folder


def test_the_family_is_detected_and_the_card_carries_the_language_tokens(converted):
    family, checkpoint, folder = converted
    _, source_token, target_token = FAMILIES[family]
    assert detect_family(checkpoint) == family
    card = json.loads((folder / "card.json").read_text(encoding="utf-8"))
    assert card["family"] == family and card["languages"] == {"source": "ur", "target": "en"}
    assert card["source_prefix"] == [source_token] and card["target_prefix"] == [target_token]
    assert card["license"] == ("cc-by-nc-4.0" if family == "nllb" else "mit")
    assert (folder / "spm.model").is_file()
    assert card.get("unmapped_pieces", 0) == (2 if family == "m2m100" else 0)  # vocab.json leaves two pieces out


def _transformers_greedy(checkpoint, model_class, src_ids, forced, suppress, steps):
    import torch
    import transformers

    class Suppress(transformers.LogitsProcessor):
        """The non-piece tokens kept out after the forced language token (transformers' own
        ``suppress_tokens`` refuses to suppress a token it also forces)."""

        def __call__(self, input_ids, scores):
            if input_ids.shape[1] >= 2:
                scores[:, suppress] = -float("inf")
            return scores

    model = getattr(transformers, model_class).from_pretrained(checkpoint).eval()
    with torch.inference_mode():
        # two steps more than compared: mBART's config forces </s> at the last one
        out = model.generate(torch.tensor([src_ids]), num_beams=1, do_sample=False, max_new_tokens=steps + 2,
                             forced_bos_token_id=forced, min_new_tokens=steps + 1,
                             logits_processor=transformers.LogitsProcessorList([Suppress()]))
    return out[0].tolist()[2:]  # after the decoder start (</s>) and the forced language token


def test_ctranslate2_decodes_as_transformers_does(converted):
    """The converted model reads ``[source token] pieces </s>``, starts from ``</s>`` with the
    target token forced, and writes what the checkpoint writes in transformers, step for step."""
    family, checkpoint, folder = converted
    model_class, source_token, target_token = FAMILIES[family]
    engine = Engine(load_model_folder(folder), EngineOptions("cpu", "float32", 1, 1))
    tokens = json.loads((folder / "shared_vocabulary.json").read_text(encoding="utf-8"))
    ids = {t: i for i, t in enumerate(tokens)}
    pieces = set(hf_checkpoints.SPECIALS) | {engine._sp_tgt.id_to_piece(i) for i in range(engine._sp_tgt.get_piece_size())}
    suppress = [i for t, i in ids.items() if t not in pieces]  # other languages' codes, <mask>, made-up words
    assert ids[source_token] in suppress and ids[target_token] in suppress
    steps = 6
    for text in ("لڑکا پانی ہے", "شہر بڑا ہے اسکول"):
        source = engine.encode(text)
        src_ids = [ids[source_token]] + [ids.get(p, ids["<unk>"]) for p in source] + [ids[END]]
        expected = [tokens[i] for i in _transformers_greedy(checkpoint, model_class, src_ids, ids[target_token], suppress, steps)]
        got = engine.generate([source + [END]], DecodingOptions(beam_size=1, max_decoding_length=steps))[0].hypotheses[0]
        assert got == expected[:steps] and target_token not in got


def test_score_and_attention_leave_the_language_tokens_out(converted):
    family, _, folder = converted
    engine = Engine(load_model_folder(folder), EngineOptions("cpu", "float32", 1, 1))
    source, target = engine.encode("لڑکا پانی ہے") + [END], engine.encode_target("the boy")
    (rows,) = engine.attend([source], [target], 1024)
    assert len(rows) == len(target) and all(len(r) == len(source) for r in rows)  # no language-token row or column
    (score,) = engine.score([source], [target], 1024)
    assert score < 0
    forced = engine.generate([source], DecodingOptions(beam_size=2, max_decoding_length=5), target_prefix=[target])[0]
    assert forced.hypotheses[0][: len(target)] == target  # a caller's prefix comes after the language token
    assert all(math.isfinite(s) for s in forced.scores)


def test_languages_by_iso_or_own_code_and_unknown_ones_refused(tmp_path):
    checkpoint = hf_checkpoints.nllb(tmp_path)
    folder = convert_checkpoint(checkpoint, tmp_path / "ar", languages=("ara_Arab", "en"))
    card = json.loads((folder / "card.json").read_text(encoding="utf-8"))
    assert card["source_prefix"] == ["ara_Arab"] and card["target_prefix"] == ["eng_Latn"]
    with pytest.raises(ModelError, match="'hi' is not a language of this NLLB-200 model"):
        convert_checkpoint(checkpoint, tmp_path / "hi", languages=("hi", "en"))
    assert not (tmp_path / "hi").exists()


def test_bad_checkpoints_fail_in_one_line(tmp_path):
    nllb = hf_checkpoints.nllb(tmp_path)
    run = [sys.executable, "-m", "translit", "models", "convert"]
    partial = tmp_path / "partial"
    partial.mkdir()
    for name in ("config.json", "sentencepiece.bpe.model", "tokenizer.json"):
        (partial / name).write_bytes((nllb / name).read_bytes())  # no weights
    no_spm = tmp_path / "no-spm"
    no_spm.mkdir()
    (no_spm / "config.json").write_bytes((nllb / "config.json").read_bytes())
    (tmp_path / "m25").mkdir()
    mbart25 = hf_checkpoints.mbart50(tmp_path / "m25", tokenizer_class="MBartTokenizer")
    for folder, message in ((partial, "cannot convert"), (no_spm, "not an NLLB-200 checkpoint (missing sentencepiece.bpe.model)"),
                            (mbart25, "only mBART-50 translation models are converted")):
        done = subprocess.run(run + [str(folder), "--models-dir", str(tmp_path / "m")], capture_output=True, text=True)
        assert done.returncode == 1 and message in done.stderr and "Traceback" not in done.stderr, done.stderr
        assert len(done.stderr.strip().splitlines()) == 1 and not (tmp_path / "m" / folder.name).exists()


def test_from_checkout_to_translated_aligned_and_benchmarked_documents(tmp_path):
    """What a user does with a local NLLB checkout: convert it (one command), then translate a
    document, align with it and benchmark it, naming the model as any other."""
    checkpoint = hf_checkpoints.nllb(tmp_path)
    env = {**__import__("os").environ, "TRANSLIT_HOME": str(tmp_path / "home")}

    def translit(*args, stdin=None):
        done = subprocess.run([sys.executable, "-m", "translit", *args], input=stdin, capture_output=True, text=True, env=env, timeout=300)
        assert done.returncode == 0, done.stderr
        return done.stdout

    assert "nllb-tiny" in translit("models", "convert", str(checkpoint))
    info = json.loads(translit("models", "info", "nllb-tiny", "--json"))
    assert info["family"] == "nllb" and info["where"] == "user" and info["card"]["target_prefix"] == ["eng_Latn"]
    ur = tmp_path / "doc.ur.txt"
    ur.write_text("لڑکا پانی ہے۔ شہر بڑا ہے۔\n\nگھر دریا ہے۔\n", encoding="utf-8")
    translit("translate", str(ur), "--model", "nllb-tiny", "--threads", "1", "-o", str(tmp_path / "doc.en.txt"))
    english = (tmp_path / "doc.en.txt").read_text(encoding="utf-8")
    assert english.count("\n\n") == 1 and "eng_Latn" not in english and "urd_Arab" not in english  # paragraphs kept, no codes
    en = tmp_path / "ref.en.txt"
    en.write_text("The boy is water. The city is big.\n\nThe house is a river.\n", encoding="utf-8")
    beads = [json.loads(line) for line in translit("align", "sentences", str(ur), str(en), "--translate", "--model", "nllb-tiny").splitlines()]
    assert [b["kind"] for b in beads] == ["1-1"] * 3
    links = translit("align", "words", "--method", "attention", "--model", "nllb-tiny", stdin="لڑکا پانی ہے\tthe boy is water\n")
    assert links.strip() and all(0 <= int(i) < 3 and 0 <= int(j) < 4 for i, j in (p.split("-") for p in links.split()))
    src, ref = tmp_path / "src.txt", tmp_path / "ref.txt"
    src.write_text("لڑکا پانی ہے۔\nشہر بڑا ہے۔\n", encoding="utf-8")
    ref.write_text("The boy is water.\nThe city is big.\n", encoding="utf-8")
    quality = json.loads(translit("bench", "quality", "--model", "nllb-tiny", "--src", str(src), "--ref", str(ref), "--json", "--threads", "1"))
    assert quality["sentences"] == 2 and "chrfpp" in quality
    speed = json.loads(translit("bench", "speed", "--model", "nllb-tiny", "--src", str(src), "--engines", "translit,ctranslate2",
                                "--threads", "1", "--beam", "2", "--batch-sizes", "2", "--latency-sentences", "2", "--json"))
    assert {r["config"]["engine"] for r in speed["results"]} == {"translit", "ctranslate2"} and speed["signature"]["model"] == "nllb-tiny"


def _variant(nllb, root, name, edit):
    """A copy of the tiny NLLB checkout with one file replaced by ``edit(folder)``."""
    import shutil

    folder = root / name
    shutil.copytree(nllb, folder)
    edit(folder)
    return folder


def test_crafted_checkpoint_files_fail_in_one_line_without_memory_or_code(tmp_path):
    """Each of a hostile repository's small files: a 40-byte tokenizer.json that names id
    400 000 000, negative and malformed ids, a nonsense vocab_size, a deeply nested config, a
    broken SentencePiece model, pickled weights that would run code."""
    import pickle
    import resource

    nllb = hf_checkpoints.nllb(tmp_path)
    marker = tmp_path / "pwned"

    class Payload:
        def __reduce__(self):
            import os

            return (os.system, (f"touch {marker}",))

    def write(name, text):
        return lambda folder: (folder / name).write_text(text, encoding="utf-8")

    def pickled(folder):
        for weights in folder.glob("*.safetensors"):
            weights.unlink()
        (folder / "pytorch_model.bin").write_bytes(pickle.dumps(Payload()))

    config = json.loads((nllb / "config.json").read_text(encoding="utf-8"))
    cases = [
        ("bomb", write("tokenizer.json", '{"model":{"vocab":{"a":400000000}}}'), "token ids run to 400000000"),
        ("negative", write("tokenizer.json", '{"model":{"vocab":{"a":-1,"b":0}}}'), "not a whole number from 0"),
        ("added", write("tokenizer.json", '{"model":{"vocab":{"a":0}},"added_tokens":[{"id":"x"}]}'), "not a tokenizers file"),
        ("size", write("config.json", json.dumps(config | {"vocab_size": "x"})), "vocab_size must be a whole number"),
        ("nested", write("config.json", "[" * 100_000 + "]" * 100_000), "not valid JSON"),
        ("spm", lambda f: (f / "sentencepiece.bpe.model").write_bytes(b"not a model"), "not a SentencePiece model"),
        ("pickle", pickled, "pickle that would run code"),
    ]
    run = [sys.executable, "-c", "import resource, sys; resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30)); "
           "from translit.cli import main; sys.argv = ['translit'] + sys.argv[1:]; main()", "models", "convert"]
    for name, edit, message in cases:
        folder = _variant(nllb, tmp_path, name, edit)
        done = subprocess.run(run + [str(folder), "--models-dir", str(tmp_path / "m")], capture_output=True, text=True)
        assert done.returncode == 1 and message in done.stderr, (name, done.stderr[-2000:])
        assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr, (name, done.stderr)
    assert not marker.exists() and resource  # the pickle's code never ran
