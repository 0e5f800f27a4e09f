"""Scrapy add-ons: politeness defaults any newscrawl crawl (or another project) can enable."""

from __future__ import annotations

from scrapy.settings import BaseSettings

from newscrawl import __version__

DEFAULT_CONTACT_URL = "https://github.com/newscrawl/newscrawl"


class PolitenessAddon:
    """Crawl like a good citizen unless told otherwise.

    Sets, at add-on priority (so ``settings.py``, spider settings and ``-s`` still win):
    ``ROBOTSTXT_OBEY``; AutoThrottle aiming at 2 concurrent requests per site with a 1 s
    start delay; at most 4 concurrent requests per domain; retries for transient errors;
    and a User-Agent that names newscrawl and a contact URL (``NEWSCRAWL_CONTACT_URL``), so
    an editor who sees the crawler in their logs can reach whoever runs it.
    """

    def update_settings(self, settings: BaseSettings) -> None:
        """Apply the defaults."""
        contact = settings.get("NEWSCRAWL_CONTACT_URL") or DEFAULT_CONTACT_URL
        defaults: dict[str, object] = {
            "USER_AGENT": f"newscrawl/{__version__} (+{contact})",
            "ROBOTSTXT_OBEY": True,
            "AUTOTHROTTLE_ENABLED": True,
            "AUTOTHROTTLE_START_DELAY": 1.0,
            "AUTOTHROTTLE_MAX_DELAY": 30.0,
            "AUTOTHROTTLE_TARGET_CONCURRENCY": 2.0,
            "CONCURRENT_REQUESTS_PER_DOMAIN": 4,
            "RETRY_TIMES": 3,
            "DOWNLOAD_TIMEOUT": 30,
        }
        for name, value in defaults.items():
            settings.set(name, value, priority="addon")
