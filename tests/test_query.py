"""Reading the stored articles: every filter, both export formats, the CLI, change streams.

The data is the real crawl of the orda.kz and en.orda.kz fixture sites (both editions, so
translation links exist), stored once per module in a real SecantusDB server. Expected values
come from ``fixtures/expected`` (hand-written from the pages), never from the code under test.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from newscrawl.fixtures.server import FixtureHTTPServer
from newscrawl.store import ArticleFilter, ArticleStore, find_articles
from newscrawl.store.export import export_articles
from newscrawl.store.query import build_query
from newscrawl.store.schema import ARTICLES, ensure_articles_collection
from newscrawl.store.top import top
from tests.conftest import EXPECTED, SITES, MongoServer, load_expected, run_crawl

crawl = pytest.mark.crawl

EN = {case["url"]: case for case in load_expected("en.orda.kz")}
RU = {case["url"]: case for case in load_expected("orda.kz")}
ALL = {**EN, **RU}
PUBLISHED = {
    url: datetime.fromisoformat(case["expected"]["published_at"]) for url, case in ALL.items()
}
PAIRS = json.loads((EXPECTED / "translation_pairs.json").read_text(encoding="utf-8"))["pairs"]
TRUTH = {pair["en"]: pair["ru"] for pair in PAIRS}

REUTERS_EN = (
    "https://en.orda.kz/reuters-kazakhstan-exceeds-opec-oil-quota-for-fourth-month-in-a-row-6142/"
)
REUTERS_RU = (
    "https://orda.kz/reuters-kazahstan-chetvertyj-mesyac-podryad-prevyshaet-kvotu-opek-432071/"
)
PROCUREMENT_EN = "https://en.orda.kz/what-ordakz-found-in-the-akimats-procurement-records-5036/"
# en.orda.kz/_site.json: 9671's lead ends "..., reports ." — a source whose name is missing.
UNKNOWN_SOURCE_EN = "https://en.orda.kz/recap-what-toqayev-told-the-foreign-investors-council-9671/"

CSV_HEADER = [
    "url",
    "site",
    "language",
    "published_at",
    "title",
    "clean_title",
    "lead",
    "authors",
    "original_authors",
    "cited_outlets",
    "is_translation",
    "translation_of_url",
    "photo_credit",
    "section",
    "tags",
    "content_hash",
    "first_seen_at",
    "last_seen_at",
    "crawl_count",
]


def newest_first(urls: Iterator[str] | list[str] | dict[str, Any]) -> list[str]:
    """The documented order: published_at descending, then url."""
    return sorted(urls, key=lambda url: (-PUBLISHED[url].timestamp(), url))


def expected(field: str, value: str, cases: dict[str, Any] = ALL) -> set[str]:
    """URLs whose fixture ``expected[field]`` is ``value`` or a list containing it."""
    out = set()
    for url, case in cases.items():
        got = case["expected"].get(field)
        if got == value or (isinstance(got, list) and value in got):
            out.add(url)
    return out


def published_between(lo: datetime | None, hi: datetime | None) -> set[str]:
    return {
        url
        for url, when in PUBLISHED.items()
        if (lo is None or when >= lo) and (hi is None or when <= hi)
    }


def sitemap_locs(site: str) -> list[str]:
    text = "".join(p.read_text("utf-8") for p in sorted((SITES / site).glob("sitemap/*.xml")))
    return re.findall(r"<loc>([^<]+)</loc>", text)


# ---------------------------------------------------------------------------------------------
# The crawled database, once per module
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def crawled(orda_editions_database: str) -> str:
    """The name of a database holding the crawl of both Orda.kz fixture editions (shared with
    the other modules that only read it; the tests below that write use their own)."""
    return orda_editions_database


@pytest.fixture(scope="module")
def store(mongo_server: MongoServer, crawled: str) -> Iterator[ArticleStore]:
    with ArticleStore.connect(mongo_server.uri, crawled) as opened:
        yield opened


def urls(docs: Iterator[dict[str, Any]]) -> list[str]:
    return [doc["url"] for doc in docs]


# ---------------------------------------------------------------------------------------------
# Filters
# ---------------------------------------------------------------------------------------------


@crawl
def test_the_crawl_stored_what_the_fixtures_describe(store: ArticleStore) -> None:
    # The ground the other tests stand on: every fixture article is stored, nothing else.
    assert set(urls(store.find())) == set(ALL)
    assert store.count() == len(ALL)


@crawl
def test_everything_comes_newest_first_then_by_url(store: ArticleStore) -> None:
    docs = list(store.find())
    assert urls(iter(docs)) == newest_first(ALL)
    assert all(doc["published_at"] == PUBLISHED[doc["url"]] for doc in docs)
    assert all(doc["published_at"].tzinfo is not None for doc in docs)


@crawl
@pytest.mark.parametrize(("site", "cases"), [("en.orda.kz", EN), ("orda.kz", RU)])
def test_site(store: ArticleStore, site: str, cases: dict[str, Any]) -> None:
    assert urls(store.find(site=site)) == newest_first(cases)
    assert urls(store.find(site=site.upper())) == newest_first(cases)
    assert store.count(site=site) == len(cases)
    assert store.count(site="kaz.orda.kz") == 0


@crawl
@pytest.mark.parametrize("language", ["en", "ru"])
def test_language(store: ArticleStore, language: str) -> None:
    assert set(urls(store.find(language=language))) == expected("language", language)
    assert store.count(language="kk") == 0


@crawl
def test_since_and_until_are_inclusive_instants(store: ArticleStore) -> None:
    when = PUBLISHED[REUTERS_EN]
    second = timedelta(seconds=1)
    assert REUTERS_EN in urls(store.find(since=when))
    assert REUTERS_EN not in urls(store.find(since=when + second))
    assert REUTERS_EN in urls(store.find(until=when))
    assert REUTERS_EN not in urls(store.find(until=when - second))
    assert urls(store.find(since=when, until=when)) == [REUTERS_EN]
    for lo, hi in [(when, None), (None, when), (when - timedelta(days=2), when + second)]:
        assert set(urls(store.find(since=lo, until=hi))) == published_between(lo, hi)


@crawl
def test_time_bounds_in_another_zone_mean_the_same_instant(store: ArticleStore) -> None:
    when = PUBLISHED[REUTERS_EN]
    almaty = when.astimezone(ZoneInfo("Asia/Almaty"))
    assert almaty.utcoffset() != timedelta(0)
    assert urls(store.find(since=almaty, until=almaty)) == [REUTERS_EN]


@crawl
def test_dates_are_whole_utc_days(store: ArticleStore) -> None:
    day = PUBLISHED[REUTERS_EN].date()  # 2025-05-21: both Reuters articles, EN and RU
    start = datetime(day.year, day.month, day.day, tzinfo=UTC)
    same_day = published_between(start, start + timedelta(days=1) - timedelta(microseconds=1))
    assert {REUTERS_EN, REUTERS_RU} <= same_day
    assert set(urls(store.find(since=day, until=day))) == same_day
    # until a day includes its last hours: 3297 was published at 13:40 UTC on 2024-02-27
    late = "https://en.orda.kz/kazakhstan-switches-to-a-single-time-zone-on-march-1-3297/"
    assert PUBLISHED[late].hour >= 12
    assert late in urls(store.find(until=PUBLISHED[late].date()))
    assert late not in urls(store.find(until=PUBLISHED[late].date() - timedelta(days=1)))
    assert late in urls(store.find(since=PUBLISHED[late].date()))
    assert late not in urls(store.find(since=PUBLISHED[late].date() + timedelta(days=1)))
    until = date(2024, 12, 31)
    assert set(urls(store.find(until=until))) == published_between(
        None, datetime(2025, 1, 1, tzinfo=UTC) - timedelta(microseconds=1)
    )


@crawl
@pytest.mark.parametrize(
    "spelling", ["reuters", "Reuters", "REUTERS", "Рейтер", "агентство Reuters"]
)
def test_cites_by_id_or_any_registry_spelling(store: ArticleStore, spelling: str) -> None:
    docs = list(store.find(cites=spelling))
    # the fixtures' cited_outlets are a lower bound (see en.orda.kz/_site.json)
    assert expected("cited_outlets", "reuters") <= set(urls(iter(docs)))
    assert {REUTERS_EN, REUTERS_RU} <= set(urls(iter(docs)))
    for doc in docs:
        assert "reuters" in {c.get("outlet_id") for c in doc["cited_sources"]}
    assert urls(iter(docs)) == urls(store.find(cites="reuters"))


@crawl
def test_cites_a_weak_alias_and_another_outlet(store: ArticleStore) -> None:
    vlast = expected("cited_outlets", "vlast")
    assert len(vlast) >= 2
    assert vlast <= set(urls(store.find(cites="Власть")))
    assert vlast <= set(urls(store.find(cites="Vlast.kz")))
    assert expected("cited_outlets", "kazinform") <= set(urls(store.find(cites="Казинформ")))


@crawl
def test_cites_an_unregistered_name_case_insensitively(store: ArticleStore) -> None:
    assert UNKNOWN_SOURCE_EN in urls(store.find(cites="(UNKNOWN)"))
    assert urls(store.find(cites="No Such Agency")) == []


@crawl
@pytest.mark.parametrize(
    ("query", "byline"),
    [
        ("Madina Ospanova", "Мадина Оспанова"),
        ("Ospanova", "Мадина Оспанова"),
        ("ospanova madina", "Мадина Оспанова"),
        ("M. Ospanova", "Мадина Оспанова"),
        ("Мадина Оспанова", "Мадина Оспанова"),
        ("Timur Sadykov", "Тимур Садыков"),
        ("Lyazzat Kemelbekova", "Ляззат Кемелбекова"),
        ("Dinara Saparova", "Динара Сапарова"),
    ],
)
def test_author_across_scripts(store: ArticleStore, query: str, byline: str) -> None:
    want = expected("authors", byline, RU)
    assert want
    assert set(urls(store.find(author=query, site="orda.kz"))) == want


@crawl
def test_author_keeps_gendered_surnames_apart(store: ArticleStore) -> None:
    # "Ospanov" is another person than "Оспанова"; no orda.kz byline names an Ospanov
    assert urls(store.find(author="Ospanov")) == []
    assert urls(store.find(author="Madina Sadykova")) == []


@crawl
@pytest.mark.parametrize(
    ("query", "original"),
    [
        ("Мадина Оспанова", "Madina Ospanova"),
        ("Тимур Садыков", "Timur Sadykov"),
        ("Ляззат Кемелбекова", "Lyazzat Kemelbekova"),
        ("Айнур Каирбекова", "Ainur Kairbekova"),
        ("Ольга Логинова", "Olga Loginova"),
        ("Saparova", "Dinara Saparova"),
    ],
)
def test_original_author_across_scripts(store: ArticleStore, query: str, original: str) -> None:
    want = expected("original_authors", original)
    assert want and want <= set(EN)
    assert set(urls(store.find(original_author=query))) == want


@crawl
def test_original_author_of_a_two_author_translation(store: ArticleStore) -> None:
    assert PROCUREMENT_EN in urls(store.find(original_author="Madina Ospanova"))
    assert PROCUREMENT_EN in urls(store.find(original_author="Timur Sadykov"))
    # an author is not an original author: the RU originals carry bylines, not originals
    assert not set(urls(store.find(original_author="Madina Ospanova"))) & set(RU)


@crawl
def test_translation_of(store: ArticleStore) -> None:
    found = 0
    for en, ru in TRUTH.items():
        hits = urls(store.find(translation_of=ru))
        # the crawler links with precision over recall: a hit is always the true translation
        assert set(hits) <= {en}
        found += len(hits)
        if hits:
            doc = store.get(en)
            assert doc is not None and doc["translation_of"]["url"] == ru
            # the original's URL as an http:// link finds the same translation
            assert urls(store.find(translation_of=ru.replace("https://", "http://"))) == hits
    assert found >= 0.7 * len(TRUTH)
    assert urls(store.find(translation_of="https://orda.kz/no-such-article-1/")) == []


@crawl
def test_text_without_a_text_index_is_a_case_insensitive_phrase(store: ArticleStore) -> None:
    assert "$text" not in build_query(ArticleFilter(text="x"), text_index=False)
    cases = {
        # (phrase, a fixture article that contains it)
        "future growth project at tengiz": REUTERS_EN,  # body_contains, other case
        "OPEC+ Oil Quota": REUTERS_EN,  # title: "+" is a regex character
        "Kazakhstan's crude oil production": REUTERS_EN,  # lead prints ’, typed '
        "проекта будущего расширения": REUTERS_RU,  # body: "Проекта будущего расширения"
    }
    for phrase, url in cases.items():
        docs = list(store.find(text=phrase))
        assert url in urls(iter(docs)), phrase
        words = phrase.replace("'", "’").casefold()
        for doc in docs:
            text = " ".join(doc.get(k) or "" for k in ("title", "lead", "body")).casefold()
            assert words in " ".join(text.split()), (phrase, doc["url"])
    assert urls(store.find(text="(unknown")) == []  # escaped: no regex error
    assert urls(store.find(text="no article says this zzqx")) == []


@crawl
def test_limit(store: ArticleStore) -> None:
    assert urls(store.find(site="orda.kz", limit=5)) == newest_first(RU)[:5]
    assert store.count(site="orda.kz", limit=5) == 5
    assert store.count(limit=1000) == len(ALL)


@crawl
def test_filters_combine(store: ArticleStore) -> None:
    since, until = date(2026, 1, 1), date(2026, 9, 30)
    got = urls(store.find(language="ru", since=since, until=until))
    window = published_between(
        datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 10, 1, tzinfo=UTC) - timedelta(seconds=1)
    )
    assert got == newest_first(window & expected("language", "ru"))
    assert got
    assert urls(store.find(site="en.orda.kz", cites="reuters", since=date(2025, 5, 21))) == [
        REUTERS_EN
    ]


@crawl
def test_find_articles_takes_a_database_or_the_collection(
    mongo_server: MongoServer, crawled: str
) -> None:
    client = mongo_server.client()
    try:
        f = ArticleFilter(site="en.orda.kz", limit=3)
        by_db = urls(find_articles(client[crawled], f))
        by_collection = urls(find_articles(client[crawled][ARTICLES], f, projection=["url"]))
        assert by_db == by_collection == newest_first(EN)[:3]
    finally:
        client.close()


@crawl
def test_get_by_url_and_by_alias(store: ArticleStore) -> None:
    doc = store.get(REUTERS_EN)
    assert doc is not None and doc["url"] == REUTERS_EN
    # the sitemap lists some articles without the trailing slash the site redirects to
    listed = [loc for loc in sitemap_locs("en.orda.kz") if loc + "/" in EN]
    assert listed
    for loc in listed:
        found = store.get(loc)
        assert found is not None and found["url"] == loc + "/"
        assert loc in found["url_aliases"]
    assert store.get(REUTERS_EN.replace("https://", "http://") + "?utm_source=x") is not None
    assert store.get("https://en.orda.kz/no-such-article-1/") is None


# ---------------------------------------------------------------------------------------------
# Filters without a database
# ---------------------------------------------------------------------------------------------


def test_filter_refuses_what_it_cannot_mean() -> None:
    with pytest.raises(ValueError, match="time zone"):
        ArticleFilter(since=datetime(2024, 1, 1))
    with pytest.raises(ValueError, match="limit"):
        ArticleFilter(limit=0)
    with pytest.raises(ValueError, match="no letters"):
        ArticleFilter(author="1234")
    with pytest.raises(ValueError, match="empty"):
        ArticleFilter(site=" ")
    with pytest.raises(TypeError):
        ArticleFilter(**{"publisher": "orda"})  # type: ignore[arg-type]


def test_query_document_shapes() -> None:
    latin = build_query(ArticleFilter(author="Tokayev"), text_index=False)
    assert latin == build_query(ArticleFilter(author="Токаев"), text_index=False)
    assert latin == build_query(ArticleFilter(author="Toqayev"), text_index=False)
    assert build_query(ArticleFilter(cites="Рейтер"), text_index=False) == {
        "cited_sources.outlet_id": "reuters"
    }
    assert build_query(ArticleFilter(until=date(2024, 2, 27)), text_index=False) == {
        "published_at": {"$lt": datetime(2024, 2, 28, tzinfo=UTC)}
    }
    with_index = build_query(ArticleFilter(text='base "rate"', site="orda.kz"), text_index=True)
    assert with_index == {"site": "orda.kz", "$text": {"$search": '"base rate"'}}
    without = build_query(ArticleFilter(text="a.b"), text_index=False)
    assert set(without) == {"$or"}
    assert {next(iter(c)) for c in without["$or"]} == {"title", "lead", "body"}
    assert all(c[k]["$regex"] == r"a\.b" for c in without["$or"] for k in c)


# ---------------------------------------------------------------------------------------------
# Export
# ---------------------------------------------------------------------------------------------


@crawl
def test_export_jsonl(store: ArticleStore) -> None:
    out = io.StringIO()
    assert export_articles(store.find(site="en.orda.kz"), "jsonl", out) == len(EN)
    lines = out.getvalue().splitlines()
    assert len(lines) == len(EN)
    rows = [json.loads(line) for line in lines]
    assert [row["url"] for row in rows] == newest_first(EN)
    for row in rows:
        case = EN[row["url"]]["expected"]
        assert "_id" not in row
        assert row["published_at"] == case["published_at"]  # "2025-05-21T08:10:00Z"
        assert row["title"] == case["title"]
        assert row["original_authors"] == case["original_authors"]
        stored = store.get(row["url"])
        assert stored is not None
        assert datetime.fromisoformat(row["first_seen_at"]) == stored["first_seen_at"]
        assert row["body"] == stored["body"]
    # readable text, not \\u escapes: the leads print typographic apostrophes
    assert "’" in out.getvalue() and "\\u2019" not in out.getvalue()


@crawl
def test_export_csv(store: ArticleStore) -> None:
    out = io.StringIO(newline="")
    assert export_articles(store.find(), "csv", out) == len(ALL)
    reader = csv.DictReader(io.StringIO(out.getvalue(), newline=""))
    assert reader.fieldnames == CSV_HEADER
    rows = {row["url"]: row for row in reader}
    assert set(rows) == set(ALL)
    for url, row in rows.items():
        case = ALL[url]["expected"]
        assert row["published_at"] == case["published_at"]
        assert row["title"] == case["title"]
        assert row["lead"] == case["lead"]
        assert row["photo_credit"] == (case["photo_credit"] or "")
        assert set(case["cited_outlets"]) <= set(row["cited_outlets"].split("; "))
        assert row["original_authors"] == "; ".join(case["original_authors"])
        if "authors" in case:
            assert row["authors"] == "; ".join(case["authors"])
        assert row["site"] == ("en.orda.kz" if url in EN else "orda.kz")
        assert row["is_translation"] == ("true" if url in EN else "false")
        assert row["translation_of_url"] in {"", TRUTH.get(url)}
        assert row["crawl_count"] == "1"
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?Z", row["first_seen_at"])
    assert rows[PROCUREMENT_EN]["original_authors"] == "Madina Ospanova; Timur Sadykov"


def test_export_csv_quotes_multi_line_text_and_streams() -> None:
    tricky = {
        "_id": "ignored",
        "url": "https://example.kz/a-1/",
        "title": 'Title with "quotes", commas',
        "lead": "first line\nsecond line\r\nthird; with semicolon",
        "authors": ["A. One", "Б. Два"],
        "tags": [],
        "cited_sources": [
            {"outlet_id": "reuters", "name": "Reuters", "role": "cited"},
            {"outlet_id": None, "name": "(unknown)", "role": "cited"},
            {"outlet_id": "reuters", "name": "Reuters", "role": "via"},
        ],
        "published_at": datetime(2024, 9, 3, 10, 15, 30, 123000, tzinfo=ZoneInfo("Asia/Almaty")),
        "is_translation": False,
        "crawl_count": 3,
    }
    out = io.StringIO(newline="")
    written: list[int] = []

    def documents() -> Iterator[dict[str, Any]]:
        # each document is requested only after the previous one was written
        for i in range(3):
            written.append(out.getvalue().count("https://example.kz/"))
            yield {**tricky, "url": f"https://example.kz/a-{i}/"}

    assert export_articles(documents(), "csv", out) == 3
    assert written == [0, 1, 2]
    rows = list(csv.DictReader(io.StringIO(out.getvalue(), newline="")))
    assert len(rows) == 3
    row = rows[0]
    assert row["title"] == tricky["title"]
    assert row["lead"] == tricky["lead"]
    assert row["authors"] == "A. One; Б. Два"
    assert row["tags"] == ""
    assert row["cited_outlets"] == "reuters"
    assert row["published_at"] == "2024-09-03T05:15:30.123Z"
    assert row["is_translation"] == "false"
    assert row["crawl_count"] == "3"
    assert row["section"] == ""

    jsonl = io.StringIO()
    assert export_articles(iter([tricky]), "jsonl", jsonl) == 1
    (line,) = jsonl.getvalue().splitlines()
    data = json.loads(line)
    assert "_id" not in data
    assert data["lead"] == tricky["lead"]
    assert data["published_at"] == "2024-09-03T05:15:30.123Z"
    with pytest.raises(ValueError, match="format"):
        export_articles([], "xml", io.StringIO())  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------
# The command line
# ---------------------------------------------------------------------------------------------

NEWSCRAWL = Path(sys.executable).with_name("newscrawl")


def newscrawl(*args: str, home: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NEWSCRAWL_HOME": str(home), "COLUMNS": "100"}
    env.pop("MONGO_URI", None)
    env.pop("MONGO_DATABASE", None)
    return subprocess.run(
        [str(NEWSCRAWL), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@crawl
def test_cli_query_json(mongo_server: MongoServer, crawled: str, tmp_path: Path) -> None:
    db = ["--uri", mongo_server.uri, "--database", crawled]
    result = newscrawl("query", *db, "--json", "--site", "en.orda.kz", home=tmp_path)
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [row["url"] for row in rows] == newest_first(EN)  # no default limit with --json
    assert rows[0]["published_at"] == EN[rows[0]["url"]]["expected"]["published_at"]

    result = newscrawl(
        "query", *db, "--json", "--original-author", "Мадина Оспанова", home=tmp_path
    )
    assert result.returncode == 0, result.stderr
    got = {json.loads(line)["url"] for line in result.stdout.splitlines()}
    assert got == expected("original_authors", "Madina Ospanova")

    result = newscrawl(
        "query",
        *db,
        "--json",
        "--cites",
        "Рейтер",
        "--since",
        "2025-05-21",
        "--until",
        "2025-05-21",
        "--limit",
        "1",
        home=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert [json.loads(line)["url"] for line in result.stdout.splitlines()] == [REUTERS_EN]


@crawl
def test_cli_query_table(mongo_server: MongoServer, crawled: str, tmp_path: Path) -> None:
    db = ["--uri", mongo_server.uri, "--database", crawled]
    result = newscrawl("query", *db, "--site", "orda.kz", home=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split()[:4] == ["published", "(UTC)", "site", "lang"]
    rows, footer = lines[1:-1], lines[-1]
    assert len(rows) == 20  # the table's default limit
    assert "20 newest of 38" in footer
    assert all(len(line) <= 100 for line in lines)
    newest = RU[newest_first(RU)[0]]["expected"]
    assert rows[0].startswith(PUBLISHED[newest_first(RU)[0]].strftime("%Y-%m-%d %H:%M"))
    assert newest["title"][:20] in rows[0]

    result = newscrawl("query", *db, "--cites", "reuters", "--text", "квоту ОПЕК+", home=tmp_path)
    assert result.returncode == 0, result.stderr
    (row,) = result.stdout.splitlines()[1:]
    assert "orda.kz" in row and " ru " in row and "reuters" in row
    assert "Reuters: Казахстан" in row

    result = newscrawl("query", *db, "--author", "Nobody Atall", home=tmp_path)
    assert result.returncode == 0
    assert "no matching articles" in result.stdout


@crawl
def test_cli_export(mongo_server: MongoServer, crawled: str, tmp_path: Path) -> None:
    db = ["--uri", mongo_server.uri, "--database", crawled]
    target = tmp_path / "en.csv"
    result = newscrawl(
        "export",
        *db,
        "--format",
        "csv",
        "--out",
        str(target),
        "--site",
        "en.orda.kz",
        home=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert f"exported {len(EN)} articles" in result.stderr
    with target.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["url"] for row in rows] == newest_first(EN)
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []

    missing = tmp_path / "no-such-dir" / "x.csv"
    result = newscrawl("export", *db, "--out", str(missing), home=tmp_path)
    assert result.returncode == 1
    assert len(result.stderr.splitlines()) == 1 and "no-such-dir" in result.stderr
    assert "Traceback" not in result.stderr

    result = newscrawl("export", *db, "--language", "ru", home=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert {json.loads(line)["url"] for line in lines} == expected("language", "ru")


def test_cli_unreachable_database_is_one_line(tmp_path: Path) -> None:
    uri = "mongodb://newscrawl:hunter2@127.0.0.1:1/"
    for command in (["query"], ["export", "--format", "csv"]):
        result = newscrawl(*command, "--uri", uri, home=tmp_path, timeout=60)
        assert result.returncode == 1
        assert result.stdout == ""
        lines = result.stderr.splitlines()
        assert len(lines) == 1, lines
        assert "mongodb://newscrawl:***@127.0.0.1:1/" in lines[0]
        assert "hunter2" not in result.stderr
        assert "Traceback" not in result.stderr


def test_store_on_an_empty_database(mongo_server: MongoServer, database_name: str) -> None:
    with ArticleStore.connect(mongo_server.uri, database_name) as empty:
        assert list(empty.find(text="anything", cites="reuters")) == []
        assert empty.count() == 0
        assert empty.get("https://en.orda.kz/x-1/") is None


def test_cli_bad_arguments_exit_2(tmp_path: Path) -> None:
    result = newscrawl("query", "--since", "2024-13-01", home=tmp_path)
    assert result.returncode == 2
    assert "YYYY-MM-DD" in result.stderr
    result = newscrawl("query", "--author", "123", "--uri", "mongodb://127.0.0.1:1/", home=tmp_path)
    assert result.returncode == 2  # refused before any connection attempt
    assert "no letters" in result.stderr


# ---------------------------------------------------------------------------------------------
# Live consumers
# ---------------------------------------------------------------------------------------------


@crawl
def test_change_stream_sees_inserts_and_updates(
    mongo_server: MongoServer, crawled: str, database_name: str
) -> None:
    client = mongo_server.client()
    try:
        template = client[crawled][ARTICLES].find_one({"url": REUTERS_EN}, {"_id": 0})
        assert template is not None
        db = client[database_name]
        ensure_articles_collection(db)  # the validator too: the copy must be a valid article
        articles = db[ARTICLES]
        before = "https://en.orda.kz/copied-before-the-stream-opened-1/"
        articles.insert_one({**template, "url": before, "url_aliases": []})
        events: list[dict[str, Any]] = []
        ready = threading.Event()

        def listen() -> None:
            pipeline = [{"$match": {"operationType": {"$in": ["insert", "update"]}}}]
            with articles.watch(
                pipeline, full_document="updateLookup", max_await_time_ms=200
            ) as stream:
                ready.set()
                deadline = time.monotonic() + 30
                while len(events) < 2 and time.monotonic() < deadline:
                    event = stream.try_next()
                    if event is not None:
                        events.append(event)

        listener = threading.Thread(target=listen, daemon=True)
        listener.start()
        assert ready.wait(10)
        url = "https://en.orda.kz/copied-for-the-change-stream-1/"
        articles.delete_one({"url": before})  # not matched by the pipeline
        articles.insert_one({**template, "url": url, "url_aliases": []})
        # a re-crawl $sets every field; the event names only those whose value changed
        articles.update_one({"url": url}, {"$set": {"title": "Corrected title", "url": url}})
        listener.join(40)
        assert [e["operationType"] for e in events] == ["insert", "update"]
        assert events[0]["fullDocument"]["url"] == url
        assert events[0]["fullDocument"]["published_at"] == PUBLISHED[REUTERS_EN]
        assert events[1]["documentKey"]["_id"] == events[0]["documentKey"]["_id"]
        # updateLookup: the update event carries the whole current document
        assert events[1]["fullDocument"]["title"] == "Corrected title"
        assert events[1]["fullDocument"]["url"] == url
        assert events[1]["updateDescription"]["updatedFields"] == {"title": "Corrected title"}
    finally:
        client.drop_database(database_name)
        client.close()


@crawl
def test_change_stream_follows_a_real_crawl(
    mongo_server: MongoServer,
    fixture_server: FixtureHTTPServer,
    database_name: str,
    tmp_path: Path,
) -> None:
    client = mongo_server.client()
    try:
        articles = client[database_name][ARTICLES]
        inserted: list[str] = []
        ready, done = threading.Event(), threading.Event()

        def listen() -> None:
            pipeline = [{"$match": {"operationType": {"$in": ["insert", "update"]}}}]
            with articles.watch(
                pipeline, full_document="updateLookup", max_await_time_ms=200
            ) as stream:
                ready.set()
                deadline = time.monotonic() + 120
                while not done.is_set() and time.monotonic() < deadline:
                    event = stream.try_next()
                    if event is not None and event["operationType"] == "insert":
                        inserted.append(event["fullDocument"]["url"])
                    if len(inserted) == len(EN):
                        return

        listener = threading.Thread(target=listen, daemon=True)
        listener.start()
        assert ready.wait(10)
        result = run_crawl(
            "orda_en",
            mongo_uri=mongo_server.uri,
            database=database_name,
            router_url=fixture_server.url,
            home=tmp_path,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        listener.join(30)
        done.set()
        # the crawler's upserts of new articles arrive as inserts, one per article
        assert sorted(inserted) == sorted(EN)
    finally:
        client.drop_database(database_name)
        client.close()


# ---------------------------------------------------------------------------------------------
# --top: the aggregations, checked against a plain pass over the stored documents
# ---------------------------------------------------------------------------------------------


def _python_top_cited(docs: list[dict[str, Any]]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for doc in docs:
        cited = {
            source["outlet_id"]
            for source in doc.get("cited_sources") or []
            if source.get("role") in ("cited", "via")
            and isinstance(source.get("outlet_id"), str)
            and source["outlet_id"] != doc.get("outlet_id")
        }
        counts.update(cited)
    return counts


@crawl
def test_top_cited_sites_and_days(store: ArticleStore) -> None:
    since = date(2025, 1, 1)
    docs = list(store.find(site="en.orda.kz", since=since))
    assert docs
    got = top(store.collection, "cited", ArticleFilter(site="en.orda.kz", since=since))
    expected = _python_top_cited(docs)
    assert expected, "the fixtures cite outlets"
    assert {row.key: row.articles for row in got} == dict(expected)
    assert [row.articles for row in got] == sorted((row.articles for row in got), reverse=True)
    # Reuters is cited by the OPEC+ translation (fixtures/sites/en.orda.kz): an outlet, not orda
    assert "reuters" in {row.key for row in got}
    assert "orda" not in {row.key for row in got}

    every = list(store.find())
    sites = top(store.collection, "sites", ArticleFilter())
    assert {row.key: row.articles for row in sites} == dict(Counter(d["site"] for d in every))
    days = top(store.collection, "days", ArticleFilter(site="orda.kz", limit=3))
    by_day = Counter(
        d["published_at"].astimezone(UTC).date().isoformat()
        for d in every
        if d["site"] == "orda.kz" and d.get("published_at")
    )
    assert len(days) == min(3, len(by_day))
    assert days[0].articles == max(by_day.values())
    assert all(by_day[row.key] == row.articles for row in days)


@crawl
def test_cli_top(mongo_server: MongoServer, crawled: str, tmp_path: Path) -> None:
    db = ["--uri", mongo_server.uri, "--database", crawled]
    result = newscrawl("query", *db, "--top", "sites", home=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["site", "articles"]
    assert {line.split()[0] for line in lines[1:]} == {"en.orda.kz", "orda.kz"}
    result = newscrawl(
        "query", *db, "--top", "cited", "--site", "en.orda.kz", "--json", home=tmp_path
    )
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows and set(rows[0]) == {"outlet", "articles"}
    result = newscrawl("query", *db, "--top", "authors", home=tmp_path)
    assert result.returncode == 2


def test_export_to_a_directory_names_it(tmp_path: Path) -> None:
    result = newscrawl(
        "export", "--uri", "mongodb://127.0.0.1:1/", "--out", str(tmp_path), home=tmp_path
    )
    assert result.returncode == 2
    assert (
        result.stderr == f"newscrawl export: --out {tmp_path}: is a directory; give a file name\n"
    )
