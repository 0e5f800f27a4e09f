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
from dataclasses import dataclass, field
from functools import cached_property
from typing import ClassVar

from newscrawl.extraction.listing import ListingPage
from newscrawl.extraction.page import ArticlePage, Extracted, labelled_line
from newscrawl.sites.base import SiteProfile
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
)

#: orda.kz — the Russian originals: /<transliterated-slug>-<6-digit id>/.
PROFILE_RU = SiteProfile(
    site="orda.kz",
    outlet_id="orda",
    language="ru",
    article_url=re.compile(r"^https://orda\.kz/[a-z0-9]+(?:-[a-z0-9]+)*-\d{5,7}/$"),
    trailing_slash=True,
    sitemap_template="/sitemap/sitemap_news{n}.xml",
    sitemap_max_missing=2,
    feeds=("/feed/",),
    listings=(("/last-news/", "/last-news/page/{n}/"),),
    not_article_markers=("__trashed",),
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
)

_CREDIT_LABEL = re.compile(
    r"(?:cover\s+)?photo|cover|фото|коллаж|иллюстрация|сурет|фотосурет", re.IGNORECASE
)
_ORIGINAL_AUTHOR_LABEL = re.compile(r"original\s+author|автор\s+оригинала", re.IGNORECASE)
_AUTHOR_LABEL = re.compile(r"автор|авторы|автордың аты-жөні|author|by", re.IGNORECASE)
_READ_ALSO = re.compile(
    r"^\s*(read also|also read|see also|читайте также|читайте еще|сондай-ақ оқыңыз|"
    r"оқи отырыңыз)\s*:?",
    re.IGNORECASE,
)
_END_MARKERS = re.compile(r"^\s*(latest news|последние новости|соңғы жаңалықтар)\s*$", re.I)
_SHARE = re.compile(r"^\s*(share|поделиться|бөлісу)\s*:?\s*$", re.IGNORECASE)
# A stray backslash the CMS left in a credit ("Akorda\ press service").
_STRAY_BACKSLASH = re.compile(r"\s*\\+\s*")


@dataclass
class _Scan:
    paragraphs: list[str] = field(default_factory=list)
    credit: str | None = None
    original_authors: list[str] = field(default_factory=list)
    bylines: list[str] = field(default_factory=list)


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
            byline = labelled_line(text, _AUTHOR_LABEL)
            if byline is not None and scan.paragraphs and len(byline) < 80:
                scan.bylines.append(byline.rstrip("."))
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


def _clean_credit(credit: str) -> str:
    return _STRAY_BACKSLASH.sub(" ", credit).strip(" .")
