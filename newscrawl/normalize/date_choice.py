"""Which of a page's date candidates is its publication date, and by which rule.

Pages state dates in several places that can disagree: JSON-LD and ``<meta>`` (declared), the
visible date line (``page``), the URL (``/2024/04/07/``), and what a sitemap or feed said. The
candidates arrive most trustworthy first; :func:`choose_date` parses them in the site's zone,
infers the zone of a site without one from the page's own offsets, cross-checks the first
candidate against the URL and the visible date, and names the rule that decided, so the
stored document shows why a date won (``provenance.published_rule``).

Pure functions: no Scrapy, no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from typing import Final, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from newscrawl.items import DateSource
from newscrawl.normalize.dates import ParsedDate, ZoneSource, parse_date_details

__all__ = ["DateChoice", "Rule", "choose_date", "url_date", "url_month", "zone_named"]

Rule = Literal[
    "first",
    "placeholder",
    "url_agrees",
    "url_day",
    "local_day",
    "visible_day",
    "visible_over_declared",
    "refined",
]
"""How the winner was picked.

``first``: the most trustworthy candidate, nothing contradicted it. ``url_agrees``: the first
candidate's day was more than a day away from the date in the URL, and a later candidate had the
URL's day. ``url_day``: the winner was declared in UTC (``Z``, ``+00:00``), which says nothing
about the newsroom's calendar, and the URL's date was the day before or after: the instant is
kept and its written day is the URL's (only when a real zone, UTC-10 to UTC+13, puts the
instant on that day). ``local_day``: the same for a UTC winner whose day in the site's zone, or
in an offset another timestamp of the page declares, is another day. ``visible_day``: the same
again, with no URL date and no zone known, when the visible date line names the neighbouring
day. ``placeholder``: the first candidate was a 1 January without a clock time (a CMS default or
a year filled up to a date) and another candidate or the URL named another day; it was
skipped. ``visible_over_declared``: JSON-LD/meta and the visible
date line disagreed by more than a day, the visible date was absolute and the URL did not take
sides (neither its date nor, for URLs dated ``/2022-08/``, its month) and no second declared
candidate had the first's day; the date shown to readers won (declared dates of another
event, a re-publication or an embedded item are common). ``refined``: the winner had only a
day, and another candidate on the same day had a clock time.
"""

#: The zones news is published in run from UTC-10 (Hawaii) to UTC+13 (New Zealand's summer).
_WESTMOST: Final = timedelta(hours=-10)
_EASTMOST: Final = timedelta(hours=13)
#: Candidates looked at per page; pages with more repeat themselves.
MAX_CANDIDATES: Final = 12
_DECLARED: Final = frozenset({"json-ld", "meta"})
_URL_MONTH_RE: Final = re.compile(r"/((?:19|20)[0-9]{2})[/-]([01][0-9])(?=/)")
_URL_DATE_RE: Final = re.compile(
    r"/((?:19|20)[0-9]{2})[/-]([01]?[0-9])[/-]([0-3]?[0-9])(?=[/._-]|$)"
    r"|[/_-]((?:19|20)[0-9]{2})([01][0-9])([0-3][0-9])(?=[/._-]|$)"
)


@dataclass(frozen=True, slots=True)
class DateChoice:
    """The chosen date, the candidate's source, and the rule that chose it."""

    parsed: ParsedDate
    source: DateSource
    rule: Rule


def zone_named(name: str | None) -> tzinfo | None:
    """The zone for an IANA name (``Asia/Almaty``) or a fixed offset (``+05:00``); else None."""
    if not name:
        return None
    match = re.fullmatch(r"([+-])([0-9]{2}):?([0-9]{2})", name)
    if match:
        minutes = int(match.group(2)) * 60 + int(match.group(3))
        return timezone(timedelta(minutes=-minutes if match.group(1) == "-" else minutes))
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def url_month(url: str) -> tuple[int, int] | None:
    """The year and month of URLs dated only so far (``/2022-08/``, ``/2022/08/slug``)."""
    match = _URL_MONTH_RE.search(url.split("?", 1)[0])
    if match is None or not 1 <= int(match.group(2)) <= 12:
        return None
    return int(match.group(1)), int(match.group(2))


def _confirmed(chosen: ParsedDate, parsed: list[tuple[ParsedDate, DateSource]]) -> bool:
    # Two declarations of the same day (JSON-LD and a meta tag) outweigh one visible line,
    # which on many templates may be a teaser's or the header's date.
    return sum(1 for p, s in parsed if s in _DECLARED and p.day == chosen.day) > 1


def _month_fits(visible: date, url: str | None, declared: date) -> bool:
    # A visible date outside the month the URL names, when the declared one is inside it,
    # is another item's date (or a typo), not a correction of the declared one.
    month = url_month(url) if url else None
    if month is None:
        return True
    return (visible.year, visible.month) == month or (declared.year, declared.month) != month


def url_date(url: str) -> date | None:
    """The publication day many sites put in article URLs (``/2024/04/07/``, ``-20240407``)."""
    path = url.split("?", 1)[0].split("#", 1)[0]
    for match in _URL_DATE_RE.finditer(path):
        year, month, day = (g for g in match.groups() if g is not None)
        try:
            return date(int(year), int(month), int(day))
        except ValueError:
            continue
    return None


