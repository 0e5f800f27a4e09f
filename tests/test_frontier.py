"""The frontier stays short: discovered URLs wait in the spider, not as queued requests.

A crawl's memory must not grow with the number of articles it fetches. Without ``JOBDIR``
the spider yields article requests only as the engine has room; with ``JOBDIR`` (a queue on
disk, what a resumed crawl continues from) it queues the whole discovery at once — the
contrast that shows the probe measures what it claims.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from newscrawl import settings as project_settings
from tests.conftest import FixtureHTTPServer, MongoServer, load_expected, run_crawl

SITE = "tengrinews.kz"
PROBE = {**project_settings.EXTENSIONS, "tests.frontier_probe.SchedulerProbe": 990}


def crawl(
    mongo_server: MongoServer,
    database_name: str,
    fixture_server: FixtureHTTPServer,
    home: Path,
    **extra: str,
) -> dict[str, Any]:
    result = run_crawl(
        "tengrinews_ru",
        mongo_uri=mongo_server.uri,
        database=database_name,
        router_url=fixture_server.url,
        home=home,
        args={"mode": "backfill"},
        settings={
            "CONCURRENT_REQUESTS": "2",
            "EXTENSIONS": json.dumps(PROBE),
            **extra,
        },
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stats


def test_scheduler_holds_only_what_the_downloader_can_take(
    mongo_server: MongoServer,
    database_name: str,
    fixture_server: FixtureHTTPServer,
    tmp_path: Path,
) -> None:
    expected = len(load_expected(SITE))
    assert expected >= 15
    stats = crawl(mongo_server, database_name, fixture_server, tmp_path)
    assert stats["newscrawl/mongo/inserted"] >= expected
    assert stats["scheduler/enqueued/memory"] >= expected
    # two downloading, at most a couple waiting: not the whole discovery
    print("max pending (memory):", stats["test/scheduler/max_pending"])
    assert stats["test/scheduler/max_pending"] <= 4


def test_with_jobdir_the_whole_discovery_is_queued_on_disk(
    mongo_server: MongoServer,
    database_name: str,
    fixture_server: FixtureHTTPServer,
    tmp_path: Path,
) -> None:
    expected = len(load_expected(SITE))
    jobdir = tmp_path / "job"
    stats = crawl(mongo_server, database_name, fixture_server, tmp_path, JOBDIR=str(jobdir))
    assert stats["newscrawl/mongo/inserted"] >= expected
    assert stats["scheduler/enqueued/disk"] >= expected
    print("max pending (JOBDIR):", stats["test/scheduler/max_pending"], "of", expected)
    assert stats["test/scheduler/max_pending"] >= expected // 2
