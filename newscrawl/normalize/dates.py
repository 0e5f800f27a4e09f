"""Publication dates as printed by Kazakh news sites, turned into aware UTC datetimes.

The heavy lifting is python-dateutil's parser, taught Russian, Kazakh (Cyrillic and Latin) and
English month and weekday names through a ``parserinfo`` subclass. Around it sit three thin
layers that dateutil has no notion of:

* pre-normalisation: case, Unicode spelling variants, typographic dashes, ``|`` separators and
  the ``GMT +6`` labels that sites print next to their dates;
* a regex layer for relative forms (``Вчера, 06:20``, ``5 минут назад``, ``Бүгін``);
* policy: which offset to trust, how to complete a date printed without a year, and which results
  are too implausible to keep.

Everything is compiled once at import: this runs for every scraped item.
"""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from typing import Any, Final, Literal
from zoneinfo import ZoneInfo

from dateutil.parser import parser, parserinfo
from dateutil.relativedelta import relativedelta

__all__ = [
    "KZ_TZ",
    "ParsedDate",
    "Precision",
    "ZoneSource",
    "parse_date",
    "parse_date_details",
]

KZ_TZ: Final = ZoneInfo("Asia/Almaty")
"""Kazakhstan wall-clock zone: +06:00 until 2024-03-01 00:00 local, +05:00 since (tzdata)."""

# Dates before the Kazakh web existed, or ahead of the fetch, come from misreads, not from news.
_MIN_VALUE: Final = datetime(1990, 1, 1, tzinfo=UTC)
_FUTURE_SLACK: Final = timedelta(days=1)

# A date field is short. Refusing long input bounds the cost of dateutil's per-character lexer
# and keeps prose (which mentions many dates) from being read as one.
_MAX_RAW_CHARS: Final = 1024
_MAX_NORMALISED_CHARS: Final = 200

# dateutil fills fields missing from the text with this default. Year 4 is a leap year that
# validate() forbids in text, so seeing it afterwards means "no year was printed" (and 29 February
# still parses).
_SENTINEL_YEAR: Final = 4
_SENTINEL_DEFAULT: Final = datetime(_SENTINEL_YEAR, 1, 1)
# Far enough back to reach the previous 29 February from any year.
_YEARLESS_LOOKBACK: Final = 8


# --- Spelling normalisation ---------------------------------------------------------------------

# Kazakh pages typed without a Kazakh keyboard layout replace ә, қ, ң, ө, ұ, ү, і by Russian or
# Latin look-alikes (сәуір / сауир / сәуiр). Folding every page and every table entry the same
# way makes all these spellings one key. No Russian month or weekday contains these letters, so
# nothing Russian changes meaning. і goes to Latin i because that is the usual substitute.
_CYRILLIC_FOLD: Final = {
    "ә": "а",
    "ғ": "г",
    "қ": "к",
    "ң": "н",
    "ө": "о",
    "ұ": "у",
    "ү": "у",
    "һ": "х",
    "і": "i",
    "ё": "е",
}
# Latin-script Kazakh has had three official alphabets since 2017 (qańtar, qañtar, qan'tar),
# which differ mostly in diacritics and apostrophes; ASCII folding merges them.
_LATIN_FOLD: Final = {
    **dict.fromkeys("àáâãäåā", "a"),
    **dict.fromkeys("èéêëē", "e"),
    **dict.fromkeys("ìíîïīı", "i"),
    **dict.fromkeys("òóôõöō", "o"),
    **dict.fromkeys("ùúûüū", "u"),
    **dict.fromkeys("ýÿ", "y"),
    **dict.fromkeys("ńñ", "n"),
    **dict.fromkeys("ǵğ", "g"),
    **dict.fromkeys("şșš", "s"),
    **dict.fromkeys("çč", "c"),
    "ž": "z",
}
_FOLD_TABLE: Final = str.maketrans(
    {
        **_CYRILLIC_FOLD,
        **_LATIN_FOLD,
        **dict.fromkeys("‐‑‒–—―−", "-"),
        # Separators between date, time and zone label carry no meaning once the label is gone.
        **dict.fromkeys("|¦·•", " "),
        # Zero-width characters and apostrophes (2017 Latin Kazakh) would split words.
        **dict.fromkeys("\u200b\u200c\u200d\u2060\ufeff\xad'’ʼ`´", None),
        # Combining marks left over after NFC have no precomposed form (ı + acute): drop them.
        **dict.fromkeys((chr(c) for c in range(0x300, 0x370)), None),
    }
)
_WS_RE: Final = re.compile(r"\s+")

