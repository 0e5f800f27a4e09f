"""Fault injection: storage that fails twice, outages, hostile pages, killed crawls.

Everything is real: the embedded SecantusDB (or the session's) killed with SIGKILL and started
again, a loopback copy of en.orda.kz (:mod:`bench.site`) or of the fixture site with hostile
pages written into it, and a spool directory the kernel refuses to grow (a 256 KB tmpfs as
root, else ``RLIMIT_FSIZE`` in the crawl process). Each crawl's storage figures must add up:
received = acknowledged + spooled + lost + rejected, and the store holds each article once.
The scenarios are those of ``python -m bench.faults``, smaller.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import threading
from http import HTTPStatus
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from bench import faults
from newscrawl.extensions.crawl_runs import CRAWL_RUNS
from newscrawl.fixtures.server import FixtureHTTPServer, _Handler
from newscrawl.store.schema import ARTICLES
from newscrawl.store.spool import SpoolWriter
from tests.conftest import SITES, MongoServer, load_expected, run_crawl
from tests.test_spool import article as spool_article

#: Settings that keep the fault crawls short: one quick retry, a short give-up.
QUICK = {
    "MONGO_WRITE_RETRIES": "1",
    "MONGO_RETRY_BACKOFF": "0.1",
    "MONGO_CONNECT_TIMEOUT": "1",
    "STORAGE_GIVE_UP_AFTER": "3",
    "MONGO_BATCH_SIZE": "20",
    "MONGO_FLUSH_INTERVAL": "0.5",
}


def assert_accounted(stats: dict[str, Any]) -> dict[str, int]:
    figures = faults.accounting(stats)
    kept = figures["acknowledged"] + figures["spooled"] + figures["lost"] + figures["rejected"]
    assert figures["received"] == kept, figures
    return figures


# --------------------------------------------------------------------------- storage


def test_spool_full_and_database_killed_loses_nothing_unseen(tmp_path: Path) -> None:
    result = faults.spool_full(
        tmp_path, 400, 4, DOWNLOAD_DELAY="0.01", CONCURRENT_REQUESTS_PER_DOMAIN="2", **QUICK
    )
    # the crawl says it failed, and how many items it could not keep
    assert result["exit"] == 1
    assert result["finish_reason"] == "storage_failed"
    assert result["lost"] > 0
    line = result["lost_line"]
    assert line is not None and f"{result['lost']} items could not be kept" in line
    received = result["received"]
    assert received == result["acknowledged"] + result["spooled"] + result["lost"]
    # recovery: db start, spool replay, one ordinary rerun
    assert result["same_uri_after_restart"]
    assert result["replay_exit"] == 0, result["replay"]
    assert result["rerun_exit"] == 0, result["rerun_first_error"]
    assert result["distinct_articles"] == 400
    assert result["duplicates"] == 0


def test_outage_slows_storage_not_downloads(tmp_path: Path) -> None:
    result = faults.outage(
        tmp_path, 300, 2, 8, DOWNLOAD_DELAY="0.03", CONCURRENT_REQUESTS_PER_DOMAIN="1"
    )
    # downloads went on through the outage, none timed out. Writes on the reactor thread froze
    # downloads for the whole outage (8 silent seconds here); a second without a page or two is
    # what a loaded CI machine's scheduler alone can cause, so that is the margin.
    assert result["pages_during_outage"] >= 40, result
    assert result["seconds_without_a_page_during_outage"] <= 2, result
    assert result["download_timeouts"] == 0
    # the restarted server has the same URI; the crawl found it and replayed its own spool
    assert result["same_uri_after_restart"]
    assert result["exit"] == 0, result
    assert result["received"] == 300
    assert result["acknowledged"] == 300
    assert result["spooled"] == result["lost"] == 0
    assert result["distinct_articles"] == result["stored_documents"] == 300


def test_db_stop_start_keeps_the_uri(tmp_path: Path) -> None:
    home = tmp_path / "home"
    first = faults.newscrawl(home, "db", "start").stdout.strip()
    assert faults.newscrawl(home, "db", "stop").returncode == 0
    try:
        assert faults.newscrawl(home, "db", "start").stdout.strip() == first
        faults.newscrawl(home, "db", "stop")
        # the port taken by someone else meanwhile: another port, recorded for next time
        port = int(first.rstrip("/").rsplit(":", 1)[1])
        with socket.socket() as squatter:
            squatter.bind(("127.0.0.1", port))
            squatter.listen()
            other = faults.newscrawl(home, "db", "start").stdout.strip()
        assert other.startswith("mongodb://127.0.0.1:") and other != first
        faults.newscrawl(home, "db", "stop")
        assert faults.newscrawl(home, "db", "start").stdout.strip() == other
    finally:
        faults.newscrawl(home, "db", "stop")


def test_spool_replay_on_an_unwritable_disk_is_one_line(tmp_path: Path) -> None:
    spool = tmp_path / "spool"
    if os.geteuid() != 0:
        pytest.skip("needs a read-only mount (root)")
    with faults.limited_spool(spool) as fsize:
        if fsize is not None:
            pytest.skip("mount refused")
        writer = SpoolWriter(spool, "orda_en")
        writer.append([spool_article(n) for n in range(3)])
        writer.close()
        subprocess.run(["mount", "-o", "remount,ro", str(spool)], check=True)
        result = faults.newscrawl(tmp_path / "home", "spool", "replay", "--dir", str(spool))
        faults.newscrawl(tmp_path / "home", "db", "stop")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "spool" in lines[0] and "Read-only" in lines[0], lines


# --------------------------------------------------------------------------- hostile pages

ORDA_EN = sorted(case["url"] for case in load_expected("en.orda.kz"))
DEEP_JSONLD, WRONG_CHARSET, REDIRECT_LOOP, HUGE, NESTED, LONG = ORDA_EN[:6]
#: Our own Russian sentence, in a page that declares UTF-8 and is served in windows-1251.
RUSSIAN = "Этот абзац мы написали сами, чтобы проверить, как краулер читает кодировку."
LONG_PARAGRAPH = "The committee met again and published a further long report on the matter. "


def page_file(root: Path, url: str) -> Path:
    return root / "en.orda.kz" / urlsplit(url).path.strip("/") / "index.html"


def make_hostile_site(root: Path) -> None:
    shutil.copytree(SITES / "en.orda.kz", root / "en.orda.kz", symlinks=True)
    start = '<div class="post-content entry-content">'
    end = "</div><!-- .entry-content -->"

    def edit(url: str, change: Any) -> None:
        path = page_file(root, url)
        text = path.read_text("utf-8")
        assert start in text and end in text
        path.write_bytes(change(text))

    arrays = "[" * 50_000 + "]" * 50_000
    edit(
        DEEP_JSONLD,
        lambda t: t.replace(
            "</head>", f'<script type="application/ld+json">{arrays}</script></head>', 1
        ).encode(),
    )
    edit(
        WRONG_CHARSET,
        lambda t: t.replace(start, f"{start}<p>{RUSSIAN}</p>", 1).encode(
            "cp1251", errors="xmlcharrefreplace"
        ),
    )
    huge = "<p>" + "x" * 1000 + "</p>\n"
    edit(HUGE, lambda t: t.replace(end, huge * 30_000 + end, 1).encode())
    edit(
        NESTED,
        lambda t: (
            t.replace(start, start + "<div>" * 100_000, 1)
            .replace(end, "</div>" * 100_000 + end, 1)
            .encode()
        ),
    )
    long_text = "<p>" + LONG_PARAGRAPH * 20 + "</p>\n"
    edit(LONG, lambda t: t.replace(end, long_text * 300 + end, 1).encode())


class HostileHandler(_Handler):
    """The fixture server, plus a redirect loop: A -> A?loop=1 -> A."""

    def _serve(self, *, head: bool) -> None:
        loop = urlsplit(REDIRECT_LOOP).path
        if self.path.endswith(loop) or self.path.endswith(loop + "?loop=1"):
            location = loop + ("" if "?loop" in self.path else "?loop=1")
            self.send_response(HTTPStatus.MOVED_PERMANENTLY)
            self.send_header("Location", f"https://en.orda.kz{location}")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        super()._serve(head=head)


def test_hostile_pages_get_a_reason_and_lose_nothing(
    mongo_server: MongoServer, database_name: str, tmp_path: Path
) -> None:
    root = tmp_path / "site"
    make_hostile_site(root)
    server = FixtureHTTPServer(root)
    server.RequestHandlerClass = HostileHandler
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        result = run_crawl(
            "orda_en",
            mongo_uri=mongo_server.uri,
            database=database_name,
            router_url=server.url,
            home=tmp_path,
            settings={"MAX_BODY_BYTES": "100000", "MONITORS_ENABLED": "False"},
        )
    finally:
        server.shutdown()
        server.server_close()
    stats = result.stats
    assert stats.get("finish_reason") == "finished", result.stderr[-3000:]
    with mongo_server.client() as client:
        docs = {d["url"]: d for d in client[database_name][ARTICLES].find()}
    # each hostile page has its reason and stat
    assert stats.get("newscrawl/jsonld/too_deep") == 1
    assert DEEP_JSONLD in docs  # the article is kept
    assert stats.get("newscrawl/encoding_fallback") == 1
    assert RUSSIAN in docs[WRONG_CHARSET]["body"]
    assert not any("\ufffd" in d["body"] for d in docs.values())
    assert stats.get("newscrawl/fetch_errors/redirect_loop") == 1
    assert stats.get("newscrawl/fetch_errors/too_large") == 1
    assert stats.get("newscrawl/dropped/body_is_title") == 1
    assert not any(d["body"] == d["title"] for d in docs.values())
    assert docs[LONG]["truncated"] is True
    assert len(docs[LONG]["body"].encode()) <= 100_000
    assert LONG_PARAGRAPH.strip() in docs[LONG]["body"]
    assert not any(d.get("truncated") for url, d in docs.items() if url != LONG)
    # every other article is stored, once
    assert set(docs) == set(ORDA_EN) - {REDIRECT_LOOP, HUGE, NESTED}
    assert_accounted(stats)
    assert stats.get("newscrawl/mongo/inserted") == len(docs)


# --------------------------------------------------------------------------- crawls


def test_recrawl_all_sends_validators_and_counts_refetched(
    mongo_server: MongoServer, fixture_server: FixtureHTTPServer, database_name: str, tmp_path: Path
) -> None:
    common = {"mongo_uri": mongo_server.uri, "database": database_name, "home": tmp_path}
    first = run_crawl("orda_en", router_url=fixture_server.url, **common)
    assert first.returncode == 0, first.stderr[-3000:]
    again = run_crawl("orda_en", router_url=fixture_server.url, args={"recrawl": "all"}, **common)
    assert again.returncode == 0, again.stderr[-3000:]
    stats = again.stats
    assert stats.get("newscrawl/recrawl/forced") == len(ORDA_EN)
    assert stats.get("newscrawl/recrawl/refetched") == len(ORDA_EN)
    # (only listed URLs that are not articles, like a __trashed one, count as new again)
    assert not stats.get("newscrawl/mongo/inserted")
    # the fixture server honours If-None-Match / If-Modified-Since: unchanged pages are 304s
    assert stats.get("newscrawl/recrawl/not_modified") == len(ORDA_EN)


def test_sigkilled_crawl_rerun_stores_every_article_once(
    mongo_server: MongoServer, database_name: str, tmp_path: Path
) -> None:
    server = faults.serve_site(tmp_path, 300)
    try:
        crawl = faults.start_crawl(
            tmp_path,
            server.url,
            mongo_uri=mongo_server.uri,
            database=database_name,
            settings={"DOWNLOAD_DELAY": "0.01", "CONCURRENT_REQUESTS_PER_DOMAIN": "2"},
        )
        assert faults.wait_stored(mongo_server.uri, 40, 120, database_name) >= 40
        crawl.process.send_signal(signal.SIGKILL)
        crawl.wait()
        stored_at_kill = len(faults.stored_urls(mongo_server.uri, database_name))
        rerun = faults.start_crawl(
            tmp_path, server.url, mongo_uri=mongo_server.uri, database=database_name
        )
        assert rerun.wait() == 0, rerun.stderr[-3000:]
    finally:
        server.shutdown()
        server.server_close()
    urls = faults.stored_urls(mongo_server.uri, database_name)
    assert len(urls) == len(set(urls)) == 300
    figures = assert_accounted(rerun.stats)
    # the rerun fetched what the killed crawl had not stored
    assert figures["received"] >= 300 - stored_at_kill
    assert re.search(r"Spider closed \(finished\)", rerun.stderr)
    # the killed crawl's record does not stay `running` (marked by the next start)
    with mongo_server.client() as client:
        runs = client[database_name][CRAWL_RUNS]
        killed = runs.find_one({"pid": crawl.process.pid})
        assert killed is not None and killed["status"] == "interrupted", killed
        assert runs.count_documents({"status": "running"}) == 0
