"""Who wrote the article, who wrote its original, and which outlets it cites."""

from __future__ import annotations

from typing import Any

from newscrawl.items import Article
from newscrawl.normalize.attribution import analyze
from newscrawl.normalize.names import dedupe_persons, name_key, split_persons


class AttributionPipeline:
    """Thin adapter over :func:`newscrawl.normalize.attribution.analyze`.

    Bylines found by extraction (``authors_raw``) are split into persons and merged with
    what the analyzer reads from the text; ``original_authors`` found on the page (the
    ``Original Author:`` line) come first.
    """

    def process_item(self, item: Any) -> Any:
        """Fill authors, original authors, cited sources and the clean title."""
        if not isinstance(item, Article):
            return item
        result = analyze(
            item.title,
            item.body,
            url=item.url,
            language=item.language or item.declared_language,
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
