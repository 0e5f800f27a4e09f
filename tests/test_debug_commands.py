"""``scrapy parse``, ``check`` and friends work with no flags and leave no trace in crawl_runs."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from scrapy.exceptions import ContractFail

from newscrawl.extensions.crawl_runs import CRAWL_RUNS
from newscrawl.fixtures.server import FixtureHTTPServer, start_in_thread
from newscrawl.items import Article
from newscrawl.spiders.contracts import REQUIRED_FIELDS, FilledContract
from newscrawl.spiders.orda import OrdaEnSpider
from newscrawl.store.schema import ARTICLES
from tests.conftest import ROOT, MongoServer

pytestmark = pytest.mark.crawl

EN_ARTICLE = (
    "https://en.orda.kz/"
    "almaty-court-orders-developer-to-return-23-billion-tenge-to-equity-holders-9698/"
)
#: The page's <h1> (read in fixtures/sites/en.orda.kz/…-9698/).
EN_TITLE = "Almaty Court Orders Developer to Return 2.3 Billion Tenge to Equity Holders"
KURSIV_ARTICLE = "https://kursiv.media/2025-03-18/arenda-kvartir-v-astane-za-god-podorozhala-na-21/"


def command(
    program: list[str], *args: str, home: Path, mongo: MongoServer, database: str
) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "NEWSCRAWL_HOME": str(home),
        "MONGO_URI": mongo.uri,
        "MONGO_DATABASE": database,
    }
    env.pop("HOST_ROUTER_URL", None)
    return subprocess.run(
        [*program, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


SCRAPY = [sys.executable, "-m", "scrapy"]
NEWSCRAWL = [sys.executable, "-m", "newscrawl.cli"]


def test_parse_prints_the_item_and_leaves_status_clean(
    mongo_server: MongoServer,
    fixture_server: FixtureHTTPServer,
    database_name: str,
    tmp_path: Path,
) -> None:
    run = {"home": tmp_path, "mongo": mongo_server, "database": database_name}
    router = f"HOST_ROUTER_URL={fixture_server.url}"
    result = command(SCRAPY, "parse", EN_ARTICLE, "-s", router, **run)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Unable to find spider" not in result.stderr
    assert "More than one spider" not in result.stderr
    assert f"'title': '{EN_TITLE[:40]}" in result.stdout.replace("\n", " ")
    assert "'spider': 'orda_en'" in result.stdout
    # A host no site spider claims is read by generic, with its registry outlet.
    result = command(SCRAPY, "parse", KURSIV_ARTICLE, "-s", router, **run)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "'spider': 'generic'" in result.stdout
    assert "'outlet_id': 'kursiv'" in result.stdout

    client = mongo_server.client()
    try:
        db = client[database_name]
        assert db[CRAWL_RUNS].count_documents({}) == 0
        assert db[ARTICLES].count_documents({}) == 0
    finally:
        client.drop_database(database_name)
        client.close()
    status = command(
        NEWSCRAWL, "status", "--uri", mongo_server.uri, "--database", database_name, **run
    )
    assert status.returncode == 0, status.stdout + status.stderr


def test_parse_of_a_missing_page_exits_non_zero(
    mongo_server: MongoServer,
    fixture_server: FixtureHTTPServer,
    database_name: str,
    tmp_path: Path,
) -> None:
    missing = "https://en.orda.kz/no-such-article-1/"
    result = command(
        SCRAPY,
        "parse",
        missing,
        "-s",
        f"HOST_ROUTER_URL={fixture_server.url}",
        home=tmp_path,
        mongo=mongo_server,
        database=database_name,
    )
    assert result.returncode == 1


def test_check_runs_every_spiders_contracts(
    mongo_server: MongoServer,
    fixture_server: FixtureHTTPServer,
    database_name: str,
    tmp_path: Path,
) -> None:
    run = {"home": tmp_path, "mongo": mongo_server, "database": database_name}
    listed = command(SCRAPY, "check", "--list", **run)
    spiders = [line for line in listed.stdout.splitlines() if not line.startswith(" ")]
    assert sorted(spiders) == sorted(command(SCRAPY, "list", **run).stdout.split()), (
        "every spider carries contracts"
    )

    result = command(SCRAPY, "check", "-s", f"HOST_ROUTER_URL={fixture_server.url}", **run)
    assert result.returncode == 0, result.stderr[-3000:]
    assert f"Ran {3 * len(spiders)} contracts" in result.stderr

    # The same contracts fail on a site whose article page is gone.
    empty = start_in_thread(tmp_path / "empty-sites")
    try:
        broken = command(SCRAPY, "check", "orda_en", "-s", f"HOST_ROUTER_URL={empty.url}", **run)
    finally:
        empty.shutdown()
        empty.server_close()
    assert broken.returncode == 1
    assert "FAILED" in broken.stderr


def test_filled_contract_names_the_empty_field() -> None:
    """A page whose article text vanished (a redesign) fails @filled, naming the field."""
    spider = OrdaEnSpider()
    contract = FilledContract(spider.parse, *REQUIRED_FIELDS)
    whole = Article(url=EN_ARTICLE, site="en.orda.kz", spider="orda_en", title="T", body="B")
    contract.post_process([whole])
    with pytest.raises(ContractFail, match=r"-9698/: empty body$"):
        contract.post_process([whole, replace(whole, body="")])
    with pytest.raises(ContractFail, match="empty title, body"):
        contract.post_process([replace(whole, title="", body="")])
