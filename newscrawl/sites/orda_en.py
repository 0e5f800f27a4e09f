"""en.orda.kz: Orda.kz's English edition, translations of Russian originals from orda.kz.

What the site does (see ``shared/sites.md``): no visible date, byline or tags; under the
title a photo credit (``Photo: X``, older ``cover Photo: X``); a lead that usually ends
``…, Orda.kz reports.``; body paragraphs with sub-headings; an optional ``Original Author:``
line naming the author of the Russian original; ``Read also:`` lines; then a "Latest news"
block of other stories that changes between fetches and is never part of the article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import ClassVar

from newscrawl.extraction.page import ArticlePage, Extracted, labelled_line
from newscrawl.sites.base import SiteProfile

PROFILE = SiteProfile(
    site="en.orda.kz",
    outlet_id="orda",
    language="en",
    # /<slug>-<numeric id>/ — the slug is lower-case words joined by hyphens; WordPress
    # "__trashed" slugs have underscores and so never match.
    article_url=re.compile(r"^https://en\.orda\.kz/[a-z0-9]+(?:-[a-z0-9]+)*-\d{3,6}/$"),
    trailing_slash=True,
    sitemap_template="/sitemap/sitemap_news{n}.xml",
    sitemap_max_missing=2,
    feeds=("/feed/",),
    translated_from="ru",
    not_article_markers=("__trashed",),
)

_CREDIT_LABEL = re.compile(r"(?:cover\s+)?photo|фото|cover", re.IGNORECASE)
_ORIGINAL_AUTHOR_LABEL = re.compile(r"original\s+author", re.IGNORECASE)
_READ_ALSO = re.compile(r"^\s*(read also|also read|see also)\s*:?", re.IGNORECASE)
_END_MARKERS = re.compile(r"^\s*(latest news|последние новости|соңғы жаңалықтар)\s*$", re.I)
_SHARE = re.compile(r"^\s*(share|поделиться|бөлісу)\s*:?\s*$", re.IGNORECASE)
# A stray backslash the CMS left in a credit ("Akorda\ press service").
_STRAY_BACKSLASH = re.compile(r"\s*\\+\s*")


@dataclass
class _Scan:
    paragraphs: list[str] = field(default_factory=list)
    credit: str | None = None
    original_authors: list[str] = field(default_factory=list)


class OrdaEnArticlePage(ArticlePage):
    """An en.orda.kz article page."""

    profile = PROFILE
    title_selectors: ClassVar[tuple[str, ...]] = ("h1.post-title", "article h1", "h1")
    body_selectors: ClassVar[tuple[str, ...]] = (
        ".post-content",
        ".entry-content",
        '[itemprop="articleBody"]',
        "article .content",
        "article",
    )
    credit_selectors: ClassVar[tuple[str, ...]] = (
        ".post-thumbnail figcaption",
        "article figure figcaption",
        ".photo-credit",
    )

    @cached_property
    def _scan(self) -> _Scan:
        """One pass over the body blocks applying the site's line rules."""
        scan = _Scan()
        for block in self.blocks:
            text = block.text
            if _END_MARKERS.match(text):
                break
            if _SHARE.match(text) or _READ_ALSO.match(text):
                continue
            credit = labelled_line(text, _CREDIT_LABEL)
            if credit is not None and not scan.paragraphs:
                scan.credit = scan.credit or _clean_credit(credit)
                continue
            author = labelled_line(text, _ORIGINAL_AUTHOR_LABEL)
            if author is not None:
                scan.original_authors.append(author.rstrip("."))
                continue
            scan.paragraphs.append(text)
        return scan

    def paragraphs(self) -> list[str]:
        """Lead and body paragraphs, without credit, Original Author and Read also lines."""
        return self._scan.paragraphs

    def photo_credit(self) -> Extracted[str | None]:
        """The credit line under the title, label removed; else the cover's caption."""
        if self._scan.credit:
            return Extracted(self._scan.credit, "page")
        for css in self.credit_selectors:
            for text in self.sel.css(f"{css} ::text").getall():
                credit = labelled_line(text.strip(), _CREDIT_LABEL)
                if credit:
                    return Extracted(_clean_credit(credit), "page")
        return Extracted(None, None)

    def original_authors(self) -> list[str]:
        """Authors of the Russian original, from the ``Original Author:`` line."""
        return list(self._scan.original_authors)


def _clean_credit(credit: str) -> str:
    return _STRAY_BACKSLASH.sub(" ", credit).strip(" .")
