"""newscrawl: a news crawling and ingestion pipeline for Central Asian media."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from newscrawl.extract import extract

__version__ = "0.1.0"
__all__ = ["extract"]


def __getattr__(name: str) -> Any:
    # Lazy (PEP 562): importing newscrawl for its version or a submodule stays cheap; the
    # extraction stack (Scrapy, trafilatura, lingua) loads on the first newscrawl.extract().
    if name == "extract":
        from newscrawl.extract import extract  # noqa: PLC0415 - lazy on purpose

        globals()["extract"] = extract
        return extract
    raise AttributeError(f"module 'newscrawl' has no attribute {name!r}")
