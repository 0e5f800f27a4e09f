"""Tengrinews.kz: Russian (tengrinews.kz), Kazakh (kaz.tengrinews.kz), English (en.tengrinews.kz).

Two generations of markup are live side by side (``shared/sites.md``), and the page class reads
both:

- 2020–2023, ``tn-`` classes: title ``h1.tn-content-title`` with a label ``span`` to drop, date
  ``ul.tn-data-list time``, text ``div.tn-news-text p`` whose last paragraph is a "subscribe"
  line, byline ``li.author``;
- 2024–, ``content_main_*`` classes: title ``h1.head-single``, date in the breadcrumb
  ``ol.breadCrumb-ls.date-time li:last-child span`` (often relative: "Сегодня, 13:56"), a lead
  block ``div.content_main_desc`` repeated as the first paragraph of ``div.content_main_text``.

Kazakh pages also carry a JSON-LD ``NewsArticle``, which the cascade reads first. Every edition
prints the share label ``ПОДЕЛИТЬСЯ``, "Read also" lines, Instagram embed placeholders and
photo captions inside the text container; they are sorted out of the body.
"""

from __future__ import annotations

import re
from functools import cached_property
from typing import ClassVar

from lxml import etree

from newscrawl.extraction.boilerplate import (
    LineScan,
    credit_of,
    drop_trailing_promo,
    scan_lines,
)
from newscrawl.extraction.listing import ListingPage
from newscrawl.extraction.page import ArticlePage, Extracted
from newscrawl.extraction.text import element_text, normalize_space
from newscrawl.sites.base import KZ_ZONE, SiteProfile
from newscrawl.sites.edition import Edition

# /<section>/<slug>-<id>/ (and the older /show/<slug>-<id>/), or /news/<id>/; never a tag,
# author or special-project page.
# The 2020-2023 headline's own text and its children's, without the label span.
_TITLE_PARTS = etree.XPath(
    "./text() | ./*[not(contains(@class, 'label'))]//text()", smart_strings=False
)
_ARTICLE_PATH = r"/(?:(?!tag/|author/|special/|search/)[a-z_]+/[a-z0-9-]+-\d{3,7}|news/\d{3,7})/$"


def _profile(host: str, language: str, feed: str, index: str) -> SiteProfile:
    return SiteProfile(
        site=host,
        outlet_id="tengrinews",
        language=language,
        article_url=re.compile(rf"^https://{re.escape(host)}{_ARTICLE_PATH}"),
        trailing_slash=True,
        feeds=(feed,),
        sitemap_indexes=(index,),
        sitemap_child_filter=re.compile(r"sitemap-news"),
        listings=(("/news/", "/news/page/{n}/"),),
        zone=KZ_ZONE,
    )


PROFILE_RU = _profile("tengrinews.kz", "ru", "/rss/", "/sitemap-index.xml")
PROFILE_KK = _profile("kaz.tengrinews.kz", "kk", "/news.rss", "/kk-sitemap-index.xml")
PROFILE_EN = _profile("en.tengrinews.kz", "en", "/rss", "/en-sitemap-index.xml")


