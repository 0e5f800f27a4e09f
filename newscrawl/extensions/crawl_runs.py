"""One ``crawl_runs`` document per crawl: what ran, with which arguments, and how it ended.

Written at start (status ``running``) and completed at close with the final stats, the finish
reason, the status (``ok`` or ``failed``) and the monitors' results (``crawler.monitor_results``
when a monitor extension set them). Credentials never reach it: URIs are masked, and only an
allow-list of settings is copied.

While the crawl runs, ``heartbeat_at`` is refreshed every ``CRAWL_RUNS_HEARTBEAT`` seconds
(default 60). A crawl killed outright (SIGKILL, a power cut) never completes its record; the
next crawl to start marks such records ``interrupted``: a ``running`` record whose heartbeat
is older than three intervals, or one of this host whose process is gone. ``shape``
(:func:`~newscrawl.monitoring.monitors.run_shape`) is what monitor baselines match on.
Debugging commands (``scrapy parse``, ``shell``, ``check``…) write no record at all.
"""

from __future__ import annotations

import logging
import os
import re
import socket
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any, Self

from pymongo.errors import PyMongoError
from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from twisted.internet import task

from newscrawl.commands.crawl import outcome_failed
from newscrawl.debugging import debug_command
from newscrawl.monitoring.monitors import run_shape
from newscrawl.normalize.keys import sanitize_keys
from newscrawl.processes import pid_alive
from newscrawl.store.connection import DatabaseUnavailableError, connect
from newscrawl.store.uri import MongoTarget, mask_uri, resolve_target

logger = logging.getLogger(__name__)

CRAWL_RUNS = "crawl_runs"
#: Seconds between two ``heartbeat_at`` updates of a running crawl.
DEFAULT_HEARTBEAT_S = 60.0
#: A ``running`` record whose heartbeat is older than this many intervals was interrupted.
STALE_AFTER_BEATS = 3
#: Settings worth recording for a run; everything else may hold secrets or is noise.
RECORDED_SETTINGS = (
    "MONGO_DATABASE",
    "MONGO_BATCH_SIZE",
    "JOBDIR",
    "CONCURRENT_REQUESTS",
    "CONCURRENT_REQUESTS_PER_DOMAIN",
    "AUTOTHROTTLE_ENABLED",
    "ROBOTSTXT_OBEY",
    "HOST_ROUTER_URL",
    "RECRAWL_EDIT_WINDOW_HOURS",
    "USER_AGENT",
)
_URL_CREDENTIALS = re.compile(r"(\w+://)([^/@\s:]+):([^/@\s]+)@")


def _mask(value: Any) -> Any:
    if isinstance(value, str):
        return _URL_CREDENTIALS.sub(lambda m: f"{m.group(1)}{m.group(2)}:***@", value)
    return value