# Pages print an offset label (`| GMT +6`, `(UTC+5)`) that many did not update when Kazakhstan
# moved to UTC+5 in March 2024, so it is noise. Metadata formats never write offsets this way
# (ISO 8601 and RFC 822 use `+05:00`, `+0500`, `Z`, or a bare `GMT`), so those stay trusted.
_TZ_LABEL_RE: Final = re.compile(
    r"\(?\s*(?<![a-z])(?:gmt|utc)\s*[+-]\s*[0-9]{1,2}(?::?[0-9]{2})?(?![0-9])\s*\)?"
)


# East Asian dates spell the fields with unit characters (2019年04月21日 12時00分, Korean
# 2023년 11월 7일): rewritten as Y-M-D and H:M, which the rest of the parser reads.
_CJK_DATE_RE: Final = re.compile(
    r"([0-9]{4})\s*[年년]\s*([0-9]{1,2})\s*[月월]\s*([0-9]{1,2})\s*[日일]?"
)
_CJK_TIME_RE: Final = re.compile(r"([0-9]{1,2})\s*[時时시]\s*([0-9]{1,2})\s*[分분]")
# German and Central European typography spaces numeric dates ("4. 2. 2022").
_SPACED_DMY_RE: Final = re.compile(
    r"(?<![0-9])([0-9]{1,2})\.\s+([0-9]{1,2})\.\s*([0-9]{4})(?![0-9])"
)


_AT_RE: Final = re.compile(r"(?<!\w)(?:à|a las|a la)(?!\w)", re.IGNORECASE)
# French and others write clock times as "06h00", "14 h 23".
_H_TIME_RE: Final = re.compile(r"(?<![0-9])([01]?[0-9]|2[0-3])\s?h\s?([0-5][0-9])(?![0-9])")


def _cjk_ymd(match: re.Match[str]) -> str:
    year, month, day = match.groups()
    return f"{year}-{int(month):02d}-{int(day):02d} "


def _fold(text: str) -> str:
    return text.lower().translate(_FOLD_TABLE)


def _normalise(text: str) -> str:
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    # French "à 06h00" and Spanish "a las 10:00": dateutil would read the "a" as "a.m.".
    text = _AT_RE.sub(" ", text)
    text = _TZ_LABEL_RE.sub(" ", _fold(text))
    if not text.isascii():
        text = _CJK_TIME_RE.sub(r"\1:\2 ", _CJK_DATE_RE.sub(_cjk_ymd, text))
    text = _H_TIME_RE.sub(r"\1:\2", _SPACED_DMY_RE.sub(r"\1.\2.\3", text))
    return _WS_RE.sub(" ", text).strip()


# --- Vocabulary ----------------------------------------------------------------------------------

