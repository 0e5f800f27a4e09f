"""``generic`` crawls of a registered outlet's site carry the outlet's registry id."""

from __future__ import annotations

from pathlib import Path

import pytest

from newscrawl.fixtures.server import FixtureHTTPServer
from newscrawl.store.schema import ARTICLES
from tests.conftest import MongoServer, run_crawl

pytestmark = pytest.mark.crawl


def test_generic_crawl_of_kursiv_stores_its_outlet_id(
    mongo_server: MongoServer,
    fixture_server: FixtureHTTPServer,
    database_name: str,
    tmp_path: Path,
) -> None:
    """kursiv.media is the domain of the registry's ``kursiv`` (outlets.toml), so its
    articles are Kursiv's even though newscrawl has no page class for the site."""
    result = run_crawl(
        "generic",
        mongo_uri=mongo_server.uri,
        database=database_name,
        router_url=fixture_server.url,
        home=tmp_path,
        args={"sitemap": "https://kursiv.media/sitemap.xml"},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    client = mongo_server.client()
    try:
        docs = list(client[database_name][ARTICLES].find({}, {"site": 1, "outlet_id": 1}))
    finally:
        client.drop_database(database_name)
        client.close()
    assert docs
    assert {(d["site"], d["outlet_id"]) for d in docs} == {("kursiv.media", "kursiv")}
