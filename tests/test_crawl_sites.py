"""Every spider crawls its fixture site end to end into a real database, twice.

Prints per-spider field coverage (title and body must be 100%, published_at at least 95%,
language 100%) and the second run's recrawl counters.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from newscrawl.fixtures.server import FixtureHTTPServer
from newscrawl.normalize.urls import canonicalize_url
from newscrawl.store.schema import ARTICLES
from tests.conftest import EXPECTED, MongoServer, load_expected, load_site_facts, run_crawl

pytestmark = pytest.mark.crawl

BACKFILL = {"mode": "backfill"}
#: site -> (spider, arguments)
RUNS: dict[str, tuple[str, dict[str, str]]] = {
    "en.orda.kz": ("orda_en", {}),
    "tengrinews.kz": ("tengrinews_ru", BACKFILL),
    "kaz.tengrinews.kz": ("tengrinews_kk", BACKFILL),
    "en.tengrinews.kz": ("tengrinews_en", BACKFILL),
    "orda.kz": ("orda_ru", BACKFILL),
    "kaz.orda.kz": ("orda_kk", BACKFILL),
    "kursiv.media": ("generic", {"sitemap": "https://kursiv.media/sitemap.xml"}),
    "astanatimes.com": (
        "generic",
        {
            "sitemap": "https://astanatimes.com/post-sitemap.xml",
            "feed": "https://astanatimes.com/feed/",
        },
    ),
}
SITES = [site for site in RUNS if (EXPECTED / site / "_site.json").exists()]
COVERED = ("title", "body", "published_at", "language", "lead", "authors", "photo_credit")


def coverage(docs: list[dict[str, Any]]) -> dict[str, float]:
    return {
        field: sum(1 for d in docs if d.get(field) not in (None, "", [])) / len(docs)
        for field in COVERED
    }


@pytest.mark.parametrize("site", SITES)
def test_spider_crawls_its_fixture_site(
    site: str,
    mongo_server: MongoServer,
    fixture_server: FixtureHTTPServer,
    database_name: str,
    tmp_path: Path,
) -> None:
    expected = {case["url"] for case in load_expected(site)}
    facts = load_site_facts(site)
    spider, args = RUNS[site]

    def crawl() -> dict[str, Any]:
        result = run_crawl(
            spider,
            mongo_uri=mongo_server.uri,
            database=database_name,
            router_url=fixture_server.url,
            home=tmp_path,
            args=args,
        )
        assert result.returncode == 0, result.stderr[-4000:]
        return result.stats

    first = crawl()
    client = mongo_server.client()
    try:
        articles = client[database_name][ARTICLES]
        docs = list(articles.find({"site": site}))
        stored = {d["url"] for d in docs}
        assert stored == expected, (sorted(expected - stored), sorted(stored - expected))
        for url in facts.get("not_articles", []):
            assert canonicalize_url(url) not in stored
            assert canonicalize_url(url, trailing_slash=True) not in stored
        cov = coverage(docs)
        print(
            f"\n{spider}: {len(docs)} articles, coverage "
            + ", ".join(f"{k} {v:.0%}" for k, v in cov.items())
        )
        assert cov["title"] == cov["body"] == cov["language"] == 1.0
        assert cov["published_at"] >= 0.95

        second = crawl()
        fetched_first = first.get("newscrawl/recrawl/new", 0)
        fetched_second = second.get("newscrawl/recrawl/new", 0) + second.get(
            "newscrawl/recrawl/refetched", 0
        )
        recrawl = {k.rsplit("/", 1)[1]: v for k, v in second.items() if "/recrawl/" in k}
        print(f"{spider} second run: {recrawl}")
        assert fetched_second <= 0.1 * fetched_first
        assert articles.count_documents({"site": site}) == len(docs)
    finally:
        client.drop_database(database_name)
        client.close()