_RU_MONTHS: Final = (
    ("январь", "января", "январе", "янв"),
    ("февраль", "февраля", "феврале", "фев", "февр"),
    ("март", "марта", "марте", "мар"),
    ("апрель", "апреля", "апреле", "апр"),
    ("май", "мая", "мае"),
    ("июнь", "июня", "июне", "июн"),
    ("июль", "июля", "июле", "июл"),
    ("август", "августа", "августе", "авг"),
    ("сентябрь", "сентября", "сентябре", "сен", "сент"),
    ("октябрь", "октября", "октябре", "окт"),
    ("ноябрь", "ноября", "ноябре", "ноя", "нояб"),
    ("декабрь", "декабря", "декабре", "дек"),
)
_KK_MONTHS: Final = (
    ("қаңтар", "qańtar", "qañtar", "qantar"),
    ("ақпан", "aqpan"),
    ("наурыз", "naýryz", "nauryz"),
    ("сәуір", "sáýir", "säuır", "sauir"),
    ("мамыр", "mamyr"),
    ("маусым", "maýsym", "mausym"),
    ("шілде", "shilde"),
    ("тамыз", "tamyz"),
    ("қыркүйек", "qyrkúıek", "qyrküiek", "qyrkuiek", "qyrkuyek"),
    ("қазан", "qazan"),
    ("қараша", "qarasha"),
    ("желтоқсан", "jeltoqsan", "zheltoqsan"),
)
# Case endings a Kazakh month takes in dates (genitive `қарашаның`, locative `қарашада`, dative,
# ablative), in both harmonies and after voiced and voiceless finals. Attaching them all to every
# stem over-generates harmlessly: the extra forms are not words of any language we read.
_KK_SUFFIXES: Final = (
    *("дың", "дің", "тың", "тің", "ның", "нің", "да", "де", "та", "те"),
    *("ға", "ге", "қа", "ке", "дан", "ден", "тан", "тен", "нан", "нен"),
    *("dyń", "dıń", "tyń", "tıń", "nyń", "nıń", "da", "de", "ta", "te"),
    *("ǵa", "ge", "qa", "ke", "dan", "den", "tan", "ten", "nan", "nen"),
)
_EN_MONTHS: Final = tuple(
    (*names, "sept") if names[0] == "Sep" else names for names in parserinfo.MONTHS
)
# Generic sites write their dates in their own language. Full names and the abbreviations that
# are not also common words of another language we read ("out", "set", "gen", "mag" and "ago"
# are left out: "ago" ends English relative dates). Folding makes "März" and "marz", "août" and
# "aout" one key.
_EU_MONTHS: Final = (
    (
        "januar",
        "jänner",
        "janvier",
        "janv",
        "enero",
        "ene",
        "gennaio",
        "janeiro",
        "januari",
        "stycznia",
        "styczeń",
    ),
    (
        "februar",
        "feber",
        "février",
        "févr",
        "fevrier",
        "febrero",
        "febbraio",
        "fevereiro",
        "fev",
        "februari",
        "lutego",
        "luty",
    ),
    ("märz", "mars", "marzo", "março", "maart", "mrt", "marca", "marzec"),
    ("avril", "avr", "abril", "abr", "aprile", "kwietnia", "kwiecień"),
    ("mai", "mayo", "maggio", "maio", "mei", "maja"),
    ("juni", "juin", "junio", "giugno", "junho", "czerwca", "czerwiec"),
    ("juli", "juillet", "juil", "julio", "luglio", "julho", "lipca", "lipiec"),
    ("août", "agosto", "augustus", "sierpnia", "sierpień"),
    ("septembre", "septiembre", "setiembre", "settembre", "setembro", "września", "wrzesień"),
    ("oktober", "okt", "octobre", "octubre", "ottobre", "outubro", "października"),
    ("novembre", "noviembre", "novembro", "listopada", "listopad"),
    (
        "dezember",
        "dez",
        "décembre",
        "déc",
        "diciembre",
        "dic",
        "dicembre",
        "dezembro",
        "grudnia",
        "grudzień",
    ),
)

_RU_WEEKDAYS: Final = (
    ("понедельник", "пн", "пон"),
    ("вторник", "вт"),
    ("среда", "среду", "ср"),
    ("четверг", "чт"),
    ("пятница", "пятницу", "пт"),
    ("суббота", "субботу", "сб"),
    ("воскресенье", "вс", "вск"),
)
_KK_WEEKDAYS: Final = (
    ("дүйсенбі", "dúısenbi", "duisenbi"),
    ("сейсенбі", "seısenbi", "seisenbi"),
    ("сәрсенбі", "sársenbi", "sarsenbi"),
    ("бейсенбі", "beısenbi", "beisenbi"),
    ("жұма", "juma"),
    ("сенбі", "senbi"),
    ("жексенбі", "jeksenbi"),
)
_EN_WEEKDAYS: Final = (
    ("mon", "monday"),
    ("tue", "tues", "tuesday"),
    ("wed", "wednesday"),
    ("thu", "thur", "thurs", "thursday"),
    ("fri", "friday"),
    ("sat", "saturday"),
    ("sun", "sunday"),
)


def _index_names(
    *tables: tuple[tuple[str, ...], ...], base: int, suffixes: tuple[str, ...] = ("",)
) -> dict[str, int]:
    return {
        _fold(name + suffix): number
        for table in tables
        for number, names in enumerate(table, start=base)
        for name in names
        for suffix in suffixes
    }


