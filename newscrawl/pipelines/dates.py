"""Pick the publication and update dates and normalize them to UTC."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Self

from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

from newscrawl.items import Article
from newscrawl.normalize.date_choice import choose_date, zone_named
from newscrawl.pipelines.drops import drop


class DatesPipeline:
    """Thin adapter over :func:`newscrawl.normalize.date_choice.choose_date`.

    The candidates are read in the site's zone (``Article.date_zone``; unknown for generic
    sites, whose zone is then inferred from the page's own offsets), cross-checked against each
    other and the URL, and the winner is stored with its raw text, source, precision, zone
    source, offset and calendar day; the deciding rule goes to ``provenance.published_rule``.
    Relative dates ("Вчера, 06:20") resolve against the fetch time. Stats:
    ``newscrawl/dates/published/<source>``, ``newscrawl/dates/published/missing``,
    ``newscrawl/dates/rule/<rule>`` for rules other than ``first``.
    """

    def __init__(self, crawler: Crawler | None = None) -> None:
        self.crawler = crawler
        self.stats: StatsCollector | None = crawler.stats if crawler else None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Build from the crawler: its stats, and the spider's date window."""
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        """Fill ``published_*`` and ``updated_*`` from the candidates."""
        if not isinstance(item, Article):
            return item
        zone = zone_named(item.date_zone)
        language = item.declared_language
        when = item.fetched_at
        choice = choose_date(
            item.published_candidates, zone=zone, now=when, language=language, url=item.url
        )
        if choice is not None:
            parsed = choice.parsed
            item.published_at, item.published_raw = parsed.value, parsed.raw
            item.published_source = choice.source
            item.published_precision = parsed.precision
            item.published_tz_source = parsed.zone_source
            item.published_utc_offset = parsed.utc_offset
            item.published_day = parsed.day.isoformat()
            item.provenance["published_at"] = choice.source
            if choice.rule != "first":
                item.provenance["published_rule"] = choice.rule
                self._inc(f"newscrawl/dates/rule/{choice.rule}")
            self._inc(f"newscrawl/dates/published/{choice.source}")
        else:
            self._inc("newscrawl/dates/published/missing")
        updated = choose_date(item.updated_candidates, zone=zone, now=when, language=language)
        if updated is not None:
            item.updated_at, item.updated_raw = updated.parsed.value, updated.parsed.raw
            item.updated_source = updated.source
        if item.published_at is not None and not self._in_window(item.published_at):
            raise drop(self.stats, "outside_window", f"{item.url} ({item.published_raw})")
        return item

    def _in_window(self, when: datetime) -> bool:
        # Spiders with since/until arguments expose in_window(); the date is only certain
        # here, after extraction, for pages whose listing entry carried none.
        spider = self.crawler.spider if self.crawler else None
        in_window = getattr(spider, "in_window", None)
        return bool(in_window(when)) if callable(in_window) else True

    def _inc(self, key: str) -> None:
        if self.stats is not None:
            self.stats.inc_value(key)
