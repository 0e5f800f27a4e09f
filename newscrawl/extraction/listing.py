"""Listing pages (news feeds in HTML, section and tag pages): article links and their dates."""

from __future__ import annotations

from typing import ClassVar
from urllib.parse import urljoin

from parsel import Selector

from newscrawl.extraction.text import element_text, normalize_space
from newscrawl.items import ListingHint
from newscrawl.sites.base import SiteProfile


class ListingPage:
    """Reads one listing page. The default finds every link to an article of the edition.

    Site subclasses set :attr:`item_selector` and the relative selectors to also read each
    entry's title and date; entries whose link is not an article URL are ignored either way.
    """

    profile: ClassVar[SiteProfile]
    #: One element per listed article; empty means "every <a> on the page".
    item_selector: ClassVar[str] = ""
    link_selector: ClassVar[str] = "a::attr(href)"
    title_selector: ClassVar[str] = "a"
    date_selector: ClassVar[str] = ""

    def __init__(self, url: str, text: str) -> None:
        self.url = url
        self.sel = Selector(text=text)

    def entries(self) -> list[ListingHint]:
        """Article links on the page, in page order, each with the title and date shown."""
        if not self.item_selector:
            return self._all_links()
        found: list[ListingHint] = []
        for item in self.sel.css(self.item_selector):
            href = item.css(self.link_selector).get()
            if not href:
                continue
            url = urljoin(self.url, href.strip())
            if not self.profile.is_article_url(url):
                continue
            title_node = item.css(self.title_selector)
            title = element_text(title_node[0]) if title_node else None
            date = None
            if self.date_selector:
                date = normalize_space(" ".join(item.css(self.date_selector).getall())) or None
            found.append(ListingHint("listing", url, date, title or None))
        return found

    def _all_links(self) -> list[ListingHint]:
        seen: set[str] = set()
        found: list[ListingHint] = []
        for link in self.sel.css("a[href]"):
            url = urljoin(self.url, link.attrib["href"].strip())
            if url in seen or not self.profile.is_article_url(url):
                continue
            seen.add(url)
            found.append(ListingHint("listing", url, None, element_text(link) or None))
        return found
