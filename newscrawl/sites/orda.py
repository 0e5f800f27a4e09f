"""Orda.kz: the Russian original (orda.kz), Kazakh (kaz.orda.kz) and English (en.orda.kz).

All three editions run one WordPress theme. What they do (see ``shared/sites.md``):

- under the title a photo credit: ``Photo: X`` (older ``cover Photo: X``), ``Фото: X``,
  ``Коллаж: Orda.kz``, ``Сурет: X``;
- a lead that usually ends with the self-attribution (``…, Orda.kz reports.``,
  ``…, передает корреспондент Orda.kz.``, ``…, деп хабарлайды Orda.kz тілшісі.``);
- body paragraphs with sub-headings; ``Read also:`` / ``Читайте также:`` lines;
- en.orda.kz: no visible date or byline, an optional ``Original Author:`` line naming the
  author of the Russian original; orda.kz: a byline ``Автор: X`` and a visible date;
- then a "Latest news" block of other stories that changes between fetches and is never
  part of the article.
"""

from __future__ import annotations

import re
from functools import cached_property
from typing import ClassVar

from newscrawl.extraction.boilerplate import LineScan, credit_of, scan_lines
from newscrawl.extraction.listing import ListingPage
from newscrawl.extraction.page import ArticlePage, Extracted
from newscrawl.sites.base import KZ_ZONE, SiteProfile
from newscrawl.sites.edition import Edition

#: en.orda.kz — translations of orda.kz originals; nothing on the page links them.
PROFILE_EN = SiteProfile(
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
    zone=KZ_ZONE,
)

#: orda.kz — the Russian originals: /<transliterated-slug>-<6-digit id>/.
PROFILE_RU = SiteProfile(
    site="orda.kz",
    outlet_id="orda",
    language="ru",
    publishes_originals=True,
    article_url=re.compile(r"^https://orda\.kz/[a-z0-9]+(?:-[a-z0-9]+)*-\d{5,7}/$"),
    trailing_slash=True,
    sitemap_template="/sitemap/sitemap_news{n}.xml",
    sitemap_max_missing=2,
    feeds=("/feed/",),
    listings=(("/last-news/", "/last-news/page/{n}/"),),
    not_article_markers=("__trashed",),
    zone=KZ_ZONE,
)

#: kaz.orda.kz — the Kazakh edition.
PROFILE_KK = SiteProfile(
    site="kaz.orda.kz",
    outlet_id="orda",
    language="kk",
    article_url=re.compile(r"^https://kaz\.orda\.kz/[a-z0-9]+(?:-[a-z0-9]+)*-\d{3,7}/$"),
    trailing_slash=True,
    sitemap_template="/sitemap/sitemap_news{n}.xml",
    sitemap_max_missing=2,
    feeds=("/feed/",),
    not_article_markers=("__trashed",),
    zone=KZ_ZONE,
)


class OrdaArticlePage(ArticlePage):
    """An article page of any Orda.kz edition (the subclasses only set the profile)."""

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
    def _scan(self) -> LineScan:
        """One pass over the body blocks sorting text from credits, bylines and chrome."""
        return scan_lines(block.text for block in self.blocks)

    def paragraphs(self) -> list[str]:
        """Lead and body paragraphs, without credit, Original Author and Read also lines."""
        return self._scan.paragraphs

    def photo_credit(self) -> Extracted[str | None]:
        """The credit line under the title, label removed; else the cover's caption."""
        if self._scan.credits:
            return Extracted(self._scan.credits[0], "page")
        for css in self.credit_selectors:
            for text in self.query.strings(f"{css} ::text"):
                credit = credit_of(text)
                if credit:
                    return Extracted(credit, "page")
        return Extracted(None, None)

    def original_authors(self) -> list[str]:
        """Authors of the Russian original, from the ``Original Author:`` line."""
        return list(self._scan.original_authors)

    def authors(self) -> Extracted[list[str]]:
        """The ``Автор:`` line of the Russian edition, else the declared authors."""
        if self._scan.bylines:
            return Extracted(list(self._scan.bylines), "page")
        return super().authors()


class OrdaEnArticlePage(OrdaArticlePage):
    """An en.orda.kz article page."""

    profile = PROFILE_EN


class OrdaRuArticlePage(OrdaArticlePage):
    """An orda.kz article page."""

    profile = PROFILE_RU
    date_selectors: ClassVar[tuple[str, ...]] = (
        "time.post-date::attr(datetime)",
        "time.post-date::text",
        *ArticlePage.date_selectors,
    )


class OrdaKkArticlePage(OrdaRuArticlePage):
    """A kaz.orda.kz article page."""

    profile = PROFILE_KK


class OrdaListingPage(ListingPage):
    """orda.kz's ``/last-news/`` pages (links of the Russian edition)."""

    profile = PROFILE_RU


EN = Edition(PROFILE_EN, OrdaEnArticlePage)
RU = Edition(PROFILE_RU, OrdaRuArticlePage, OrdaListingPage)
KK = Edition(PROFILE_KK, OrdaKkArticlePage)
#: Every Orda.kz edition, the original first.
EDITIONS = (RU, KK, EN)