class TengrinewsArticlePage(ArticlePage):
    """An article page of any Tengrinews edition, in either markup generation."""

    title_selectors: ClassVar[tuple[str, ...]] = ("h1.head-single", "h1.tn-content-title", "h1")
    body_selectors: ClassVar[tuple[str, ...]] = (
        "div.content_main_text",
        "div.tn-news-content div.tn-news-text",
        "div.tn-news-text",
        '[itemprop="articleBody"]',
    )
    body_exclude: ClassVar[tuple[str, ...]] = (
        *ArticlePage.body_exclude,
        "blockquote.instagram-media",
        "blockquote.tiktok-embed",
        ".content_main_text_img",
    )
    date_selectors: ClassVar[tuple[str, ...]] = (
        "ol.breadCrumb-ls.date-time li:last-child span::text",
        "ul.tn-data-list time::attr(datetime)",
        "ul.tn-data-list time::text",
        "time.tn-visible::text",
    )
    author_selectors: ClassVar[tuple[str, ...]] = (
        "div.content_main_author a",
        "ul.tn-data-list li.author a",
        "li.author a",
    )
    credit_selectors: ClassVar[tuple[str, ...]] = (
        "figure.content_main_thumb figcaption",
        "span.tn-photo-author",
        "div.tn-news-photo figcaption",
    )
    tag_selectors: ClassVar[tuple[str, ...]] = ("div.content_main_tags a", "div.tn-tag-list a")
    breadcrumb_selectors: ClassVar[tuple[str, ...]] = (
        "ol.breadCrumb-ls li:nth-child(2) a",
        "div.tn-breadcrumbs a:last-of-type",
    )

    @cached_property
    def _lead_block(self) -> str | None:
        node = self.query.select("div.content_main_desc")
        text = element_text(node[0]) if node else ""
        return text or None

    @cached_property
    def _scan(self) -> LineScan:
        # The tn- generation ends its text with a call to subscribe.
        scan = scan_lines(drop_trailing_promo([block.text for block in self.blocks]))
        lead = self._lead_block
        if lead is not None:
            # The 2024 template prints the lead twice: above the photo and as the first
            # paragraph. Keep it once, first.
            rest = [p for p in scan.paragraphs if normalize_space(p) != lead]
            scan.paragraphs = [lead, *rest]
        return scan

    def title(self) -> Extracted[str]:
        """Declared headline first; on the page, the ``<h1>`` without its label span."""
        found = super().title()
        if found.source != "page":
            return found
        node = self.query.select("h1.tn-content-title")
        if node and isinstance(node[0], etree._Element):
            parts = _TITLE_PARTS(node[0])
            text = normalize_space("".join(parts if isinstance(parts, list) else []))
            if text:
                return Extracted(text, "page")
        return found

    def paragraphs(self) -> list[str]:
        """Lead once, then the text, without captions, bylines, shares and embeds."""
        return self._scan.paragraphs

    def photo_credit(self) -> Extracted[str | None]:
        """The cover's caption credit, else the first credit line inside the text."""
        for css in self.credit_selectors:
            for node in self.query.select(css):
                text = element_text(node)
                credit = credit_of(text) or (text if text and len(text) < 100 else None)
                if credit:
                    return Extracted(credit, "page")
        if self._scan.credits:
            return Extracted(self._scan.credits[0], "page")
        return Extracted(None, None)

    def authors(self) -> Extracted[list[str]]:
        """Byline links, then declared authors, then an "Автор:" line in the text."""
        found = super().authors()
        if found.value:
            return found
        if self._scan.bylines:
            return Extracted(list(self._scan.bylines), "page")
        return found

    def section(self) -> Extracted[str | None]:
        """Declared section, else the breadcrumb's section name."""
        found = super().section()
        if found.value:
            return found
        for css in self.breadcrumb_selectors:
            node = self.query.select(css)
            if node:
                text = element_text(node[0])
                if text:
                    return Extracted(text, "page")
        return found

    def tags(self) -> Extracted[list[str]]:
        """Declared keywords, else the tag links under the text."""
        found = super().tags()
        if found.value:
            return found
        for css in self.tag_selectors:
            names = [element_text(n) for n in self.query.select(css)]
            names = [n for n in names if n and n != "Теги:"]
            if names:
                return Extracted(names, "page")
        return found


class TengrinewsRuArticlePage(TengrinewsArticlePage):
    """A tengrinews.kz article page."""

    profile = PROFILE_RU


class TengrinewsKkArticlePage(TengrinewsArticlePage):
    """A kaz.tengrinews.kz article page."""

    profile = PROFILE_KK


class TengrinewsEnArticlePage(TengrinewsArticlePage):
    """An en.tengrinews.kz article page."""

    profile = PROFILE_EN


class TengrinewsListingPage(ListingPage):
    """``/news/``, section and tag pages of either generation."""

    layouts: ClassVar[tuple[tuple[str, str, str, str], ...]] = (
        (
            "div.content_main_item",
            "span.content_main_item_title a::attr(href)",
            "span.content_main_item_title a",
            "div.content_main_item_meta span:first-child::text",
        ),
        (
            "div.tn-news-author-list-item",
            "a.tn-link::attr(href)",
            "span.tn-news-author-list-title",
            "time::text",
        ),
    )


def _listing(profile: SiteProfile) -> type[TengrinewsListingPage]:
    return type(
        f"TengrinewsListing[{profile.site}]", (TengrinewsListingPage,), {"profile": profile}
    )


RU = Edition(PROFILE_RU, TengrinewsRuArticlePage, _listing(PROFILE_RU))
KK = Edition(PROFILE_KK, TengrinewsKkArticlePage, _listing(PROFILE_KK))
EN = Edition(PROFILE_EN, TengrinewsEnArticlePage, _listing(PROFILE_EN))
#: Every Tengrinews edition.
EDITIONS = (RU, KK, EN)
