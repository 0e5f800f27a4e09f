"""Two crawler processes share one Redis frontier: every article fetched once, stored once,
discovery done by one process for the run.

Real everything: Debian's ``redis-server`` on a free loopback port (installed by the test set-up
when missing and running as root), SecantusDB, a fixture server of this test's own whose hit
counts show what was fetched, and two ``scrapy crawl orda_ru -a mode=backfill`` processes
started at the same time with the same ``REDIS_URL``.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import redis
from scrapy.settings import Settings

from newscrawl import settings as project_settings
from newscrawl.distributed import DiscoveryClaim, DistributedAddon, discovery_key, frontier_keys
from newscrawl.fixtures.server import FixtureHTTPServer, start_in_thread
from newscrawl.store.embedded import free_port
from newscrawl.store.schema import ARTICLES
from tests.conftest import ROOT, SITES, MongoServer, load_expected

pytestmark = pytest.mark.crawl

SITE = "orda.kz"
SPIDER = "orda_ru"
EXPECTED_URLS = sorted(case["url"] for case in load_expected(SITE))
#: Paths fetched while discovering (robots.txt, feed, sitemaps, listings).
DISCOVERY_PREFIXES = tuple(
    f"/{SITE}/{part}" for part in ("robots.txt", "feed/", "sitemap/", "last-news/")
)
#: Read by every process's robots.txt middleware, discovering or not: it governs its requests.
ROBOTS = f"/{SITE}/robots.txt"
CRAWLERS = 2
#: Slow and one request at a time, so that neither process can drain the shared queue before
#: the other has finished discovering: both get a share of the articles.
SHARING = {"DOWNLOAD_DELAY": "0.3", "CONCURRENT_REQUESTS": "1"}


def redis_server_binary() -> str:
    """``redis-server``, installed from Debian's packages when missing and we are root."""
    found = shutil.which("redis-server")
    if found:
        return found
    if os.geteuid() != 0:
        pytest.skip(
            "redis-server is not installed and installing it needs root: "
            "apt-get install redis-server"
        )
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (
        ["apt-get", "update"],
        ["apt-get", "install", "-y", "--no-install-recommends", "redis-server"],
    ):
        result = subprocess.run(
            command, env=env, capture_output=True, text=True, timeout=900, check=False
        )
        if result.returncode != 0:
            pytest.fail(f"{' '.join(command)} failed:\n{result.stdout[-2000:]}{result.stderr}")
    found = shutil.which("redis-server")
    if not found:
        pytest.fail("redis-server is still missing after apt-get install redis-server")
    return found


@dataclass
class RedisServer:
    """A redis-server process of this test's own."""

    url: str
    process: subprocess.Popen[bytes]

    def stop(self) -> None:
        """Terminate it (and wait), if still running."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    """A redis-server on a free loopback port, nothing written to disk."""
    binary = redis_server_binary()
    port = free_port()
    with (tmp_path / "redis.log").open("wb") as log:
        process = subprocess.Popen(
            [
                binary,
                "--port",
                str(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            cwd=tmp_path,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    server = RedisServer(f"redis://127.0.0.1:{port}/0", process)
    try:
        with redis.Redis.from_url(server.url, socket_connect_timeout=1) as client:
            deadline = time.monotonic() + 30
            while True:
                if process.poll() is not None:
                    pytest.fail(f"redis-server exited with {process.returncode}")
                try:
                    client.ping()
                    break
                except redis.exceptions.ConnectionError:
                    if time.monotonic() > deadline:
                        pytest.fail("redis-server did not answer within 30 s")
                    time.sleep(0.1)
        yield server
    finally:
        server.stop()


@pytest.fixture
def redis_url(redis_server: RedisServer) -> str:
    """The URL of this test's redis-server."""
    return redis_server.url


