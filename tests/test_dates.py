"""Tests for newscrawl.normalize.dates.

Expected values are worked out by hand. Kazakhstan wall-clock time is UTC+6 before
2024-03-01 00:00 local and UTC+5 from then on, so UTC = local - 6h or local - 5h.
"""

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newscrawl.normalize.dates import KZ_TZ, ParsedDate, parse_date, parse_date_details

# 2026-03-10 17:00 local (+5).
NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
# 2026-03-10 00:30 local: the UTC date (9 March) differs from the local date (10 March).
JUST_AFTER_LOCAL_MIDNIGHT = datetime(2026, 3, 9, 19, 30, tzinfo=UTC)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def check(
    text: str, expected: datetime | None, *, language: str | None = None, now: datetime = NOW
) -> None:
    assert parse_date(text, language=language, now=now) == expected


# --- Russian -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Genitive, as on tengrinews.kz: 13:53 local (+5) = 08:53Z.
        ("01 апреля 2024, 13:53", utc(2024, 4, 1, 8, 53)),
        # Nominative with a page offset label; no time: the day as written, 00:00 UTC.
        ("20 Сентябрь 2025 | GMT +5", utc(2025, 9, 20)),
        ("12 апреля 2024 года в 13:53", utc(2024, 4, 12, 8, 53)),
        ("12 апреля 2024 г., 13:53", utc(2024, 4, 12, 8, 53)),
        ("Понедельник, 01 апреля 2024, 13:53", utc(2024, 4, 1, 8, 53)),
        ("01 АПРЕЛЯ 2024, 13:53", utc(2024, 4, 1, 8, 53)),
        ("\n   01 апреля 2024,\n   13:53\n", utc(2024, 4, 1, 8, 53)),
        ("01\xa0апреля\xa02024,\xa013:53", utc(2024, 4, 1, 8, 53)),
        # A label in front and an update date behind are not part of the publication date.
        ("Опубликовано: 01 апреля 2024, 13:53", utc(2024, 4, 1, 8, 53)),
        ("Опубликовано 01.04.2024 13:53 Обновлено 02.04.2024 10:00", utc(2024, 4, 1, 8, 53)),
    ],
)
def test_russian_absolute(text: str, expected: datetime) -> None:
    check(text, expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A date without a time keeps its calendar day (00:00 UTC), whatever the offset.
        ("5 янв. 2024", utc(2024, 1, 5)),
        ("5 янв 2024", utc(2024, 1, 5)),
        ("12 февр. 2025, 10:00", utc(2025, 2, 12, 5, 0)),
        ("12 сент 2025, 10:00", utc(2025, 9, 12, 5, 0)),
        ("12 сент. 2025, 10:00", utc(2025, 9, 12, 5, 0)),
        ("3 нояб. 2025 10:00", utc(2025, 11, 3, 5, 0)),
    ],
)
def test_russian_abbreviated_months(text: str, expected: datetime) -> None:
    check(text, expected)


