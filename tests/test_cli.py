"""Operator-facing behaviour of the commands."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from newscrawl.fixtures.server import FixtureHTTPServer
from tests.conftest import ROOT, run_crawl


def test_scrapy_list_shows_the_spiders() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "list"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "orda_en" in result.stdout.split()


def test_unreachable_database_fails_fast_with_one_line(
    fixture_server: FixtureHTTPServer, tmp_path: Path
) -> None:
    result = run_crawl(
        "orda_en",
        mongo_uri="mongodb://newscrawl:hunter2@127.0.0.1:1/",
        database="unreachable",
        router_url=fixture_server.url,
        home=tmp_path,
        timeout=60,
    )
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert result.seconds < 30
    errors = [line for line in result.stderr.splitlines() if "ERROR" in line]
    assert len(errors) == 1, errors
    assert "mongodb://newscrawl:***@127.0.0.1:1/" in errors[0]
    assert "hunter2" not in output
    assert "Traceback" not in output
    # nothing was fetched: the crawl stopped before discovery
    assert result.stats.get("downloader/request_count", 0) == 0


def test_fixtures_serve_refuses_a_missing_root(tmp_path: Path) -> None:
    """A missing --root would answer 404 to everything: refused, naming the path."""
    missing = tmp_path / "no-such-sites"
    result = subprocess.run(
        [sys.executable, "-m", "newscrawl.cli", "fixtures", "serve", "--root", str(missing)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr == f"newscrawl fixtures serve: --root {missing}: no such directory\n"
