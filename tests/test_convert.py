"""Models users bring: a tiny random Marian (OPUS-MT layout) checkpoint, built here from a
config and tiny SentencePiece models, converted and translated through the CLI."""

import json
import random
import subprocess
import sys

import pytest

pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")

from translit.convert import convert_checkpoint, detect_family  # noqa: E402
from translit.errors import ModelError  # noqa: E402

pytestmark = [pytest.mark.slow, pytest.mark.filterwarnings("ignore:Recommended. pip install sacremoses")]


@pytest.fixture(scope="module")
def marian_checkpoint(tmp_path_factory):
    import sentencepiece as spm
    from transformers import MarianConfig, MarianMTModel, MarianTokenizer

    root = tmp_path_factory.mktemp("marian")
    rng = random.Random(1)
    ur = "پانی ٹھنڈا ہے شہر کتاب لڑکا لڑکی گھر دریا سڑک اسکول دوست بازار".split()
    en = "the water is cold city book boy girl house river road school friend".split()
    for side, words in (("source", ur), ("target", en)):
        (root / f"{side}.txt").write_text("\n".join(" ".join(rng.sample(words, 4)) for _ in range(200)), encoding="utf-8")
        spm.SentencePieceTrainer.train(input=str(root / f"{side}.txt"), model_prefix=str(root / side), vocab_size=40,
                                       character_coverage=1.0, hard_vocab_limit=False, minloglevel=2)
    vocab = {"</s>": 0, "<unk>": 1}
    for side in ("source", "target"):
        sp = spm.SentencePieceProcessor(model_file=str(root / f"{side}.model"))
        for i in range(sp.get_piece_size()):
            vocab.setdefault(sp.id_to_piece(i), len(vocab)) if sp.id_to_piece(i) != "<s>" else None
    vocab["<pad>"] = len(vocab)
    (root / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    checkpoint = root / "opus-mt-tiny-ur-en"
    tokenizer = MarianTokenizer(str(root / "source.model"), str(root / "target.model"), str(root / "vocab.json"))
    config = MarianConfig(vocab_size=len(vocab), d_model=16, encoder_layers=1, decoder_layers=1, encoder_attention_heads=2,
                          decoder_attention_heads=2, encoder_ffn_dim=32, decoder_ffn_dim=32, max_position_embeddings=64,
                          pad_token_id=vocab["<pad>"], eos_token_id=0, decoder_start_token_id=vocab["<pad>"])
    MarianMTModel(config).save_pretrained(checkpoint)
    tokenizer.save_pretrained(checkpoint)
    (checkpoint / "README.md").write_text("---\nlicense: cc-by-4.0\nlanguage: [ur, en]\n---\n# tiny\n", encoding="utf-8")
    return checkpoint


def test_convert_and_translate(marian_checkpoint, tmp_path):
    assert detect_family(marian_checkpoint) == "marian"
    models = tmp_path / "models"
    run = [sys.executable, "-m", "translit"]
    done = subprocess.run(run + ["models", "convert", str(marian_checkpoint), "--models-dir", str(models)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    folder = models / "opus-mt-tiny-ur-en"
    card = json.loads((folder / "card.json").read_text(encoding="utf-8"))
    assert card["family"] == "marian" and card["license"] == "cc-by-4.0" and card["languages"] == {"source": "ur", "target": "en"}
    assert (folder / "source.spm").is_file() and (folder / "target.spm").is_file()
    out = subprocess.run(run + ["translate", "--model", str(folder), "--threads", "1", "--format", "jsonl"],
                         input="لڑکا پانی ہے۔ شہر بڑا ہے۔\n", capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    row = json.loads(out.stdout)
    assert len(row["sentences"]) == 2 and all(s["end"] > s["start"] for s in row["sentences"])  # spans, as with our model
    listed = subprocess.run(run + ["models", "list", "--json", "--models-dir", str(models)], capture_output=True, text=True)
    assert "opus-mt-tiny-ur-en" in [m["name"] for m in json.loads(listed.stdout)]


def test_bad_checkpoints(marian_checkpoint, tmp_path):
    with pytest.raises(ModelError, match="no config.json"):
        detect_family(tmp_path)
    (tmp_path / "config.json").write_text('{"model_type": "m2m_100"}', encoding="utf-8")
    with pytest.raises(ModelError, match="not an M2M-100 checkpoint"):
        convert_checkpoint(tmp_path, tmp_path / "out")
    (tmp_path / "config.json").write_text('{"model_type": "bert"}', encoding="utf-8")
    with pytest.raises(ModelError, match="a bert checkpoint, not a translation model"):
        detect_family(tmp_path)
    with pytest.raises(ModelError, match="quantization must be one of"):
        convert_checkpoint(marian_checkpoint, tmp_path / "out", quantization="int4")
    partial = tmp_path / "partial"
    partial.mkdir()
    for name in ("config.json", "source.spm", "target.spm"):
        (partial / name).write_bytes((marian_checkpoint / name).read_bytes())  # no weights
    done = subprocess.run([sys.executable, "-m", "translit", "models", "convert", str(partial), "--models-dir", str(tmp_path / "m")],
                          capture_output=True, text=True)
    assert done.returncode == 1 and "cannot convert" in done.stderr and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and not (tmp_path / "m" / "partial").exists()


def test_pull_offline_says_what_to_do(tmp_path):
    env = {**__import__("os").environ, "HF_HUB_OFFLINE": "1", "HF_HOME": str(tmp_path / "hf")}
    done = subprocess.run([sys.executable, "-m", "translit", "models", "pull", "Helsinki-NLP/opus-mt-ur-en", "--models-dir", str(tmp_path)],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 1 and len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert "cannot download Helsinki-NLP/opus-mt-ur-en" in done.stderr and "translit models convert PATH" in done.stderr


def test_a_new_model_name_stays_in_the_models_folder(marian_checkpoint, tmp_path):
    done = subprocess.run([sys.executable, "-m", "translit", "models", "convert", str(marian_checkpoint), "--name", "../escape",
                           "--models-dir", str(tmp_path / "m")], capture_output=True, text=True)
    assert done.returncode == 1 and "not a model name: '../escape'" in done.stderr
    assert not (tmp_path / "escape").exists()