_MONTH_BY_NAME: Final = {
    **_index_names(_RU_MONTHS, _EN_MONTHS, _EU_MONTHS, base=1),
    **_index_names(_KK_MONTHS, base=1, suffixes=("", *_KK_SUFFIXES)),
}
_WEEKDAY_BY_NAME: Final = _index_names(_RU_WEEKDAYS, _KK_WEEKDAYS, _EN_WEEKDAYS, base=0)


class _KzParserInfo(parserinfo):
    """dateutil vocabulary for ru/kk/en dates. Lookups expect text that went through _normalise."""

    JUMP: list[str] = [  # noqa: RUF012 -- dateutil's API is a mutable class attribute
        *parserinfo.JUMP,
        *("в", "во", "г", "гг", "год", "года", "ж", "жж", "жыл", "жылы", "жылгы"),
        *("j", "jyl", "jyly", "jylgy", "сагат", "саг", "sagat", "(", ")"),
        # "le 15 mai 2019 à 06:00", "am 4. Februar 2022 um 10:00", "5 de mayo de 2020".
        *("le", "am", "um", "uhr", "de", "del", "el", "il", "om", "kl", "las"),
    ]
    # dateutil only recognises these as zone names in their upper-case form, but it is handed
    # lower-cased text.
    UTCZONE: list[str] = [*parserinfo.UTCZONE, "utc", "gmt"]  # noqa: RUF012

    def month(self, name: str) -> int | None:
        return _MONTH_BY_NAME.get(name)

    def weekday(self, name: str) -> int | None:
        return _WEEKDAY_BY_NAME.get(name)

    # The stub declares `res` as datetime; it is dateutil's private parser._result.
    def validate(self, res: Any) -> bool:
        # Without these checks dateutil quietly completes "2024" or "10:00" from the default date.
        if res.month is None or res.day is None:
            return False
        if not super().validate(res):
            return False
        return res.year is None or res.year >= 1000


_PARSER: Final = parser(_KzParserInfo())


def _tzinfo_for(_name: str | None, offset: int | None) -> tzinfo | None:
    # Passed as dateutil's `tzinfos` so that a parsed offset always becomes a fixed offset: by
    # default dateutil maps the name "UTC" to the *machine's* local zone when that is named UTC.
    if offset is None:
        return None
    return timezone(timedelta(seconds=offset))


# --- Regex layer ---------------------------------------------------------------------------------

_DIGIT_RE: Final = re.compile(r"[0-9]")
_WORD_RE: Final = re.compile(r"[^\W\d_]+")
_NUMERIC_DATE_RE: Final = re.compile(r"(?<![0-9])[0-9]{1,4}[./-][0-9]{1,2}[./-][0-9]{2,4}(?![0-9])")
_YMD_RE: Final = re.compile(r"(?<![0-9])[0-9]{4}[./-][0-9]{1,2}[./-][0-9]{1,2}(?![0-9])")
_SLASH_DATE_RE: Final = re.compile(r"(?<![0-9])[0-9]{1,2}/[0-9]{1,2}/[0-9]{2,4}(?![0-9])")
_TIME_RE: Final = re.compile(
    r"(?<![0-9])([01]?[0-9]|2[0-3]):([0-5][0-9])(?::([0-5][0-9])(?:[.,][0-9]+)?)?(?![0-9])"
    r"(?:\s*([ap])\.?m(?!\w)\.?)?"
)
_ISO_RE: Final = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
    r"(?:[Tt ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:[.,][0-9]+)?)?(?:[Zz]|[+-][0-9]{2}(?::?[0-9]{2})?)?)?"
)


def _word_alternation(words: Iterable[str]) -> str:
    # Longest first, so that `часов` is not read as `час` followed by junk.
    return "|".join(re.escape(w) for w in sorted({_fold(w) for w in words}, key=len, reverse=True))


def _whole_words_re(words: Iterable[str], group: bool = False) -> re.Pattern[str]:
    alternation = _word_alternation(words)
    return re.compile(
        rf"(?<!\w)({alternation})(?!\w)" if group else rf"(?<!\w)(?:{alternation})(?!\w)"
    )


