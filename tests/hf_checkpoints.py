"""Tiny random Hugging Face checkpoints of the many-language families, laid out as their hub
repositories are (no download): one SentencePiece model ``sentencepiece.bpe.model``, the
vocabulary as the family ships it (NLLB: ``tokenizer.json``; M2M-100: ``vocab.json`` and the
language tokens in ``special_tokens_map.json``; mBART-50: the fairseq layout with its codes in
``special_tokens_map.json``), a config and random weights."""

from __future__ import annotations

import json
import random
from pathlib import Path

UR = "پانی ٹھنڈا ہے شہر کتاب لڑکا لڑکی گھر دریا سڑک اسکول دوست بازار بڑا".split()
EN = "the water is cold city book boy girl house river road school friend big".split()
SPECIALS = ["<s>", "<pad>", "</s>", "<unk>"]
LAYERS = dict(d_model=16, encoder_layers=1, decoder_layers=1, encoder_attention_heads=2, decoder_attention_heads=2,
              encoder_ffn_dim=32, decoder_ffn_dim=32, max_position_embeddings=64)


def _spm(root: Path) -> list[tuple[str, float]]:
    """A joint Urdu + English SentencePiece model (ids 0–2: <unk>, <s>, </s>, as fairseq's are)."""
    import sentencepiece as spm

    rng = random.Random(2)
    lines = [" ".join(rng.sample(words, 4)) for words in (UR, EN) for _ in range(200)]
    (root / "text.txt").write_text("\n".join(lines), encoding="utf-8")
    spm.SentencePieceTrainer.train(input=str(root / "text.txt"), model_prefix=str(root / "spm"), vocab_size=70,
                                   character_coverage=1.0, hard_vocab_limit=False, minloglevel=2)
    sp = spm.SentencePieceProcessor(model_file=str(root / "spm.model"))
    return [(sp.id_to_piece(i), sp.get_score(i)) for i in range(sp.get_piece_size())]


def _random(model_class, config):
    """The family's model with random weights drawn from a fixed seed: a random draw of the
    weights can make greedy decoding end at once in one engine and not the other (an empty
    hypothesis against one forced to go on), so every run of the tests gets the same draw."""
    import torch

    torch.manual_seed(3)
    return model_class(config)


def _save(folder: Path, model, root: Path, license_: str, files: dict[str, object]) -> Path:
    model.save_pretrained(folder)
    (folder / "sentencepiece.bpe.model").write_bytes((root / "spm.model").read_bytes())
    for name, data in files.items():
        (folder / name).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    (folder / "README.md").write_text(f"---\nlicense: {license_}\n---\n# tiny random\n", encoding="utf-8")
    return folder


def nllb(root: Path) -> Path:
    from transformers import M2M100Config, M2M100ForConditionalGeneration

    pieces = _spm(root)
    vocab = [[t, 0.0] for t in SPECIALS] + [[p, s] for p, s in pieces[3:]]
    codes = ["ara_Arab", "eng_Latn", "urd_Arab"]
    added = [{"id": i, "content": t, "special": True} for i, t in enumerate(SPECIALS)]
    added += [{"id": len(vocab) + i, "content": t, "special": True} for i, t in enumerate(codes + ["<mask>"])]
    tokenizer = {"version": "1.0", "added_tokens": added, "model": {"type": "Unigram", "unk_id": 3, "vocab": vocab}}
    config = M2M100Config(vocab_size=len(vocab) + len(codes) + 1, **LAYERS, pad_token_id=1, bos_token_id=0, eos_token_id=2,
                          decoder_start_token_id=2, tokenizer_class="NllbTokenizer", scale_embedding=True)
    return _save(root / "nllb-tiny", _random(M2M100ForConditionalGeneration, config), root, "cc-by-nc-4.0",
                 {"tokenizer.json": tokenizer, "tokenizer_config.json": {"tokenizer_class": "NllbTokenizer", "src_lang": "eng_Latn"}})


def m2m100(root: Path, drop: int = 2) -> Path:
    """``drop`` SentencePiece pieces are left out of vocab.json, as a fairseq dictionary may."""
    from transformers import M2M100Config, M2M100ForConditionalGeneration

    pieces = [p for p, _ in _spm(root)[3:]]
    vocab = {t: i for i, t in enumerate(SPECIALS + pieces[: len(pieces) - drop])}
    codes = ["__ar__", "__en__", "__ur__"]
    config = M2M100Config(vocab_size=len(vocab) + len(codes) + 8, **LAYERS, pad_token_id=1, bos_token_id=0, eos_token_id=2,
                          decoder_start_token_id=2, scale_embedding=True)
    return _save(root / "m2m100-tiny", _random(M2M100ForConditionalGeneration, config), root, "mit",
                 {"vocab.json": vocab, "special_tokens_map.json": {"additional_special_tokens": codes},
                  "tokenizer_config.json": {"tokenizer_class": "M2M100Tokenizer"}})


def mbart50(root: Path, tokenizer_class: str = "MBart50Tokenizer") -> Path:
    from transformers import MBartConfig, MBartForConditionalGeneration

    pieces = _spm(root)
    codes = ["ar_AR", "en_XX", "ur_PK"]
    size = len(SPECIALS) + len(pieces) - 3 + len(codes) + 1
    config = MBartConfig(vocab_size=size, **LAYERS, pad_token_id=1, bos_token_id=0, eos_token_id=2, decoder_start_token_id=2,
                         tokenizer_class=tokenizer_class, scale_embedding=True)
    return _save(root / "mbart50-tiny", _random(MBartForConditionalGeneration, config), root, "mit",
                 {"special_tokens_map.json": {"additional_special_tokens": codes}})
