"""Extraction of every fixture site against its hand-written expected outputs.

Each expected file (``fixtures/expected/<host>/*.json``) was written by reading the page. The
page goes through its edition's page class and the normalizers exactly as in a crawl, with
the listing hints a crawl would have from the fixture site's sitemaps and feeds.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from newscrawl.discovery.feeds import FeedError, parse_feed
from newscrawl.discovery.sitemaps import SitemapError, parse_sitemap
from newscrawl.extraction.page import PageInput
from newscrawl.items import Article, ListingHint
from newscrawl.normalize.dates import KZ_TZ
from newscrawl.pipelines.attribution import AttributionPipeline
from newscrawl.pipelines.content import ContentHashPipeline
from newscrawl.pipelines.dates import DatesPipeline
from newscrawl.pipelines.language import LanguagePipeline
from newscrawl.sites import orda, tengrinews
from newscrawl.sites.edition import Edition
from newscrawl.spiders.generic import _edition as generic_edition
from tests.conftest import EXPECTED, SITES, load_expected

#: Sites the generic spider crawls (no site-specific code); their expected paragraph
#: counts include the lead.
GENERIC_SITES = ("kursiv.media", "astanatimes.com")
EDITIONS: dict[str, Edition] = {
    **{e.profile.site: e for e in (*orda.EDITIONS, *tengrinews.EDITIONS)},
    **{site: generic_edition(site, None) for site in GENERIC_SITES},
}
SITE_NAMES = sorted(p.name for p in EXPECTED.iterdir() if p.is_dir() and p.name in EDITIONS)
CASES = [(site, case) for site in SITE_NAMES for case in load_expected(site)]
IDS = [f"{site}:{Path(case['page']).parts[-2]}" for site, case in CASES]
# 17:00 in Kazakhstan: "Вчера" is 31 October there.
FETCHED_AT = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
RELATIVE_DAYS = {"вчера": -1, "сегодня": 0, "кеше": -1, "бүгін": 0, "yesterday": -1, "today": 0}


@cache
def listing_hints(site: str) -> dict[str, list[ListingHint]]:
    """What the fixture site's sitemaps and feeds say about each canonical URL."""
    profile = EDITIONS[site].profile
    hints: dict[str, list[ListingHint]] = {}
    for path in sorted((SITES / site).rglob("*")):
        if path.suffix not in (".xml", ".rss") or not path.is_file():
            continue
        body = path.read_bytes()
        try:
            for entry in parse_sitemap(body).entries:
                hint = ListingHint("sitemap", entry.loc, entry.lastmod)
                hints.setdefault(profile.canonical(entry.loc), []).append(hint)
            continue
        except SitemapError:
            pass
        try:
            for item in parse_feed(body):
                hint = ListingHint("feed", item.url, item.published_raw, item.title)
                hints.setdefault(profile.canonical(item.url), []).append(hint)
        except FeedError:
            continue
    return hints


@cache
def extract(site: str, page: str, url: str) -> Article:
    edition = EDITIONS[site]
    raw = (SITES / site / page).read_bytes()
    html = raw.decode("utf-8") if b"windows-1251" not in raw[:2000] else raw.decode("cp1251")
    page_obj = edition.page_class(PageInput(url=url, text=html), listing_hints(site).get(url, []))
    assert page_obj.not_article_reason() is None
    item = page_obj.to_item(spider="test", fetched_at=FETCHED_AT)
    for pipeline in (DatesPipeline(), LanguagePipeline(), AttributionPipeline()):
        item = pipeline.process_item(item)
    return ContentHashPipeline().process_item(item)


def item_for(site: str, case: dict[str, Any]) -> Article:
    return extract(site, case["page"], case["url"])


def test_every_fixture_site_is_big_enough() -> None:
    for site in SITE_NAMES:
        # every edition a spider is built for has at least 8; the generic sites 6 each
        assert len(load_expected(site)) >= (6 if site in GENERIC_SITES else 8), site


@pytest.mark.parametrize(("site", "case"), CASES, ids=IDS)
def test_article_fields(site: str, case: dict[str, Any]) -> None:
    item = item_for(site, case)
    expected = case["expected"]
    assert item.url == case["url"]
    assert item.title == expected["title"]
    assert item.lead == expected["lead"]
    assert item.language == expected["language"]
    if "photo_credit" in expected:
        assert item.photo_credit == expected["photo_credit"]
    for key in ("original_authors", "authors", "section", "tags"):
        if key in expected:
            assert getattr(item, key) == expected[key], key
    if site == "en.orda.kz":
        assert item.is_translation is True
        assert item.original_language == "ru"
    elif site == "orda.kz":
        # the Russian originals en.orda.kz translates: `{is_translation: false}` finds them
        assert item.is_translation is False
        assert item.original_language is None
    else:
        # an edition that does not say whether an article is a translation
        assert item.is_translation is None


@pytest.mark.parametrize(("site", "case"), CASES, ids=IDS)
def test_article_date(site: str, case: dict[str, Any]) -> None:
    item = item_for(site, case)
    expected = case["expected"]
    if expected.get("published_relative"):
        raw = expected["published_raw"]
        assert item.published_raw == raw
        word, _, clock = raw.replace("|", ",").partition(",")
        local_day = FETCHED_AT.astimezone(KZ_TZ).date() + timedelta(
            days=RELATIVE_DAYS[word.strip().lower()]
        )
        hour, minute = (int(x) for x in clock.strip().split(":"))
        wanted = datetime(
            local_day.year, local_day.month, local_day.day, hour, minute, tzinfo=KZ_TZ
        )
        assert item.published_at == wanted.astimezone(UTC)
        return
    if "published_source" in expected:
        assert item.published_source == expected["published_source"]
    assert item.published_at == datetime.fromisoformat(expected["published_at"])


@pytest.mark.parametrize(("site", "case"), CASES, ids=IDS)
def test_article_body(site: str, case: dict[str, Any]) -> None:
    item = item_for(site, case)
    for text in case["body_contains"]:
        assert text in item.body
    for text in case["body_not_contains"]:
        assert text not in item.body
    paragraphs = item.body.split("\n\n")
    assert paragraphs[0] == case["expected"]["lead"]
    # the lead is the body's first paragraph; site files count it only for generic sites
    lead_counted = site in GENERIC_SITES
    assert len(paragraphs) == case["body_paragraphs"] + (0 if lead_counted else 1)


@pytest.mark.parametrize(("site", "case"), CASES, ids=IDS)
def test_article_attribution(site: str, case: dict[str, Any]) -> None:
    item = item_for(site, case)
    expected = case["expected"]
    if "title_source" in expected:
        assert item.title_source == expected["title_source"]
        assert item.clean_title == expected["clean_title"]
    found = {c["outlet_id"] for c in item.cited_sources if c["outlet_id"]}
    assert set(expected["cited_outlets"]) <= found
    assert all(c["name"] for c in item.cited_sources)
