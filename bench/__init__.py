"""Benchmarks of kg: corpus generator, ingest speed, question latency, memory (see README.md)."""