class HitLog(dict[str, int]):
    """The fixture server's ``hits``, also remembering every single request.

    The server counts with ``hits[path] = hits.get(path, 0) + 1`` from several threads: two
    simultaneous requests for one page (exactly what this test looks for) could be counted
    once. Each assignment is one request, and ``list.append`` is atomic.
    """

    def __init__(self) -> None:
        super().__init__()
        self.requests: list[str] = []

    def __setitem__(self, key: str, value: int) -> None:
        self.requests.append(key)
        super().__setitem__(key, value)


@pytest.fixture
def site_server() -> Iterator[FixtureHTTPServer]:
    """A fixture server for this test alone, so its counts are this test's requests."""
    server = start_in_thread(SITES)
    server.hits = HitLog()
    yield server
    server.shutdown()
    server.server_close()


@dataclass
class Crawler:
    """One ``scrapy crawl`` process and where it writes its log and stats."""

    process: subprocess.Popen[bytes]
    log: Path
    stats_file: Path

    def stats(self) -> dict[str, Any]:
        """The final stats (empty if the process wrote none)."""
        if not self.stats_file.exists():
            return {}
        data: dict[str, Any] = json.loads(self.stats_file.read_text())
        return data

    def log_tail(self) -> str:
        """The end of the log, for assertion messages."""
        return self.log.read_text(errors="replace")[-4000:]


def start_crawler(
    name: str,
    *,
    mongo_uri: str,
    database: str,
    router: str,
    redis_url: str,
    home: Path,
    settings: dict[str, str] | None = None,
) -> Crawler:
    """Start ``scrapy crawl orda_ru -a mode=backfill`` against the shared frontier."""
    log = home / f"crawler-{name}.log"
    stats_file = home / f"stats-{name}.json"
    command = [sys.executable, "-m", "scrapy", "crawl", SPIDER, "-a", "mode=backfill"]
    for key, value in {
        "REDIS_URL": redis_url,
        "MONGO_URI": mongo_uri,
        "MONGO_DATABASE": database,
        "HOST_ROUTER_URL": router,
        "NEWSCRAWL_STATS_FILE": str(stats_file),
        "LOG_LEVEL": "INFO",
        **(settings or {}),
    }.items():
        command += ["-s", f"{key}={value}"]
    env = {**os.environ, "NEWSCRAWL_HOME": str(home / f"home-{name}")}
    for variable in ("MONGO_URI", "HOST_ROUTER_URL", "REDIS_URL", "NEWSCRAWL_RUN_ID"):
        env.pop(variable, None)
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    return Crawler(process, log, stats_file)


def wait_all(crawlers: list[Crawler], timeout: float) -> None:
    """Wait for every process; kill the rest if the deadline passes."""
    deadline = time.monotonic() + timeout
    try:
        for crawler in crawlers:
            crawler.process.wait(timeout=max(deadline - time.monotonic(), 1))
    finally:
        for crawler in crawlers:
            if crawler.process.poll() is None:
                crawler.process.kill()
                crawler.process.wait()


def article_path(url: str) -> str:
    """Where the fixture server sees a request for an article URL."""
    return f"/{SITE}{urlsplit(url).path}"


def test_addon_is_enabled_and_inert_without_redis() -> None:
    addons: dict[str, Any] = project_settings.ADDONS
    assert "newscrawl.distributed.DistributedAddon" in addons, (
        "add 'newscrawl.distributed.DistributedAddon' to ADDONS in newscrawl/settings.py"
    )
    settings = Settings()
    saved = os.environ.pop("REDIS_URL", None)
    try:
        DistributedAddon().update_settings(settings)
    finally:
        if saved is not None:
            os.environ["REDIS_URL"] = saved
    assert settings.get("SCHEDULER") == "scrapy.core.scheduler.Scheduler"
    assert not settings.get("SCHEDULER_QUEUE_KEY")

    settings = Settings({"REDIS_URL": "redis://127.0.0.1:1/0", "NEWSCRAWL_RUN_ID": "r1"})
    DistributedAddon().update_settings(settings)
    assert settings.get("SCHEDULER") == "newscrawl.distributed.RedisScheduler"
    assert settings.getbool("SCHEDULER_PERSIST")
    assert settings.get("SCHEDULER_QUEUE_KEY") == frontier_keys("r1")[0]
    assert frontier_keys("r1") == (
        "newscrawl:%(spider)s:r1:requests",
        "newscrawl:%(spider)s:r1:dupefilter",
    )


