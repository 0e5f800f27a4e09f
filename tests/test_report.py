"""The crawl report: its figures against the fixture facts, and the page in real Chromium.

The data is the real crawl of en.orda.kz, orda.kz (backfill) and tengrinews.kz (backfill),
stored once per module in a real SecantusDB server. Expected numbers come from
``fixtures/expected`` (hand-written from the pages), or, where the fixtures give only a lower
bound (cited outlets), from a plain Python pass over the stored documents that shares no code
with the aggregation pipelines. The page is then opened in headless Chromium (Debian's
``chromium``, installed by the ``chromium`` fixture when missing) to prove that the charts
render offline without a JavaScript error.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import re
import shutil
import subprocess
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from pymongo.database import Database

from newscrawl.extensions.crawl_runs import CRAWL_RUNS
from newscrawl.fixtures.server import FixtureHTTPServer
from newscrawl.report import ReportData, build_html, collect
from newscrawl.report.cli import add_report_commands
from newscrawl.report.data import COVERAGE_FIELDS, coverage_from_runs
from newscrawl.store.schema import ARTICLES
from tests.conftest import (
    EXPECTED,
    MongoServer,
    crawled_database,
    load_expected,
    load_site_facts,
)

crawl = pytest.mark.crawl

BACKFILL = {"mode": "backfill"}
#: site -> (spider, arguments, the site's own outlet id)
RUNS: dict[str, tuple[str, dict[str, str], str]] = {
    "en.orda.kz": ("orda_en", {}, "orda"),
    "orda.kz": ("orda_ru", BACKFILL, "orda"),
    "tengrinews.kz": ("tengrinews_ru", BACKFILL, "tengrinews"),
}
CASES = {site: load_expected(site) for site in RUNS}
FACTS = {site: load_site_facts(site) for site in RUNS}
PAIRS = json.loads((EXPECTED / "translation_pairs.json").read_text(encoding="utf-8"))["pairs"]
#: Charts of a report on this data: per day, cited outlets, graph, coverage, translations.
CHARTS = 5
SCREENSHOT_SIZE = (1400, 3000)


# ---------------------------------------------------------------------------------------------
# The crawled database and its report, once per module
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def crawled(
    mongo_server: MongoServer,
    fixture_server: FixtureHTTPServer,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[str]:
    """The name of a database holding the crawl of the three fixture sites."""
    home = tmp_path_factory.mktemp("report-crawl")
    runs = [(spider, args) for spider, args, _ in RUNS.values()]
    with crawled_database(mongo_server, fixture_server, home, runs, prefix="test_report") as name:
        yield name


@pytest.fixture(scope="module")
def db(mongo_server: MongoServer, crawled: str) -> Iterator[Database[dict[str, Any]]]:
    client = mongo_server.client()
    yield client[crawled]
    client.close()


@pytest.fixture(scope="module")
def data(db: Database[dict[str, Any]]) -> ReportData:
    return collect(db, days=None)


@pytest.fixture(scope="module")
def report_file(data: ReportData, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("report") / "report.html"
    path.write_text(build_html(data), encoding="utf-8")
    return path


# ---------------------------------------------------------------------------------------------
# The figures
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def relative_day(db: Database[dict[str, Any]]) -> date:
    """The UTC day the crawler gave tengrinews.kz's page dated only "Вчера, 06:20".

    The fixtures expect no published_at for it (the page has no absolute date); the crawler
    resolves the relative form against the fetch time (docs/schema.md): 06:20 Kazakhstan time
    (UTC+5) the day before the fetch, so the Kazakhstan day before the fetch.
    """
    doc = db[ARTICLES].find_one({"url": FACTS["tengrinews.kz"]["relative_only"]})
    assert doc is not None
    fetched: datetime = doc["fetched_at"]
    return fetched.astimezone(ZoneInfo("Asia/Almaty")).date() - timedelta(days=1)


@crawl
def test_articles_per_site_match_the_fixtures(data: ReportData) -> None:
    totals = {s.site: s.articles for s in data.sites}
    assert totals == {site: FACTS[site]["articles"] for site in RUNS}
    assert totals["en.orda.kz"] == 16
    assert totals == {site: len(cases) for site, cases in CASES.items()}
    assert data.total_articles == sum(totals.values()) == 73
    # every article has a date: even the page dated "Вчера, 06:20" (see relative_day)
    assert {s.site: s.undated for s in data.sites} == dict.fromkeys(RUNS, 0)
    assert data.undated_articles == 0


def _expected_days(relative_day: date, since: date | None = None) -> Counter[tuple[str, date]]:
    days: Counter[tuple[str, date]] = Counter()
    for site, cases in CASES.items():
        for case in cases:
            if case["url"] == FACTS["tengrinews.kz"]["relative_only"]:
                day = relative_day
            else:
                published = case["expected"]["published_at"]
                day = datetime.fromisoformat(published).astimezone(UTC).date()
            if since is None or day >= since:
                days[site, day] += 1
    return days


@crawl
def test_articles_per_day_are_the_fixture_publication_days(
    data: ReportData, relative_day: date
) -> None:
    got = {(d.site, d.day): d.articles for d in data.per_day}
    assert got == dict(_expected_days(relative_day))
    assert data.since is None
    # both Reuters OPEC+ stories (EN translation and RU original) on 2025-05-21
    assert got[("en.orda.kz", date(2025, 5, 21))] >= 1
    assert got[("orda.kz", date(2025, 5, 21))] >= 1


@crawl
def test_days_window_counts_from_the_first_day_of_the_window(
    db: Database[dict[str, Any]], relative_day: date
) -> None:
    now = datetime(2025, 5, 21, 12, 0, tzinfo=UTC)
    window = collect(db, days=1, now=now)
    assert window.since == date(2025, 5, 21)
    assert window.generated_at == now
    got = {(d.site, d.day): d.articles for d in window.per_day}
    assert got == dict(_expected_days(relative_day, date(2025, 5, 21)))
    ten = collect(db, days=10, now=now)
    assert ten.since == date(2025, 5, 12)
    # the window narrows only the chart over time, never the totals
    assert ten.total_articles == window.total_articles == 73


def _python_citations(
    db: Database[dict[str, Any]],
) -> tuple[dict[str, tuple[int, int]], dict[tuple[str, str], int]]:
    """The documented meaning of the citation figures, computed document by document."""
    outlets: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    edges: Counter[tuple[str, str]] = Counter()
    for doc in db[ARTICLES].find({}, {"site": 1, "outlet_id": 1, "cited_sources": 1}):
        own = doc.get("outlet_id")
        roles: dict[str, set[str]] = defaultdict(set)
        for source in doc["cited_sources"]:
            outlet = source.get("outlet_id")
            if outlet and outlet != own and source["role"] in ("cited", "via"):
                roles[outlet].add(source["role"])
        for outlet, seen in roles.items():
            outlets[outlet][0 if "cited" in seen else 1] += 1
            edges[own or doc["site"], outlet] += 1
    return {k: (v[0], v[1]) for k, v in outlets.items()}, dict(edges)


@crawl
def test_most_cited_outlets(data: ReportData, db: Database[dict[str, Any]]) -> None:
    want_outlets, _ = _python_citations(db)
    assert {o.outlet_id: (o.cited, o.via) for o in data.cited_outlets} == want_outlets
    counts = [o.articles for o in data.cited_outlets]
    assert counts == sorted(counts, reverse=True)
    got = {o.outlet_id: o.articles for o in data.cited_outlets}
    # the fixtures' cited_outlets are a lower bound, and include the site's own outlet
    lower: Counter[str] = Counter()
    for site, cases in CASES.items():
        own = RUNS[site][2]
        for case in cases:
            lower.update(set(case["expected"].get("cited_outlets") or []) - {own})
    assert lower["reuters"] >= 4  # two Orda.kz stories, two Tengrinews ones
    for outlet, count in lower.items():
        assert got.get(outlet, 0) >= count, outlet
    assert data.outlet_names["reuters"] == "Reuters"


@crawl
def test_citation_graph(data: ReportData, db: Database[dict[str, Any]]) -> None:
    _, want_edges = _python_citations(db)
    got = {(e.source, e.target): e.articles for e in data.citation_edges}
    assert got == want_edges
    assert all(e.source != e.target for e in data.citation_edges)
    assert {e.source for e in data.citation_edges} == {"orda", "tengrinews"}
    lower: Counter[tuple[str, str]] = Counter()
    for site, cases in CASES.items():
        own = RUNS[site][2]
        for case in cases:
            cited = set(case["expected"].get("cited_outlets") or []) - {own}
            lower.update((own, target) for target in cited)
    assert lower["orda", "reuters"] >= 2 and lower["tengrinews", "reuters"] >= 2
    for edge, count in lower.items():
        assert got.get(edge, 0) >= count, edge


@crawl
def test_coverage_from_the_stored_articles(data: ReportData) -> None:
    rows = {row.site: row for row in data.coverage_articles}
    assert set(rows) == set(RUNS)
    for site, cases in CASES.items():
        row = rows[site]
        expected = [case["expected"] for case in cases]
        n = len(expected)
        assert row.articles == n
        assert set(row.shares) == set(COVERAGE_FIELDS)
        # title and body are required by the schema; every fixture article has a lead
        assert row.shares["title"] == row.shares["body"] == row.shares["lead"] == 1.0
        assert row.shares["language"] == 1.0
        # every article has a date (the relative one resolved at the fetch, see relative_day)
        assert row.shares["published_at"] == 1.0
        if all("authors" in e for e in expected):  # en.orda.kz's expected files do not say
            with_authors = sum(1 for e in expected if e["authors"])
            assert row.shares["authors"] == pytest.approx(with_authors / n), site
    assert rows["orda.kz"].shares["authors"] == pytest.approx(13 / 38)


@crawl
def test_coverage_from_runs_reads_whatever_the_crawls_report(data: ReportData) -> None:
    # The crawl's per-site coverage stats may or may not exist yet: when they do, they must
    # describe the crawled sites with shares from 0 to 1.
    stored = {row.site: row.shares for row in data.coverage_articles}
    for row in data.coverage_runs:
        assert row.site in RUNS
        assert row.spider == RUNS[row.site][0]
        assert all(0.0 <= share <= 1.0 for share in row.shares.values())
        # each run stored its whole site: its shares are those of the stored articles
        for name, share in row.shares.items():
            if name in stored[row.site]:
                assert share == pytest.approx(stored[row.site][name], abs=1e-4), name


@crawl
def test_translations_linked_and_unlinked(data: ReportData) -> None:
    (en,) = data.translations  # neither orda.kz nor tengrinews.kz publishes translations
    assert en.site == "en.orda.kz"
    assert en.linked + en.unlinked == en.total == 16
    # the linker favours precision: at least 70% of the known pairs, never more than exist
    assert math.ceil(0.7 * len(PAIRS)) <= en.linked <= len(PAIRS)


@crawl
def test_recent_runs(data: ReportData) -> None:
    assert data.run_count == 3
    assert [run.spider for run in data.runs] == [spider for spider, _, _ in RUNS.values()][::-1]
    for run in data.runs:
        site = next(site for site, (spider, _, _) in RUNS.items() if spider == run.spider)
        assert run.status == "ok"
        assert run.stored == FACTS[site]["articles"]
        assert run.duration is not None and run.duration > timedelta(0)
        assert run.started_at is not None and run.started_at.tzinfo is not None


def test_undated_articles_are_counted_not_charted(
    mongo_server: MongoServer, database_name: str
) -> None:
    day = datetime(2025, 3, 1, 23, 59, tzinfo=UTC)
    base = {"site": "example.kz", "title": "T", "body": "B", "cited_sources": [], "authors": []}
    client = mongo_server.client()
    try:
        db = client[database_name]
        db[ARTICLES].insert_many(
            [
                {**base, "url": "https://example.kz/1/", "published_at": day, "lead": " "},
                {**base, "url": "https://example.kz/2/", "published_at": None, "authors": ["A"]},
                {**base, "url": "https://example.kz/3/"},  # no published_at at all
            ]
        )
        data = collect(db, days=None)
        assert [(s.site, s.articles, s.undated) for s in data.sites] == [("example.kz", 3, 2)]
        assert [(d.day, d.articles) for d in data.per_day] == [(date(2025, 3, 1), 1)]
        (row,) = data.coverage_articles
        assert row.shares == {
            "title": 1.0,
            "body": 1.0,
            "published_at": pytest.approx(1 / 3),
            "language": 0.0,
            "authors": pytest.approx(1 / 3),
            "lead": 0.0,  # blank is not a lead
        }
        page = build_html(data)
        assert "2 articles without a date are not shown" in page
    finally:
        client.drop_database(database_name)
        client.close()


def test_coverage_from_runs_with_stats(mongo_server: MongoServer, database_name: str) -> None:
    # Stats reach crawl_runs through sanitize_keys: the dots of a host name become "．".
    def stats(site: str, **shares: Any) -> dict[str, Any]:
        safe = site.replace(".", "\uff0e")
        return {f"newscrawl/coverage/{safe}/{name}": value for name, value in shares.items()}

    start = datetime(2026, 11, 1, 6, 0, tzinfo=UTC)
    runs = [
        {"run_id": "old", "spider": "orda_en", "started_at": start, "status": "ok", "stats": {}},
        {
            "run_id": "first",
            "spider": "orda",
            "started_at": start + timedelta(hours=1),
            "status": "ok",
            "stats": {
                **stats("en.orda.kz", title=1.0, lead=0.5),
                **stats("kaz.orda.kz", title=1, authors=0.25),
                # not shares: a count, a flag, a deeper key, a plain counter
                **stats("en.orda.kz", articles=16, ok=True),
                "newscrawl/coverage/en\uff0eorda\uff0ekz/title/count": 0.5,
                "newscrawl/mongo/inserted": 16,
            },
        },
        {
            "run_id": "second",
            "spider": "tengrinews_ru",
            "started_at": start + timedelta(hours=2),
            "status": "failed",
            "stats": stats("tengrinews.kz", published_at=0.9),
        },
        {"run_id": "now", "spider": "orda_en", "started_at": start + timedelta(hours=3)},
    ]
    client = mongo_server.client()
    try:
        db = client[database_name]
        db[CRAWL_RUNS].insert_many(
            [{**run, "status": run.get("status", "running")} for run in runs]
        )
        rows = coverage_from_runs(db)
        assert [(r.run_id, r.site, r.shares) for r in rows] == [
            ("second", "tengrinews.kz", {"published_at": 0.9}),
            ("first", "en.orda.kz", {"title": 1.0, "lead": 0.5}),
            ("first", "kaz.orda.kz", {"title": 1.0, "authors": 0.25}),
        ]
        assert rows[0].spider == "tengrinews_ru"
        assert rows[0].started_at == start + timedelta(hours=2)
        assert [r.run_id for r in coverage_from_runs(db, runs=1)] == ["second"]

        report = collect(db, days=None)
        assert report.coverage_runs == rows
        assert report.coverage_articles == []
        assert not report.is_empty  # runs, no articles
        page = build_html(report)
        assert "Field coverage per run" in page
        label = "tengrinews.kz · tengrinews_ru 2026-11-01 08:00"  # the row of the newest run
        assert json.dumps(label) in page or label in page
        assert page.count('class="plotly-graph-div"') == 1  # the coverage heatmap alone
        assert "No articles" in page
        assert_well_formed(page)
    finally:
        client.drop_database(database_name)
        client.close()


# ---------------------------------------------------------------------------------------------
# The page
# ---------------------------------------------------------------------------------------------

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}


class _TagChecker(HTMLParser):
    """Every opened element closed in order (html.parser itself accepts anything)."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()


