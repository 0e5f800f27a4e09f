"""Reading RSS 2.0 and Atom feeds: article links with their publication dates."""

from __future__ import annotations

import html
from dataclasses import dataclass

from parsel import Selector


@dataclass(frozen=True)
class FeedEntry:
    """One feed item: its link, title and raw date text."""

    url: str
    title: str | None
    published_raw: str | None


class FeedError(ValueError):
    """The body is not an RSS or Atom feed."""


def parse_feed(body: bytes) -> list[FeedEntry]:
    """Parse RSS 2.0 (``<item>``) or Atom (``<entry>``); namespaces are ignored."""
    try:
        sel = Selector(body=body, type="xml")
    except Exception as exc:  # lxml raises several unrelated types on broken XML
        raise FeedError(f"unreadable feed: {exc}") from exc
    sel.remove_namespaces()
    root = sel.xpath("/*")
    if not root or root[0].root.tag not in {"rss", "feed", "RDF"}:
        raise FeedError("not a feed: the root is not <rss>, <feed> or <rdf:RDF>")
    entries: list[FeedEntry] = []
    for item in sel.xpath("//item | //entry"):
        url = (
            item.xpath("./link/text()").get()
            or item.xpath('./link[@rel="alternate"]/@href').get()
            or item.xpath("./link/@href").get()
            or ""
        ).strip()
        if not url:
            continue
        # WordPress double-encodes: entities such as &#8217; survive inside CDATA.
        title = html.unescape((item.xpath("./title/text()").get() or "").strip()) or None
        date = (
            item.xpath("./pubDate/text()").get()
            or item.xpath("./published/text()").get()
            or item.xpath("./updated/text()").get()
            or item.xpath("./date/text()").get()
            or ""
        ).strip() or None
        entries.append(FeedEntry(url=url, title=title, published_raw=date))
    return entries
