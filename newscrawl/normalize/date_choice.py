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
from datetime import date, datetime, timedelta, timezone, tzinfo
from typing import Final, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from newscrawl.items import DateSource
from newscrawl.normalize.dates import ParsedDate, ZoneSource, parse_date_details

__all__ = ["DateChoice", "Rule", "choose_date", "url_date", "zone_named"]

Rule = Literal["first", "url_agrees", "url_day", "visible_over_declared", "refined"]
"""How the winner was picked.

``first``: the most trustworthy candidate, nothing contradicted it. ``url_agrees``: the first
candidate's day was more than a day away from the date in the URL, and a later candidate had the
URL's day. ``url_day``: the winner was declared in UTC (``Z``, ``+00:00``), which says nothing
about the newsroom's calendar, and the URL's date was the day before or after: the instant is
kept and its written day is the URL's. ``visible_over_declared``: JSON-LD/meta and the visible
date line disagreed by more than a day, the visible date was absolute and the URL did not take
sides; the date shown to readers won (declared dates of another event, a re-publication or an
embedded item are common). ``refined``: the winner had only a day, and another candidate on
the same day had a clock time.
"""

#: Candidates looked at per page; pages with more repeat themselves.
MAX_CANDIDATES: Final = 12
_DECLARED: Final = frozenset({"json-ld", "meta"})
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
    parsed = _parse_all(candidates[:MAX_CANDIDATES], zone=zone, now=now, language=language)
    if not parsed:
        return None
    chosen, source = parsed[0]
    rule: Rule = "first"
    from_url = url_date(url) if url else None
    if from_url is not None and _days_apart(chosen.day, from_url) > 1:
        agreeing = [(p, s) for p, s in parsed if p.day == from_url]
        if agreeing:
            (chosen, source), rule = agreeing[0], "url_agrees"
    if rule == "first" and source in _DECLARED:
        # A relative visible date ("Вчера") is only as good as the fetch time it was resolved
        # against (a cached copy shifts it), so it never overrules a declared one.
        visible = next(((p, s) for p, s in parsed if s == "page" and not p.relative), None)
        if (
            visible is not None
            and _days_apart(visible[0].day, chosen.day) > 1
            and (from_url is None or visible[0].day == from_url)
        ):
            (chosen, source), rule = visible, "visible_over_declared"
    if (
        from_url is not None
        and chosen.utc_offset == "+00:00"
        and _days_apart(chosen.day, from_url) == 1
    ):
        chosen, rule = replace(chosen, day=from_url), "url_day"
    if chosen.precision == "day":
        finer = next(
            ((p, s) for p, s in parsed if p.precision != "day" and p.day == chosen.day), None
        )
        if finer is not None:
            (chosen, source), rule = finer, "refined"
    return DateChoice(chosen, source, rule)


def _parse_all(
    candidates: Sequence[tuple[str, DateSource]],
    *,
    zone: tzinfo | None,
    now: datetime | None,
    language: str | None,
) -> list[tuple[ParsedDate, DateSource]]:
    found: list[tuple[ParsedDate, DateSource]] = []
    for raw, source in candidates:
        details = parse_date_details(raw, language=language, now=now, zone=zone)
        if details is not None:
            found.append((details, source))
    if zone is not None:
        return found
    offset = next(
        (p.utc_offset for p, _ in found if p.zone_source == "declared" and p.utc_offset), None
    )
    inferred = zone_named(offset)
    if inferred is None or offset == "+00:00":
        # "Z" on a metadata field says more about the CMS than about the newsroom's clock.
        return found
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
    return again


def _days_apart(a: date, b: date) -> int:
    return abs((a - b).days)
