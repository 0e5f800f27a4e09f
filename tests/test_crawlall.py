"""``scrapy crawlall``: the lock, exit codes, log files and retention, the summary table.

The crawls are real ``scrapy crawl`` processes against the fixture server and SecantusDB; a
database that refuses connections (port 1) makes a crawl fail within a second or two.
"""

from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pymongo
import pytest
from scrapy.settings import Settings

from newscrawl.commands.crawlall import (
    DEFAULT_SPIDERS,
    EXIT_LOCKED,
    RunLock,
    configured_spiders,
    first_error,
    prune_logs,
    run_stamp,
)
from newscrawl.fixtures.server import FixtureHTTPServer
from newscrawl.store.schema import ARTICLES
from tests.conftest import ROOT, MongoServer

UNREACHABLE = {"MONGO_URI": "mongodb://127.0.0.1:1", "MONGO_CONNECT_TIMEOUT": "1"}
SITES = {"orda_en": "en.orda.kz", "tengrinews_en": "en.tengrinews.kz"}


def crawlall_command(
    *args: str,
    mongo_uri: str,
    database: str,
    router_url: str,
    settings: dict[str, str] | None = None,
) -> list[str]:
    """``scrapy crawlall ARGS`` against the fixture server and the given database."""
    command = [sys.executable, "-m", "scrapy", "crawlall", *args]
    all_settings = {
        "MONGO_URI": mongo_uri,
        "MONGO_DATABASE": database,
        "HOST_ROUTER_URL": router_url,
        **(settings or {}),
    }
    for key, value in all_settings.items():
        command += ["-s", f"{key}={value}"]
    return command


def crawlall_env(home: Path, **extra: str) -> dict[str, str]:
    """The environment of a crawlall run: its own NEWSCRAWL_HOME, nothing from outside."""
    env = {**os.environ, "NEWSCRAWL_HOME": str(home), **extra}
    for name in ("MONGO_URI", "HOST_ROUTER_URL", "CRAWLALL_SPIDERS"):
        if name not in extra:
            env.pop(name, None)
    return env


@pytest.fixture
def run(
    tmp_path: Path,
    mongo_server: MongoServer,
    database_name: str,
    fixture_server: FixtureHTTPServer,
) -> Iterator[Runner]:
    """Run crawlall with ``home = tmp_path/home``; drops the test database afterwards."""
    runner = Runner(tmp_path / "home", mongo_server.uri, database_name, fixture_server.url)
    yield runner
    client = mongo_server.client()
    client.drop_database(database_name)
    client.close()


class Runner:
    """Starts crawlall processes for one test."""

    def __init__(self, home: Path, mongo_uri: str, database: str, router_url: str) -> None:
        self.home = home
        self.mongo_uri = mongo_uri
        self.database = database
        self.router_url = router_url

    def command(self, *args: str, settings: dict[str, str] | None = None) -> list[str]:
        """The command line."""
        return crawlall_command(
            *args,
            mongo_uri=self.mongo_uri,
            database=self.database,
            router_url=self.router_url,
            settings=settings,
        )

    def __call__(
        self, *args: str, settings: dict[str, str] | None = None, **env: str
    ) -> subprocess.CompletedProcess[str]:
        """Run to the end, capturing stdout and stderr."""
        return subprocess.run(
            self.command(*args, settings=settings),
            cwd=ROOT,
            env=crawlall_env(self.home, **env),
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )

    def start(self, *args: str, settings: dict[str, str] | None = None) -> subprocess.Popen[str]:
        """Start in the background."""
        return subprocess.Popen(
            self.command(*args, settings=settings),
            cwd=ROOT,
            env=crawlall_env(self.home),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def stored(self) -> int:
        """Articles in the test database so far."""
        client: pymongo.MongoClient[dict[str, Any]] = pymongo.MongoClient(self.mongo_uri)
        try:
            return client[self.database][ARTICLES].count_documents({})
        finally:
            client.close()

    @property
    def logs(self) -> Path:
        """The log directory."""
        return self.home / "logs"

    @property
    def lock_file(self) -> Path:
        """The lock file."""
        return self.home / "crawlall.lock"


def summary(stdout: str) -> dict[str, dict[str, str]]:
    """The summary table's rows by spider: ``{spider: {column: value}}``."""
    lines = stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.split()[:2] == ["spider", "status"])
    header = lines[start].split()
    rows: dict[str, dict[str, str]] = {}
    for line in lines[start + 1 :]:
        cells = line.split()
        if len(cells) != len(header) or cells[0].endswith(":"):
            break
        rows[cells[0]] = dict(zip(header, cells, strict=True))
    return rows


