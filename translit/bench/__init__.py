"""Benchmarks: quality (sacrebleu scores with signatures); speed lives in benchmarks/ for now."""
