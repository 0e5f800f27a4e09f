"""Orda.kz spiders: ``orda`` for every edition, ``orda_ru``/``orda_kk``/``orda_en`` for one."""

from __future__ import annotations

from typing import ClassVar

from newscrawl.sites import orda
from newscrawl.spiders.base import NewsSpider


class OrdaSpider(NewsSpider):
    """All Orda.kz editions (``-a editions=ru,kk,en`` to choose), originals first."""

    name = "orda"
    allowed_domains: ClassVar[list[str]] = [e.profile.site for e in orda.EDITIONS]
    editions = orda.EDITIONS


class OrdaRuSpider(NewsSpider):
    """orda.kz, the Russian originals: news sitemaps, feed, ``/last-news/`` pages."""

    name = "orda_ru"
    allowed_domains: ClassVar[list[str]] = [orda.RU.profile.site]
    editions = (orda.RU,)


class OrdaKkSpider(NewsSpider):
    """kaz.orda.kz, the Kazakh edition."""

    name = "orda_kk"
    allowed_domains: ClassVar[list[str]] = [orda.KK.profile.site]
    editions = (orda.KK,)


class OrdaEnSpider(NewsSpider):
    """en.orda.kz, the English translations: news sitemaps and feed."""

    name = "orda_en"
    allowed_domains: ClassVar[list[str]] = [orda.EN.profile.site]
    editions = (orda.EN,)
