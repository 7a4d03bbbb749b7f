"""The batcher gathers concurrent requests into shared batches, gives each request its own
results in order, keeps different decoding options apart, and drops a request that timed out."""

import threading
import time

import pytest

from translit.serve.batching import Batcher, BatchOptions, Ticket, Timeout
from translit.translate import DecodingOptions
from translit.translate.records import SegmentTranslation


class Recorder:
    """A decode that records each batch it is given and takes ``delay`` seconds."""

    def __init__(self, delay=0.0, gate=None):
        self.batches, self.delay, self.gate = [], delay, gate

    def __call__(self, texts, options):
        if self.gate is not None:
            self.gate.wait(10)
        self.batches.append((list(texts), options.beam_size))
        time.sleep(self.delay)
        return [SegmentTranslation(f"{t}/{options.beam_size}", 1.0) for t in texts]


def _concurrently(n, call):
    results, threads = [None] * n, []
    for i in range(n):
        def run(i=i):
            results[i] = call(i)
        threads.append(threading.Thread(target=run))
    for t in threads:
        t.start()
    for t in threads:
        t.join(20)
    return results


def test_concurrent_requests_share_batches_and_get_their_own_results():
    decode = Recorder(delay=0.05)
    batcher = Batcher(decode, BatchOptions(workers=1, wait_ms=20, max_texts=64))
    try:
        got = _concurrently(24, lambda i: batcher.run([f"a{i}", f"b{i}"], DecodingOptions()))
    finally:
        batcher.close()
    assert [[r.translation for r in res] for res in got] == [[f"a{i}/4", f"b{i}/4"] for i in range(24)]
    assert len(decode.batches) < 24 and max(len(b) for b, _ in decode.batches) > 2  # shared, not one by one
    assert sum(len(b) for b, _ in decode.batches) == 48 and batcher.stats.texts == 48


def test_a_batch_holds_whole_requests_within_its_size():
    decode = Recorder(delay=0.02)
    batcher = Batcher(decode, BatchOptions(workers=1, wait_ms=30, max_texts=5))
    try:
        got = _concurrently(6, lambda i: batcher.run([f"{i}.{k}" for k in range(3)], DecodingOptions()))
        big = batcher.run([str(k) for k in range(12)], DecodingOptions())  # larger than a batch: one of its own
    finally:
        batcher.close()
    assert all(len(r) == 3 for r in got) and [r.translation for r in big] == [f"{k}/4" for k in range(12)]
    assert all(len(b) <= 5 for b, _ in decode.batches[:-1]) and len(decode.batches[-1][0]) == 12
    for texts, _ in decode.batches:  # a request's sentences stay together, in order
        owners = [t.split(".")[0] for t in texts if "." in t]
        assert all(owners.count(o) == 3 for o in set(owners))


def test_different_decoding_options_never_share_a_batch():
    decode = Recorder(delay=0.02)
    batcher = Batcher(decode, BatchOptions(workers=1, wait_ms=30))
    try:
        got = _concurrently(12, lambda i: batcher.run([f"t{i}"], DecodingOptions(beam_size=1 + i % 2)))
    finally:
        batcher.close()
    assert [r[0].translation for r in got] == [f"t{i}/{1 + i % 2}" for i in range(12)]
    for texts, beam in decode.batches:
        assert {int(t[1:]) % 2 for t in texts} == {beam - 1}


def test_a_request_past_its_deadline_is_dropped_and_does_not_hold_up_the_others():
    gate = threading.Event()
    decode = Recorder(gate=gate)
    batcher = Batcher(decode, BatchOptions(workers=1, wait_ms=0))
    try:
        first = batcher.submit(["first"], DecodingOptions())  # holds the only worker until the gate opens
        time.sleep(0.1)
        with pytest.raises(Timeout):
            batcher.run(["late"], DecodingOptions(), Ticket(time.monotonic() + 0.1))
        gate.set()
        assert first.result(10)[0].translation == "first/4"
        assert batcher.run(["next"], DecodingOptions(), Ticket.after(10))[0].translation == "next/4"
    finally:
        batcher.close()
    seen = [t for texts, _ in decode.batches for t in texts]
    assert "late" not in seen and seen == ["first", "next"] and batcher.stats.dropped == 1


def test_a_failed_decode_reaches_every_request_of_its_batch_and_the_batcher_goes_on():
    calls = []

    def decode(texts, options):
        calls.append(list(texts))
        if "boom" in texts:
            raise RuntimeError("decoder failed")
        return [SegmentTranslation(t, 1.0) for t in texts]

    batcher = Batcher(decode, BatchOptions(workers=1, wait_ms=50))
    try:
        futures = [batcher.submit(["boom"], DecodingOptions()), batcher.submit(["fine"], DecodingOptions())]
        for f in futures:
            with pytest.raises(RuntimeError, match="decoder failed"):
                f.result(10)
        assert batcher.run(["after"], DecodingOptions())[0].translation == "after"
    finally:
        batcher.close()


def test_an_empty_request_needs_no_batch_and_a_closed_batcher_refuses_work():
    decode = Recorder()
    batcher = Batcher(decode)
    assert batcher.run([], DecodingOptions()) == []
    batcher.close()
    assert decode.batches == []
    with pytest.raises(RuntimeError, match="closed"):
        batcher.submit(["x"], DecodingOptions())