def assert_well_formed(page: str) -> None:
    assert page.startswith("<!DOCTYPE html>")
    checker = _TagChecker()
    checker.feed(page)
    checker.close()
    assert checker.errors == []
    assert checker.stack == []


def _markup(page: str) -> str:
    """The page without the contents of its scripts (plotly.js quotes URLs in its code)."""
    return re.sub(r"(<script[^>]*>).*?(</script>)", r"\1\2", page, flags=re.DOTALL)


@crawl
def test_page_is_self_contained(
    report_file: Path, data: ReportData, mongo_server: MongoServer
) -> None:
    page = report_file.read_text(encoding="utf-8")
    assert_well_formed(page)
    assert page.count('class="plotly-graph-div"') == CHARTS
    # plotly.js is inline, once: the first chart carries it, the others reuse it
    assert page.count("window.PlotlyConfig") == 1
    assert len(page) > 3_000_000
    markup = _markup(page)
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", markup, re.IGNORECASE)
    assert "@import" not in markup
    assert not re.search(r"<script[^>]+src\s*=", page)
    # the database by name, never by address
    assert f"Database <b>{data.database}</b>" in page
    assert mongo_server.uri not in page and "mongodb://" not in markup
    for site in RUNS:
        assert site in markup
    for title in ("Articles over time", "Most cited outlets", "Citation graph", "Translations"):
        assert title in page
    assert "Field coverage per" in page
    assert "Recent crawl runs" in page
    for spider, _, _ in RUNS.values():
        assert f"<td>{spider}</td>" in page