@pytest.mark.parametrize(
    ("month", "genitive", "nominative"),
    [
        (1, "января", "Январь"),
        (2, "февраля", "Февраль"),
        (3, "марта", "Март"),
        (4, "апреля", "Апрель"),
        (5, "мая", "Май"),
        (6, "июня", "Июнь"),
        (7, "июля", "Июль"),
        (8, "августа", "Август"),
        (9, "сентября", "Сентябрь"),
        (10, "октября", "Октябрь"),
        (11, "ноября", "Ноябрь"),
        (12, "декабря", "Декабрь"),
    ],
)
def test_russian_every_month(month: int, genitive: str, nominative: str) -> None:
    # 12:00 local in 2025 (+5) = 07:00Z.
    check(f"15 {genitive} 2025, 12:00", utc(2025, month, 15, 7, 0))
    check(f"15 {nominative} 2025 | 12:00", utc(2025, month, 15, 7, 0))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # NOW is 2026-03-10 17:00 local.
        ("Сегодня, 13:56", utc(2026, 3, 10, 8, 56)),
        ("Сегодня | 13:56", utc(2026, 3, 10, 8, 56)),
        ("сегодня в 13:56", utc(2026, 3, 10, 8, 56)),
        ("Вчера, 06:20", utc(2026, 3, 9, 1, 20)),
        ("Позавчера, 06:20", utc(2026, 3, 8, 1, 20)),
        # No time: that local day, stored as 00:00 UTC of it (precision "day").
        ("Сегодня", utc(2026, 3, 10)),
        ("Вчера", utc(2026, 3, 9)),
    ],
)
def test_russian_today_yesterday(text: str, expected: datetime) -> None:
    check(text, expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # NOW is 12:00Z; "ago" forms are NOW minus the span.
        ("только что", NOW),
        ("Только что", NOW),
        ("минуту назад", utc(2026, 3, 10, 11, 59)),
        ("1 минуту назад", utc(2026, 3, 10, 11, 59)),
        ("2 минуты назад", utc(2026, 3, 10, 11, 58)),
        ("5 минут назад", utc(2026, 3, 10, 11, 55)),
        ("5 мин. назад", utc(2026, 3, 10, 11, 55)),
        ("полчаса назад", utc(2026, 3, 10, 11, 30)),
        ("час назад", utc(2026, 3, 10, 11, 0)),
        ("1 час назад", utc(2026, 3, 10, 11, 0)),
        ("2 часа назад", utc(2026, 3, 10, 10, 0)),
        ("5 часов назад", utc(2026, 3, 10, 7, 0)),
        ("5ч назад", utc(2026, 3, 10, 7, 0)),
        ("две минуты назад", utc(2026, 3, 10, 11, 58)),
        ("1 день назад", utc(2026, 3, 9)),
        ("2 дня назад", utc(2026, 3, 8)),
        ("5 дней назад", utc(2026, 3, 5)),
        ("неделю назад", utc(2026, 3, 3)),
    ],
)
def test_russian_ago(text: str, expected: datetime) -> None:
    check(text, expected)


# --- Kazakh --------------------------------------------------------------------------------------

KK_MONTHS = [
    (1, "қаңтар", "qańtar"),
    (2, "ақпан", "aqpan"),
    (3, "наурыз", "naýryz"),
    (4, "сәуір", "sáýir"),
    (5, "мамыр", "mamyr"),
    (6, "маусым", "maýsym"),
    (7, "шілде", "shilde"),
    (8, "тамыз", "tamyz"),
    (9, "қыркүйек", "qyrkúıek"),
    (10, "қазан", "qazan"),
    (11, "қараша", "qarasha"),
    (12, "желтоқсан", "jeltoqsan"),
]