_DAY_OFFSETS: Final = {
    _fold(word): offset
    for word, offset in {
        "сегодня": 0,
        "вчера": -1,
        "позавчера": -2,
        "бүгін": 0,
        "кеше": -1,
        "búgin": 0,
        "keshe": -1,
        "today": 0,
        "yesterday": -1,
    }.items()
}
_DAY_WORD_RE: Final = _whole_words_re(_DAY_OFFSETS, group=True)

_UNITS: Final = {
    _fold(word): step
    for step, words in (
        (relativedelta(seconds=1), ("секунду", "секунды", "секунд", "сек", "sekund")),
        (relativedelta(seconds=1), ("second", "seconds", "sec", "secs", "s")),
        (relativedelta(minutes=1), ("минуту", "минуты", "минут", "мин", "minut")),
        (relativedelta(minutes=1), ("minute", "minutes", "min", "mins", "m")),
        (relativedelta(minutes=30), ("полчаса",)),
        (relativedelta(hours=1), ("час", "часа", "часов", "ч", "сағат", "сағ", "saǵat", "sagat")),
        (relativedelta(hours=1), ("hour", "hours", "hr", "hrs", "h")),
        (relativedelta(days=1), ("день", "дня", "дней", "дн", "сутки", "суток", "күн", "kún")),
        (relativedelta(days=1), ("kun", "day", "days", "d")),
        (relativedelta(weeks=1), ("неделю", "недели", "недель", "нед", "апта", "apta")),
        (relativedelta(weeks=1), ("week", "weeks", "w")),
        (relativedelta(months=1), ("месяц", "месяца", "месяцев", "мес", "ай", "aı", "ai")),
        (relativedelta(months=1), ("month", "months")),
        (
            relativedelta(years=1),
            ("год", "года", "лет", "жыл", "jyl", "year", "years", "yr", "yrs"),
        ),
    )
    for word in words
}
_NUMBER_WORDS: Final = {
    _fold(word): number
    for number, words in (
        (1, ("один", "одна", "одну", "одно", "бір", "bir", "a", "an", "one")),
        (2, ("два", "две", "пару", "екі", "eki", "two", "couple")),
        (3, ("три", "үш", "úsh", "ush", "three")),
        (4, ("четыре", "төрт", "tórt", "tort", "four")),
        (5, ("пять", "бес", "bes", "five")),
        # Not Kazakh "он" (10): it is also Russian "he" and English "on".
        (10, ("десять", "ten")),
    )
    for word in words
}
_AGO_RE: Final = re.compile(
    r"(?<!\w)(?:(?P<num>[0-9]+)\s*|(?P<word>"
    + _word_alternation(_NUMBER_WORDS)
    + r")\s+)?(?P<unit>"
    + _word_alternation(_UNITS)
    + r")\.?\s*(?:"
    + _word_alternation(("назад", "бұрын", "buryn", "ago"))
    + r")(?!\w)"
)
_JUST_NOW_RE: Final = _whole_words_re(
    ("только что", "только-что", "just now", "жаңа ғана", "қазір ғана", "jańa ǵana")
)
_UPDATE_LABEL_RE: Final = _whole_words_re(
    ("обновлено", "изменено", "updated", "modified", "жаңартылды", "jańartyldy")
)
_LEADING_LABEL_RE: Final = re.compile(r"^[^\W\d_][^0-9:]{0,40}:\s*")
# More than this many digits in "N units ago" is not a date (and would overflow datetime).
_MAX_AGO_DIGITS: Final = 5


# --- Public API ----------------------------------------------------------------------------------

Precision = Literal["day", "minute", "second"]
"""How much of a moment the text gave: a calendar day only, a clock time, or seconds too."""

ZoneSource = Literal["declared", "inferred", "assumed", "unknown"]
"""Where the UTC offset of a value came from.

``declared``: the text carried it (ISO 8601, RFC 822). ``inferred``: another timestamp of the
same page declared one, or the value is a span before the fetch time (``5 minutes ago``).
``assumed``: the site's own zone (Kazakh editions: Asia/Almaty). ``unknown``: no zone known; a
clock time is then stored as if it were UTC and may be off by the site's offset.
"""


