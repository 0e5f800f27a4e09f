"""Shared test infrastructure: a real SecantusDB server, the fixture HTTP server, crawls.

Nothing here mocks: the database is SecantusDB speaking MongoDB's wire protocol in its own
process on a free loopback port, the sites are served over HTTP from ``fixtures/sites``, and
crawls run the real ``scrapy crawl`` command in a subprocess.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pymongo
import pytest
from lxml.html import HtmlElement
from parsel import Selector

from newscrawl.fixtures.server import FixtureHTTPServer, start_in_thread
from newscrawl.store.embedded import free_port, ping

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
SITES = FIXTURES / "sites"
EXPECTED = FIXTURES / "expected"
#: Every fixture page, for the tests that check a shortcut against what it replaces.
SITE_PAGES = sorted(SITES.rglob("*.html"))


def parsel_tree(html: str) -> HtmlElement:
    """The root parsel builds for ``html`` (lxml.html's classes), as trafilatura gets it."""
    root = Selector(text=html).root
    assert isinstance(root, HtmlElement)
    return root


def site_page_text(path: Path) -> str:
    """A fixture page's text in its own charset (the Kazakh sites' cp1251 pages included)."""
    raw = path.read_bytes()
    return raw.decode("cp1251" if b"windows-1251" in raw[:2000] else "utf-8", errors="replace")


@dataclass
class MongoServer:
    """A SecantusDB process started for the test session."""

    uri: str
    process: subprocess.Popen[bytes]
    data_dir: Path

    def client(self) -> pymongo.MongoClient[dict[str, Any]]:
        """A tz-aware client; close it when done."""
        return pymongo.MongoClient(self.uri, tz_aware=True, serverSelectionTimeoutMS=5000)


def start_secantus(data_dir: Path, *extra: str, port: int | None = None) -> MongoServer:
    """Start ``python -m secantus`` (on a free port unless given) and wait until it answers."""
    port = port or free_port()
    data_dir.mkdir(parents=True, exist_ok=True)
    log = (data_dir.parent / f"secantus-{port}.log").open("wb")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "secantus",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--storage-path",
            str(data_dir),
            "--log-level",
            "WARNING",
            *extra,
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    uri = f"mongodb://127.0.0.1:{port}/"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"SecantusDB exited with {process.returncode}")
        if ping(uri, timeout_ms=500):
            return MongoServer(uri=uri, process=process, data_dir=data_dir)
        time.sleep(0.2)
    process.kill()
    raise RuntimeError("SecantusDB did not start within 60s")


@pytest.fixture(scope="session")
def mongo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MongoServer]:
    """One SecantusDB server for the whole session; tests isolate by database name."""
    server = start_secantus(tmp_path_factory.mktemp("secantus") / "data")
    yield server
    server.process.terminate()
    try:
        server.process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.process.kill()


@pytest.fixture
def database_name() -> str:
    """A fresh database name, so tests sharing the server never see each other's data."""
    return f"test_{uuid.uuid4().hex[:12]}"


@pytest.fixture(scope="session")
def fixture_server() -> Iterator[FixtureHTTPServer]:
    """The fixture sites over HTTP on a free loopback port."""
    server = start_in_thread(SITES)
    yield server
    server.shutdown()
    server.server_close()


@dataclass
class CrawlResult:
    """A finished ``scrapy crawl`` process and its stats."""

    returncode: int
    stdout: str
    stderr: str
    stats: dict[str, Any]
    seconds: float


def run_crawl(
    spider: str,
    *,
    mongo_uri: str,
    database: str,
    router_url: str | None,
    home: Path,
    args: dict[str, str] | None = None,
    settings: dict[str, str] | None = None,
    timeout: float = 300,
) -> CrawlResult:
    """Run the real ``scrapy crawl`` command in the project directory."""
    stats_file = home / f"stats-{uuid.uuid4().hex[:8]}.json"
    command = [sys.executable, "-m", "scrapy", "crawl", spider]
    for key, value in (args or {}).items():
        command += ["-a", f"{key}={value}"]
    all_settings = {
        "MONGO_URI": mongo_uri,
        "MONGO_DATABASE": database,
        "LOG_LEVEL": "INFO",
        "STATS_DUMP": "True",
        "NEWSCRAWL_STATS_FILE": str(stats_file),
        **(settings or {}),
    }
    if router_url:
        all_settings["HOST_ROUTER_URL"] = router_url
    for key, value in all_settings.items():
        command += ["-s", f"{key}={value}"]
    env = {**os.environ, "NEWSCRAWL_HOME": str(home)}
    for name in ("MONGO_URI", "HOST_ROUTER_URL", "REDIS_URL", "NEWSCRAWL_RUN_ID"):
        env.pop(name, None)
    started = time.monotonic()
    proc = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    stats: dict[str, Any] = {}
    if stats_file.exists():
        stats = json.loads(stats_file.read_text())
    return CrawlResult(proc.returncode, proc.stdout, proc.stderr, stats, time.monotonic() - started)


@contextmanager
def crawled_database(
    mongo_server: MongoServer,
    fixture_server: FixtureHTTPServer,
    home: Path,
    runs: Iterable[tuple[str, dict[str, str]]],
    *,
    prefix: str = "test",
) -> Iterator[str]:
    """A fresh database filled by crawling the fixture sites (``(spider, args)`` each, in
    order); its name while the block runs, dropped afterwards."""
    database = f"{prefix}_{uuid.uuid4().hex[:10]}"
    for spider, args in runs:
        result = run_crawl(
            spider,
            mongo_uri=mongo_server.uri,
            database=database,
            router_url=fixture_server.url,
            home=home,
            args=args,
        )
        assert result.returncode == 0, result.stderr[-3000:]
    try:
        yield database
    finally:
        client = mongo_server.client()
        client.drop_database(database)
        client.close()


@pytest.fixture(scope="session")
def orda_editions_database(
    mongo_server: MongoServer,
    fixture_server: FixtureHTTPServer,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[str]:
    """A database holding the crawl of both Orda.kz editions (orda.kz in backfill mode: one
    fixture article is reachable only from its listing pages), so translation links exist.

    Shared by the modules that only read it (queries, the documentation's examples): the
    crawls take about 20 s, once per session instead of once per module. A test that writes
    uses a database of its own.
    """
    home = tmp_path_factory.mktemp("orda-editions-crawl")
    runs: tuple[tuple[str, dict[str, str]], ...] = (
        ("orda_en", {}),
        ("orda_ru", {"mode": "backfill"}),
    )
    with crawled_database(mongo_server, fixture_server, home, runs, prefix="test_orda") as name:
        yield name


def load_expected(site: str) -> list[dict[str, Any]]:
    """The hand-written expected outputs for a fixture site (``_*.json`` excluded)."""
    folder = EXPECTED / site
    return [
        json.loads(path.read_text(encoding="utf-8"))
        for path in sorted(folder.glob("*.json"))
        if not path.name.startswith("_")
    ]


def load_site_facts(site: str) -> dict[str, Any]:
    """``fixtures/expected/<site>/_site.json``: counts and special URLs of a fixture site."""
    data: dict[str, Any] = json.loads((EXPECTED / site / "_site.json").read_text("utf-8"))
    return data