@pytest.mark.parametrize(("month", "cyrillic", "latin"), KK_MONTHS)
def test_kazakh_every_month(month: int, cyrillic: str, latin: str) -> None:
    # 12:00 local in 2025 (+5) = 07:00Z.
    expected = utc(2025, month, 15, 7, 0)
    check(f"15 {cyrillic} 2025, 12:00", expected)
    check(f"15 {cyrillic.upper()} 2025, 12:00", expected)
    check(f"15 {latin} 2025, 12:00", expected)
    check(f"15 {latin.capitalize()} 2025 j., 12:00", expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 2012 is +6: 13:00 local = 07:00Z.
        ("24 қараша 2012, 13:00", utc(2012, 11, 24, 7, 0)),
        # Year-first Kazakh order, locative month; no time: the day as written, 00:00 UTC.
        ("2024 жылғы 24 қарашада", utc(2024, 11, 24)),
        ("2024 ж. 24 қараша", utc(2024, 11, 24)),
        ("24 қараша 2024 ж.", utc(2024, 11, 24)),
        ("1 қыркүйекте 2024 жылы", utc(2024, 9, 1)),
        ("1-қыркүйек 2024", utc(2024, 9, 1)),
        ("Дүйсенбі, 12 мамыр 2025", utc(2025, 5, 12)),
        # Typed without a Kazakh layout: Russian look-alikes, Latin i for і.
        ("15 кантар 2025, 12:00", utc(2025, 1, 15, 7, 0)),
        ("5 сәуiр 2025, 12:00", utc(2025, 4, 5, 7, 0)),
        # The 2021 Latin alphabet and ASCII transliteration.
        ("15 qañtar 2025, 12:00", utc(2025, 1, 15, 7, 0)),
        ("5 sauir 2025, 12:00", utc(2025, 4, 5, 7, 0)),
        ("5 qyrkuiek 2025, 12:00", utc(2025, 9, 5, 7, 0)),
    ],
)
def test_kazakh_absolute(text: str, expected: datetime) -> None:
    check(text, expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # NOW is 2026-03-10 17:00 local (+5).
        ("Бүгін, 10:15", utc(2026, 3, 10, 5, 15)),
        ("бүгiн 10:15", utc(2026, 3, 10, 5, 15)),
        ("Кеше, 09:00", utc(2026, 3, 9, 4, 0)),
        ("Кеше", utc(2026, 3, 9)),
        ("Búgin, 10:15", utc(2026, 3, 10, 5, 15)),
        ("keshe, 09:00", utc(2026, 3, 9, 4, 0)),
        ("10 минут бұрын", utc(2026, 3, 10, 11, 50)),
        ("3 сағат бұрын", utc(2026, 3, 10, 9, 0)),
        ("2 күн бұрын", utc(2026, 3, 8)),
        ("bir saǵat buryn", utc(2026, 3, 10, 11, 0)),
        ("жаңа ғана", NOW),
    ],
)
def test_kazakh_relative(text: str, expected: datetime) -> None:
    check(text, expected)


# --- English -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # en.tengrinews style; the GMT +6 label is ignored and April 2024 is +5: 09:38 - 5h.
        ("09:38, 12 April 2024 | GMT +6", utc(2024, 4, 12, 4, 38)),
        ("12 April 2024", utc(2024, 4, 12)),
        ("April 12, 2024 10:00", utc(2024, 4, 12, 5, 0)),
        ("April 12th, 2024", utc(2024, 4, 12)),
        ("Apr 12, 2024 at 10:00 PM", utc(2024, 4, 12, 17, 0)),
        ("Thursday, 12 September 2024", utc(2024, 9, 12)),
        ("12 Sept 2024, 10:00", utc(2024, 9, 12, 5, 0)),
    ],
)
def test_english_absolute(text: str, expected: datetime) -> None:
    check(text, expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Today, 10:00", utc(2026, 3, 10, 5, 0)),
        ("Yesterday", utc(2026, 3, 9)),
        ("Yesterday at 23:15", utc(2026, 3, 9, 18, 15)),
        # 12-hour clock: 21:15 local = 16:15Z; 12:30 am is 00:30 local = 19:30Z the day before.
        ("Yesterday at 9:15 PM", utc(2026, 3, 9, 16, 15)),
        ("Today, 12:30 a.m.", utc(2026, 3, 9, 19, 30)),
        ("Today, 12:30 pm", utc(2026, 3, 10, 7, 30)),
        ("5 hours ago", utc(2026, 3, 10, 7, 0)),
        ("an hour ago", utc(2026, 3, 10, 11, 0)),
        ("a minute ago", utc(2026, 3, 10, 11, 59)),
        ("15 mins ago", utc(2026, 3, 10, 11, 45)),
        ("2 days ago", utc(2026, 3, 8)),
        ("2 weeks ago", utc(2026, 2, 24)),
        ("just now", NOW),
    ],
)
def test_english_relative(text: str, expected: datetime) -> None:
    check(text, expected)