def _bson_safe(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _bson_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_bson_safe(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool | datetime):
        return value
    return str(value)


class CrawlRunRecorder:
    """Scrapy extension writing ``crawl_runs``; disabled with ``CRAWL_RUNS_ENABLED=False``."""

    def __init__(
        self, crawler: Crawler, target: MongoTarget, heartbeat_s: float = DEFAULT_HEARTBEAT_S
    ) -> None:
        self.crawler = crawler
        self.target = target
        self.run_id = uuid.uuid4().hex
        self.recorded = False
        self.heartbeat_s = heartbeat_s
        self.heartbeat: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Connect to the spider signals."""
        settings = crawler.settings
        if not settings.getbool("CRAWL_RUNS_ENABLED", True) or debug_command(settings):
            # scrapy parse / shell / check are not crawls: a record of them would read as a
            # failed (or, for the shell, an endless) run in status, report and baselines.
            raise NotConfigured
        target = resolve_target(settings.get("MONGO_URI"), settings.get("MONGO_DATABASE"))
        heartbeat = settings.getfloat("CRAWL_RUNS_HEARTBEAT", DEFAULT_HEARTBEAT_S)
        recorder = cls(crawler, target, heartbeat)
        crawler.signals.connect(recorder.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(recorder.spider_closed, signal=signals.spider_closed)
        return recorder

    def _write(self, operation: str, document: dict[str, Any]) -> bool:
        if self.crawler.stats.get_value("newscrawl/mongo/unreachable"):
            return False
        try:
            client = connect(
                self.target, timeout_s=self.crawler.settings.getfloat("MONGO_CONNECT_TIMEOUT", 5.0)
            )
        except DatabaseUnavailableError as exc:
            logger.warning("crawl_runs not recorded: %s", exc)
            return False
        try:
            runs = client[self.target.database][CRAWL_RUNS]
            if operation == "insert":
                interrupted = mark_interrupted(runs, datetime.now(UTC), self.heartbeat_s)
                if interrupted:
                    logger.info("Marked %d stale crawl_runs record(s) interrupted", interrupted)
                runs.insert_one(document)
            else:
                runs.update_one({"run_id": self.run_id}, {"$set": document}, upsert=True)
        except PyMongoError as exc:
            logger.warning("crawl_runs not recorded: %s", str(exc).splitlines()[0])
            return False
        finally:
            client.close()
        return True

    def spider_opened(self, spider: Spider) -> None:
        """Record the start: spider, arguments, recorded settings, host and pid."""
        settings = self.crawler.settings
        arguments = getattr(spider, "arguments", {})
        now = datetime.now(UTC)
        document = {
            "run_id": self.run_id,
            "spider": spider.name,
            "arguments": {k: _mask(v) for k, v in arguments.items()},
            "settings": {
                name: _mask(settings.get(name)) for name in RECORDED_SETTINGS if settings.get(name)
            },
            "mongo_uri": mask_uri(self.target.uri) if self.target.uri else "embedded",
            "host": socket.gethostname(),
            "pid": os.getpid(),
            "started_at": now,
            "heartbeat_at": now,
            "status": "running",
            "shape": run_shape(arguments, now.date()),
        }
        self.recorded = self._write("insert", document)
        self.crawler.stats.set_value("newscrawl/run_id", self.run_id)
        if self.recorded and self.heartbeat_s > 0:
            self.heartbeat = task.LoopingCall(self.beat)
            self.heartbeat.start(self.heartbeat_s, now=False)

    def beat(self) -> None:
        """Refresh ``heartbeat_at``: the crawl is alive."""
        self._write("update", {"heartbeat_at": datetime.now(UTC)})

    def spider_closed(self, spider: Spider, reason: str) -> None:
        """Record the end: stats, finish reason, status and monitor results."""
        if self.heartbeat is not None and self.heartbeat.running:
            self.heartbeat.stop()
        stats = {key: _mask(value) for key, value in self.crawler.stats.get_stats().items()}
        monitors = getattr(self.crawler, "monitor_results", None) or []
        status = "failed" if outcome_failed(reason, stats) else "ok"
        document = {
            "finished_at": datetime.now(UTC),
            "finish_reason": reason,
            "status": status,
            "stats": sanitize_keys(_bson_safe(stats)),
            "monitors": _bson_safe(monitors),
        }
        self._write("update", document)


def mark_interrupted(runs: Any, now: datetime, heartbeat_s: float) -> int:
    """Mark ``running`` records of crawls that died without closing ``interrupted``.

    Stale: no heartbeat for :data:`STALE_AFTER_BEATS` intervals, or recorded on this host
    by a process that no longer exists (also catches records from before heartbeats).
    Returns how many were marked.
    """
    stale_before = now - timedelta(seconds=STALE_AFTER_BEATS * max(heartbeat_s, 1.0))
    interrupted = {"$set": {"status": "interrupted", "interrupted_at": now}}
    marked = runs.update_many(
        {"status": "running", "heartbeat_at": {"$lt": stale_before}}, interrupted
    ).modified_count
    host = socket.gethostname()
    for run in runs.find({"status": "running", "host": host}, {"run_id": 1, "pid": 1}):
        pid = run.get("pid")
        if isinstance(pid, int) and pid != os.getpid() and not pid_alive(pid):
            marked += runs.update_one(
                {"_id": run["_id"], "status": "running"}, interrupted
            ).modified_count
    return int(marked)
