"""The pipeline stages that need no model: chunking and joining, mending, preparing, assembling."""

import pytest

from translit.glossary import Glossary, Term
from translit.text.segment import split_paragraphs
from translit.translate.records import Chunk, Hypothesis, Segment, SegmentTranslation
from translit.translate.stages.assemble import document, segment_translation, sentence_translations
from translit.translate.options import DecodingOptions
from translit.translate.stages.chunk import chunk, join, needs_model, split_for_model
from translit.translate.stages.decode import per_sentence_batches
from translit.translate.stages.mend import MENDERS, mend
from translit.translate.stages.prepare import prepare


def words(text: str) -> list[str]:
    """A stand-in tokenizer: one piece per word."""
    return ["▁" + w for w in text.split()]


def test_short_segment_is_one_chunk():
    assert split_for_model("ایک دو تین", words, hard_limit=10) == [(["▁ایک", "▁دو", "▁تین", "</s>"], "ایک دو تین")]


def test_long_segment_is_cut_into_whole_clauses_within_the_limit():
    text = "ایک دو، تین چار، پانچ"
    chunks = split_for_model(text, words, hard_limit=10, clause_tokens=3)
    assert [source for _, source in chunks] == ["ایک دو،", "تین چار، پانچ"]  # clauses merged while they fit
    assert all(len(tokens) - 1 <= 3 for tokens, _ in chunks)
    assert " ".join(source for _, source in chunks) == text  # nothing lost
    # without a clause limit only the model's own limit cuts; over-long clauses are cut by pieces
    assert len(split_for_model(text, words, hard_limit=10)) == 1
    cut = split_for_model("ایک دو تین چار پانچ", words, hard_limit=2)
    assert [len(t) - 1 for t, _ in cut] == [2, 2, 1] and [s for _, s in cut] == ["", "", "ایک دو تین چار پانچ"]


def test_only_urdu_goes_to_the_model():
    assert needs_model("لڑکا") and not needs_model("Hello 123 ... ۔۔۔") and not needs_model("")
    # a model that reads English (en→ur, for back-translation) needs any letter, not Urdu ones
    assert needs_model("Hello 123", "en") and not needs_model("123 ... !", "en")
    segments = [Segment("Hello"), Segment("لڑکا ہے", [Term("x", "Zaid")]), Segment("Zaid لڑکا")]
    chunks = chunk(segments, words, hard_limit=10)
    assert [c.owner for c in chunks] == [1, 2]
    assert chunks[0].terms == [] and chunks[1].terms == []  # a chunk holds only the terms its own text holds
    segments[2].terms = [Term("زید", "Zaid")]
    assert chunk(segments, words, hard_limit=10)[1].terms == [Term("زید", "Zaid")]


def test_a_batch_of_sentences_holds_all_their_clauses():
    # 2 sentences, the first cut into 3 clauses: a batch of 1 sentence is a decode of 2 chunks
    chunks = [Chunk(0, "a", ["a"]), Chunk(0, "b", ["b"]), Chunk(0, "c", ["c"]), Chunk(1, "d", ["d"])]
    assert per_sentence_batches(chunks, DecodingOptions(batch_examples=1)).batch_examples == 2
    assert per_sentence_batches(chunks[:1], DecodingOptions(batch_examples=4)).batch_examples == 4
    # token budgets are left as they are
    assert per_sentence_batches(chunks, DecodingOptions()).batch_examples == 0


def test_join_puts_clause_translations_back_together_per_rank():
    segments = [Segment("Hi"), Segment("ایک، دو")]
    chunks = [
        Chunk(1, "ایک،", ["▁ایک", "،", "</s>"], hypotheses=[["one", "."], ["a", "."]], scores=[-0.5, -1.0]),
        Chunk(1, "دو", ["▁دو", "</s>"], hypotheses=[["two", "."]], scores=[-0.1]),
    ]
    joined = join(segments, chunks, lambda pieces: "".join(pieces))
    assert joined[0] == [Hypothesis("Hi", 0.0)]  # no model: its own text, full confidence
    assert [h.text for h in joined[1]] == ["one, two.", "a, two."]  # the clause's stop back to its comma
    assert joined[1][0].score == (-0.5 * 3 + -0.1 * 3) / 6  # mean over all pieces, end marks included


def test_menders_run_in_order_and_add_nothing_without_a_trace():
    segment = Segment("Zaid 1673 میں 17 جنوری 2025 کو گیا", [Term("زید", "Zaid")])
    assert len(MENDERS) == 5
    assert mend(segment, "Zayd went in 1637 on 17, 2025.") == "Zaid went in 1673 on 17 January 2025."
    assert mend(segment, "He went.") == "He went."
    # a source that ends its sentence gets its full stop back, after the other menders' work
    ended = Segment("Zaid 1673 میں گیا۔", [Term("زید", "Zaid")])
    assert mend(ended, "Zayd went in 1637") == "Zaid went in 1673."


def test_prepare_normalises_and_puts_terms_in():
    glossary = Glossary.from_pairs([("زید", "Zaid")])
    [segment] = prepare(["زید  کتاب  ہے"], glossary)
    assert segment.text.startswith("Zaid") and segment.terms == [Term("زید", "Zaid")]


