from __future__ import annotations

import gzip

import pytest

from newscrawl.discovery.feeds import FeedError, parse_feed
from newscrawl.discovery.sitemaps import SitemapError, parse_sitemap

URLSET = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>https://en.orda.kz/a-3114/</loc><lastmod>2024-02-20T11:00:00+06:00</lastmod></url>
  <url><loc> https://en.orda.kz/b-3115 </loc></url>
</urlset>"""

INDEX = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>https://tengrinews.kz/sitemap-news-1.xml</loc></sitemap>
</sitemapindex>"""


def test_urlset_entries_keep_raw_lastmod() -> None:
    doc = parse_sitemap(URLSET)
    assert doc.kind == "urlset"
    assert [(e.loc, e.lastmod) for e in doc.entries] == [
        ("https://en.orda.kz/a-3114/", "2024-02-20T11:00:00+06:00"),
        ("https://en.orda.kz/b-3115", None),
    ]


def test_gzipped_sitemap_index() -> None:
    doc = parse_sitemap(gzip.compress(INDEX))
    assert doc.kind == "sitemapindex"
    assert doc.entries[0].loc == "https://tengrinews.kz/sitemap-news-1.xml"


def test_html_error_page_is_not_a_sitemap() -> None:
    with pytest.raises(SitemapError):
        parse_sitemap(b"<!DOCTYPE html><html><body>Not found</body></html>")


def test_rss_and_atom_feeds() -> None:
    rss = b"""<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
    <channel><item><title>One</title><link>https://en.orda.kz/one-3200/</link>
    <pubDate>Tue, 03 Sep 2024 09:12:00 +0000</pubDate></item>
    <item><title>No link</title></item></channel></rss>"""
    atom = b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">
    <entry><title>Two</title><link rel="alternate" href="https://x.kz/two"/>
    <published>2025-01-02T03:04:05Z</published></entry></feed>"""
    rss_entries = parse_feed(rss)
    assert [(e.url, e.title, e.published_raw) for e in rss_entries] == [
        ("https://en.orda.kz/one-3200/", "One", "Tue, 03 Sep 2024 09:12:00 +0000")
    ]
    assert parse_feed(atom)[0].url == "https://x.kz/two"
    assert parse_feed(atom)[0].published_raw == "2025-01-02T03:04:05Z"


def test_html_is_not_a_feed() -> None:
    with pytest.raises(FeedError):
        parse_feed(b"<html><body><item>x</item></body></html>")