def test_two_processes_share_one_frontier(
    mongo_server: MongoServer,
    site_server: FixtureHTTPServer,
    redis_url: str,
    database_name: str,
    tmp_path: Path,
) -> None:
    crawlers = [
        start_crawler(
            str(number),
            mongo_uri=mongo_server.uri,
            database=database_name,
            router=site_server.url,
            redis_url=redis_url,
            home=tmp_path,
            settings=SHARING,
        )
        for number in range(CRAWLERS)
    ]
    wait_all(crawlers, timeout=300)
    for number, crawler in enumerate(crawlers):
        assert crawler.process.returncode == 0, f"crawler {number}:\n{crawler.log_tail()}"

    client = mongo_server.client()
    try:
        urls = [d["url"] for d in client[database_name][ARTICLES].find({"site": SITE}, {"url": 1})]
    finally:
        client.drop_database(database_name)
        client.close()
    duplicates = sorted(url for url, n in Counter(urls).items() if n > 1)
    assert not duplicates, duplicates
    assert sorted(urls) == EXPECTED_URLS, (
        sorted(set(EXPECTED_URLS) - set(urls)),
        sorted(set(urls) - set(EXPECTED_URLS)),
    )

    # Every page requested as an article (the not-article URLs of the sitemaps too) was
    # fetched by exactly one of the two processes, and so was every discovery page: one
    # process discovered for both.
    assert isinstance(site_server.hits, HitLog)
    requests = Counter(site_server.hits.requests)
    articles = {path: n for path, n in requests.items() if not path.startswith(DISCOVERY_PREFIXES)}
    fetched_twice = sorted(path for path, n in articles.items() if n != 1)
    assert not fetched_twice, fetched_twice
    missing = sorted(set(map(article_path, EXPECTED_URLS)) - set(articles))
    assert not missing, missing
    discovery = {p: n for p, n in requests.items() if p.startswith(DISCOVERY_PREFIXES)}
    discovery.pop(ROBOTS, None)
    assert f"/{SITE}/feed/" in discovery and f"/{SITE}/last-news/page/2/" in discovery, discovery
    assert set(discovery.values()) == {1}, discovery

    stats = [crawler.stats() for crawler in crawlers]
    discovered = [s.get("newscrawl/discovery/urls") for s in stats]
    assert sum(n is not None for n in discovered) == 1, discovered
    # Only the discovering process yielded requests, each URL once: nothing for the shared
    # filter to drop.
    assert sum(s.get("scheduler/enqueued/redis", 0) for s in stats) == len(articles)
    assert sum(s.get("dupefilter/filtered", 0) for s in stats) == 0
    # Both took work from the shared queue: the one that did not discover waited for the
    # other's discovery instead of closing on the empty queue (the delays above leave the
    # discovering process no time to drain the queue alone).
    dequeued = [s.get("scheduler/dequeued/redis", 0) for s in stats]
    assert all(n > 0 for n in dequeued), dequeued
    assert sum(dequeued) == len(articles)
    print(f"\narticle pages fetched per process: {dequeued}")

    # The frontier stays in Redis (SCHEDULER_PERSIST) with an expiry, and is drained; the
    # run's discovery ended with it, so the next process to start discovers again.
    queue_key, filter_key = (key % {"spider": SPIDER} for key in frontier_keys())
    with redis.Redis.from_url(redis_url) as server:
        assert server.llen(queue_key) == 0
        assert server.scard(filter_key) == len(articles)
        assert server.ttl(filter_key) > 0
        assert not server.exists(discovery_key(queue_key))


