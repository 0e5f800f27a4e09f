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


def test_a_utc_instant_far_from_midnight_keeps_its_day_against_the_url() -> None:
    # 10:04Z is the same day everywhere news is published (UTC-10 to UTC+13): the URL's
    # date of the day before is when the story was filed, not the day it ran.
    choice = choose_date(
        [("2020-07-09T10:04:04Z", "json-ld")],
        zone=None,
        now=NOW,
        url="https://paper.example/politics/story/2020/07/08/abc123_story.html",
    )
    assert choice is not None
    assert (choice.parsed.day, choice.rule) == (date(2020, 7, 9), "first")


def test_a_utc_instant_takes_the_day_of_the_offset_the_page_declares_elsewhere() -> None:
    # JSON-LD in UTC, the <meta name="date"> in the newsroom's zone: 22:04Z is 00:04 in Vienna.
    choice = choose_date(
        [("2019-10-18T22:04:00Z", "json-ld"), ("Sat, 19 Oct 2019 00:04:00 +0200", "meta")],
        zone=None,
        now=NOW,
    )
    assert choice is not None
    assert choice.rule == "local_day"
    assert choice.parsed.value == datetime(2019, 10, 18, 22, 4, tzinfo=UTC)
    assert choice.parsed.day == date(2019, 10, 19)


def test_a_utc_instant_on_a_kazakh_site_has_the_almaty_day() -> None:
    choice = choose_date([("2024-04-06T20:30:00Z", "json-ld")], zone=ALMATY, now=NOW)
    assert choice is not None
    assert (choice.parsed.day, choice.rule) == (date(2024, 4, 7), "local_day")
    assert choice.parsed.value == datetime(2024, 4, 6, 20, 30, tzinfo=UTC)


def test_a_utc_evening_takes_the_visible_next_day() -> None:
    choice = choose_date(
        [("2020-12-05T23:15:00Z", "json-ld"), ("6. Dezember 2020", "page")], zone=None, now=NOW
    )
    assert choice is not None
    assert (choice.parsed.day, choice.rule) == (date(2020, 12, 6), "visible_day")
    # 09:15Z is 5 December in every zone up to UTC+13: no zone makes it the visible 6th.
    far = choose_date(
        [("2020-12-05T09:15:00Z", "json-ld"), ("6. Dezember 2020", "page")], zone=None, now=NOW
    )
    assert far is not None
    assert (far.parsed.day, far.rule) == (date(2020, 12, 5), "first")


def test_a_first_of_january_placeholder_gives_way_to_another_date() -> None:
    choice = choose_date(
        [("2022-01-01", "page"), ("2019年04月21日 12時00分更新", "page")], zone=None, now=NOW
    )
    assert choice is not None
    assert (choice.parsed.day, choice.rule) == (date(2019, 4, 21), "placeholder")
    # Alone, or agreeing with the URL, 1 January is a real date.
    alone = choose_date([("2022-01-01", "json-ld")], zone=None, now=NOW)
    assert alone is not None and alone.parsed.day == date(2022, 1, 1)
    in_url = choose_date(
        [("2022-01-01", "json-ld"), ("2021-12-30", "page")],
        zone=None,
        now=NOW,
        url="https://x.example/2022/01/01/new-year/",
    )
    assert in_url is not None and in_url.parsed.day == date(2022, 1, 1)
