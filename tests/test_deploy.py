"""``deploy/crontab.example`` runs as written, the way cron runs it, into the embedded database.

Each crontab line is parsed like cron does it (comments skipped, five time fields, then the
command, ``\\%`` for a literal ``%``), the checkout placeholder is replaced with this checkout,
the line's ``NEWSCRAWL_HOME`` with a temporary directory, and the command is run by
``/bin/sh -c`` — cron's shell — with a cron-like minimal environment and a working directory
outside the checkout (the line's own ``cd`` must do its job). Two environment variables the
project reads keep it local and short: ``HOST_ROUTER_URL`` (the fixture server, so nothing
reaches the internet) and ``CRAWLALL_SPIDERS`` (two spiders instead of six). With no
``MONGO_URI`` the crawls start the embedded database under that ``NEWSCRAWL_HOME``; the test
stops it with ``newscrawl db stop``.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pymongo
import pytest

from newscrawl.extensions.crawl_runs import CRAWL_RUNS
from newscrawl.fixtures.server import FixtureHTTPServer
from newscrawl.store.embedded import EmbeddedServer
from newscrawl.store.schema import ARTICLES
from newscrawl.store.uri import DEFAULT_DATABASE
from tests.conftest import ROOT, load_expected

pytestmark = pytest.mark.crawl

CRONTAB = ROOT / "deploy" / "crontab.example"
CHECKOUT_PLACEHOLDER = "/path/to/newscrawl"
HOME_ASSIGNMENT = f"NEWSCRAWL_HOME={CHECKOUT_PLACEHOLDER}/var"
VENV_BIN = ROOT / ".venv" / "bin"
SPIDERS = {"orda_en": "en.orda.kz", "tengrinews_en": "en.tengrinews.kz"}
#: One crontab time field: numbers, ranges, steps, lists, ``*`` or names.
_TIME_FIELD = re.compile(r"^[\d*/,\-A-Za-z]+$")


def crontab_commands(text: str) -> list[str]:
    """The commands of a crontab, as cron would hand them to the shell.

    Comments and blank lines are skipped; the first five fields are the schedule. ``\\%``
    stands for ``%``; a bare ``%`` would end the command (the rest becomes its stdin), which
    a line meant to be copied must not rely on.
    """
    commands = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        fields = stripped.split(maxsplit=5)
        assert len(fields) == 6, f"not a crontab entry: {line!r}"
        assert all(_TIME_FIELD.match(f) for f in fields[:5]), f"bad schedule: {line!r}"
        command = fields[5]
        assert not re.search(r"(?<!\\)%", command), f"unescaped % in {line!r}"
        commands.append(command.replace("\\%", "%"))
    return commands


def for_test(command: str, home: Path) -> str:
    """The command with this checkout and a temporary NEWSCRAWL_HOME in place."""
    assert command.count(HOME_ASSIGNMENT) == 1, command
    command = command.replace(HOME_ASSIGNMENT, f"NEWSCRAWL_HOME={home}")
    return command.replace(CHECKOUT_PLACEHOLDER, str(ROOT))


def cron_env(tmp_path: Path, router_url: str) -> dict[str, str]:
    """What cron gives a job (plus the two variables that keep the test local and short)."""
    return {
        "HOME": str(tmp_path),
        "LOGNAME": os.environ.get("LOGNAME", "newscrawl"),
        "SHELL": "/bin/sh",
        "PATH": "/usr/bin:/bin",
        "HOST_ROUTER_URL": router_url,
        "CRAWLALL_SPIDERS": ",".join(SPIDERS),
    }


@pytest.fixture
def home(tmp_path: Path) -> Iterator[Path]:
    """A NEWSCRAWL_HOME whose embedded database is stopped at the end, pass or fail."""
    home = tmp_path / "home"
    yield home
    stop = subprocess.run(
        [str(VENV_BIN / "newscrawl"), "db", "stop"],
        env={**os.environ, "NEWSCRAWL_HOME": str(home)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert stop.returncode == 0, stop.stderr
    assert EmbeddedServer(home).state() is None


def run_line(command: str, tmp_path: Path, router_url: str) -> subprocess.CompletedProcess[str]:
    """``/bin/sh -c COMMAND`` from a directory outside the checkout, with cron's environment."""
    elsewhere = tmp_path / "cwd"
    elsewhere.mkdir(exist_ok=True)
    return subprocess.run(
        ["/bin/sh", "-c", command],
        cwd=elsewhere,
        env=cron_env(tmp_path, router_url),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_crontab_lines_run_as_written(
    home: Path, tmp_path: Path, fixture_server: FixtureHTTPServer
) -> None:
    """The hourly line stores the articles; the nightly backfill runs with a computed since."""
    if not (VENV_BIN / "scrapy").exists():
        pytest.skip("the crontab runs .venv/bin/scrapy; build the checkout's .venv (make install)")
    commands = crontab_commands(CRONTAB.read_text(encoding="utf-8"))
    hourly = [c for c in commands if "mode=backfill" not in c]
    nightly = [c for c in commands if "mode=backfill" in c]
    assert len(hourly) == len(nightly) == 1, commands

    result = run_line(for_test(hourly[0], home), tmp_path, fixture_server.url)
    cron_log = home / "logs" / "cron.log"
    assert result.returncode == 0, (result.stdout, result.stderr, _tail(cron_log))
    # Everything went to the log; cron would have nothing to mail.
    assert result.stdout == result.stderr == ""
    assert "2 of 2 crawls succeeded" in cron_log.read_text()
    assert len(list((home / "logs").glob("crawlall-*.log"))) == 1

    uri = EmbeddedServer(home).running_uri()
    assert uri is not None, "the crawls did not start the embedded database under NEWSCRAWL_HOME"
    client: pymongo.MongoClient[dict[str, Any]] = pymongo.MongoClient(uri)
    try:
        articles = client[DEFAULT_DATABASE][ARTICLES]
        stored = {doc["url"] for doc in articles.find({"site": "en.orda.kz"}, {"url": 1})}
        assert stored == {case["url"] for case in load_expected("en.orda.kz")}
        assert articles.count_documents({"site": "en.tengrinews.kz"}) > 0

        # The fixture articles are years older than the line's 7-day window: the backfill
        # sees almost none, and the monitors would fail it against the hourly run before it
        # ("drop against previous run"). Everything else about the line runs as written.
        backfill = for_test(nightly[0], home)
        assert backfill.count("scrapy crawlall ") == 1
        backfill = backfill.replace("scrapy crawlall ", "scrapy crawlall -s MONITORS_ENABLED=0 ")
        result = run_line(backfill, tmp_path, fixture_server.url)
        assert result.returncode == 0, (result.stdout, result.stderr, _tail(cron_log))
        assert cron_log.read_text().count("2 of 2 crawls succeeded") == 2

        since = (datetime.now(UTC) - timedelta(days=7)).date().isoformat()
        runs = client[DEFAULT_DATABASE][CRAWL_RUNS]
        for spider in SPIDERS:
            last = runs.find_one({"spider": spider}, sort=[("started_at", -1)])
            assert last is not None
            assert last["arguments"]["mode"] == "backfill"
            # `date` ran in the shell: today minus 7 days, or the day before just after 00:00
            assert last["arguments"]["since"] in {since, _day_before(since)}
        for stats_file in (home / "logs").glob("*.stats.json"):
            stats = json.loads(stats_file.read_text())
            if stats.get("newscrawl/discovery/outside_window"):
                break
        else:
            raise AssertionError("no backfill crawl skipped articles outside its window")
    finally:
        client.close()


def _day_before(day: str) -> str:
    return (datetime.fromisoformat(day) - timedelta(days=1)).date().isoformat()


def _tail(path: Path) -> str:
    return path.read_text()[-3000:] if path.exists() else "(no cron.log)"