def output_lines(result: subprocess.CompletedProcess[str]) -> list[str]:
    """Every non-empty line a run printed, stdout and stderr."""
    return [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]


@contextmanager
def held_lock(path: Path, pid: int) -> Iterator[int]:
    """Hold the crawlall lock from this process, as a running crawlall would."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        os.ftruncate(fd, 0)
        os.write(fd, f"{pid}\n2030-01-01T00:00:00+00:00\n".encode())
        yield fd
    finally:
        os.close(fd)


def run_files(stamp: str) -> tuple[str, ...]:
    """The files one crawlall run of orda_en leaves in the log directory."""
    return (f"crawlall-{stamp}.log", f"orda_en-{stamp}.log", f"orda_en-{stamp}.stats.json")


def stamps(directory: Path) -> set[str]:
    """The run stamps of the files in a log directory."""
    return {path.name.rsplit("-", 1)[1].split(".")[0] for path in directory.glob("*-*T*.*")}


# --------------------------------------------------------------------------- without crawls


def test_configured_spiders_precedence() -> None:
    """``-s`` beats the environment, which beats settings.py, which beats the default."""
    settings = Settings()
    assert configured_spiders(settings, {}) == list(DEFAULT_SPIDERS)
    settings.set("CRAWLALL_SPIDERS", "orda_ru", priority="project")
    assert configured_spiders(settings, {}) == ["orda_ru"]
    env = {"CRAWLALL_SPIDERS": "orda_en, tengrinews_en"}
    assert configured_spiders(settings, env) == ["orda_en", "tengrinews_en"]
    settings.set("CRAWLALL_SPIDERS", "orda_kk", priority="cmdline")
    assert configured_spiders(settings, env) == ["orda_kk"]
    assert "generic" not in DEFAULT_SPIDERS
    assert not {"orda", "tengrinews"} & set(DEFAULT_SPIDERS)


def test_prune_logs_keeps_the_newest_runs(tmp_path: Path) -> None:
    """Whole runs go, oldest first; files not named like a run's stay."""
    for second in range(5):
        stamp = f"20240101T0000{second:02d}"
        for name in (
            f"crawlall-{stamp}.log",
            f"orda_en-{stamp}.log",
            f"orda_en-{stamp}.stats.json",
        ):
            (tmp_path / name).write_text("x")
    (tmp_path / "cron.log").write_text("x")
    deleted = prune_logs(tmp_path, keep=2)
    assert len(deleted) == 9
    assert stamps(tmp_path) == {"20240101T000003", "20240101T000004"}
    assert (tmp_path / "cron.log").exists()
    assert prune_logs(tmp_path, keep=0) == []


def test_first_error_joins_a_multiline_record(tmp_path: Path) -> None:
    """The first ERROR record, with its continuation lines."""
    log = tmp_path / "x.log"
    log.write_text(
        "2026-01-01 00:00:00 [scrapy.core.engine] INFO: Spider opened\n"
        "2026-01-01 00:00:01 [x] ERROR: 1 monitor(s) failed for orda_en:\n"
        "monitor          result\n"
        "articles stored  FAILED\n"
        "2026-01-01 00:00:02 [x] ERROR: later\n"
    )
    assert first_error(log) == (
        "1 monitor(s) failed for orda_en: | monitor result | articles stored FAILED"
    )


def test_lock_names_a_dead_holder(tmp_path: Path) -> None:
    """When the pid in the lock file is gone, its crawls (which inherited the lock) hold it."""
    lock = RunLock(tmp_path / "crawlall.lock")
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    with (
        held_lock(lock.path, dead.pid),
        pytest.raises(RuntimeError, match=rf"pid {dead.pid}, exited"),
    ):
        lock.acquire()
    lock.acquire()
    assert lock.path.read_text().split()[0] == str(os.getpid())
    lock.release()
    assert lock.path.read_text() == ""


# --------------------------------------------------------------------------- with crawls


