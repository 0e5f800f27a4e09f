"""Any news site: structured data first, trafilatura for what the markup does not declare.

The cascade per field: JSON-LD → OpenGraph/meta → trafilatura (its main-text extraction and
its metadata, including htmldate's date search) → generic heuristics → listing hints. Each
field records which layer won in ``provenance``, so a consumer can tell a declared date from
a guessed one.
"""

from __future__ import annotations

import re
from functools import cached_property, lru_cache
from typing import Any

import trafilatura

from newscrawl.extraction.boilerplate import drop_trailing_promo, is_noise
from newscrawl.extraction.listing import ListingPage
from newscrawl.extraction.page import ArticlePage, DateCandidate, Extracted
from newscrawl.extraction.text import fix_glued_sentences, normalize_space
from newscrawl.sites.base import SiteProfile
from newscrawl.sites.edition import Edition

# Path segments of pages that list or describe articles but are not one.
_NOT_ARTICLE_PATH = re.compile(
    r"/(tag|tags|category|categories|author|authors|search|page|archive|rubric|topics?)"
    r"(/|$)|/(feed|rss)/?$|\.(xml|rss|jpg|jpeg|png|gif|pdf|zip|mp4|mp3)$",
    re.IGNORECASE,
)
#: A page with less text than this is a stub, gallery or landing page, not an article.
MIN_BODY_CHARS = 200


@lru_cache(maxsize=1024)
def generic_profile(host: str, language: str | None = None) -> SiteProfile:
    """A profile for a site newscrawl has no specific knowledge of."""
    return SiteProfile(
        site=host,
        outlet_id=None,
        language=language or "",
        article_url=re.compile(rf"^https://{re.escape(host)}/(?!$)"),
        trailing_slash=None,
    )


def generic_edition(host: str, language: str | None = None) -> Edition:
    """The edition the ``generic`` spider builds for a host: a page class bound to its profile."""
    profile = generic_profile(host, language)
    page = type(f"GenericPage[{host}]", (GenericArticlePage,), {"profile": profile})
    listing = type(f"GenericListing[{host}]", (ListingPage,), {"profile": profile})
    return Edition(profile, page, listing)


class GenericArticlePage(ArticlePage):
    """An article page of an unknown site; subclassed per host with a generic profile."""

    @cached_property
    def extracted(self) -> dict[str, Any]:
        """trafilatura's main text and metadata (an empty dict when it finds nothing)."""
        document = trafilatura.bare_extraction(
            self.page.text,
            url=self.page.url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            deduplicate=False,
        )
        if document is None:
            return {}
        if isinstance(document, dict):  # as_dict=True in older trafilatura releases
            return document
        result: dict[str, Any] = document.as_dict()
        return result

    def not_article_reason(self) -> str | None:
        """Non-article paths, non-article og:type, stubs; then the base checks."""
        if self.page.status >= 400:
            return f"http_{self.page.status}"
        if _NOT_ARTICLE_PATH.search(self.url().split("?", 1)[0]):
            return "not_article_url"
        reason = super().not_article_reason()
        if reason:
            return reason
        if len(self.body()) < MIN_BODY_CHARS and not self.article_ld:
            return "too_short"
        return None

    def paragraphs(self) -> list[str]:
        """trafilatura's main text, noise lines removed; else the densest container."""
        text = self.extracted.get("text") or ""
        lines = [normalize_space(line) for line in text.split("\n")]
        paragraphs = [fix_glued_sentences(p) for p in lines if p and not is_noise(p)]
        if not paragraphs:
            paragraphs = [b.text for b in self.blocks if not is_noise(b.text)]
        return drop_trailing_promo(paragraphs)

    def title(self) -> Extracted[str]:
        """JSON-LD headline, then og:title, then trafilatura's title, then ``<h1>``."""
        found = super().title()
        if found.source in ("json-ld", "meta"):
            return found
        title = self.extracted.get("title")
        if title:
            return Extracted(normalize_space(title), "trafilatura")
        return found

    def authors(self) -> Extracted[list[str]]:
        """Declared bylines first; trafilatura's author heuristics next."""
        found = super().authors()
        if found.value and found.source in ("json-ld", "meta"):
            return found
        author = self.extracted.get("author")
        if author:
            return Extracted([a.strip() for a in author.split(";") if a.strip()], "trafilatura")
        return found

    def section(self) -> Extracted[str | None]:
        """Declared section, else trafilatura's first category."""
        found = super().section()
        if found.value:
            return found
        categories = self.extracted.get("categories") or []
        return Extracted(categories[0], "trafilatura") if categories else found

    def published_candidates(self) -> list[DateCandidate]:
        """Declared dates, then htmldate's (through trafilatura), then listing hints."""
        base = super().published_candidates()
        declared = [c for c in base if c.source not in ("sitemap", "feed")]
        hinted = [c for c in base if c.source in ("sitemap", "feed")]
        date = self.extracted.get("date")
        if date:
            declared.append(DateCandidate(date, "page"))
        return declared + hinted

    def declared_language(self) -> str | None:
        """The page's declaration (``<html lang>``, JSON-LD), as the identifier's prior."""
        return super().declared_language() or None
