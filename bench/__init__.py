"""Benchmarks: ``make bench`` runs :mod:`bench.run`; each module also runs on its own."""
