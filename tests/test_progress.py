"""The progress line: one per tick, with done / queued / percent / rate / ETA."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from newscrawl.fixtures.server import FixtureHTTPServer
from newscrawl.monitoring.progress import default_interval, progress_line
from tests.conftest import MongoServer, run_crawl

LINE = re.compile(
    r"Progress orda_en: (\d+) pages done, (\d+) queued \((\d+%|-)\), (\d+) pages/min, "
    r"ETA ([^;]+); (\d+) articles stored$"
)


def test_line_fields() -> None:
    line = progress_line("orda_ru", done=1200, queued=1800, pages_per_min=600, stored=1100)
    assert line == (
        "Progress orda_ru: 1200 pages done, 1800 queued (40%), 600 pages/min, "
        "ETA 3 min 00 s; 1100 articles stored"
    )
    assert "ETA unknown" in progress_line("x", done=5, queued=9, pages_per_min=0, stored=0)
    assert "0 queued (100%)" in progress_line("x", done=5, queued=0, pages_per_min=3, stored=5)
    assert "ETA done" in progress_line("x", done=5, queued=0, pages_per_min=3, stored=5)
    assert "ETA 2 h 05 min" in progress_line("x", done=0, queued=7500, pages_per_min=60, stored=0)


def test_default_interval_depends_on_who_watches() -> None:
    assert default_interval(on_terminal=True) == 10
    assert default_interval(on_terminal=False) == 60


@pytest.mark.crawl
def test_crawl_logs_only_our_progress_line(
    mongo_server: MongoServer,
    fixture_server: FixtureHTTPServer,
    database_name: str,
    tmp_path: Path,
) -> None:
    """A short interval so that a few-second fixture crawl ticks; nothing timed."""
    result = run_crawl(
        "orda_en",
        mongo_uri=mongo_server.uri,
        database=database_name,
        router_url=fixture_server.url,
        home=tmp_path,
        settings={"NEWSCRAWL_PROGRESS_INTERVAL": "0.05"},
    )
    with mongo_server.client() as client:
        client.drop_database(database_name)
    assert result.returncode == 0, result.stderr[-3000:]
    lines = [line.split("] INFO: ", 1)[-1] for line in result.stderr.splitlines()]
    progress = [line for line in lines if line.startswith("Progress ")]
    assert progress, "no progress line"
    for line in progress:
        match = LINE.match(line)
        assert match, line
        done, queued = int(match[1]), int(match[2])
        if done + queued:
            assert match[3] == f"{100 * done / (done + queued):.0f}%"
    # Scrapy's own LogStats line ("Crawled N pages (at N pages/min)") is off
    assert not [line for line in lines if re.search(r"Crawled \d+ pages \(at", line)]
