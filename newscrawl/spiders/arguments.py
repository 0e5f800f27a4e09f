"""Spider arguments (``-a name=value``) checked before the engine starts.

``scrapy crawl`` and ``scrapy crawlall`` call :func:`check_spider_arguments` from their
``process_options``, so a misspelt name or a malformed value ends the command with one line
naming the argument and what it accepts (exit 2) instead of a traceback from inside the
engine. The spiders parse their arguments with the same functions, so the pre-flight check
and the crawl cannot disagree about what is valid.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, time
from typing import Any, Protocol
from urllib.parse import urlsplit

from scrapy.settings import BaseSettings
from scrapy.spiderloader import get_spider_loader

#: Arguments every news spider takes (spiders.base.NewsSpider).
COMMON_ARGUMENTS = ("editions", "since", "until", "max_articles", "mode", "max_pages", "recrawl")
MODES = ("latest", "backfill")
RECRAWL_POLICIES = ("changed", "all")


class SpiderArgumentError(ValueError):
    """A spider argument that cannot be used; the message is one line meant for the user."""


class CheckedSpider(Protocol):
    """A spider class that can check its arguments before it is instantiated."""

    @classmethod
    def check_arguments(cls, arguments: Mapping[str, str]) -> None:
        """Raise :class:`SpiderArgumentError` for the first unusable argument."""


def closest(name: str, known: Iterable[str]) -> str | None:
    """The known name ``name`` is most likely a misspelling of, if any is close."""
    matches = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return matches[0] if matches else None


def check_names(arguments: Iterable[str], known: Iterable[str], spider: str) -> None:
    """Refuse argument names the spider does not take, suggesting the closest known one.

    Names starting with ``_`` pass: schedulers such as scrapyd add ``_job`` and the like.
    """
    known = tuple(known)
    for name in arguments:
        if name.startswith("_") or name in known:
            continue
        suggestion = closest(name, known)
        hint = f"did you mean -a {suggestion}=…? " if suggestion else ""
        raise SpiderArgumentError(
            f"-a {name}: {spider} has no such argument; {hint}it takes {', '.join(known)}"
        )


def parse_day(value: str | None, argument: str) -> datetime | None:
    """A ``YYYY-MM-DD`` spider argument as the start of that day in UTC."""
    if value is None or value == "":
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise SpiderArgumentError(
            f"-a {argument}={value!r}: expected a date as YYYY-MM-DD, e.g. 2025-01-31"
        ) from None
    return datetime.combine(day, time.min, tzinfo=UTC)


def parse_count(value: str | int | None, argument: str) -> int | None:
    """A positive whole-number spider argument."""
    if value is None or value == "":
        return None
    try:
        number = int(value)
    except ValueError:
        raise SpiderArgumentError(f"-a {argument}={value!r}: expected a whole number") from None
    if number < 1:
        raise SpiderArgumentError(f"-a {argument}={value!r}: must be at least 1")
    return number


def parse_choice(value: str, argument: str, allowed: tuple[str, ...]) -> str:
    """One of ``allowed``."""
    if value not in allowed:
        raise SpiderArgumentError(
            f"-a {argument}={value!r}: expected {' or '.join(repr(a) for a in allowed)}"
        )
    return value


def parse_window(since: str | None, until: str | None) -> tuple[datetime | None, datetime | None]:
    """``since`` and ``until`` as UTC day starts, refusing a range that ends before it starts."""
    start = parse_day(since, "since")
    end = parse_day(until, "until")
    if start is not None and end is not None and start > end:
        raise SpiderArgumentError(
            f"-a since={since!r} is after -a until={until!r}: the range would be empty"
        )
    return start, end


def parse_editions(value: str | None, known: Iterable[str]) -> list[str]:
    """The edition codes of ``-a editions=ru,kk`` (all known ones when empty)."""
    known = tuple(known)
    if not value:
        return list(known)
    wanted = [code.strip() for code in value.split(",") if code.strip()]
    for code in wanted:
        if code not in known:
            raise SpiderArgumentError(
                f"-a editions={value!r}: unknown edition {code!r}; "
                f"this spider has {', '.join(known)}"
            )
    return wanted


def parse_urls(value: str | None, argument: str) -> list[str]:
    """A comma-separated list of absolute http(s) URLs."""
    urls = [part.strip() for part in (value or "").split(",") if part.strip()]
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise SpiderArgumentError(
                f"-a {argument}={url!r}: expected an absolute URL such as "
                "https://example.kz/sitemap.xml"
            )
    return urls


def check_common(arguments: Mapping[str, Any], editions: Iterable[str]) -> None:
    """Check the values of :data:`COMMON_ARGUMENTS` (names are checked separately)."""
    parse_window(arguments.get("since"), arguments.get("until"))
    parse_count(arguments.get("max_articles"), "max_articles")
    parse_count(arguments.get("max_pages"), "max_pages")
    parse_choice(arguments.get("mode", "latest"), "mode", MODES)
    parse_choice(arguments.get("recrawl", "changed"), "recrawl", RECRAWL_POLICIES)
    parse_editions(arguments.get("editions"), editions)


def check_spider_arguments(spidercls: type[Any], arguments: Mapping[str, str]) -> None:
    """Check ``-a`` arguments for ``spidercls`` when it knows how; other spiders pass."""
    check = getattr(spidercls, "check_arguments", None)
    if callable(check):
        check(arguments)


def preflight(settings: BaseSettings, spider: str, arguments: Mapping[str, str]) -> type[Any]:
    """The class of the spider named ``spider``, its ``arguments`` checked.

    Raises :class:`SpiderArgumentError` for an unknown spider (with the closest name) or an
    unusable argument; for the commands that start crawls, before any engine exists.
    """
    loader = get_spider_loader(settings)
    try:
        spidercls: type[Any] = loader.load(spider)
    except KeyError:
        known = sorted(loader.list())
        suggestion = closest(spider, known)
        hint = f"did you mean {suggestion}? " if suggestion else ""
        raise SpiderArgumentError(
            f"no spider named {spider!r}; {hint}known: {', '.join(known)}"
        ) from None
    check_spider_arguments(spidercls, arguments)
    return spidercls
