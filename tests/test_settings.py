"""Effective crawl settings, as a crawler sees them after add-ons applied."""

from __future__ import annotations

from scrapy.crawler import Crawler
from scrapy.settings import Settings
from scrapy.utils.project import get_project_settings

from newscrawl.spiders.orda import OrdaEnSpider


def effective(**overrides: object) -> Settings:
    settings = get_project_settings()
    for key, value in overrides.items():
        settings.set(key, value, priority="cmdline")
    crawler = Crawler(OrdaEnSpider, settings)
    # what Crawler does when it starts, without needing a running reactor
    crawler.addons.load_settings(crawler.settings)
    return crawler.settings


def test_polite_by_default() -> None:
    settings = effective()
    assert settings.getbool("ROBOTSTXT_OBEY") is True
    assert settings.getbool("AUTOTHROTTLE_ENABLED") is True
    assert settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN") == 4
    user_agent = settings.get("USER_AGENT")
    assert user_agent.startswith("newscrawl/")
    assert "+https://" in user_agent


def test_contact_url_goes_into_the_user_agent() -> None:
    settings = effective(NEWSCRAWL_CONTACT_URL="https://monitor.example.org/contact")
    assert "(+https://monitor.example.org/contact)" in settings.get("USER_AGENT")


def test_command_line_beats_the_addon() -> None:
    assert effective(ROBOTSTXT_OBEY=False).getbool("ROBOTSTXT_OBEY") is False


def test_local_fixture_routing_turns_throttling_off() -> None:
    settings = effective(HOST_ROUTER_URL="http://127.0.0.1:9")
    assert settings.getbool("AUTOTHROTTLE_ENABLED") is False
    assert settings.getdict("DOWNLOAD_HANDLERS")["https"].endswith("RoutingDownloadHandler")
    # robots.txt is still obeyed: the fixture sites serve their own
    assert settings.getbool("ROBOTSTXT_OBEY") is True


def test_callbacks_return_no_value_from_generators() -> None:
    """The project turns Scrapy's per-response check off (WARN_ON_GENERATOR_RETURN_VALUE);
    this is that check, once, over every spider's callbacks."""
    from scrapy.spiderloader import SpiderLoader
    from scrapy.utils.misc import is_generator_with_return_value

    settings = get_project_settings()
    assert settings.getbool("WARN_ON_GENERATOR_RETURN_VALUE") is False
    loader = SpiderLoader.from_settings(settings)
    checked = 0
    for name in loader.list():
        spider_class = loader.load(name)
        for attribute in dir(spider_class):
            if attribute.startswith(("parse", "article_")):
                member = getattr(spider_class, attribute)
                if callable(member):
                    assert not is_generator_with_return_value(member), f"{name}.{attribute}"
                    checked += 1
    assert checked >= len(loader.list())
