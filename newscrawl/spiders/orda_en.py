"""``scrapy crawl orda_en``: the English edition of Orda.kz."""

from __future__ import annotations

from typing import ClassVar

from newscrawl.sites.orda_en import PROFILE, OrdaEnArticlePage
from newscrawl.spiders.base import Edition, NewsSpider


class OrdaEnSpider(NewsSpider):
    """en.orda.kz from its news sitemaps and its feed."""

    name = "orda_en"
    allowed_domains: ClassVar[list[str]] = [PROFILE.site]
    editions = (Edition(PROFILE, OrdaEnArticlePage),)
