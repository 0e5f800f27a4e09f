"""The ceiling: a bare Scrapy spider that only fetches the article pages the sitemaps list.

No item pipelines, no extraction, no newscrawl extensions: a ``SitemapSpider`` reading the
sitemaps from ``robots.txt`` whose callback does nothing. The networking is newscrawl's: its
settings module (robots.txt obeyed, retries, timeouts, User-Agent via the politeness add-on,
the host router), with the crawl's concurrency and AutoThrottle off, as ``HOST_ROUTER_URL``
does. Run in its own process by :mod:`bench.crawl`; the final stats go to a JSON file::

    python -m bench.bare --router http://127.0.0.1:8801 --stats /tmp/bare.json
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar

from scrapy.crawler import CrawlerProcess
from scrapy.http import Response
from scrapy.spiders import SitemapSpider
from scrapy.utils.project import get_project_settings


class BareSitemapSpider(SitemapSpider):
    """Follows every ``<loc>`` of the sitemaps named in robots.txt and drops the page."""

    name = "bare"
    sitemap_urls: ClassVar[list[str]] = ["https://en.orda.kz/robots.txt"]
    allowed_domains: ClassVar[list[str]] = ["en.orda.kz"]

    def parse(self, response: Response, **kwargs: Any) -> None:
        """Count the page; nothing else."""
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value("bench/articles")


def main() -> int:
    """Run the bare crawl and write its stats."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--router", required=True, help="HOST_ROUTER_URL")
    parser.add_argument("--stats", type=Path, required=True, help="where to write the stats")
    parser.add_argument("--concurrency", type=int, default=32)
    args = parser.parse_args()
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "newscrawl.settings")
    settings = get_project_settings()
    settings.setdict(
        {
            "HOST_ROUTER_URL": args.router,
            "CONCURRENT_REQUESTS": args.concurrency,
            "CONCURRENT_REQUESTS_PER_DOMAIN": args.concurrency,
            "AUTOTHROTTLE_ENABLED": False,
            "ITEM_PIPELINES": {},
            "EXTENSIONS": {},
            "LOG_LEVEL": "WARNING",
        },
        priority="cmdline",
    )
    process = CrawlerProcess(settings, install_root_handler=True)
    crawler = process.create_crawler(BareSitemapSpider)
    process.crawl(crawler)
    process.start()
    assert crawler.stats is not None
    stats = {
        key: value.isoformat() if isinstance(value, datetime) else value
        for key, value in crawler.stats.get_stats().items()
    }
    args.stats.write_text(json.dumps(stats, indent=2, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
