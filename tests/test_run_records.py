"""crawl_runs records: the shape monitor baselines match on, heartbeats, interrupted runs."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta

from newscrawl.extensions.crawl_runs import CRAWL_RUNS, mark_interrupted
from newscrawl.monitoring.monitors import baseline_query, run_shape
from tests.conftest import MongoServer

DAY = date(2026, 3, 10)


def test_shape_tells_nightly_backfill_from_one_off_and_hourly() -> None:
    nightly = run_shape({"mode": "backfill", "since": "2026-03-03"}, DAY)
    assert nightly == {"mode": "backfill", "window_days": 8, "editions": None, "max_articles": None}
    one_off = run_shape({"mode": "backfill", "since": "2025-01-01"}, DAY)
    assert one_off["window_days"] == 434
    hourly = run_shape({}, DAY)
    assert hourly == {"mode": "latest", "window_days": None, "editions": None, "max_articles": None}
    # the same nightly line a day later has the same shape
    assert run_shape({"mode": "backfill", "since": "2026-03-04"}, DAY + timedelta(days=1)) == (
        nightly
    )
    bounded = run_shape({"since": "2026-01-01", "until": "2026-01-31", "editions": "ru"}, DAY)
    assert (bounded["window_days"], bounded["editions"]) == (31, "ru")


def test_baseline_is_the_last_good_run_of_the_same_shape(
    mongo_server: MongoServer, database_name: str
) -> None:
    """After the README's one-off backfill, the nightly run is compared with the last
    nightly run, not with the backfill (issue: 5 of 6 crawls failed "drop against previous")."""
    nightly = run_shape({"mode": "backfill", "since": "2026-03-03"}, DAY)
    one_off = run_shape({"mode": "backfill", "since": "2025-01-01"}, DAY)
    t0 = datetime(2026, 3, 9, 3, 0, tzinfo=UTC)
    client = mongo_server.client()
    try:
        runs = client[database_name][CRAWL_RUNS]
        runs.insert_many(
            [
                {"run_id": "n1", "spider": "orda_ru", "status": "ok", "shape": nightly,
                 "finished_at": t0},
                {"run_id": "n2", "spider": "orda_ru", "status": "failed", "shape": nightly,
                 "finished_at": t0 + timedelta(hours=2)},
                {"run_id": "big", "spider": "orda_ru", "status": "ok", "shape": one_off,
                 "finished_at": t0 + timedelta(hours=5)},
                {"run_id": "other", "spider": "orda_kk", "status": "ok", "shape": nightly,
                 "finished_at": t0 + timedelta(hours=6)},
                {"run_id": "old", "spider": "orda_ru", "status": "ok",
                 "arguments": {"mode": "backfill"}, "finished_at": t0 + timedelta(hours=7)},
            ]
        )  # fmt: skip
        found = runs.find_one(baseline_query("orda_ru", nightly), sort=[("finished_at", -1)])
        assert found is not None and found["run_id"] == "n1"
        found = runs.find_one(baseline_query("orda_ru", one_off), sort=[("finished_at", -1)])
        assert found is not None and found["run_id"] == "big"
        hourly = run_shape({}, DAY)
        assert runs.find_one(baseline_query("orda_ru", hourly)) is None
    finally:
        client.drop_database(database_name)
        client.close()


def test_stale_running_records_are_marked_interrupted(
    mongo_server: MongoServer, database_name: str
) -> None:
    now = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    host = socket.gethostname()
    client = mongo_server.client()
    try:
        runs = client[database_name][CRAWL_RUNS]
        runs.insert_many(
            [
                # silent for 10 minutes with a 60 s heartbeat: killed
                {"run_id": "stale", "status": "running", "host": "elsewhere", "pid": 1,
                 "heartbeat_at": now - timedelta(minutes=10)},
                # beat a minute ago: alive, however long it has run
                {"run_id": "alive", "status": "running", "host": "elsewhere", "pid": 1,
                 "heartbeat_at": now - timedelta(minutes=1),
                 "started_at": now - timedelta(days=2)},
                # from before heartbeats, on this host, its process gone
                {"run_id": "orphan", "status": "running", "host": host, "pid": dead.pid},
                # this very process: running
                {"run_id": "me", "status": "running", "host": host, "pid": os.getpid()},
                {"run_id": "done", "status": "ok", "host": host, "pid": dead.pid,
                 "heartbeat_at": now - timedelta(days=1)},
            ]
        )  # fmt: skip
        assert mark_interrupted(runs, now, heartbeat_s=60) == 2
        status = {doc["run_id"]: doc["status"] for doc in runs.find()}
        assert status == {
            "stale": "interrupted",
            "alive": "running",
            "orphan": "interrupted",
            "me": "running",
            "done": "ok",
        }
        assert mark_interrupted(runs, now, heartbeat_s=60) == 0
    finally:
        client.drop_database(database_name)
        client.close()