@dataclass(frozen=True, slots=True)
class ParsedDate:
    """A parsed date and how it was obtained.

    ``value`` is aware and in UTC. For ``precision == "day"`` it is 00:00 UTC of ``day``, the
    calendar day the page wrote: a date without a time is never moved across midnight by a
    guessed zone. ``raw`` is the text as given, kept because relative forms (``Вчера, 06:20``)
    cannot be re-resolved later without it and the fetch time. ``relative`` is true when the
    value depends on ``now``. ``utc_offset`` is the offset the local time was read in
    (``"+05:00"``), None for day values and unknown zones.
    """

    value: datetime
    raw: str
    relative: bool
    precision: Precision
    zone_source: ZoneSource
    utc_offset: str | None
    day: date

    @property
    def has_time(self) -> bool:
        """Whether the text gave a clock time (precision finer than a day)."""
        return self.precision != "day"


def parse_date(
    text: str,
    *,
    language: str | None = None,
    now: datetime | None = None,
    zone: tzinfo | None = KZ_TZ,
) -> datetime | None:
    """Parse a publication date into an aware UTC datetime, or None if ``text`` holds none.

    Thin wrapper over :func:`parse_date_details`; see there for the rules and their limits.
    """
    details = parse_date_details(text, language=language, now=now, zone=zone)
    return None if details is None else details.value


def parse_date_details(
    text: str,
    *,
    language: str | None = None,
    now: datetime | None = None,
    zone: tzinfo | None = KZ_TZ,
    zone_source: ZoneSource = "assumed",
) -> ParsedDate | None:
    """Parse a publication date in Russian, Kazakh (Cyrillic or Latin) or English.

    Accepts what the target sites print (``01 апреля 2024, 13:53``, ``20 Сентябрь 2025``,
    ``24 қараша 2012, 13:00``, ``09:38, 12 April 2024 | GMT +6``, ``15.10.2025, 19:43``), relative
    forms (``Сегодня | 13:56``, ``Кеше, 09:00``, ``Yesterday``, ``5 минут назад``, ``только что``)
    and metadata formats (ISO 8601 / W3C with or without offset, RFC 822). Returns None for text
    with no date and for results before 1990 or more than a day after ``now``; never raises.

    Time zone. An offset in ISO 8601 or RFC 822 form (``+05:00``, ``+0500``, ``Z``, ``GMT``) is
    honoured (``zone_source="declared"``). A clock time without one is wall-clock time in
    ``zone`` (default :data:`KZ_TZ`, +06:00 before 2024-03-01, +05:00 since), reported with the
    caller's ``zone_source`` (``"assumed"`` for a site's profile zone, ``"inferred"`` for an
    offset read from the page's other timestamps). ``zone=None`` means the zone is unknown: the
    clock time is taken as UTC and ``zone_source`` is ``"unknown"``. Offset labels in page text
    (``GMT +6``, ``(UTC+5)``) are discarded: sites kept printing ``GMT +6`` after the March 2024
    change, so the label is often wrong and the zone rule is the better guess. Local times that
    occurred twice when clocks went back (23:00-23:59 on 29 Feb 2024) are read as the first
    occurrence (+06:00).

    A date without a time (``07 апреля 2024``, ``2024-04-07``, a bare ``Сегодня``) keeps its
    calendar day: the value is 00:00 UTC of that day and ``precision`` is ``"day"``, whatever
    the zone. Consumers sort such values with the day, not before the evening of the day before.

    Relative forms are resolved against ``now`` (default: the current time; a naive ``now`` is
    taken as UTC), with calendar days counted in ``zone`` (UTC when unknown): pass the fetch
    time, not the processing time, or ``Вчера`` lands on the wrong day. A page served from a
    stale cache still shifts them. ``N units ago`` is ``now`` minus that span; spans of days or
    more give a day.

    Text without a year (``12 апреля, 10:00``) takes the year of ``now`` in ``zone``, or the
    previous year if that would put it more than a day after ``now``; 29 February goes to the
    latest leap year that fits. Numeric dates are day-first (``5.03.2026`` is 5 March) unless the
    year comes first (``2025-10-15``); ``language="en"`` makes ``dd/mm/yyyy``-shaped slash dates
    month-first, the one case where the hint changes a result. Without a hint every language is
    tried. ``text`` longer than a date field (about 200 characters after clean-up) is refused
    rather than searched.
    """
    if len(text) > _MAX_RAW_CHARS:
        return None
    clock = _resolve_now(now, zone, zone_source)
    if clock is None:
        return None
    stripped = text.strip()

    if _ISO_RE.fullmatch(stripped):
        # The stdlib parser is exact for ISO 8601 and far cheaper than dateutil's lexer.
        try:
            iso = datetime.fromisoformat(stripped.upper())
        except ValueError:
            return None
        precision = _iso_precision(stripped)
        if precision != "day" and iso.time() == time():
            # CMSs write a date-only field as local midnight ("2024-04-07T00:00:00+02:00"):
            # read as an instant, it would fall on the previous day in UTC.
            precision = "day"
        return _finish(text, iso, clock, relative=False, precision=precision)

    norm = _normalise(stripped)
    if not norm or len(norm) > _MAX_NORMALISED_CHARS:
        return None

    published = _publication_part(norm)
    absolute = _parse_absolute(published, language)
    if absolute is not None:
        return _finish_absolute(text, absolute, clock, precision=_text_precision(published))

    ago = _parse_ago(norm, clock)
    if ago is not None:
        moment, precision = ago
        return _finish(text, moment, clock, relative=True, precision=precision)

    day = _DAY_WORD_RE.search(norm)
    if day is not None:
        wall_clock = _TIME_RE.search(norm)
        try:
            local_date = clock.local.date() + timedelta(days=_DAY_OFFSETS[day.group(1)])
        except OverflowError:
            return None
        return _finish(
            text,
            datetime.combine(local_date, time() if wall_clock is None else _clock_time(wall_clock)),
            clock,
            relative=True,
            precision="day" if wall_clock is None else _match_precision(wall_clock),
        )
    return None


