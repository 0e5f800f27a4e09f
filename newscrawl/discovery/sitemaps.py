"""Reading sitemaps: article URLs with their ``<lastmod>``, and child sitemaps of an index."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from scrapy.utils.gz import gunzip
from scrapy.utils.sitemap import Sitemap


@dataclass(frozen=True)
class SitemapEntry:
    """One ``<url>`` (or, in an index, one ``<sitemap>``) with its raw ``<lastmod>``."""

    loc: str
    lastmod: str | None


@dataclass(frozen=True)
class SitemapDocument:
    """A parsed sitemap: ``urlset`` entries are pages, ``sitemapindex`` entries sitemaps."""

    kind: Literal["urlset", "sitemapindex"]
    entries: list[SitemapEntry]


class SitemapError(ValueError):
    """The body is not a sitemap (an HTML error page served with 200, truncated XML...)."""


def parse_sitemap(body: bytes) -> SitemapDocument:
    """Parse a sitemap or sitemap index, gzip-compressed or not.

    Uses Scrapy's own parser (lxml with entity resolution and huge-tree guards off by
    default), so hostile sitemaps cannot expand entities or exhaust memory.
    """
    if body[:2] == b"\x1f\x8b":
        body = gunzip(body)
    if b"<urlset" not in body[:4096] and b"<sitemapindex" not in body[:4096]:
        raise SitemapError("not a sitemap: no <urlset> or <sitemapindex> root")
    try:
        sitemap = Sitemap(body)
    except Exception as exc:  # lxml raises several unrelated types on broken XML
        raise SitemapError(f"unreadable sitemap: {exc}") from exc
    kind: Literal["urlset", "sitemapindex"] = (
        "sitemapindex" if sitemap.type == "sitemapindex" else "urlset"
    )
    entries = []
    for entry in sitemap:
        loc = (entry.get("loc") or "").strip()
        if loc:
            lastmod = (entry.get("lastmod") or "").strip() or None
            entries.append(SitemapEntry(loc=loc, lastmod=lastmod))
    return SitemapDocument(kind=kind, entries=entries)
