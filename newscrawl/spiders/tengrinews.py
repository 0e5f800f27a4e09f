"""Tengrinews.kz spiders: ``tengrinews`` for every edition, ``tengrinews_ru``/``_kk``/``_en``."""

from __future__ import annotations

from typing import ClassVar

from newscrawl.sites import tengrinews
from newscrawl.spiders.base import NewsSpider


class TengrinewsSpider(NewsSpider):
    """All Tengrinews editions (``-a editions=ru,kk,en`` to choose)."""

    name = "tengrinews"
    allowed_domains: ClassVar[list[str]] = [e.profile.site for e in tengrinews.EDITIONS]
    editions = tengrinews.EDITIONS


class TengrinewsRuSpider(NewsSpider):
    """tengrinews.kz: RSS, news sitemaps from the sitemap index, ``/news/`` pages."""

    name = "tengrinews_ru"
    allowed_domains: ClassVar[list[str]] = [tengrinews.RU.profile.site]
    editions = (tengrinews.RU,)


class TengrinewsKkSpider(NewsSpider):
    """kaz.tengrinews.kz, the Kazakh edition."""

    name = "tengrinews_kk"
    allowed_domains: ClassVar[list[str]] = [tengrinews.KK.profile.site]
    editions = (tengrinews.KK,)


class TengrinewsEnSpider(NewsSpider):
    """en.tengrinews.kz, the English edition."""

    name = "tengrinews_en"
    allowed_domains: ClassVar[list[str]] = [tengrinews.EN.profile.site]
    editions = (tengrinews.EN,)
