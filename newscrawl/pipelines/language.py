"""Identify the article's language, with the edition's declared language as the prior."""

from __future__ import annotations

from typing import Any

from newscrawl.items import Article
from newscrawl.normalize.language import detect_language


def identified_text(item: Article) -> str:
    """What the language is identified from: the title, then the body."""
    return f"{item.title}\n{item.body}"


class LanguagePipeline:
    """Thin adapter over :func:`newscrawl.normalize.language.detect_language`."""

    def process_item(self, item: Any) -> Any:
        """Fill ``language`` and ``language_confidence``; keep ``declared_language``."""
        if not isinstance(item, Article):
            return item
        guess = detect_language(identified_text(item), item.declared_language)
        item.language = guess.language
        item.language_confidence = round(guess.confidence, 4)
        item.provenance["language"] = guess.method
        return item
