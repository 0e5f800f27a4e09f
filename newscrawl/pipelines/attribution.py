"""Who wrote the article, who wrote its original, and which outlets it cites."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self

from newscrawl.items import Article
from newscrawl.normalize.attribution import analyze
from newscrawl.normalize.names import dedupe_persons, name_key, split_persons
from newscrawl.normalize.outlets import OutletRegistry, registry_with

if TYPE_CHECKING:
    from scrapy.crawler import Crawler


class AttributionPipeline:
    """Thin adapter over :func:`newscrawl.normalize.attribution.analyze`.

    Bylines found by extraction (``authors_raw``) are split into persons and merged with
    what the analyzer reads from the text; ``original_authors`` found on the page (the
    ``Original Author:`` line) come first.

    The outlet registry is the packaged one merged with the files of the
    ``OUTLET_REGISTRY_FILES`` setting; it is built when the spider opens (a malformed file
    stops the crawl there with its ``RegistryError``) and shared by every crawl of the process.
    """

    def __init__(self, registry_files: list[str] | None = None) -> None:
        self.registry_files = list(registry_files or [])
        self.registry: OutletRegistry | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Read ``OUTLET_REGISTRY_FILES`` (a list, or paths separated by commas)."""
        return cls(crawler.settings.getlist("OUTLET_REGISTRY_FILES"))

    def open_spider(self) -> None:
        """Build (or reuse) the registry before the first item."""
        self.registry = registry_with(self.registry_files)

    def process_item(self, item: Any) -> Any:
        """Fill authors, original authors, cited sources and the clean title."""
        if not isinstance(item, Article):
            return item
        if self.registry is None:
            self.open_spider()
        result = analyze(
            item.title,
            item.body,
            url=item.url,
            language=item.language or item.declared_language,
            registry=self.registry,
        )
        item.clean_title = result.clean_title
        item.title_source = result.title_source
        bylines = [person for raw in item.authors_raw for person in split_persons(raw)]
        item.authors = dedupe_persons([*bylines, *result.authors])
        # An "Original Author:" line may name several people ("A, B").
        from_page = [person for raw in item.original_authors for person in split_persons(raw)]
        item.original_authors = dedupe_persons([*from_page, *result.original_authors])
        item.cited_sources = [source.to_dict() for source in result.cited_sources]
        item.author_keys = sorted({name_key(name) for name in item.authors})
        item.original_author_keys = sorted({name_key(name) for name in item.original_authors})
        return item
