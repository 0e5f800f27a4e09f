"""Tengrinews.kz spiders: ``tengrinews`` for every edition, ``tengrinews_ru``/``_kk``/``_en``."""

from __future__ import annotations

from typing import ClassVar

from newscrawl.sites import tengrinews
from newscrawl.spiders.base import NewsSpider
from newscrawl.spiders.contracts import article_callback


class TengrinewsSpider(NewsSpider):
    """All Tengrinews editions (``-a editions=ru,kk,en`` to choose)."""

    name = "tengrinews"
    parse = article_callback(
        "https://tengrinews.kz/article/kak-kazahstan-ischet-novyie-marshrutyi-eksporta-nefti-518777/"
    )
    allowed_domains: ClassVar[list[str]] = [e.profile.site for e in tengrinews.EDITIONS]
    editions = tengrinews.EDITIONS


class TengrinewsRuSpider(NewsSpider):
    """tengrinews.kz: RSS, news sitemaps from the sitemap index, ``/news/`` pages."""

    name = "tengrinews_ru"
    parse = article_callback(
        "https://tengrinews.kz/article/kak-kazahstan-ischet-novyie-marshrutyi-eksporta-nefti-518777/"
    )
    allowed_domains: ClassVar[list[str]] = [tengrinews.RU.profile.site]
    editions = (tengrinews.RU,)


class TengrinewsKkSpider(NewsSpider):
    """kaz.tengrinews.kz, the Kazakh edition."""

    name = "tengrinews_kk"
    parse = article_callback(
        "https://kaz.tengrinews.kz/article/zhasandy-intellekt-zhane-mektep-mugalimder-ne-deidi-559102/"
    )
    allowed_domains: ClassVar[list[str]] = [tengrinews.KK.profile.site]
    editions = (tengrinews.KK,)


class TengrinewsEnSpider(NewsSpider):
    """en.tengrinews.kz, the English edition."""

    name = "tengrinews_en"
    parse = article_callback(
        "https://en.tengrinews.kz/article/why-inflation-in-kazakhstan-has-started-to-slow-down-27588/"
    )
    allowed_domains: ClassVar[list[str]] = [tengrinews.EN.profile.site]
    editions = (tengrinews.EN,)