def test_empty_database_page(mongo_server: MongoServer, database_name: str) -> None:
    client = mongo_server.client()
    try:
        data = collect(client[database_name])
    finally:
        client.close()
    assert data.is_empty
    assert data.total_articles == 0 and data.runs == [] and data.per_day == []
    page = build_html(data)
    assert_well_formed(page)
    assert "No data" in page
    assert database_name in page
    assert "plotly-graph-div" not in page and "<script" not in page


# ---------------------------------------------------------------------------------------------
# The command
# ---------------------------------------------------------------------------------------------


def _run_cli(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="newscrawl")
    add_report_commands(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["report", *argv])
    code: int = args.func(args)
    return code


@crawl
def test_cli_writes_the_report(
    mongo_server: MongoServer, crawled: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "crawl.html"
    code = _run_cli(
        "--uri", mongo_server.uri, "--database", crawled, "--out", str(out), "--days", "0"
    )
    assert code == 0
    err = capsys.readouterr().err
    assert f"wrote {out} (73 articles from 3 sites, 3 crawl runs, database {crawled})" in err
    page = out.read_text(encoding="utf-8")
    assert page.count('class="plotly-graph-div"') == CHARTS
    assert [p.name for p in tmp_path.iterdir()] == ["crawl.html"]  # no partial file left

    # The default window: 30 days ending at the newest article, the page dated "Вчера, 06:20"
    # (resolved to the day before the crawl), which is alone in it: the page says so.
    code = _run_cli("--uri", mongo_server.uri, "--database", crawled, "--out", str(out))
    assert code == 0
    page = out.read_text(encoding="utf-8")
    client = mongo_server.client()
    try:
        doc = client[crawled][ARTICLES].find_one({"url": FACTS["tengrinews.kz"]["relative_only"]})
    finally:
        client.close()
    assert doc is not None
    newest = doc["published_at"].astimezone(UTC).date()
    since = newest - timedelta(days=29)
    # "Вчера" is the day before in Almaty: from 18:00 UTC on, that is today's UTC day, and a
    # window ending today is open ("since"), not closed at the newest day.
    if newest < datetime.now(UTC).date():
        assert f"published {since.isoformat()} to {newest.isoformat()} (UTC days)" in page
    else:
        assert f"published since {since.isoformat()} (UTC days)" in page
    assert "72 of 73 articles were published outside this window" in page
    assert page.count('class="plotly-graph-div"') == CHARTS

    # --site and --since/--until narrow every figure; the chart spans exactly that window.
    code = _run_cli(
        "--uri", mongo_server.uri, "--database", crawled, "--out", str(out),
        "--site", "en.orda.kz", "--since", "2024-02-01", "--until", "2024-02-29",
    )  # fmt: skip
    assert code == 0
    err = capsys.readouterr().err
    in_february = [
        case
        for case in CASES["en.orda.kz"]
        if case["expected"]["published_at"]
        and date(2024, 2, 1)
        <= datetime.fromisoformat(case["expected"]["published_at"]).astimezone(UTC).date()
        <= date(2024, 2, 29)
    ]
    assert in_february
    assert f"({len(in_february)} articles from 1 sites" in err
    page = out.read_text(encoding="utf-8")
    assert "published 2024-02-01 to 2024-02-29 (UTC days)" in page
    assert "outside this window" not in page
    assert ">tengrinews.kz<" not in page


def test_cli_unreachable_database_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "report.html"
    uri = "mongodb://newscrawl:hunter2@127.0.0.1:1/"
    assert _run_cli("--uri", uri, "--out", str(out)) == 1
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("newscrawl report: ")
    assert "mongodb://newscrawl:***@127.0.0.1:1/" in lines[0]
    assert "hunter2" not in captured.err + captured.out
    assert not out.exists()


def test_cli_refuses_negative_days(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        _run_cli("--days", "-1")
    assert exit_info.value.code == 2
    assert "0 (all time) or more" in capsys.readouterr().err


# ---------------------------------------------------------------------------------------------
# The page in a real browser
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def chromium() -> str:
    """Debian's Chromium, installed with apt-get when missing.

    Never skipped: the browser checks are part of the suite, so a machine that cannot run
    them fails with what to do (CI runs as root, where the install works).
    """
    found = shutil.which("chromium")
    if found:
        return found
    if os.geteuid() != 0:
        pytest.fail(
            "chromium is not installed and installing it needs root: apt-get install chromium"
        )
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (
        ["apt-get", "update"],
        ["apt-get", "install", "-y", "--no-install-recommends", "chromium", "fonts-dejavu-core"],
    ):
        try:
            proc = subprocess.run(
                command, env=env, capture_output=True, text=True, timeout=900, check=False
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            pytest.fail(f"could not install chromium: {' '.join(command)}: {exc}")
        if proc.returncode != 0:
            last = (proc.stderr.strip().splitlines() or ["no output"])[-1]
            pytest.fail(f"could not install chromium: {' '.join(command)} failed: {last}")
    found = shutil.which("chromium")
    if not found:
        pytest.fail("apt-get installed chromium, but no chromium command is on PATH")
    return found


def run_chromium(
    chromium: str, page: Path, tmp_path: Path, *mode: str
) -> subprocess.CompletedProcess[str]:
    """Headless Chromium on ``page`` with its console on stderr; no network, no profile."""
    profile = tmp_path / f"profile-{uuid.uuid4().hex[:8]}"
    command = [
        chromium,
        "--headless",
        "--no-sandbox",  # root in a container: the sandbox cannot start
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        # Chromium's own calls home (updates, sync, field trials) are refused here anyway;
        # switched off so that they neither delay the page nor fill the log.
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        "--enable-logging=stderr",
        "--v=0",
        # let plotly's promise chains and resize handlers settle before the dump
        "--virtual-time-budget=5000",
        *mode,
        page.resolve().as_uri(),
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)


def page_errors(stderr: str) -> list[str]:
    """Console messages and uncaught errors of the page (not Chromium's own chatter)."""
    return [line for line in stderr.splitlines() if "CONSOLE" in line or "Uncaught" in line]


@crawl
def test_charts_render_in_chromium(chromium: str, report_file: Path, tmp_path: Path) -> None:
    dump = run_chromium(chromium, report_file, tmp_path, "--dump-dom")
    assert dump.returncode == 0, dump.stderr[-3000:]
    assert page_errors(dump.stderr) == []
    dom = dump.stdout
    # plotly replaced every chart div's contents with its SVG: one or more main-svg each
    assert dom.count('class="main-svg"') >= CHARTS
    for name in ("per-day", "cited-outlets", "citation-graph", "coverage", "translations"):
        chart = re.search(rf'<div id="chart-{name}".*?class="main-svg"', dom, re.DOTALL)
        assert chart is not None, name
    # the bar traces: one per site over time, cited/via, the three translation states
    assert dom.count('class="trace bars"') == len(RUNS) + 2 + 3
    assert 'class="heatmap-label"' in dom  # the coverage heatmap's cell texts
    assert dom.count('class="annotation-arrow-g"') >= 4  # the citation graph's arrows

    screenshot = tmp_path / "report.png"
    width, height = SCREENSHOT_SIZE
    shot = run_chromium(
        chromium,
        report_file,
        tmp_path,
        f"--screenshot={screenshot}",
        f"--window-size={width},{height}",
        "--hide-scrollbars",
    )
    assert shot.returncode == 0, shot.stderr[-3000:]
    assert page_errors(shot.stderr) == []
    assert screenshot.exists()
    assert screenshot.stat().st_size > 100_000  # charts in colour, not an empty white page
    png = screenshot.read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert int.from_bytes(png[16:20], "big") == width
    assert int.from_bytes(png[20:24], "big") == height
    keep = os.environ.get("NEWSCRAWL_REPORT_SCREENSHOT")
    if keep:  # to look at it: NEWSCRAWL_REPORT_SCREENSHOT=/tmp/report.png pytest -k chromium
        shutil.copyfile(screenshot, keep)


def _chart_dom(dom: str, name: str) -> str:
    """The rendered markup of one chart's div (up to the next chart or section)."""
    start = dom.index(f'<div id="chart-{name}"')
    end = dom.find("<section", start)
    return dom[start : end if end != -1 else len(dom)]


#: A bar as plotly draws it: ``M x0,y0 V y1 H x1 V y0 Z`` (horizontal bars: H first).
_BAR_PATH = re.compile(r'<path d="M([\d.]+),([\d.]+)V([\d.]+)H([\d.]+)V[\d.]+Z"')


def _bars(chart: str) -> list[tuple[float, float, float]]:
    """(x0, x1, height) of every vertical bar drawn in ``chart``."""
    return [
        (float(x0), float(x1), abs(float(y1) - float(y0)))
        for x0, y0, y1, x1 in _BAR_PATH.findall(chart)
    ]


@crawl
def test_time_chart_has_one_bar_per_day_with_data_in_chromium(
    chromium: str, db: Database[dict[str, Any]], relative_day: date, tmp_path: Path
) -> None:
    """Rendered in Chromium: the chart over September-October 2026 draws exactly one
    (stacked) bar per day the fixture pages were published on, side by side without
    overlapping, each visibly wide and tall; and no chart of the page is empty."""
    since, until = date(2026, 9, 1), date(2026, 10, 31)
    days = {day for (_, day) in _expected_days(relative_day, since) if day <= until}
    assert len(days) >= 10  # the fixtures' busiest two months
    page = tmp_path / "window.html"
    page.write_text(build_html(collect(db, since=since, until=until)), encoding="utf-8")
    dump = run_chromium(chromium, page, tmp_path, "--window-size=1400,3000", "--dump-dom")
    assert dump.returncode == 0, dump.stderr[-3000:]
    assert page_errors(dump.stderr) == []
    dom = dump.stdout

    bars = _bars(_chart_dom(dom, "per-day"))
    assert bars and all(height > 0 for _, _, height in bars)
    columns = sorted({(round(x0, 1), round(x1, 1)) for x0, x1, _ in bars})
    widths = sorted({round(x1 - x0) for x0, x1 in columns})
    print(f"\n{len(days)} days with data, {len(columns)} bars, widths {widths} px")
    assert len(columns) == len(days)  # stacked segments of one day share their column
    for (_, right), (left, _) in itertools.pairwise(columns):
        assert right < left  # a gap between neighbouring days
    assert all(x1 - x0 >= 5 for x0, x1 in columns)  # 61 days on ~1,250 px: about 16 px
    # The days in order, at even steps: the x of each bar follows its date.
    ordered = sorted(days)
    step = (columns[-1][0] - columns[0][0]) / max((ordered[-1] - ordered[0]).days, 1)
    for (x0, _), day in zip(columns, ordered, strict=True):
        assert abs(x0 - columns[0][0] - step * (day - ordered[0]).days) < 1.5
    # ticks are days, never fractions of one
    ticks = re.findall(
        r'class="xtick"[^>]*>.*?<text[^>]*>([^<]+)</text>', _chart_dom(dom, "per-day")
    )
    assert ticks and all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", t) for t in ticks), ticks

    # No chart is empty: each draws its marks.
    for name in ("cited-outlets", "translations"):
        chart = _chart_dom(dom, name)
        segments = re.findall(r'<path d="M([\d.]+),([\d.]+)V[\d.]+H([\d.]+)', chart)
        segments += re.findall(r'<path d="M([\d.]+),([\d.]+)H([\d.]+)V', chart)
        assert any(float(a) != float(c) for a, _, c in segments), name
    graph = _chart_dom(dom, "citation-graph")
    assert graph.count('class="point"') >= 3
    assert graph.count('class="annotation-arrow-g"') >= 2
    coverage = _chart_dom(dom, "coverage")
    assert re.search(r'<image[^>]+href="data:image/png', coverage)
    assert 'class="heatmap-label"' in coverage


def test_empty_page_renders_in_chromium(
    chromium: str, mongo_server: MongoServer, database_name: str, tmp_path: Path
) -> None:
    client = mongo_server.client()
    try:
        page = build_html(collect(client[database_name]))
    finally:
        client.close()
    path = tmp_path / "empty.html"
    path.write_text(page, encoding="utf-8")
    dump = run_chromium(chromium, path, tmp_path, "--dump-dom")
    assert dump.returncode == 0, dump.stderr[-3000:]
    assert page_errors(dump.stderr) == []
    assert "No data" in dump.stdout
