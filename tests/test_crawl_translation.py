"""Translation links completed in the database, whichever edition is crawled first."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newscrawl.fixtures.server import FixtureHTTPServer
from newscrawl.store.schema import ARTICLES
from tests.conftest import EXPECTED, MongoServer, run_crawl

pytestmark = pytest.mark.crawl

PAIRS = json.loads((EXPECTED / "translation_pairs.json").read_text(encoding="utf-8"))
TRUTH = {pair["en"]: pair["ru"] for pair in PAIRS["pairs"]}


@pytest.mark.parametrize("order", [("orda_en", "orda_ru"), ("orda_ru", "orda_en")])
def test_links_complete_after_both_editions_are_crawled(
    order: tuple[str, str],
    mongo_server: MongoServer,
    fixture_server: FixtureHTTPServer,
    database_name: str,
    tmp_path: Path,
) -> None:
    for spider in order:
        result = run_crawl(
            spider,
            mongo_uri=mongo_server.uri,
            database=database_name,
            router_url=fixture_server.url,
            home=tmp_path,
        )
        assert result.returncode == 0, result.stderr[-3000:]
    client = mongo_server.client()
    try:
        articles = client[database_name][ARTICLES]
        linked = {
            doc["url"]: doc["translation_of"]
            for doc in articles.find({"site": "en.orda.kz", "translation_of": {"$exists": True}})
        }
        correct = sum(1 for url, link in linked.items() if TRUTH.get(url) == link["url"])
        print(f"\n{' then '.join(order)}: {len(linked)} linked, {correct} correct")
        assert correct == len(linked)  # precision over recall: no wrong link
        assert correct >= 0.7 * len(TRUTH)
        for link in linked.values():
            assert link["method"] == "content-v1"
            assert 0.6 <= link["confidence"] <= 1.0
        # every English document says it is a translation from Russian
        assert articles.count_documents({"site": "en.orda.kz", "is_translation": True}) == 16
        assert articles.count_documents({"site": "en.orda.kz", "original_language": "ru"}) == 16
    finally:
        client.drop_database(database_name)
        client.close()
