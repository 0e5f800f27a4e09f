"""The real ``scrapy crawl orda_en`` against the fixture site and a real SecantusDB server."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from newscrawl.fixtures.server import FixtureHTTPServer
from newscrawl.sites.orda import PROFILE_EN as PROFILE
from newscrawl.store.schema import ARTICLES
from tests.conftest import MongoServer, load_expected, load_site_facts, run_crawl

pytestmark = pytest.mark.crawl

SITE = "en.orda.kz"
CREDIT_LINE = re.compile(r"^(cover\s+)?photo\s*:", re.IGNORECASE | re.MULTILINE)


def test_crawl_twice_stores_each_article_once(
    mongo_server: MongoServer,
    fixture_server: FixtureHTTPServer,
    database_name: str,
    tmp_path: Path,
) -> None:
    expected = {case["url"]: case for case in load_expected(SITE)}
    facts = load_site_facts(SITE)

    def crawl() -> dict[str, object]:
        result = run_crawl(
            "orda_en",
            mongo_uri=mongo_server.uri,
            database=database_name,
            router_url=fixture_server.url,
            home=tmp_path,
        )
        assert result.returncode == 0, result.stderr[-4000:]
        return result.stats

    first_stats = crawl()
    client = mongo_server.client()
    try:
        articles = client[database_name][ARTICLES]
        docs = {doc["url"]: doc for doc in articles.find()}
        assert set(docs) == set(expected)
        assert len(docs) == facts["articles"] >= 12
        for url in facts["sitemap_urls_not_articles"]:
            assert PROFILE.canonical(url) not in docs
        for url, doc in docs.items():
            case = expected[url]
            body = doc["body"]
            assert "Latest news" not in body
            assert "Original Author" not in body and "Original author" not in body
            # the credit line ("Photo: X", "cover Photo: X") is kept apart, never in the body
            assert not CREDIT_LINE.search(body)
            if case["expected"]["photo_credit"]:
                assert f"Photo: {case['expected']['photo_credit']}" not in body
            assert doc["original_authors"] == case["expected"]["original_authors"]
            assert doc["published_source"] == case["expected"]["published_source"]
            assert doc["is_translation"] is True
            assert doc["crawl_count"] == 1
            cited = {c["outlet_id"] for c in doc["cited_sources"]}
            assert set(case["expected"]["cited_outlets"]) <= cited

        # a JSON-LD block with "$where" and dotted keys is stored, defused
        hostile = docs[
            "https://en.orda.kz/tokayev-appoints-olzhas-bektenov-as-prime-minister-3208/"
        ]
        declared = hostile["structured_data"]
        assert "\uff04where" in declared and "$where" not in declared
        assert declared["author\uff0ename"] == "Orda.kz"
        assert declared["mentions"][0] == {"\uff04gt": ""}

        second_stats = crawl()
        # the second run skips every stored, unchanged, old article without fetching it
        assert second_stats.get("newscrawl/recrawl/unchanged") == len(docs)
        # and does not fetch the sitemap's 404 again either
        assert second_stats.get("newscrawl/recrawl/new", 0) == 0
        fetched_first = first_stats.get("response_received_count", 0)
        fetched_second = second_stats.get("response_received_count", 0)
        assert isinstance(fetched_first, int) and isinstance(fetched_second, int)
        after = {doc["url"]: doc for doc in articles.find()}
        assert set(after) == set(docs)
        assert articles.count_documents({}) == len(docs)
        for url, doc in after.items():
            assert doc["crawl_count"] == 2
            assert doc["first_seen_at"] == docs[url]["first_seen_at"]
            assert doc["last_seen_at"] > docs[url]["last_seen_at"]
    finally:
        client.drop_database(database_name)
        client.close()
    recrawl = {k: v for k, v in second_stats.items() if k.startswith("newscrawl/recrawl/")}
    print(
        f"\nfirst crawl: {first_stats.get('newscrawl/mongo/inserted')} inserted, "
        f"{fetched_first} responses; second crawl: {fetched_second} responses, {recrawl}"
    )