@pytest.mark.crawl
def test_all_good_in_parallel(run: Runner, mongo_server: MongoServer) -> None:
    """Two spiders at once: exit 0, a row each, logs and stats per crawl, the lock released."""
    result = run("--parallel", "2", "orda_en", "tengrinews_en")
    assert result.returncode == 0, result.stdout + result.stderr

    rows = summary(result.stdout)
    assert set(rows) == set(SITES)
    client = mongo_server.client()
    try:
        articles = client[run.database][ARTICLES]
        for spider, site in SITES.items():
            row = rows[spider]
            assert (row["status"], row["exit"], row["finish_reason"]) == ("ok", "0", "finished")
            assert row["duration"].endswith("s")
            stored = articles.count_documents({"site": site})
            assert stored > 0
            assert int(row["stored"]) == int(row["new"]) == stored
    finally:
        client.close()
    assert "2 of 2 crawls succeeded" in result.stdout

    (stamp,) = stamps(run.logs)
    run_log = run.logs / f"crawlall-{stamp}.log"
    for name in (run_log.name, *(f"{s}-{stamp}.log" for s in SITES)):
        assert (run.logs / name).stat().st_size > 0, name
    for spider in SITES:
        assert (run.logs / f"{spider}-{stamp}.stats.json").exists()
        assert "Spider closed (finished)" in (run.logs / f"{spider}-{stamp}.log").read_text()
    text = run_log.read_text()
    assert "2 of 2 crawls succeeded" in text
    # Both crawls were started before either finished.
    lines = text.splitlines()
    last_start = max(i for i, line in enumerate(lines) if ": started (pid" in line)
    first_end = min(i for i, line in enumerate(lines) if ": ok (exit 0" in line)
    assert last_start < first_end
    assert run.lock_file.read_text() == ""  # released


@pytest.mark.crawl
def test_every_default_spider_fails_without_a_database(run: Runner) -> None:
    """No spiders named: the six site spiders; each fails, so the run exits 1 and says why."""
    result = run("--parallel", "6", settings=UNREACHABLE)
    assert result.returncode == 1, result.stdout + result.stderr
    rows = summary(result.stdout)
    assert list(rows) == list(DEFAULT_SPIDERS)
    for row in rows.values():
        assert (row["status"], row["exit"]) == ("failed", "1")
    assert "6 of 6 crawls did not succeed" in result.stdout
    assert "orda_en: Cannot use MongoDB at mongodb://127.0.0.1:1" in result.stdout


@pytest.mark.crawl
def test_spiders_from_the_environment_and_from_s(run: Runner) -> None:
    """``CRAWLALL_SPIDERS`` in the environment narrows the run; ``-s`` overrides it."""
    result = run(settings=UNREACHABLE, CRAWLALL_SPIDERS="orda_kk")
    assert list(summary(result.stdout)) == ["orda_kk"]
    result = run(
        settings={**UNREACHABLE, "CRAWLALL_SPIDERS": "orda_en"}, CRAWLALL_SPIDERS="orda_kk"
    )
    assert list(summary(result.stdout)) == ["orda_en"]


def test_unknown_spider_is_a_usage_error(run: Runner) -> None:
    """Exit 2 with a message naming it, before the lock is taken or a log written."""
    result = run("orda_en", "nosuch")
    assert result.returncode == 2
    assert "unknown spider(s): nosuch" in result.stderr
    assert not run.logs.exists()
    assert not run.lock_file.exists()


def test_lock_held_exits_75_with_one_line(run: Runner) -> None:
    """Another holder of the lock: one line naming it, exit 75, nothing crawled or logged."""
    with held_lock(run.lock_file, os.getpid()):
        result = run("orda_en")
        assert result.returncode == EXIT_LOCKED
        (line,) = output_lines(result)
        assert f"another crawlall run (pid {os.getpid()}" in line
        assert str(run.lock_file) in line
        assert "not crawling" in line

        started = time.monotonic()
        result = run("--wait", "1", "orda_en")
        assert result.returncode == EXIT_LOCKED
        assert time.monotonic() - started >= 1
        (line,) = output_lines(result)
        assert "after waiting 1s" in line
    assert not run.logs.exists()


@pytest.mark.crawl
def test_second_run_while_the_first_crawls(run: Runner) -> None:
    """A real overlap: the second run exits 75 naming the first, which finishes normally."""
    first = run.start("orda_en", settings={"DOWNLOAD_DELAY": "0.3"})
    try:
        deadline = time.monotonic() + 60
        while not (
            run.lock_file.exists() and run.lock_file.read_text().startswith(f"{first.pid}\n")
        ):
            assert first.poll() is None and time.monotonic() < deadline
            time.sleep(0.05)
        second = run("orda_en")
        assert first.poll() is None, "the first run ended before the second started"
        assert second.returncode == EXIT_LOCKED
        (line,) = output_lines(second)
        assert f"(pid {first.pid}," in line
        stdout, stderr = first.communicate(timeout=300)
    finally:
        if first.poll() is None:
            first.kill()
    assert first.returncode == 0, stdout + stderr
    assert summary(stdout)["orda_en"]["status"] == "ok"


