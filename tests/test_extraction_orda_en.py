"""en.orda.kz extraction against the fixture pages and their hand-written expected outputs.

Each expected file (``fixtures/expected/en.orda.kz/*.json``) was written by reading the page.
The page goes through the page class and the normalizers exactly as in a crawl, with the
listing hints a crawl would have from the fixture sitemaps and feed.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from newscrawl.discovery.feeds import parse_feed
from newscrawl.discovery.sitemaps import parse_sitemap
from newscrawl.extraction.page import PageInput
from newscrawl.items import Article, ListingHint
from newscrawl.pipelines.attribution import AttributionPipeline
from newscrawl.pipelines.content import ContentHashPipeline
from newscrawl.pipelines.dates import DatesPipeline
from newscrawl.pipelines.language import LanguagePipeline
from newscrawl.sites.orda import PROFILE_EN as PROFILE
from newscrawl.sites.orda import OrdaEnArticlePage
from tests.conftest import SITES, load_expected

SITE = SITES / "en.orda.kz"
CASES = load_expected("en.orda.kz")
FETCHED_AT = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


def listing_hints() -> dict[str, list[ListingHint]]:
    """What the fixture sitemaps and feed say about each canonical URL."""
    hints: dict[str, list[ListingHint]] = {}
    for sitemap in sorted((SITE / "sitemap").glob("*.xml")):
        for entry in parse_sitemap(sitemap.read_bytes()).entries:
            hint = ListingHint("sitemap", entry.loc, entry.lastmod)
            hints.setdefault(PROFILE.canonical(entry.loc), []).append(hint)
    for entry in parse_feed((SITE / "feed" / "index.xml").read_bytes()):
        hint = ListingHint("feed", entry.url, entry.published_raw, entry.title)
        hints.setdefault(PROFILE.canonical(entry.url), []).append(hint)
    return hints


HINTS = listing_hints()


def extract(case: dict[str, Any]) -> Article:
    html = (SITE / case["page"]).read_text(encoding="utf-8")
    page = OrdaEnArticlePage(PageInput(url=case["url"], text=html), HINTS.get(case["url"], []))
    assert page.not_article_reason() is None
    item = page.to_item(spider="orda_en", fetched_at=FETCHED_AT)
    for pipeline in (
        DatesPipeline(),
        LanguagePipeline(),
        AttributionPipeline(),
        ContentHashPipeline(),
    ):
        item = pipeline.process_item(item)
    return item


def test_fixture_site_is_big_enough() -> None:
    assert len(CASES) >= 12


@pytest.mark.parametrize("case", CASES, ids=[c["page"].split("/")[0] for c in CASES])
def test_article_fields(case: dict[str, Any]) -> None:
    item = extract(case)
    expected = case["expected"]
    assert item.url == case["url"]
    assert item.title == expected["title"]
    assert item.lead == expected["lead"]
    assert item.photo_credit == expected["photo_credit"]
    assert item.original_authors == expected["original_authors"]
    assert item.language == expected["language"]
    assert item.published_source == expected["published_source"]
    assert item.published_at == datetime.fromisoformat(expected["published_at"])
    assert item.is_translation is True
    assert item.original_language == "ru"


@pytest.mark.parametrize("case", CASES, ids=[c["page"].split("/")[0] for c in CASES])
def test_article_body(case: dict[str, Any]) -> None:
    item = extract(case)
    for text in case["body_contains"]:
        assert text in item.body
    for text in case["body_not_contains"]:
        assert text not in item.body
    paragraphs = item.body.split("\n\n")
    # the lead is the body's first paragraph; the count in the file excludes it
    assert paragraphs[0] == case["expected"]["lead"]
    assert len(paragraphs) == case["body_paragraphs"] + 1


@pytest.mark.parametrize("case", CASES, ids=[c["page"].split("/")[0] for c in CASES])
def test_article_attribution(case: dict[str, Any]) -> None:
    item = extract(case)
    expected = case["expected"]
    assert item.title_source == expected["title_source"]
    assert item.clean_title == expected["clean_title"]
    found = {c["outlet_id"] for c in item.cited_sources if c["outlet_id"]}
    assert set(expected["cited_outlets"]) <= found
    assert all(c["name"] for c in item.cited_sources)
