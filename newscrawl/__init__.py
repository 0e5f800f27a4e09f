"""newscrawl: a news crawling and ingestion pipeline for Central Asian media."""

__version__ = "0.1.0"