# --- Internals -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Now:
    utc: datetime
    local: datetime  # wall clock in the zone (UTC when unknown), for days and year-less dates
    limit: datetime  # latest plausible value
    zone: tzinfo | None
    zone_source: ZoneSource


def _resolve_now(now: datetime | None, zone: tzinfo | None, zone_source: ZoneSource) -> _Now | None:
    if now is None:
        moment = datetime.now(UTC)
    elif now.tzinfo is None or now.utcoffset() is None:
        moment = now.replace(tzinfo=UTC)
    else:
        moment = now
    try:
        moment = moment.astimezone(UTC)
        return _Now(
            utc=moment,
            local=moment.astimezone(zone or UTC),
            limit=moment + _FUTURE_SLACK,
            zone=zone,
            zone_source=zone_source if zone is not None else "unknown",
        )
    except OverflowError:
        # Nothing can be resolved against, or bounded by, a `now` at the edge of datetime's range.
        return None


def _iso_precision(text: str) -> Precision:
    if len(text) <= 10:
        return "day"
    # "2024-04-07T10:15" is minutes; a third colon-separated field is seconds.
    return "second" if text[10:].count(":") >= 2 else "minute"


def _match_precision(match: re.Match[str]) -> Precision:
    return "minute" if match.group(3) is None else "second"


def _text_precision(norm: str) -> Precision:
    match = _TIME_RE.search(norm)
    return "day" if match is None else _match_precision(match)


def _clock_time(match: re.Match[str]) -> time:
    hour = int(match.group(1))
    if match.group(4) is not None and 1 <= hour <= 12:
        hour = hour % 12 + (12 if match.group(4) == "p" else 0)
    return time(hour, int(match.group(2)), int(match.group(3) or 0))


def _looks_absolute(norm: str) -> bool:
    # Without a month name or a numeric d.m.y, dateutil would build dates from any two small
    # numbers ("5 7" -> 7 May); this gate keeps it to text that names a date.
    if _DIGIT_RE.search(norm) is None:
        return False
    if _NUMERIC_DATE_RE.search(norm) is not None:
        return True
    return any(word in _MONTH_BY_NAME for word in _WORD_RE.findall(norm))


def _publication_part(norm: str) -> str:
    # "Опубликовано: <date> Обновлено: <date>" holds two dates, which dateutil cannot take at
    # once; the publication date comes first. A leading label is dropped so that the strict
    # parse, which alone may complete a missing year, still applies.
    label = _UPDATE_LABEL_RE.search(norm)
    if label is not None and _DIGIT_RE.search(norm, 0, label.start()) is not None:
        norm = norm[: label.start()]
    return _LEADING_LABEL_RE.sub("", norm, count=1)


