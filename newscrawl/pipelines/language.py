"""Identify the article's language, with the edition's declared language as the prior."""

from __future__ import annotations

from typing import Any

from newscrawl.items import Article
from newscrawl.normalize.language import detect_language


class LanguagePipeline:
    """Thin adapter over :func:`newscrawl.normalize.language.detect_language`."""

    def process_item(self, item: Any) -> Any:
        """Fill ``language`` and ``language_confidence``; keep ``declared_language``."""
        if not isinstance(item, Article):
            return item
        guess = detect_language(f"{item.title}\n{item.body}", item.declared_language)
        item.language = guess.language
        item.language_confidence = round(guess.confidence, 4)
        item.provenance["language"] = guess.method
        return item