def choose_date(
    candidates: Sequence[tuple[str, DateSource]],
    *,
    zone: tzinfo | None,
    now: datetime | None,
    language: str | None = None,
    url: str | None = None,
) -> DateChoice | None:
    """Parse ``candidates`` (``(raw, source)``, most trustworthy first) and pick one.

    ``zone`` is the site's zone (``assumed`` for what it reads); None means unknown, in which
    case the first offset a candidate declares is used for the others (``inferred``).
    """
    parsed, local_offset = _parse_all(
        candidates[:MAX_CANDIDATES], zone=zone, now=now, language=language
    )
    if not parsed:
        return None
    from_url = url_date(url) if url else None
    rule: Rule = "first"
    kept = _without_placeholders(parsed, from_url)
    if len(kept) < len(parsed) and kept[0] != parsed[0]:
        rule = "placeholder"
    chosen, source = kept[0]
    if from_url is not None and _days_apart(chosen.day, from_url) > 1:
        agreeing = [(p, s) for p, s in kept if p.day == from_url]
        if agreeing:
            (chosen, source), rule = agreeing[0], "url_agrees"
    # A relative visible date ("Вчера") is only as good as the fetch time it was resolved
    # against (a cached copy shifts it), so it never overrules a declared one.
    visible = next(((p, s) for p, s in kept if s == "page" and not p.relative), None)
    if (
        rule in ("first", "placeholder")
        and source in _DECLARED
        and visible is not None
        and _days_apart(visible[0].day, chosen.day) > 1
        and (from_url is None or visible[0].day == from_url)
        and _month_fits(visible[0].day, url, chosen.day)
        and not _confirmed(chosen, kept)
    ):
        (chosen, source), rule = visible, "visible_over_declared"
    if chosen.utc_offset == "+00:00" and chosen.zone_source == "declared":
        chosen, rule = _local_day(
            chosen, rule, from_url=from_url, zone=zone or local_offset, visible=visible
        )
    if chosen.precision == "day":
        finer = next(
            ((p, s) for p, s in kept if p.precision != "day" and p.day == chosen.day), None
        )
        if finer is not None:
            (chosen, source), rule = finer, "refined"
    return DateChoice(chosen, source, rule)


def _local_day(
    chosen: ParsedDate,
    rule: Rule,
    *,
    from_url: date | None,
    zone: tzinfo | None,
    visible: tuple[ParsedDate, DateSource] | None,
) -> tuple[ParsedDate, Rule]:
    """The newsroom's calendar day of an instant declared in UTC (``Z``, ``+00:00``).

    UTC says which instant, not which day the page was dated: 22:04Z is the next morning in
    Vienna and 00:23Z the evening before in Ottawa. The day comes from the URL, else from the
    site's zone or an offset the page's other timestamps declare, else from the visible date
    line when it is the neighbouring day; each only when a real zone can reach it.
    """
    if from_url is not None and _days_apart(chosen.day, from_url) <= 1:
        # The URL is the newsroom's own date: it settles the day whenever a zone can reach it.
        if from_url != chosen.day and _reachable(chosen.value, from_url):
            return replace(chosen, day=from_url), "url_day"
        return chosen, rule
    if zone is not None:
        day = chosen.value.astimezone(zone).date()
        if day != chosen.day:
            return replace(chosen, day=day), "local_day"
        return chosen, rule
    if (
        visible is not None
        and visible[0] is not chosen
        and _days_apart(visible[0].day, chosen.day) == 1
        and _reachable(chosen.value, visible[0].day)
    ):
        return replace(chosen, day=visible[0].day), "visible_day"
    return chosen, rule


def _reachable(instant: datetime, day: date) -> bool:
    """Whether ``day`` is the local day of ``instant`` in some inhabited news zone."""
    earliest = (instant + _WESTMOST).date()
    latest = (instant + _EASTMOST).date()
    return earliest <= day <= latest


def _without_placeholders(
    parsed: list[tuple[ParsedDate, DateSource]], from_url: date | None
) -> list[tuple[ParsedDate, DateSource]]:
    """The candidates without 1 January placeholders that another date contradicts.

    CMS defaults and date searches produce ``YYYY-01-01`` (a year filled up to a date, an
    empty field's default). A 1 January with no clock time, or at midnight, is kept only
    when nothing else on the page or in the URL names another day.
    """

    def placeholder(p: ParsedDate) -> bool:
        if (p.day.month, p.day.day) != (1, 1):
            return False
        local = p.value.astimezone(zone_named(p.utc_offset) or UTC)
        return p.precision == "day" or local.time() == time()

    others = {p.day for p, _ in parsed if not placeholder(p)}
    if from_url is not None:
        others.add(from_url)
    if not others:
        return parsed
    kept = [(p, s) for p, s in parsed if not placeholder(p) or p.day in others]
    return kept or parsed


def _parse_all(
    candidates: Sequence[tuple[str, DateSource]],
    *,
    zone: tzinfo | None,
    now: datetime | None,
    language: str | None,
) -> tuple[list[tuple[ParsedDate, DateSource]], tzinfo | None]:
    """The parsed candidates, and the zone a site without one declares in its timestamps."""
    found: list[tuple[ParsedDate, DateSource]] = []
    for raw, source in candidates:
        details = parse_date_details(raw, language=language, now=now, zone=zone)
        if details is not None:
            found.append((details, source))
    if zone is not None:
        return found, None
    offset = next(
        (
            p.utc_offset
            for p, _ in found
            if p.zone_source == "declared" and p.utc_offset and p.utc_offset != "+00:00"
        ),
        None,
    )
    inferred = zone_named(offset)
    if inferred is None:
        # "Z" on a metadata field says more about the CMS than about the newsroom's clock.
        return found, None
    source_label: ZoneSource = "inferred"
    again: list[tuple[ParsedDate, DateSource]] = []
    for parsed, source in found:
        if parsed.zone_source == "unknown" and parsed.precision != "day":
            redone = parse_date_details(
                parsed.raw, language=language, now=now, zone=inferred, zone_source=source_label
            )
            again.append((redone or parsed, source))
        else:
            again.append((parsed, source))
    return again, inferred


def _days_apart(a: date, b: date) -> int:
    return abs((a - b).days)