@pytest.mark.crawl
def test_wait_takes_the_lock_once_released(run: Runner) -> None:
    """``--wait`` blocks while the lock is held and runs as soon as it is released."""
    with held_lock(run.lock_file, os.getpid()) as fd:
        waiting = run.start("--wait", "60", "orda_en")
        time.sleep(1.5)
        assert waiting.poll() is None
        assert not run.logs.exists()
        released_at = time.monotonic()
        fcntl.flock(fd, fcntl.LOCK_UN)
        stdout, stderr = waiting.communicate(timeout=300)
    assert waiting.returncode == 0, stdout + stderr
    assert time.monotonic() - released_at < 120
    assert summary(stdout)["orda_en"]["status"] == "ok"


@pytest.mark.crawl
def test_log_retention_keeps_the_newest_30_runs(run: Runner) -> None:
    """35 old runs plus this one: the 6 oldest runs' files go, everything else stays."""
    run.logs.mkdir(parents=True)
    old = [f"20200101T0000{second:02d}" for second in range(35)]
    for stamp in old:
        for name in (
            f"crawlall-{stamp}.log",
            f"orda_en-{stamp}.log",
            f"orda_en-{stamp}.stats.json",
        ):
            (run.logs / name).write_text("old\n")
    (run.logs / "cron.log").write_text("cron output\n")

    result = run("orda_en", settings=UNREACHABLE)
    assert result.returncode == 1

    remaining = stamps(run.logs)
    assert len(remaining) == 30
    (new,) = remaining - set(old)
    assert new > old[-1]
    assert remaining - {new} == set(old[6:])
    for stamp in old[:6]:
        assert not list(run.logs.glob(f"*-{stamp}.*"))
    for stamp in old[6:]:
        assert len(list(run.logs.glob(f"*-{stamp}.*"))) == 3
    assert (run.logs / "cron.log").read_text() == "cron output\n"
    assert "deleted 18 log file(s) of runs older than the newest 30" in result.stdout


@pytest.mark.crawl
def test_timeout_stops_a_crawl(run: Runner) -> None:
    """``--timeout``: the crawl gets SIGTERM, shuts down gracefully and counts as failed."""
    # The timeout must fire mid-crawl, after the engine has started (a SIGTERM while the
    # pipelines still open stops the reactor before the spider opens, so there is no finish
    # reason): 10 s leaves a loaded machine room to start, and at one page a second the
    # backfill's 40-odd pages outlast it.
    slow = {"DOWNLOAD_DELAY": "1.0", "CONCURRENT_REQUESTS": "1"}
    result = run("--timeout", "10", "-a", "mode=backfill", "orda_ru", settings=slow)
    assert result.returncode == 1, result.stdout + result.stderr
    row = summary(result.stdout)["orda_ru"]
    assert (row["status"], row["exit"], row["finish_reason"]) == ("timeout", "1", "shutdown")


@pytest.mark.crawl
def test_sigterm_stops_the_run_gracefully(run: Runner) -> None:
    """SIGTERM to crawlall reaches the running crawl once; later spiders are not started."""
    slow = {"DOWNLOAD_DELAY": "0.5", "CONCURRENT_REQUESTS": "1"}
    process = run.start("-a", "mode=backfill", "orda_ru", "orda_kk", settings=slow)
    try:
        # Mid-crawl, once articles are being stored: a SIGTERM before Scrapy's engine runs
        # (while the pipelines open) stops the reactor without closing the spider at all.
        deadline = time.monotonic() + 60
        while run.stored() < 1:
            assert process.poll() is None and time.monotonic() < deadline
            time.sleep(0.1)
        process.send_signal(signal.SIGTERM)
        stdout, stderr = process.communicate(timeout=300)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 1, stdout + stderr
    rows = summary(stdout)
    assert (rows["orda_ru"]["status"], rows["orda_ru"]["finish_reason"]) == (
        "interrupted",
        "shutdown",
    )
    assert rows["orda_kk"]["status"] == "skipped"
    assert "orda_kk: not started (run interrupted)" in stdout
    # The lock went with the process.
    with held_lock(run.lock_file, os.getpid()):
        pass


def test_stamp_is_utc_and_sortable() -> None:
    """File stamps are UTC, so they sort in time order whatever the machine's zone."""
    moment = datetime(2026, 3, 1, 5, 4, 3, tzinfo=UTC)
    assert run_stamp(moment) == "20260301T050403"
