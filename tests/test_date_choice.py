"""Tests for newscrawl.normalize.date_choice and newscrawl.extraction.authors."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from newscrawl.extraction.authors import checked_authors, is_plausible_author, site_names
from newscrawl.normalize.date_choice import choose_date, url_date, zone_named

NOW = datetime(2026, 1, 1, tzinfo=UTC)
ALMATY = ZoneInfo("Asia/Almaty")


def test_url_dates() -> None:
    assert url_date("https://x.example/2024/04/07/some-story/") == date(2024, 4, 7)
    assert url_date("https://x.example/news/20200516/italy-borders") == date(2020, 5, 16)
    assert url_date("https://x.example/news/story-12345/") is None
    assert url_date("https://x.example/2024/13/45/bad/") is None


def test_first_candidate_stands_when_nothing_contradicts_it() -> None:
    choice = choose_date(
        [("2024-04-07T10:15:00+02:00", "json-ld"), ("7 April 2024", "page")],
        zone=None,
        now=NOW,
    )
    assert choice is not None
    assert (choice.parsed.value, choice.source, choice.rule) == (
        datetime(2024, 4, 7, 8, 15, tzinfo=UTC),
        "json-ld",
        "first",
    )


def test_url_date_settles_a_disagreement() -> None:
    choice = choose_date(
        [("2024-04-01", "json-ld"), ("2024-04-07", "page")],
        zone=None,
        now=NOW,
        url="https://x.example/2024/04/07/story/",
    )
    assert choice is not None
    assert (choice.parsed.day, choice.rule) == (date(2024, 4, 7), "url_agrees")


def test_visible_date_beats_a_declared_date_days_away() -> None:
    # JSON-LD describing another event (three days early) loses to the visible date line.
    choice = choose_date([("2024-04-04", "json-ld"), ("7 April 2024", "page")], zone=None, now=NOW)
    assert choice is not None
    assert (choice.parsed.day, choice.source, choice.rule) == (
        date(2024, 4, 7),
        "page",
        "visible_over_declared",
    )


def test_relative_visible_date_never_overrules_a_declared_one() -> None:
    choice = choose_date(
        [("2025-11-26T10:15:00+05:00", "json-ld"), ("Бүгін, 10:15", "page")],
        zone=ALMATY,
        now=datetime(2026, 11, 1, tzinfo=UTC),
    )
    assert choice is not None
    assert (choice.source, choice.rule) == ("json-ld", "first")


def test_a_day_is_refined_by_a_time_on_the_same_day() -> None:
    choice = choose_date(
        [("2024-04-07", "json-ld"), ("07 апреля 2024, 13:53", "page")], zone=ALMATY, now=NOW
    )
    assert choice is not None
    assert choice.rule == "refined"
    assert choice.parsed.value == datetime(2024, 4, 7, 8, 53, tzinfo=UTC)
    assert choice.parsed.precision == "minute"


def test_generic_zone_is_inferred_from_the_pages_own_offsets() -> None:
    choice = choose_date(
        [("12 April 2024, 23:30", "page"), ("2024-04-12T23:30:00-04:00", "meta")],
        zone=None,
        now=NOW,
    )
    assert choice is not None
    assert choice.parsed.zone_source == "inferred"
    assert choice.parsed.value == datetime(2024, 4, 13, 3, 30, tzinfo=UTC)
    assert choice.parsed.day == date(2024, 4, 12)


def test_kazakh_site_reads_offsetless_times_with_the_2024_rule() -> None:
    before = choose_date([("29 февраля 2024, 23:30", "page")], zone=ALMATY, now=NOW)
    after = choose_date([("01 марта 2024, 00:30", "page")], zone=ALMATY, now=NOW)
    day = choose_date([("01 марта 2024", "page")], zone=ALMATY, now=NOW)
    assert before is not None and after is not None and day is not None
    assert before.parsed.value == datetime(2024, 2, 29, 17, 30, tzinfo=UTC)
    assert after.parsed.value == datetime(2024, 2, 29, 19, 30, tzinfo=UTC)
    assert day.parsed.value == datetime(2024, 3, 1, tzinfo=UTC)
    assert (before.parsed.utc_offset, after.parsed.utc_offset) == ("+06:00", "+05:00")


def test_nothing_parsable_is_no_choice() -> None:
    assert choose_date([("soon", "page"), ("", "meta")], zone=None, now=NOW) is None


def test_zone_names() -> None:
    assert zone_named("Asia/Almaty") == ALMATY
    plus5 = zone_named("+05:00")
    assert plus5 is not None and plus5.utcoffset(None) is not None
    assert zone_named("Nowhere/Else") is None
    assert zone_named(None) is None


def test_author_checks() -> None:
    sites = site_names("www.jungle.world", "Jungle World")
    for bad in ("jungle.world", "Jungle World", "@NatGeoUK", "/@timoreilly", "https://x.io/a"):
        assert not is_plausible_author(bad, sites), bad
    assert not is_plausible_author("Reuters", sites)  # an outlet in the registry
    assert is_plausible_author("Mara Lind", sites)
    # A personal site named after its author does not reject the author.
    assert checked_authors(["Wolfgang Michal"], site_names("wolfgangmichal.de")) == [
        "Wolfgang Michal"
    ]
    reference_list = [f"Author {chr(65 + i)}. Name" for i in range(20)]
    assert checked_authors(reference_list, sites) == []


def test_a_utc_instant_takes_its_written_day_from_the_url() -> None:
    # 03:28Z on 9 November is the evening of 8 November in New York, as the URL says.
    choice = choose_date(
        [("2023-11-09T03:28:35Z", "json-ld")],
        zone=None,
        now=NOW,
        url="https://paper.example/2023/11/08/news/story/",
    )
    assert choice is not None
    assert choice.rule == "url_day"
    assert choice.parsed.value == datetime(2023, 11, 9, 3, 28, 35, tzinfo=UTC)
    assert choice.parsed.day == date(2023, 11, 8)
