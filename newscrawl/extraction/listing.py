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

    Site subclasses set :attr:`layouts`, each ``(item, link, title, date)`` CSS selectors
    (link and date ending in ``::attr()``/``::text``), to also read each entry's title and
    date; the first layout that matches anything wins, so one class reads several template
    generations. Entries whose link is not an article URL are ignored either way.
    """

    profile: ClassVar[SiteProfile]
    layouts: ClassVar[tuple[tuple[str, str, str, str], ...]] = ()

    def __init__(self, url: str, text: str) -> None:
        self.url = url
        self.sel = Selector(text=text)

    def entries(self) -> list[ListingHint]:
        """Article links on the page, in page order, each with the title and date shown."""
        for item_css, link_css, title_css, date_css in self.layouts:
            items = self.sel.css(item_css)
            if items:
                return self._read(items, link_css, title_css, date_css)
        return self._all_links()

    def _read(
        self, items: list[Selector], link_css: str, title_css: str, date_css: str
    ) -> list[ListingHint]:
        found: list[ListingHint] = []
        for item in items:
            href = item.css(link_css).get()
            if not href:
                continue
            url = urljoin(self.url, href.strip())
            if not self.profile.is_article_url(url):
                continue
            title_node = item.css(title_css)
            title = element_text(title_node[0]) if title_node else None
            date = normalize_space(" ".join(item.css(date_css).getall())) or None
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
