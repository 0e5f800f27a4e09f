"""No data lost: transient errors, a server killed mid-crawl, an outage longer than retries.

All against real SecantusDB processes: fail points (``configureFailPoint`` / ``failCommand``,
server started with ``--enable-test-commands``), SIGKILL and restart on the same data.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from newscrawl.fixtures.server import FixtureHTTPServer
from newscrawl.items import Article
from newscrawl.normalize.content import content_hash
from newscrawl.store.schema import ARTICLES, REVISIONS, ensure_articles_collection
from newscrawl.store.writer import ArticleWriter, WriteFailedError
from tests.conftest import ROOT, MongoServer, load_expected, run_crawl, start_secantus

ORDA_EN = {case["url"] for case in load_expected("en.orda.kz")}
ORDA_RU = {case["url"] for case in load_expected("orda.kz")}


@pytest.fixture
def server(tmp_path: Path) -> Iterator[MongoServer]:
    """A server of this test's own, with fail points enabled."""
    started = start_secantus(tmp_path / "db", "--enable-test-commands")
    yield started
    stop(started)


def stop(server: MongoServer, sig: int = signal.SIGTERM) -> None:
    if server.process.poll() is None:
        server.process.send_signal(sig)
        try:
            server.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait()


def restart(server: MongoServer) -> MongoServer:
    """Start again on the same port and data directory (what an operator would do)."""
    port = int(server.uri.rstrip("/").rsplit(":", 1)[1])
    return start_secantus(server.data_dir, "--enable-test-commands", port=port)


def article(n: int, body: str = "Text of the article.") -> Article:
    item = Article(
        url=f"https://en.orda.kz/story-number-{n}-3114/",
        site="en.orda.kz",
        spider="test",
        title=f"Story {n}",
        body=body,
        published_at=datetime(2025, 1, 1, tzinfo=UTC),
        fetched_at=datetime.now(UTC),
    )
    item.content_hash = content_hash(item.title, item.body)
    return item


def fail_point(server: MongoServer, mode: Any, data: dict[str, Any] | None = None) -> None:
    with server.client() as client:
        client.admin.command("configureFailPoint", "failCommand", mode=mode, data=data or {})


def test_transient_write_errors_are_retried(server: MongoServer) -> None:
    with server.client() as client:
        db = client["outage"]
        ensure_articles_collection(db)
        # 89 NetworkTimeout, labelled retryable: pymongo retries once by itself, then ours.
        data = {
            "failCommands": ["insert", "update"],
            "errorCode": 89,
            "errorLabels": ["RetryableWriteError"],
        }
        # Without retries of our own the fail point wins: it is really failing writes.
        fail_point(server, {"times": 4}, data)
        with pytest.raises(WriteFailedError):
            ArticleWriter(db, retries=0, sleep=lambda _: None).write([article(0)])
        fail_point(server, "off")
        # With them the same failures are absorbed.
        fail_point(server, {"times": 4}, data)
        report = ArticleWriter(db, retries=5, sleep=lambda _: None).write(
            [article(n) for n in range(10)]
        )
        fail_point(server, "off")
        assert report.inserted == 10
        assert db[ARTICLES].count_documents({}) == 10


def test_primary_step_down_is_survived(server: MongoServer) -> None:
    with server.client() as client:
        db = client["outage"]
        ensure_articles_collection(db)
        # 189 PrimarySteppedDown: the driver forgets the server and must find it again.
        fail_point(server, {"times": 1}, {"failCommands": ["insert", "update"], "errorCode": 189})
        report = ArticleWriter(db, retries=5, sleep=lambda _: None).write([article(1)])
        fail_point(server, "off")
        assert report.inserted == 1


def test_dropped_connections_are_retried(server: MongoServer) -> None:
    with server.client() as client:
        db = client["outage"]
        ensure_articles_collection(db)
        fail_point(
            server, {"times": 3}, {"failCommands": ["insert", "update"], "closeConnection": True}
        )
        report = ArticleWriter(db, retries=5, sleep=lambda _: None).write(
            [article(n) for n in range(5)]
        )
        fail_point(server, "off")
        assert report.inserted == 5
        assert db[ARTICLES].count_documents({}) == 5


def test_crawl_through_fail_points_stores_everything(
    server: MongoServer, fixture_server: FixtureHTTPServer, tmp_path: Path
) -> None:
    fail_point(
        server, {"times": 6}, {"failCommands": ["insert", "update"], "closeConnection": True}
    )
    result = run_crawl(
        "orda_en",
        mongo_uri=server.uri,
        database="outage",
        router_url=fixture_server.url,
        home=tmp_path,
        settings={"MONGO_BATCH_SIZE": "3", "MONGO_RETRY_BACKOFF": "0.1"},
    )
    fail_point(server, "off")
    assert result.returncode == 0, result.stderr[-3000:]
    with server.client() as client:
        urls = [d["url"] for d in client["outage"][ARTICLES].find({}, {"url": 1})]
    assert sorted(urls) == sorted(ORDA_EN)


