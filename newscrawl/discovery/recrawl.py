"""Incremental recrawl policy: which discovered URLs to fetch again, and how.

Pure: takes what discovery said about a URL and what the database holds for it, returns a
decision. The spider applies it; scheduled runs then fetch only what is new, what a sitemap or
feed says has changed, and what is young enough to still be edited.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Literal

from newscrawl.items import ListingHint

Action = Literal["fetch", "skip"]
Reason = Literal["new", "changed", "recent", "forced", "unchanged", "known_non_article"]


@dataclass(frozen=True, slots=True)
class StoredState:
    """What the database holds about an article URL, as far as recrawling cares."""

    url: str
    published_at: datetime | None
    #: ``date_raw`` per discovery source ("sitemap", "feed") at the last fetch.
    listed_dates: dict[str, str] = field(default_factory=dict)
    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class RecrawlDecision:
    """Fetch or skip, why, and the conditional-request headers to send when fetching."""

    action: Action
    reason: Reason
    headers: dict[str, str] = field(default_factory=dict)


def conditional_headers(state: StoredState) -> dict[str, str]:
    """``If-None-Match`` / ``If-Modified-Since`` from the validators of the last fetch."""
    headers: dict[str, str] = {}
    if state.etag:
        headers["If-None-Match"] = state.etag
    if state.last_modified:
        headers["If-Modified-Since"] = state.last_modified
    return headers


def decide(
    hints: Sequence[ListingHint],
    stored: StoredState | None,
    *,
    now: datetime,
    edit_window: timedelta,
    force: bool = False,
    non_article_checked_at: datetime | None = None,
    non_article_recheck: timedelta = timedelta(hours=24),
) -> RecrawlDecision:
    """Decide what to do with one discovered URL.

    - not stored, but found not to be an article (a tag page, a 404) within
      ``non_article_recheck``: skip (``known_non_article``);
    - not stored: fetch (``new``);
    - forced (``-a recrawl=all``): fetch, conditionally (``forced``);
    - a sitemap ``lastmod`` or feed date differs from the one seen at the last fetch:
      fetch, conditionally (``changed``);
    - published within ``edit_window`` of ``now``: fetch, conditionally (``recent``) —
      news is corrected in its first hours and days, often without a new ``lastmod``;
    - otherwise skip (``unchanged``). A listing entry with no date at all cannot signal a
      change, so an old stored article listed that way is skipped too.
    """
    if stored is None:
        recent_check = (
            non_article_checked_at is not None
            and now - non_article_checked_at < non_article_recheck
        )
        if recent_check and not force:
            return RecrawlDecision("skip", "known_non_article")
        return RecrawlDecision("fetch", "new")
    headers = conditional_headers(stored)
    if force:
        return RecrawlDecision("fetch", "forced", headers)
    for hint in hints:
        seen = stored.listed_dates.get(hint.source)
        if hint.date_raw and seen is not None and seen != hint.date_raw:
            return RecrawlDecision("fetch", "changed", headers)
    if stored.published_at is None or now - stored.published_at <= edit_window:
        return RecrawlDecision("fetch", "recent", headers)
    return RecrawlDecision("skip", "unchanged")