def test_a_process_takes_over_when_the_discovering_one_dies(
    mongo_server: MongoServer,
    site_server: FixtureHTTPServer,
    redis_url: str,
    database_name: str,
    tmp_path: Path,
) -> None:
    """The claim expires when its process dies mid-discovery; a waiting process discovers."""

    def start(name: str, **settings: str) -> Crawler:
        return start_crawler(
            name,
            mongo_uri=mongo_server.uri,
            database=database_name,
            router=site_server.url,
            redis_url=redis_url,
            home=tmp_path,
            settings={"NEWSCRAWL_DISCOVERY_CLAIM_TTL": "2", **settings},
        )

    assert isinstance(site_server.hits, HitLog)
    requests = site_server.hits.requests
    feed = f"/{SITE}/feed/"
    # Slow discovery (about ten pages one second apart), so it is under way when killed.
    doomed = start("doomed", DOWNLOAD_DELAY="1", CONCURRENT_REQUESTS="1")
    heir: Crawler | None = None
    try:
        deadline = time.monotonic() + 120
        while feed not in list(requests):
            assert doomed.process.poll() is None, doomed.log_tail()
            assert time.monotonic() < deadline, "the first process fetched no feed in 120 s"
            time.sleep(0.1)
        heir = start("heir")
        time.sleep(1.5)  # the heir is waiting for the claim by now
        fetched = list(requests)
        doomed.process.send_signal(signal.SIGKILL)
        doomed.process.wait()
        articles = [path for path in fetched if not path.startswith(DISCOVERY_PREFIXES)]
        assert not articles, f"discovery was over before the kill: {articles}"
        assert fetched.count(feed) == 1
        wait_all([heir], timeout=300)
    finally:
        wait_all([doomed] + ([heir] if heir else []), timeout=1)
        client = mongo_server.client()
        try:
            urls = sorted(
                d["url"] for d in client[database_name][ARTICLES].find({"site": SITE}, {"url": 1})
            )
        finally:
            client.drop_database(database_name)
            client.close()
    assert heir.process.returncode == 0, heir.log_tail()
    log = heir.log.read_text(errors="replace")
    assert "Discovery claim expired; this process discovers instead" in log, log[-4000:]
    assert urls == EXPECTED_URLS
    assert heir.stats().get("newscrawl/discovery/urls")
    assert requests.count(feed) == 2


def test_discovery_claim_states(redis_url: str) -> None:
    """Taken while held, free again when released or expired, done until the queue drains."""
    key, queue_key = "newscrawl:test:discovery", "newscrawl:test:requests"
    with redis.Redis.from_url(redis_url) as server:
        first = DiscoveryClaim(server, key, ttl_s=0.3)
        second = DiscoveryClaim(server, key, ttl_s=0.3)
        assert first.try_claim() == "claimed"
        assert second.try_claim() == "taken"
        first.release()
        assert second.try_claim() == "claimed"
        first.release()  # no longer its claim: must not free the new holder's
        assert first.try_claim() == "taken"
        time.sleep(0.5)  # not renewed (no reactor runs here): it expires
        assert first.try_claim() == "claimed"
        first.finish()
        assert second.try_claim() == "done"
        server.rpush(queue_key, b"request")
        first.forget_if_drained(queue_key)
        assert first.try_claim() == "done"
        server.delete(queue_key)
        first.forget_if_drained(queue_key)
        assert first.try_claim() == "claimed"
        server.delete(key)