def _parse_absolute(norm: str, language: str | None) -> datetime | None:
    if not _looks_absolute(norm):
        return None
    year_first = _YMD_RE.search(norm) is not None
    # dateutil's dayfirst also swaps month and day in 2025-10-05, so it must be off for Y-M-D.
    # The hint may arrive as a locale ("en-US", "en_GB").
    english = language is not None and language[:2].lower() == "en"
    day_first = not year_first and not (english and _SLASH_DATE_RE.search(norm) is not None)
    # Strict first; fuzzy (skip unknown words such as "Опубликовано:") only as a fallback, since
    # it also skips words that should have made the text fail. A fuzzy result must have a year:
    # otherwise prose like "may be 5 times" reads as 5 May.
    for fuzzy in (False, True):
        try:
            parsed = _PARSER.parse(
                norm,
                default=_SENTINEL_DEFAULT,
                tzinfos=_tzinfo_for,
                dayfirst=day_first,
                yearfirst=year_first,
                fuzzy=fuzzy,
            )
        # ParserError is a ValueError; OverflowError comes from absurd numeric fields.
        except (ValueError, OverflowError):
            continue
        if fuzzy and parsed.year == _SENTINEL_YEAR:
            return None
        return parsed
    return None


def _parse_ago(norm: str, clock: _Now) -> tuple[datetime, Precision] | None:
    now_utc = clock.utc.replace(microsecond=0)
    if _JUST_NOW_RE.search(norm) is not None:
        return now_utc, "minute"
    match = _AGO_RE.search(norm)
    if match is None:
        return None
    digits, word = match.group("num"), match.group("word")
    if digits is not None:
        if len(digits) > _MAX_AGO_DIGITS:
            return None
        count = int(digits)
    else:
        count = 1 if word is None else _NUMBER_WORDS[word]
    step = _UNITS[match.group("unit")]
    try:
        moment = now_utc - step * count
    except (ValueError, OverflowError):
        return None
    if step.days or step.weeks or step.months or step.years:
        # "3 days ago" names a calendar day (counted in the site's zone), not an instant.
        local = moment.astimezone(clock.zone or UTC)
        return datetime.combine(local.date(), time()), "day"
    return moment, "second" if step.seconds == 1 else "minute"


def _finish_absolute(
    text: str, parsed: datetime, clock: _Now, *, precision: Precision
) -> ParsedDate | None:
    if parsed.year != _SENTINEL_YEAR:
        return _finish(text, parsed, clock, relative=False, precision=precision)
    # No year printed: the most recent year that does not put the date in the future.
    this_year = clock.local.year
    for year in range(this_year, max(this_year - _YEARLESS_LOOKBACK, 1), -1):
        try:
            candidate = parsed.replace(year=year)
            found = _finish(text, candidate, clock, relative=False, precision=precision)
        except ValueError:  # 29 February outside a leap year
            continue
        if found is not None and found.value <= clock.limit:
            return found
    return None


def _format_offset(offset: timedelta | None) -> str | None:
    if offset is None:
        return None
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _finish(
    text: str, moment: datetime, clock: _Now, *, relative: bool, precision: Precision
) -> ParsedDate | None:
    try:
        if precision == "day":
            # The calendar day as written, at 00:00 UTC: no zone guess may move it.
            day = moment.date()
            value = datetime.combine(day, time(), tzinfo=UTC)
            source: ZoneSource = "declared" if moment.tzinfo is not None else clock.zone_source
            offset = None
        elif moment.tzinfo is not None:
            offset = _format_offset(moment.utcoffset())
            value = moment.astimezone(UTC)
            source = "inferred" if relative else "declared"
            day = moment.date() if not relative else value.astimezone(clock.zone or UTC).date()
        elif clock.zone is not None:
            local = moment.replace(tzinfo=clock.zone)
            offset = _format_offset(local.utcoffset())
            value = local.astimezone(UTC)
            source, day = clock.zone_source, moment.date()
        else:
            value, source, offset, day = moment.replace(tzinfo=UTC), "unknown", None, moment.date()
    except (ValueError, OverflowError):
        return None
    if value < _MIN_VALUE or value > clock.limit:
        return None
    return ParsedDate(
        value=value,
        raw=text,
        relative=relative,
        precision=precision,
        zone_source=source,
        utc_offset=offset,
        day=day,
    )