def wait_for_count(server: MongoServer, database: str, minimum: int, timeout: float) -> int:
    deadline = time.monotonic() + timeout
    count = 0
    while time.monotonic() < deadline:
        try:
            with server.client() as client:
                count = client[database][ARTICLES].count_documents({})
        except Exception:  # the collection may not exist yet
            count = 0
        if count >= minimum:
            return count
        time.sleep(0.1)
    return count


def start_crawl(
    spider: str,
    server: MongoServer,
    router: str,
    home: Path,
    mode: str | None = None,
    **settings: str,
) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "scrapy", "crawl", spider]
    if mode is not None:
        command += ["-a", f"mode={mode}"]
    for key, value in {
        "MONGO_URI": server.uri,
        "MONGO_DATABASE": "outage",
        "HOST_ROUTER_URL": router,
        "MONGO_BATCH_SIZE": "2",
        "MONGO_FLUSH_INTERVAL": "0.2",
        # slow enough that the database can die in the middle
        "DOWNLOAD_DELAY": "0.15",
        "CONCURRENT_REQUESTS": "1",
        **settings,
    }.items():
        command += ["-s", f"{key}={value}"]
    env = {**os.environ, "NEWSCRAWL_HOME": str(home)}
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def test_server_killed_mid_crawl_and_restarted(
    server: MongoServer, fixture_server: FixtureHTTPServer, tmp_path: Path
) -> None:
    crawl = start_crawl("orda_ru", server, fixture_server.url, tmp_path, mode="backfill")
    assert wait_for_count(server, "outage", 6, timeout=60) >= 6
    stop(server, signal.SIGKILL)
    time.sleep(2)
    revived = restart(server)
    try:
        _, stderr = crawl.communicate(timeout=300)
        assert crawl.returncode == 0, stderr[-3000:]
        with revived.client() as client:
            urls = [d["url"] for d in client["outage"][ARTICLES].find({}, {"url": 1})]
        assert len(urls) == len(set(urls))
        assert set(urls) == ORDA_RU
    finally:
        stop(revived)


def test_outage_longer_than_retries_spools_and_replays(
    server: MongoServer, fixture_server: FixtureHTTPServer, tmp_path: Path
) -> None:
    crawl = start_crawl(
        "orda_ru",
        server,
        fixture_server.url,
        tmp_path,
        MONGO_WRITE_RETRIES="1",
        MONGO_RETRY_BACKOFF="0.1",
        MONGO_CONNECT_TIMEOUT="1",
        mode="backfill",
    )
    assert wait_for_count(server, "outage", 4, timeout=60) >= 4
    stop(server, signal.SIGKILL)
    _, stderr = crawl.communicate(timeout=300)
    # the crawl went on, spooled, and says so with its exit code
    assert crawl.returncode != 0
    assert "spooled" in stderr
    revived = restart(server)
    try:
        replay = subprocess.run(
            [
                sys.executable, "-m", "newscrawl.cli", "spool", "replay",
                "--uri", revived.uri, "--database", "outage",
            ],
            cwd=ROOT,
            env={**os.environ, "NEWSCRAWL_HOME": str(tmp_path)},
            capture_output=True,
            text=True,
            check=False,
        )  # fmt: skip
        assert replay.returncode == 0, replay.stderr
        with revived.client() as client:
            urls = [d["url"] for d in client["outage"][ARTICLES].find({}, {"url": 1})]
        assert len(urls) == len(set(urls))
        assert set(urls) == ORDA_RU
        assert not list((tmp_path / "spool").glob("*.jsonl"))
    finally:
        stop(revived)


def test_concurrent_writers_never_make_two_documents(server: MongoServer) -> None:
    with server.client() as client:
        ensure_articles_collection(client["outage"])
    errors: list[BaseException] = []

    def writer(tag: str) -> None:
        try:
            with server.client() as client:
                w = ArticleWriter(client["outage"], batch_size=20)
                for round_ in range(5):
                    # the same 20 URLs, with text that differs per writer and round
                    report = w.write([article(n, body=f"{tag} round {round_}") for n in range(20)])
                    # what still lost its races goes round again, as the pipeline's spool
                    # replay would send it
                    while report.conflicts:
                        report = w.write(list(report.conflicts))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(f"w{i}",)) for i in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    with server.client() as client:
        articles = client["outage"][ARTICLES]
        revisions = client["outage"][REVISIONS]
        assert articles.count_documents({}) == 20
        for doc in articles.find():
            # every version before the current one was kept
            kept = revisions.count_documents({"url": doc["url"]})
            assert doc["version"] == kept + 1
            assert doc["crawl_count"] == 15


def test_two_crawl_processes_at_once(
    server: MongoServer, fixture_server: FixtureHTTPServer, tmp_path: Path
) -> None:
    crawls = [
        start_crawl(
            "orda_en", server, fixture_server.url, tmp_path / f"home{i}", DOWNLOAD_DELAY="0"
        )
        for i in range(2)
    ]
    for crawl in crawls:
        _, stderr = crawl.communicate(timeout=300)
        assert crawl.returncode == 0, stderr[-3000:]
    with server.client() as client:
        urls = [d["url"] for d in client["outage"][ARTICLES].find({}, {"url": 1})]
    assert sorted(urls) == sorted(ORDA_EN)