def test_a_run_with_its_own_id_starts_with_an_empty_filter(
    mongo_server: MongoServer,
    site_server: FixtureHTTPServer,
    redis_url: str,
    database_name: str,
    tmp_path: Path,
) -> None:
    """The filter outlives a run (SCHEDULER_PERSIST); a run keyed by its own
    ``NEWSCRAWL_RUN_ID`` does not inherit it, so the recrawl policy decides what is fetched
    again, as without Redis."""

    def crawl(name: str, **settings: str) -> dict[str, Any]:
        crawler = start_crawler(
            name,
            mongo_uri=mongo_server.uri,
            database=database_name,
            router=site_server.url,
            redis_url=redis_url,
            home=tmp_path,
            settings=settings,
        )
        wait_all([crawler], timeout=300)
        assert crawler.process.returncode == 0, f"{name}:\n{crawler.log_tail()}"
        return crawler.stats()

    first = crawl("first")
    assert isinstance(site_server.hits, HitLog)
    before = Counter(site_server.hits.requests)
    # Every stored article inside the edit window: the policy re-fetches each (conditionally).
    second = crawl("second", NEWSCRAWL_RUN_ID="second", RECRAWL_EDIT_WINDOW_HOURS="1000000")
    client = mongo_server.client()
    try:
        stored = client[database_name][ARTICLES].count_documents({"site": SITE})
    finally:
        client.drop_database(database_name)
        client.close()
    assert stored == len(EXPECTED_URLS)
    assert second.get("newscrawl/recrawl/refetched") == len(EXPECTED_URLS)
    assert second.get("scheduler/enqueued/redis") == len(EXPECTED_URLS)
    assert second.get("dupefilter/filtered", 0) == 0
    again = Counter(site_server.hits.requests) - before
    refetched = {path: n for path, n in again.items() if not path.startswith(DISCOVERY_PREFIXES)}
    assert refetched == dict.fromkeys(map(article_path, EXPECTED_URLS), 1)

    with redis.Redis.from_url(redis_url) as server:
        first_filter = frontier_keys()[1] % {"spider": SPIDER}
        second_filter = frontier_keys("second")[1] % {"spider": SPIDER}
        assert server.scard(first_filter) == first["scheduler/enqueued/redis"]
        assert server.scard(second_filter) == len(EXPECTED_URLS)


def test_redis_lost_mid_crawl_ends_the_crawl(
    mongo_server: MongoServer,
    site_server: FixtureHTTPServer,
    redis_server: RedisServer,
    database_name: str,
    tmp_path: Path,
) -> None:
    crawler = start_crawler(
        "lost",
        mongo_uri=mongo_server.uri,
        database=database_name,
        router=site_server.url,
        redis_url=redis_server.url,
        home=tmp_path,
        settings=SHARING,
    )
    assert isinstance(site_server.hits, HitLog)
    requests = site_server.hits.requests
    try:
        deadline = time.monotonic() + 120
        while not any(not path.startswith(DISCOVERY_PREFIXES) for path in list(requests)):
            assert crawler.process.poll() is None, crawler.log_tail()
            assert time.monotonic() < deadline, "no article was fetched within 120 s"
            time.sleep(0.2)
        redis_server.stop()
        # Without its frontier the process stops, instead of retrying forever.
        wait_all([crawler], timeout=60)
    finally:
        client = mongo_server.client()
        client.drop_database(database_name)
        client.close()
    log = crawler.log.read_text(errors="replace")
    assert crawler.process.returncode == 1, log[-4000:]
    assert "Closing spider (redis_unreachable)" in log
    assert "Traceback" not in log


def test_unreachable_redis_fails_the_crawl(
    mongo_server: MongoServer, site_server: FixtureHTTPServer, database_name: str, tmp_path: Path
) -> None:
    crawler = start_crawler(
        "unreachable",
        mongo_uri=mongo_server.uri,
        database=database_name,
        router=site_server.url,
        redis_url=f"redis://:secret@127.0.0.1:{free_port()}/0",
        home=tmp_path,
    )
    wait_all([crawler], timeout=120)
    log = crawler.log.read_text(errors="replace")
    assert crawler.process.returncode == 1, log[-4000:]
    assert "is unreachable" in log
    assert "Closing spider (redis_unreachable)" in log
    assert "Traceback" not in log
    assert "secret" not in log
    articles = [path for path in site_server.hits if not path.startswith(DISCOVERY_PREFIXES)]
    assert not articles