def test_assemble_keeps_spans_and_paragraphs():
    text = "ایک ہے۔ دو ہے۔\n\nتین ہے۔"
    paragraphs = split_paragraphs(text, "ur")
    sentences = [s for p in paragraphs for s in p.sentences]
    results = [segment_translation([Hypothesis(f"s{i}", 0.0)], [], nbest=False) for i in range(len(sentences))]
    assert isinstance(results[0], SegmentTranslation) and results[0].confidence == 1.0
    doc = document(text, paragraphs, sentence_translations(sentences, results))
    assert doc.translation == "s0 s1\ns2"
    assert [text[s.start : s.end] for p in doc.paragraphs for s in p.sentences] == ["ایک ہے۔", "دو ہے۔", "تین ہے۔"]


def test_what_the_model_cannot_write_is_cut_out_and_kept_in_place():
    from translit.translate.stages.chunk import split_literals

    writes = lambda ch: ch not in "😀★👨👩👧❤"  # noqa: E731
    assert split_literals("میں خوش ہوں 😀 آج", writes) == [("میں خوش ہوں", False), ("😀", True), ("آج", False)]
    family = "خاندان 👨\u200d👩\u200d👧 ہے"
    assert split_literals(family, writes)[1] == ("👨\u200d👩\u200d👧", True)  # one picture, joiners kept
    assert split_literals("پاکستان ❤️", writes) == [("پاکستان", False), ("❤\ufe0f", True)]
    assert split_literals("ایک ★ ! ★ دو", writes) == [("ایک", False), ("★ ! ★", True), ("دو", False)]  # no Urdu between: literal
    assert split_literals("کتاب", writes) == [("کتاب", False)]


def test_literal_chunks_join_in_place_without_unknown_marks():
    segments = [Segment("میں خوش ہوں 😀 آج")]
    chunks = [
        Chunk(0, "میں خوش ہوں", ["▁x", "</s>"], hypotheses=[["I", " am", " happy", "."]], scores=[-0.2]),
        Chunk(0, "😀", [], literal="😀"),
        Chunk(0, "آج", ["▁y", "</s>"], hypotheses=[["to", "day", " \u2047 ", "\ufffd"]], scores=[-0.4]),
    ]
    [[best]] = join(segments, chunks, lambda pieces: "".join(pieces))
    assert best.text == "I am happy 😀 today"  # the stop before a mid-sentence literal goes; no ⁇ or U+FFFD
    assert best.score == (-0.2 * 5 + -0.4 * 5) / 10  # literal chunks add no pieces


def test_devices_named_and_checked():
    from translit.translate.options import EngineOptions

    gpu1 = EngineOptions(device="cuda:1").resolved(cuda_devices=2)
    assert gpu1.device_index() == ("cuda", 1) and gpu1.compute_type == "int8_float16"
    assert EngineOptions().resolved(cuda_devices=1).device == "cuda" and EngineOptions().resolved(0).device == "cpu"
    assert EngineOptions(device="cuda", compute_type="float16").resolved(1).compute_type == "float16"
    for bad, message in (("cuda:1", "no CUDA device 1 here"), ("cuda", "no CUDA device 0 here"), ("tpu", "unknown device"), ("cpu:1", "unknown device")):
        with pytest.raises(ValueError, match=message):
            EngineOptions(device=bad).resolved(cuda_devices=1 if bad == "cuda:1" else 0)


def test_line_batches_overlap_and_come_back_in_order():
    import threading
    import time

    from translit.translate.translator import line_translations

    active, most, lock = [0], [0], threading.Lock()

    def run(texts):  # a stand-in decoder: slow, and slowest for the first batch
        with lock:
            active[0] += 1
            most[0] = max(most[0], active[0])
        time.sleep(0.05 if texts[0].startswith("0 ") else 0.01)
        with lock:
            active[0] -= 1
        return [SegmentTranslation(t.upper(), 1.0) for t in texts]

    texts = [f"{i} جملہ" for i in range(10)]
    out = list(line_translations(texts, run, batch_lines=2))
    assert [o.index for o in out] == list(range(10)) and [o.source for o in out] == texts
    assert most[0] == 2  # the next batch was decoding while the first was still running
    threads = []
    inline = lambda batch: threads.append(threading.current_thread()) or run(batch)  # noqa: E731
    assert [o.index for o in line_translations(texts, inline, batch_lines=2, ahead=0)] == list(range(10))
    assert threads == [threading.current_thread()] * 5  # ahead=0: no pool, the caller's thread
    # a consumer that stops early: nothing more is handed out, and nothing is left running
    first = line_translations(texts, run, batch_lines=2)
    assert next(first).index == 0
    first.close()
    assert active[0] == 0


def test_the_nbest_list_holds_distinct_texts_only():
    from translit.translate.records import Hypothesis
    from translit.translate.stages.assemble import segment_translation

    hyps = [Hypothesis("Lahore is big.", -0.1), Hypothesis("Lahore is big.", -0.2), Hypothesis("Lahore is large.", -0.3),
            Hypothesis("Lahore is big.", -0.4), Hypothesis("Big Lahore.", -0.5)]
    got = segment_translation(hyps, [], nbest=3)
    assert [h.text for h in got.alternatives] == ["Lahore is big.", "Lahore is large.", "Big Lahore."]
    assert segment_translation(hyps, [], nbest=0).alternatives == []


def test_nbest_from_the_cli_repeats_no_text(tiny_model):
    import json
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "translit", "translate", "--model", str(tiny_model), "--format", "jsonl",
                           "--nbest", "3"], input="لڑکا کتاب ہے۔\n", capture_output=True, text=True)
    texts = [a["text"] for a in json.loads(done.stdout)["sentences"][0]["alternatives"]]
    assert texts and len(texts) == len(set(texts)) <= 3