# --- Numeric -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15.10.2025, 19:43", utc(2025, 10, 15, 14, 43)),
        # Day first: 5 March, not 3 May. 05:59 local (+5) = 00:59Z.
        ("5.03.2026 05:59", utc(2026, 3, 5, 0, 59)),
        ("05.03.2026, 05:59", utc(2026, 3, 5, 0, 59)),
        ("2025-10-15 19:43", utc(2025, 10, 15, 14, 43)),
        # Year first keeps month second (dateutil's dayfirst alone would read 10 May).
        ("2025/10/05", utc(2025, 10, 5)),
        ("2025.10.05 10:00", utc(2025, 10, 5, 5, 0)),
        ("20.09.25 10:00", utc(2025, 9, 20, 5, 0)),
        ("13:53 / 01.04.2024", utc(2024, 4, 1, 8, 53)),
        ("03.09.2024 ж.", utc(2024, 9, 3)),
    ],
)
def test_numeric(text: str, expected: datetime) -> None:
    check(text, expected)


def test_language_hint_makes_english_slash_dates_month_first() -> None:
    # Day first by default: 5 March 2024 00:00 local (+5) = 4 March 19:00Z.
    check("05/03/2024", utc(2024, 3, 5))
    check("05/03/2024", utc(2024, 3, 5), language="ru")
    # US order with the English hint: 3 May.
    check("05/03/2024", utc(2024, 5, 3), language="en")
    # Unambiguous either way.
    check("25/03/2024", utc(2024, 3, 25), language="en")
    check("05/03/2024", utc(2024, 5, 3), language="en-US")
    # Dotted dates stay day first even in English.
    check("05.03.2024", utc(2024, 3, 5), language="en")


def test_language_hint_is_optional_and_unknown_hints_are_ignored() -> None:
    for language in (None, "ru", "kk", "en", "uz"):
        check("24 қараша 2012, 13:00", utc(2012, 11, 24, 7, 0), language=language)
        check("Вчера, 06:20", utc(2026, 3, 9, 1, 20), language=language)


# --- Metadata: ISO 8601, W3C, RFC 822 ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected", "zone_source"),
    [
        ("2024-09-03T10:15:00+05:00", utc(2024, 9, 3, 5, 15), "declared"),
        ("2024-09-03T10:15:00Z", utc(2024, 9, 3, 10, 15), "declared"),
        ("2024-09-03t10:15:00z", utc(2024, 9, 3, 10, 15), "declared"),
        (
            "2024-09-03T10:15:00.123+05:00",
            utc(2024, 9, 3, 5, 15) + timedelta(milliseconds=123),
            "declared",
        ),
        # An explicit offset is honoured even where it is stale (+06:00 after March 2024).
        ("2024-09-03T10:15:00+06:00", utc(2024, 9, 3, 4, 15), "declared"),
        ("2024-09-03 10:15:00 +05:00", utc(2024, 9, 3, 5, 15), "declared"),
        ("Tue, 03 Sep 2024 09:12:00 +0000", utc(2024, 9, 3, 9, 12), "declared"),
        ("Tue, 03 Sep 2024 09:12:00 GMT", utc(2024, 9, 3, 9, 12), "declared"),
        ("Tue, 03 Sep 2024 15:12:00 +0600", utc(2024, 9, 3, 9, 12), "declared"),
        # No offset: Kazakhstan time. Date only: the calendar day, 00:00 UTC.
        ("2024-09-03", utc(2024, 9, 3), "assumed"),
        ("2024-09-03T10:15:00", utc(2024, 9, 3, 5, 15), "assumed"),
        # Before March 2024: +6.
        ("2023-12-31T23:30:00", utc(2023, 12, 31, 17, 30), "assumed"),
    ],
)
def test_metadata_formats(text: str, expected: datetime, zone_source: str) -> None:
    details = parse_date_details(text, now=NOW)
    assert details is not None
    assert details.value == expected
    assert details.zone_source == zone_source


