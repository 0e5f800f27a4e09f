from __future__ import annotations

from datetime import UTC, datetime, timedelta

from newscrawl.discovery.recrawl import StoredState, decide
from newscrawl.items import ListingHint

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
WINDOW = timedelta(hours=48)
URL = "https://en.orda.kz/x-3114/"


def stored(published: datetime | None, **listed: str) -> StoredState:
    return StoredState(URL, published, dict(listed), etag='"abc"', last_modified=None)


def test_new_url_is_fetched_without_validators() -> None:
    decision = decide(
        [ListingHint("sitemap", URL, "2026-11-01")], None, now=NOW, edit_window=WINDOW
    )
    assert (decision.action, decision.reason, decision.headers) == ("fetch", "new", {})


def test_unchanged_old_article_is_skipped() -> None:
    state = stored(NOW - timedelta(days=30), sitemap="2026-10-29T10:00:00+05:00")
    hints = [ListingHint("sitemap", URL, "2026-10-29T10:00:00+05:00")]
    assert decide(hints, state, now=NOW, edit_window=WINDOW).action == "skip"


def test_changed_lastmod_is_refetched_conditionally() -> None:
    state = stored(NOW - timedelta(days=30), sitemap="2026-10-29T10:00:00+05:00")
    hints = [ListingHint("sitemap", URL, "2026-11-27T09:00:00+05:00")]
    decision = decide(hints, state, now=NOW, edit_window=WINDOW)
    assert (decision.action, decision.reason) == ("fetch", "changed")
    assert decision.headers == {"If-None-Match": '"abc"'}


def test_young_article_is_refetched_even_when_listing_is_unchanged() -> None:
    state = stored(NOW - timedelta(hours=5), feed="Fri, 28 Nov 2026 02:00:00 +0000")
    hints = [ListingHint("feed", URL, "Fri, 28 Nov 2026 02:00:00 +0000")]
    decision = decide(hints, state, now=NOW, edit_window=WINDOW)
    assert (decision.action, decision.reason) == ("fetch", "recent")


def test_undated_listing_of_an_old_article_is_skipped() -> None:
    state = stored(NOW - timedelta(days=300))
    decision = decide([ListingHint("sitemap", URL, None)], state, now=NOW, edit_window=WINDOW)
    assert decision.action == "skip"


def test_forced_recrawl_fetches_with_validators() -> None:
    state = stored(NOW - timedelta(days=300))
    decision = decide([], state, now=NOW, edit_window=WINDOW, force=True)
    assert (decision.action, decision.reason) == ("fetch", "forced")
    assert "If-None-Match" in decision.headers
