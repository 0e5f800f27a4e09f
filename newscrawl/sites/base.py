"""What newscrawl knows about one site edition, in one place."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from newscrawl.normalize.urls import canonicalize_url

#: Kazakhstan's zone: UTC+6 in Almaty and Astana until 2024-03-01 00:00, UTC+5 since (tzdata).
KZ_ZONE = "Asia/Almaty"


@dataclass(frozen=True)
class SiteProfile:
    """Per-edition facts: where articles live, how they are discovered, what language they are.

    A page class and a spider for the edition both read this, so a URL pattern or a feed
    address is written once.
    """

    #: Host name of the edition, also the ``site`` field of stored articles.
    site: str
    #: Outlet registry id of the publisher (None for sites outside the registry).
    outlet_id: str | None
    #: ISO 639-1 code of the language the edition declares ("" when unknown).
    language: str
    #: Matches the canonical URL of an article page (and nothing else: no tags, no listings).
    article_url: re.Pattern[str]
    #: Canonical URLs end with "/" (True), never do (False), or keep what they had (None).
    trailing_slash: bool | None
    #: News sitemaps numbered from 1, e.g. "/sitemap/sitemap_news{n}.xml"; probed until
    #: ``sitemap_max_missing`` consecutive numbers are missing.
    sitemap_template: str | None = None
    sitemap_max_missing: int = 2
    #: Sitemap indexes whose children matching ``sitemap_child_filter`` list articles.
    sitemap_indexes: tuple[str, ...] = ()
    sitemap_child_filter: re.Pattern[str] | None = None
    #: RSS or Atom feeds, as paths.
    feeds: tuple[str, ...] = ()
    #: Listing pages walked in backfill mode, newest first: (first page, page N >= 2 with
    #: ``{n}``), e.g. ("/news/", "/news/page/{n}/").
    listings: tuple[tuple[str, str], ...] = ()
    #: Language the edition translates from, when every article is a translation.
    translated_from: str | None = None
    #: The edition publishes originals only (orda.kz: the Russian articles en.orda.kz
    #: translates), so ``is_translation`` is false there rather than unknown.
    publishes_originals: bool = False
    #: URL fragments that mark pages which look like articles but are not.
    not_article_markers: tuple[str, ...] = field(default=())
    #: IANA zone of the wall clock the site prints times in, or None when unknown.
    zone: str | None = None

    @property
    def base_url(self) -> str:
        """``https://`` plus the host."""
        return f"https://{self.site}"

    def absolute(self, path: str) -> str:
        """An absolute URL on this site for a path such as ``/feed/``."""
        return self.base_url + path

    def canonical(self, url: str) -> str:
        """The one key under which an article URL of this site is stored."""
        return canonicalize_url(url, trailing_slash=self.trailing_slash)

    def is_article_url(self, url: str) -> bool:
        """Whether ``url`` (any form) is an article page of this edition."""
        canonical = self.canonical(url)
        if any(marker in canonical for marker in self.not_article_markers):
            return False
        return bool(self.article_url.match(canonical))