# --- The March 2024 change from +6 to +5 ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Last hour of +6 (this wall-clock hour occurred twice; the first occurrence is used).
        ("29 февраля 2024, 23:30", utc(2024, 2, 29, 17, 30)),
        ("29.02.2024 22:59", utc(2024, 2, 29, 16, 59)),
        # First minutes of +5: 00:30 local on 1 March = 19:30Z on 29 February.
        ("01 марта 2024, 00:30", utc(2024, 2, 29, 19, 30)),
        ("2024-03-01 00:30", utc(2024, 2, 29, 19, 30)),
        ("1 наурыз 2024, 00:30", utc(2024, 2, 29, 19, 30)),
    ],
)
def test_zone_change_boundary(text: str, expected: datetime) -> None:
    check(text, expected)


@pytest.mark.parametrize(
    "text",
    [
        "20 Сентябрь 2025, 10:00 | GMT +6",
        "20 Сентябрь 2025, 10:00 | GMT+6",
        "20 Сентябрь 2025, 10:00 (UTC+6)",
        "20 Сентябрь 2025, 10:00 GMT +06:00",
        "10:00, 20 September 2025 | GMT –6",
    ],
)
def test_stale_page_offset_label_is_ignored(text: str) -> None:
    # The label says +6 but Kazakhstan has been +5 since March 2024: 10:00 - 5h, not - 6h.
    details = parse_date_details(text, now=NOW)
    assert details is not None
    assert details.value == utc(2025, 9, 20, 5, 0)
    assert details.zone_source == "assumed"


def test_page_offset_label_before_the_change_gives_the_same_answer() -> None:
    # January 2024 was +6, which the zone rule knows without the label.
    check("12 января 2024, 10:00 | GMT +6", utc(2024, 1, 12, 4, 0))


# --- Relative forms against `now` ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # now = 2026-03-10 00:30 local, still 9 March in UTC. Days are counted in local time.
        ("Сегодня, 00:10", utc(2026, 3, 9, 19, 10)),
        ("Сегодня", utc(2026, 3, 10)),
        ("Вчера, 23:50", utc(2026, 3, 9, 18, 50)),
        # Local yesterday is 9 March: 06:20 - 5h. (Counting from the UTC date would give 8 March.)
        ("Вчера, 06:20", utc(2026, 3, 9, 1, 20)),
        ("Кеше, 06:20", utc(2026, 3, 9, 1, 20)),
        ("Yesterday, 06:20", utc(2026, 3, 9, 1, 20)),
        ("20 минут назад", utc(2026, 3, 9, 19, 10)),
    ],
)
def test_relative_just_after_local_midnight(text: str, expected: datetime) -> None:
    check(text, expected, now=JUST_AFTER_LOCAL_MIDNIGHT)


def test_relative_day_resolves_across_the_zone_change() -> None:
    # now = 2024-03-01 17:00 local (+5); yesterday is 29 February, still +6: 10:00 - 6h.
    check("Вчера, 10:00", utc(2024, 2, 29, 4, 0), now=utc(2024, 3, 1, 12, 0))
    check("Сегодня, 10:00", utc(2024, 3, 1, 5, 0), now=utc(2024, 3, 1, 12, 0))


def test_same_item_read_on_consecutive_days() -> None:
    # "Сегодня, 06:20" fetched one day and "Вчера, 06:20" the next are the same instant.
    first = parse_date("Сегодня, 06:20", now=utc(2025, 6, 1, 10, 0))
    second = parse_date("Вчера, 06:20", now=utc(2025, 6, 2, 10, 0))
    assert first == second == utc(2025, 6, 1, 1, 20)


def test_now_may_be_naive_utc_or_aware_in_any_zone() -> None:
    naive = datetime(2026, 3, 10, 12, 0)
    local = datetime(2026, 3, 10, 17, 0, tzinfo=KZ_TZ)
    other = datetime(2026, 3, 10, 14, 0, tzinfo=timezone(timedelta(hours=2)))
    for now in (naive, local, other):
        assert parse_date("Вчера, 06:20", now=now) == utc(2026, 3, 9, 1, 20)
        assert parse_date("5 минут назад", now=now) == utc(2026, 3, 10, 11, 55)


