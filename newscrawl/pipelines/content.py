"""Fingerprint the article text."""

from __future__ import annotations

from typing import Any

from newscrawl.items import Article
from newscrawl.normalize.content import content_hash


class ContentHashPipeline:
    """Thin adapter over :func:`newscrawl.normalize.content.content_hash`."""

    def process_item(self, item: Any) -> Any:
        """Fill ``content_hash`` from the title and the body."""
        if isinstance(item, Article):
            item.content_hash = content_hash(item.title, item.body)
        return item
