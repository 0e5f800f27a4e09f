"""Spider arguments are checked before the engine starts: one line, exit 2, no traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from newscrawl.spiders.arguments import SpiderArgumentError
from newscrawl.spiders.generic import GenericSpider
from newscrawl.spiders.orda import OrdaEnSpider, OrdaRuSpider, OrdaSpider
from newscrawl.spiders.tengrinews import TengrinewsSpider
from tests.conftest import ROOT


def scrapy(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    """The real ``scrapy`` command; the database is unreachable, which a pre-flight refusal
    never gets to notice."""
    env = {**os.environ, "NEWSCRAWL_HOME": str(home), "MONGO_URI": "mongodb://127.0.0.1:1/"}
    env.pop("HOST_ROUTER_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "scrapy", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("spider", "arguments", "says"),
    [
        ("orda_en", {"since": "yesterday"}, "-a since='yesterday': expected a date as YYYY-MM-DD"),
        ("orda_en", {"since": "2025-13-01"}, "-a since='2025-13-01': expected a date"),
        ("orda_en", {"until": "31.01.2025"}, "-a until='31.01.2025': expected a date"),
        ("orda_ru", {"mode": "fast"}, "-a mode='fast': expected 'latest' or 'backfill'"),
        ("orda_ru", {"max_articles": "abc"}, "-a max_articles='abc': expected a whole number"),
        ("orda_ru", {"max_articles": "0"}, "-a max_articles='0': must be at least 1"),
        ("orda_ru", {"max_pages": "-3"}, "-a max_pages='-3': must be at least 1"),
        ("orda_ru", {"recrawl": "some"}, "-a recrawl='some': expected 'changed' or 'all'"),
        ("orda", {"editions": "ru,de"}, "unknown edition 'de'; this spider has ru, kk, en"),
        ("orda_en", {"editions": "ru"}, "unknown edition 'ru'; this spider has en"),
        (
            "orda",
            {"edition": "ru"},
            "-a edition: orda has no such argument; did you mean -a editions",
        ),
        ("tengrinews", {"sinse": "2025-01-01"}, "did you mean -a since="),
        ("orda_en", {"sitemap": "https://x.kz/s.xml"}, "-a sitemap: orda_en has no such argument"),
        (
            "orda_en",
            {"since": "2025-02-01", "until": "2025-01-31"},
            "-a since='2025-02-01' is after -a until='2025-01-31'",
        ),
        ("generic", {}, "generic needs at least one of -a sitemap=URL"),
        ("generic", {"sitemap": "notaurl"}, "-a sitemap='notaurl': expected an absolute URL"),
        ("generic", {"urls": "https://a.kz/1,ftp://a.kz/2"}, "-a urls='ftp://a.kz/2'"),
        ("generic", {"feed": "https://a.kz/f", "mode": "backfill"}, "-a mode: generic has no"),
        ("generic", {"feed": "https://a.kz/f", "language": "Russian"}, "-a language='Russian'"),
    ],
)
def test_bad_argument_refused_with_its_name(
    spider: str, arguments: dict[str, str], says: str
) -> None:
    spidercls = {
        "orda": OrdaSpider,
        "orda_en": OrdaEnSpider,
        "orda_ru": OrdaRuSpider,
        "tengrinews": TengrinewsSpider,
        "generic": GenericSpider,
    }[spider]
    with pytest.raises(SpiderArgumentError) as caught:
        spidercls.check_arguments(arguments)
    message = str(caught.value)
    assert says in message
    assert "\n" not in message


@pytest.mark.parametrize(
    ("spidercls", "arguments"),
    [
        (OrdaSpider, {}),
        (OrdaSpider, {"editions": "ru,en", "since": "2025-01-01", "until": "2025-01-01"}),
        (OrdaEnSpider, {"mode": "backfill", "max_pages": "3", "recrawl": "all", "_job": "x"}),
        (GenericSpider, {"sitemap": "https://kursiv.media/sitemap.xml", "language": "ru"}),
    ],
)
def test_good_arguments_pass(spidercls: type[OrdaSpider], arguments: dict[str, str]) -> None:
    spidercls.check_arguments(arguments)


def test_spider_init_refuses_what_the_check_refuses() -> None:
    """The spider parses its arguments with the same functions: no second opinion."""
    with pytest.raises(SpiderArgumentError, match="after"):
        OrdaEnSpider(since="2025-02-01", until="2025-01-01")
    with pytest.raises(SpiderArgumentError, match="unknown edition 'de'"):
        OrdaSpider(editions="ru,de")


def test_crawl_prints_one_line_and_exits_2(tmp_path: Path) -> None:
    """The acceptance case: no traceback, at most three lines, non-zero exit."""
    result = scrapy("crawl", "orda_en", "-a", "since=yesterday", home=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert lines == [
        "scrapy crawl: error: -a since='yesterday': expected a date as YYYY-MM-DD, e.g. 2025-01-31"
    ]
    # Refused before anything was started or written.
    assert not (tmp_path / "db").exists()


def test_misspelt_argument_and_unknown_spider(tmp_path: Path) -> None:
    result = scrapy("crawl", "orda", "-a", "edition=ru", home=tmp_path)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "did you mean -a editions=" in result.stderr
    result = scrapy("crawl", "orda_xx", home=tmp_path)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "no spider named 'orda_xx'; did you mean orda?" in result.stderr


def test_crawlall_checks_every_spider_first(tmp_path: Path) -> None:
    result = scrapy("crawlall", "orda_en", "orda_ru", "-a", "mode=fast", home=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "scrapy crawlall: error: orda_en: -a mode='fast': expected 'latest' or 'backfill'"
    )
    assert not (tmp_path / "logs").exists()