@pytest.mark.parametrize(
    "now",
    [
        datetime.min,
        datetime.max,
        datetime.min.replace(tzinfo=timezone(timedelta(hours=5))),
        datetime.max.replace(tzinfo=timezone(timedelta(hours=-11))),
    ],
)
def test_now_at_the_edge_of_the_datetime_range_does_not_raise(now: datetime) -> None:
    for text in ("Вчера, 06:20", "5 лет назад", "12 апреля, 10:00", "2024-09-03", "только что"):
        parse_date(text, now=now)


def test_now_defaults_to_the_current_time() -> None:
    before = datetime.now(UTC).replace(microsecond=0)
    value = parse_date("только что")
    assert value is not None
    assert before <= value <= datetime.now(UTC)


# --- Dates printed without a year ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "now", "expected"),
    [
        # Earlier this year: 12 Feb 2026 10:00 local (+5).
        ("12 февраля, 10:00", NOW, utc(2026, 2, 12, 5, 0)),
        # 12 April 2026 would be in the future, so 2025.
        ("12 апреля, 10:00", NOW, utc(2025, 4, 12, 5, 0)),
        # Within the one-day slack of now: kept in the current year.
        ("11 марта, 10:00", NOW, utc(2026, 3, 11, 5, 0)),
        # The latest 29 February not in the future is 2024's (+6).
        ("29 февраля", NOW, utc(2024, 2, 29)),
        # Just after New Year (local 2026-01-01 05:00): New Year's Eve is last year's.
        ("31 декабря, 23:00", utc(2026, 1, 1, 0, 0), utc(2025, 12, 31, 18, 0)),
        ("Опубликовано: 12 апреля, 10:00", NOW, utc(2025, 4, 12, 5, 0)),
        ("12 April, 10:00", NOW, utc(2025, 4, 12, 5, 0)),
    ],
)
def test_missing_year_is_taken_from_now(text: str, now: datetime, expected: datetime) -> None:
    check(text, expected, now=now)


# --- Rejections ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "hello",
        "ПОДЕЛИТЬСЯ",
        "Photo: envato",
        "1234 просмотра",
        "5 7",
        "2024",
        "10:00",
        "апрель 2024",
        "May 2024",
        "Tue",
        "31.02.2024",
        "2024-02-30",
        "2024-13-01T10:00:00Z",
        "32 апреля 2024",
        "12 апреля 99999999999",
        "99999999999999999999 апреля 2024",
        "123456789 минут назад",
        "Tue, 03 Sep 2024 09:12:00 +9900",
        "may be 5 times",
        "\x00\x01\x02",
        "\ud800",
        "1" * 5000,
        "01 апреля 2024 " * 200,
    ],
)
def test_non_dates_give_none(text: str) -> None:
    assert parse_date(text, now=NOW) is None


@pytest.mark.parametrize(
    "text",
    [
        "12 апреля 1985",
        "1989-12-31T12:00:00Z",
        "12 апреля 2030",
        # More than a day after NOW (2026-03-10 12:00Z).
        "2026-03-11T13:00:00Z",
        "12 марта 2026, 10:00",
    ],
)
def test_implausible_dates_give_none(text: str) -> None:
    assert parse_date(text, now=NOW) is None


def test_up_to_a_day_ahead_of_now_is_accepted() -> None:
    # Clock skew between site and crawler is tolerated.
    check("2026-03-11T11:00:00Z", utc(2026, 3, 11, 11, 0))


# --- Details -------------------------------------------------------------------------------------


def test_details_record_provenance() -> None:
    raw = "  Вчера, 06:20 "
    assert parse_date_details(raw, now=NOW) == ParsedDate(
        value=utc(2026, 3, 9, 1, 20),
        raw=raw,
        relative=True,
        precision="minute",
        zone_source="assumed",
        utc_offset="+05:00",
        day=date(2026, 3, 9),
    )
    assert parse_date_details("01 апреля 2024", now=NOW) == ParsedDate(
        value=utc(2024, 4, 1),
        raw="01 апреля 2024",
        relative=False,
        precision="day",
        zone_source="assumed",
        utc_offset=None,
        day=date(2024, 4, 1),
    )
    assert parse_date_details("2024-09-03T10:15:00Z", now=NOW) == ParsedDate(
        value=utc(2024, 9, 3, 10, 15),
        raw="2024-09-03T10:15:00Z",
        relative=False,
        precision="second",
        zone_source="declared",
        utc_offset="+00:00",
        day=date(2024, 9, 3),
    )
    ago = parse_date_details("5 hours ago", now=NOW)
    assert ago is not None
    assert ago.relative
    assert ago.precision == "minute"


