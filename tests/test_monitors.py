"""Monitors: pure checks over stats, and a crawl of a fixture site made broken."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from newscrawl.commands.crawlall import CrawlResult
from newscrawl.extensions.crawl_runs import CRAWL_RUNS
from newscrawl.fixtures.server import FixtureHTTPServer, start_in_thread
from newscrawl.monitoring.monitors import Thresholds, run_monitors
from newscrawl.monitoring.status import format_run
from tests.conftest import SITES, MongoServer, run_crawl

GOOD = {
    "newscrawl/mongo/inserted": 16,
    "downloader/request_count": 30,
    "response_received_count": 30,
    "newscrawl/coverage/en.orda.kz/title": 1.0,
    "newscrawl/coverage/en.orda.kz/body": 1.0,
    "newscrawl/coverage/en.orda.kz/published_at": 1.0,
    "newscrawl/coverage/en.orda.kz/language": 1.0,
    "newscrawl/coverage/en.orda.kz/authors": 0.1,  # no threshold: never a failure
}


def failed(stats: dict[str, object], previous: dict[str, object] | None = None) -> list[str]:
    return [r.name for r in run_monitors(stats, Thresholds(), previous) if not r.passed]


def test_a_healthy_run_passes() -> None:
    assert failed(GOOD, previous=GOOD) == []


def test_nothing_stored_fails() -> None:
    assert failed({**GOOD, "newscrawl/mongo/inserted": 0}) == ["articles stored"]


def test_unchanged_articles_count_as_stored() -> None:
    stats = {**GOOD, "newscrawl/mongo/inserted": 0, "newscrawl/mongo/touched": 16}
    assert failed(stats) == []


def test_spooled_items_are_not_stored() -> None:
    # Items waiting in the spool (or merely scraped) are not acknowledged writes.
    stats = {**GOOD, "newscrawl/mongo/inserted": 0, "newscrawl/mongo/spooled": 16}
    assert failed(stats) == ["articles stored"]


def test_one_stored_number_for_monitor_status_and_crawlall() -> None:
    stats = {
        "newscrawl/mongo/inserted": 3,
        "newscrawl/mongo/changed": 2,
        "newscrawl/mongo/touched": 7,
        "newscrawl/mongo/spooled": 4,
        "item_scraped_count": 16,
    }
    # 3 inserted + 2 changed: what the database acknowledged as articles of this run
    monitor = next(r for r in run_monitors(stats, Thresholds()) if r.name == "articles stored")
    assert monitor.value == 5
    line = format_run({"spider": "orda_en", "status": "ok", "stats": stats})
    # the articles column: 5, not the 16 items scraped (or stored + seen + spooled)
    assert re.search(r"\s5\s", line) and not re.search(r"\s16\s", line), line
    assert CrawlResult(spider="orda_en", stats=stats).stored == 5


def test_coverage_below_threshold_fails() -> None:
    stats = {**GOOD, "newscrawl/coverage/en.orda.kz/published_at": 0.9}
    assert failed(stats) == ["coverage en.orda.kz published_at"]
    # and the threshold is configurable
    lenient = Thresholds(coverage={"published_at": 0.8})
    assert [r for r in run_monitors(stats, lenient) if not r.passed] == []


def test_error_and_http_failure_ratios() -> None:
    stats = {**GOOD, "log_count/ERROR": 3, "downloader/response_status_count/503": 10}
    assert failed(stats) == ["error ratio", "HTTP failure ratio"]


def test_drop_against_previous_run() -> None:
    assert failed({**GOOD, "newscrawl/mongo/inserted": 5}, previous=GOOD) == [
        "drop against previous run"
    ]
    # a small previous run is too noisy to compare with
    small = {**GOOD, "newscrawl/mongo/inserted": 4}
    assert failed({**GOOD, "newscrawl/mongo/inserted": 1}, previous=small) == []


# --------------------------------------------------------------------- a broken site


@pytest.fixture
def broken_site(tmp_path: Path) -> Iterator[FixtureHTTPServer]:
    """en.orda.kz after a redesign that dropped every machine-readable date."""
    root = tmp_path / "sites"
    shutil.copytree(SITES / "en.orda.kz", root / "en.orda.kz")
    for page in (root / "en.orda.kz").rglob("index.html"):
        html = page.read_text(encoding="utf-8")
        html = re.sub(r'<meta property="article:(published|modified)_time"[^>]*>', "", html)
        html = re.sub(r'"date(Published|Modified)":"[^"]*",?', "", html)
        page.write_text(html, encoding="utf-8")
    for listing in [
        *(root / "en.orda.kz" / "sitemap").glob("*.xml"),
        root / "en.orda.kz" / "feed" / "index.xml",
    ]:
        xml = listing.read_text(encoding="utf-8")
        xml = re.sub(r"<lastmod>[^<]*</lastmod>|<pubDate>[^<]*</pubDate>", "", xml)
        listing.write_text(xml, encoding="utf-8")
    server = start_in_thread(root)
    yield server
    server.shutdown()
    server.server_close()


def test_broken_site_fails_the_crawl(
    broken_site: FixtureHTTPServer,
    mongo_server: MongoServer,
    database_name: str,
    tmp_path: Path,
) -> None:
    alert = tmp_path / "alert.json"
    result = run_crawl(
        "orda_en",
        mongo_uri=mongo_server.uri,
        database=database_name,
        router_url=broken_site.url,
        home=tmp_path,
        settings={"MONITOR_COMMAND": f"cat > {alert}"},
    )
    # the articles are still stored (the cascade degrades), but the run says it is unwell
    assert result.returncode == 1
    assert result.stats["newscrawl/mongo/inserted"] == 16
    assert result.stats["newscrawl/coverage/en.orda.kz/published_at"] == 0.0
    assert "FAILED  0% of articles (minimum 95%)" in result.stderr
    sent = json.loads(alert.read_text())
    assert [m["name"] for m in sent["failed"]] == ["coverage en.orda.kz published_at"]
    with mongo_server.client() as client:
        run = client[database_name][CRAWL_RUNS].find_one({"spider": "orda_en"})
        client.drop_database(database_name)
    assert run is not None and run["status"] == "failed"
    assert any(not m["passed"] for m in run["monitors"])


@pytest.fixture
def shrunken_site(tmp_path: Path) -> Iterator[FixtureHTTPServer]:
    """en.orda.kz whose sitemaps and feed suddenly list only three articles."""
    root = tmp_path / "shrunk"
    shutil.copytree(SITES / "en.orda.kz", root / "en.orda.kz")
    site = root / "en.orda.kz"
    (site / "sitemap" / "sitemap_news2.xml").unlink()
    sitemap = site / "sitemap" / "sitemap_news1.xml"
    xml = sitemap.read_text(encoding="utf-8")
    entries = re.findall(r"<url>.*?</url>", xml, flags=re.S)
    xml = xml.replace("".join(entries), "".join(entries[:3])) if entries else xml
    for entry in entries[3:]:
        xml = xml.replace(entry, "")
    sitemap.write_text(xml, encoding="utf-8")
    (site / "feed" / "index.xml").unlink()
    server = start_in_thread(root)
    yield server
    server.shutdown()
    server.server_close()


def test_sitemap_losing_most_articles_is_a_drop(
    fixture_server: FixtureHTTPServer,
    shrunken_site: FixtureHTTPServer,
    mongo_server: MongoServer,
    database_name: str,
    tmp_path: Path,
) -> None:
    runs = []
    for server in (fixture_server, shrunken_site):
        runs.append(
            run_crawl(
                "orda_en",
                mongo_uri=mongo_server.uri,
                database=database_name,
                router_url=server.url,
                home=tmp_path,
            )
        )
    with mongo_server.client() as client:
        client.drop_database(database_name)
    assert runs[0].returncode == 0, runs[0].stderr[-3000:]
    assert runs[1].returncode == 1
    assert "drop against previous run  FAILED" in runs[1].stderr


def test_status_lists_runs_and_their_health(
    fixture_server: FixtureHTTPServer,
    mongo_server: MongoServer,
    database_name: str,
    tmp_path: Path,
) -> None:
    import subprocess
    import sys

    from tests.conftest import ROOT

    result = run_crawl(
        "orda_en",
        mongo_uri=mongo_server.uri,
        database=database_name,
        router_url=fixture_server.url,
        home=tmp_path,
    )
    assert result.returncode == 0
    status = subprocess.run(
        [sys.executable, "-m", "newscrawl.cli", "status", "--uri", mongo_server.uri,
         "--database", database_name],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip

    def status_of(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "newscrawl.cli", "status", "--uri", mongo_server.uri,
             "--database", database_name, *args],
            cwd=ROOT, capture_output=True, text=True, check=False,
        )  # fmt: skip

    nosuch = status_of("--spider", "nosuch")
    never_ran = status_of("--spider", "tengrinews_kk")
    with mongo_server.client() as client:
        client.drop_database(database_name)
    assert status.returncode == 0, status.stderr
    header, line = status.stdout.splitlines()[:2]
    assert "orda_en" in line
    # one header per column, each value under its header
    names = ["started (UTC)", "spider", "status", "time", "articles", "finish reason"]
    assert [name in header for name in names] == [True] * len(names)
    assert line[header.index("spider") :].startswith("orda_en")
    assert line[header.index("status") :].startswith("ok ")
    assert line[header.index("finish reason") :].startswith("finished")
    end_of_articles = header.index("articles") + len("articles")
    assert line[:end_of_articles].rstrip().endswith(" 16")
    assert nosuch.returncode == 2
    assert "no spider named 'nosuch'" in nosuch.stderr
    assert never_ran.returncode == 1
    assert "no crawl runs of tengrinews_kk" in never_ran.stderr
