"""Orda.kz spiders: ``orda`` for every edition, ``orda_ru``/``orda_kk``/``orda_en`` for one."""

from __future__ import annotations

from typing import ClassVar

from newscrawl.sites import orda
from newscrawl.spiders.base import NewsSpider
from newscrawl.spiders.contracts import article_callback


class OrdaSpider(NewsSpider):
    """All Orda.kz editions (``-a editions=ru,kk,en`` to choose), originals first."""

    name = "orda"
    parse = article_callback(
        "https://en.orda.kz/almaty-court-orders-developer-to-return-23-billion-tenge-to-equity-holders-9698/"
    )
    allowed_domains: ClassVar[list[str]] = [e.profile.site for e in orda.EDITIONS]
    editions = orda.EDITIONS


class OrdaRuSpider(NewsSpider):
    """orda.kz, the Russian originals: news sitemaps, feed, ``/last-news/`` pages."""

    name = "orda_ru"
    parse = article_callback(
        "https://orda.kz/agentstvo-po-atomnoj-energii-nazvalo-sroki-nachala-stroitelstva-pervoj-aes-470702/"
    )
    allowed_domains: ClassVar[list[str]] = [orda.RU.profile.site]
    editions = (orda.RU,)


class OrdaKkSpider(NewsSpider):
    """kaz.orda.kz, the Kazakh edition."""

    name = "orda_kk"
    parse = article_callback(
        "https://kaz.orda.kz/almatyda-zhylytu-mausymy-merziminen-buryn-bastalady-40341/"
    )
    allowed_domains: ClassVar[list[str]] = [orda.KK.profile.site]
    editions = (orda.KK,)


class OrdaEnSpider(NewsSpider):
    """en.orda.kz, the English translations: news sitemaps and feed."""

    name = "orda_en"
    parse = article_callback(
        "https://en.orda.kz/almaty-court-orders-developer-to-return-23-billion-tenge-to-equity-holders-9698/"
    )
    allowed_domains: ClassVar[list[str]] = [orda.EN.profile.site]
    editions = (orda.EN,)