# --- Date-only values keep their calendar day ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "day"),
    [
        # Both sides of the 2024-03-01 change (+6 before, +5 after): local midnight would be
        # 18:00Z / 19:00Z of the day before; the stored value must stay on the printed day.
        ("29 февраля 2024", date(2024, 2, 29)),
        ("01 марта 2024", date(2024, 3, 1)),
        ("29.02.2024", date(2024, 2, 29)),
        ("2024-03-01", date(2024, 3, 1)),
        ("07 апреля 2024", date(2024, 4, 7)),
        ("1 наурыз 2024", date(2024, 3, 1)),
    ],
)
def test_date_only_keeps_its_day_on_both_sides_of_the_zone_change(text: str, day: date) -> None:
    details = parse_date_details(text, now=NOW)
    assert details is not None
    assert details.precision == "day"
    assert details.day == day
    assert details.value == datetime.combine(day, datetime.min.time(), tzinfo=UTC)
    assert details.utc_offset is None


@pytest.mark.parametrize(
    ("now", "day"),
    [
        # 23:30 local on 9 March (+5) = 18:30Z: still 9 March on both clocks.
        (utc(2026, 3, 9, 18, 30), date(2026, 3, 9)),
        # 00:30 local on 10 March = 19:30Z on 9 March: the local day (10 March) counts.
        (JUST_AFTER_LOCAL_MIDNIGHT, date(2026, 3, 10)),
    ],
)
def test_bare_today_is_the_local_day_on_both_sides_of_midnight(now: datetime, day: date) -> None:
    details = parse_date_details("Сегодня", now=now)
    assert details is not None
    assert (details.precision, details.day) == ("day", day)
    assert details.value == datetime.combine(day, datetime.min.time(), tzinfo=UTC)


def test_clock_times_both_sides_of_local_midnight_keep_their_local_day() -> None:
    before = parse_date_details("09 марта 2026, 23:59", now=NOW)
    after = parse_date_details("10 марта 2026, 00:01", now=NOW)
    assert before is not None and after is not None
    assert (before.value, before.day) == (utc(2026, 3, 9, 18, 59), date(2026, 3, 9))
    # 00:01 local is 19:01Z of the day before: the instant moves, the written day does not.
    assert (after.value, after.day) == (utc(2026, 3, 9, 19, 1), date(2026, 3, 10))


def test_metadata_midnight_is_a_day_not_an_instant() -> None:
    # "2024-04-07T00:00:00+02:00" is how CMSs write a date-only field; as an instant it would
    # be 6 April in UTC.
    details = parse_date_details("2024-04-07T00:00:00+02:00", now=NOW)
    assert details is not None
    assert (details.value, details.precision) == (utc(2024, 4, 7), "day")


def test_unknown_zone_reads_the_clock_as_utc_and_says_so() -> None:
    details = parse_date_details("12 April 2024, 23:30", now=NOW, zone=None)
    assert details is not None
    assert details.value == utc(2024, 4, 12, 23, 30)
    assert (details.zone_source, details.utc_offset) == ("unknown", None)
    declared = parse_date_details("2024-04-12T23:30:00-04:00", now=NOW, zone=None)
    assert declared is not None
    assert declared.value == utc(2024, 4, 13, 3, 30)
    assert (declared.zone_source, declared.utc_offset, declared.day) == (
        "declared",
        "-04:00",
        date(2024, 4, 12),
    )


def test_precision_follows_the_text() -> None:
    for text, precision in (
        ("2024-04-12T10:15", "minute"),
        ("2024-04-12T10:15:30Z", "second"),
        ("12 апреля 2024, 10:15", "minute"),
        ("12 апреля 2024, 10:15:30", "second"),
        ("12 апреля 2024", "day"),
        ("3 дня назад", "day"),
    ):
        details = parse_date_details(text, now=NOW)
        assert details is not None, text
        assert details.precision == precision, text


def test_parse_date_is_the_value_of_the_details() -> None:
    for text in ("01 апреля 2024, 13:53", "Сегодня", "2024-09-03", "nothing"):
        details = parse_date_details(text, now=NOW)
        assert parse_date(text, now=NOW) == (None if details is None else details.value)


# --- Property ------------------------------------------------------------------------------------

_FRAGMENTS = st.sampled_from(
    [
        *"0123456789 .,:-/+|()TZ",
        *("апреля", "Сентябрь", "қараша", "қарашада", "qazan", "April", "Sep", "Tue"),
        *("Сегодня", "Вчера", "Бүгін", "Кеше", "Today", "назад", "бұрын", "ago", "минут"),
        *("часов", "hours", "GMT", "UTC", "+0000", "+05:00", "г.", "года", "жылғы", "ж."),
        *("2024", "29", "02", "99999", "0000", "\x00", "\u0301", "ı", "\ufeff", "\ud800"),
    ]
)


@settings(max_examples=500, deadline=None)
@given(
    text=st.one_of(st.text(max_size=80), st.lists(_FRAGMENTS, max_size=25).map("".join)),
    now=st.one_of(
        st.none(),
        st.datetimes(min_value=datetime(1980, 1, 1), max_value=datetime(2100, 1, 1)),
        # The whole range, edges included, with zones on either side of UTC.
        st.datetimes(),
        st.datetimes(timezones=st.sampled_from([UTC, KZ_TZ, timezone(timedelta(hours=-11))])),
    ),
    language=st.sampled_from([None, "ru", "kk", "en", "xx"]),
)
def test_never_raises_and_returns_aware_utc(
    text: str, now: datetime | None, language: str | None
) -> None:
    value = parse_date(text, language=language, now=now)
    assert value is None or (value.tzinfo is UTC and value.utcoffset() == timedelta(0))


# --- Generic sites' languages ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("31. Oktober 2023", date(2023, 10, 31)),
        ("von Jana Beispiel · 18. März 2020", date(2020, 3, 18)),
        ("Veröffentlicht am 4. 2. 2022.", date(2022, 2, 4)),
        ("Par Claire Exemple | 30 septembre 2018", date(2018, 9, 30)),
        ("Publié le 1 août 2019", date(2019, 8, 1)),
        ("Publicado el 12 de enero de 2021", date(2021, 1, 12)),
        ("Pubblicato il 7 settembre 2021", date(2021, 9, 7)),
        ("3 października 2021", date(2021, 10, 3)),
        ("12 maart 2020", date(2020, 3, 12)),
        ("2019年04月21日", date(2019, 4, 21)),
        ("2023년 11월 7일", date(2023, 11, 7)),
    ],
)
def test_european_and_east_asian_dates_keep_their_day(text: str, day: date) -> None:
    parsed = parse_date_details(text, now=NOW, zone=None)
    assert parsed is not None
    assert (parsed.day, parsed.precision) == (day, "day")


def test_east_asian_clock_time_is_read() -> None:
    parsed = parse_date_details("2019年04月21日 12時00分更新", now=NOW, zone=None)
    assert parsed is not None
    assert (parsed.value, parsed.precision) == (utc(2019, 4, 21, 12, 0), "minute")


def test_words_shared_with_month_abbreviations_make_no_date() -> None:
    # "set", "out", "ago" abbreviate months in Italian and Portuguese; in English text they
    # must not turn numbers into dates.
    assert parse_date("set 5 times out of 10 in 2020", now=NOW, zone=None) is None
    assert parse_date("5 days ago", now=NOW, zone=None) == utc(2026, 3, 5)
