"""The attribution analysis's shortcuts find exactly what the plain scans find.

Each shortcut (trigger-word positions instead of a scan of the whole text, screens that skip a
pass) must give the same matches as the unscreened regex scan; the sentences here exercise every
trigger alternative with the whitespace and punctuation that could trip a shortcut.
"""

from __future__ import annotations

import itertools
import re

import pytest

from newscrawl.normalize.attribution import (
    _FAMILIES,
    _LATIN_KEYWORDS,
    UNKNOWN_SOURCE,
    _Family,
    analyze,
)
from newscrawl.normalize.clauses import _TRAILER_RE, trailer_names
from newscrawl.normalize.mentions import _AFTER_KEYS, _NOUN_KEYS, _occurrences
from newscrawl.normalize.translit import match_fold

# One phrase per trigger alternative of the English families, in the spellings they allow.
EN_TRIGGERS = (
    "according to", "According to", "As reported by", "as first reported by", "first reported by",
    "reported by", "published by", "In an article by", "in the report of", "In a story from",
    "in a piece by", "In the publication of", "in an investigation by", "In the material of",
    "As noted by", "as first written in", "told", "told the", "told an", "Speaking to",
    "speaking to the", "said to", "In an interview with", "in comments to",
    "In a conversation with", "reports", "reported", "informs", "informed", "writes", "wrote",
    "has reported", "citing", "Citing", "with reference to", "Referring to", "referring to",
    "Quoting", "quoting", "learned from", "learnt this from", "found out from",
    "was told from the", "were told it from", "heard from", "had informed", "have written",
    "written", "publishes", "published", "looked into", "found out", "learned",
)  # fmt: skip
NAMES = (
    "Reuters",
    "the news agency Kazinform",
    "Kazinform News Agency",
    "«Vlast»",
    "tengrinews.kz",
)
# What may stand between words of a trigger (\s+ takes any run of whitespace, newlines too).
SEPARATORS = (" ", "   ", "\t", "\n", " \n ", "\u2028")
# What may stand before a trigger: some allow a match ("(", ", "), some forbid one ("-", "x").
BEFORE = ("", "Earlier, ", "Prices rose, ", "(", "-", "x", "un", "1", "é", "\n", "«")


def _sentences() -> list[str]:
    out = []
    for trigger, name, before, sep in itertools.product(EN_TRIGGERS, NAMES, BEFORE, SEPARATORS[:3]):
        out.append(f"{before}{trigger} {name}.")
        out.append(f"Fuel prices rose, {name} {trigger}{sep}Reuters.")
    for trigger, sep in itertools.product(EN_TRIGGERS, SEPARATORS):
        spaced = trigger.replace(" ", sep)
        out.append(f"Prices rose, {spaced} Orda.kz, and fell, as {spaced} «Vlast» said to KazTAG.")
        out.append(f"{spaced} {spaced} Reuters {spaced}{sep}Orda.kz reports")
    return out


SENTENCES = _sentences()
SHORTCUT_FAMILIES = [f for f in _FAMILIES if f.trigger_words]


def _spans(matches: list[re.Match[str]]) -> list[tuple[tuple[int, int], dict[str, str | None]]]:
    return [(m.span(), m.groupdict()) for m in matches]


def test_the_english_families_use_trigger_words() -> None:
    assert {f.name for f in SHORTCUT_FAMILIES} >= {"en-left", "en-reports"}


@pytest.mark.parametrize("family", SHORTCUT_FAMILIES, ids=lambda f: f.name)
def test_trigger_words_find_every_match(family: _Family) -> None:
    found = 0
    for text in SENTENCES:
        expected = list(family.pattern.finditer(text))
        assert _spans(list(family.matches(text, match_fold(text), {}))) == _spans(expected), text
        found += len(expected)
    assert found > len(SENTENCES) // 4  # the sentences do exercise the pattern


@pytest.mark.parametrize("family", SHORTCUT_FAMILIES, ids=lambda f: f.name)
def test_every_trigger_word_is_needed(family: _Family) -> None:
    """Dropping any trigger word loses a match: the list has nothing a change could skip."""
    for i in range(len(family.trigger_words)):
        fewer = family.trigger_words[:i] + family.trigger_words[i + 1 :]
        reduced = _Family(
            family.name, family.anchor, family.pattern, family.keywords, trigger_words=fewer
        )
        assert any(
            _spans(list(reduced.matches(text, match_fold(text), {})))
            != _spans(list(family.pattern.finditer(text)))
            for text in SENTENCES
        ), family.trigger_words[i]


# Every spelling the trailer pattern allows, each on a line of its own after some text.
TRAILERS = (
    "Source: Kazinform", "Sources: Reuters, AP", "Sourse: Orda.kz", "Источник: Интерфакс",
    "Источники: ТАСС и РИА", "Дереккөз: ҚазАқпарат", "Дереккөзі: Хабар", "Дерек көзі: Хабар",
    "Derekkóz: Qamshy", "Derekkoz: Qamshy", "Derekkózi: Adyrna", "  Source :  Kazinform  ",
)  # fmt: skip


@pytest.mark.parametrize("line", TRAILERS)
def test_trailer_screen_keeps_every_trailer(line: str) -> None:
    text = f"The bridge reopened on Monday.\n{line}\nMore text."
    starts = [m.start("names") for m in _TRAILER_RE.finditer(text)]
    assert starts  # the line is a trailer
    assert [pos for pos, _, _ in trailer_names(text)][:1] == starts


def test_no_trailer_without_a_trailer_word() -> None:
    assert list(trailer_names("The bridge reopened.\nSoure: Kazinform")) == []


def test_latin_keywords_are_the_non_cyrillic_ones() -> None:
    for family in _FAMILIES:
        latin = _LATIN_KEYWORDS[family.name]
        assert set(latin) <= set(family.keywords)
        assert all(k.isascii() or not any("\u0400" <= c <= "\u04ff" for c in k) for k in latin)
        assert all(
            any("\u0400" <= c <= "\u04ff" for c in k) for k in set(family.keywords) - set(latin)
        )


@pytest.mark.parametrize(
    "text",
    [
        'Jol ashyldy, dep habarlaıdy "Orda".',
        "Reuters-qa silteme jasap, Orda.kz habarlaıdy.",
        "Bul týraly Tengrinews.kz tilshisine ákim aıtyp berdi.",
    ],
)
def test_latin_kazakh_families_run_on_text_without_cyrillic(text: str) -> None:
    assert analyze("", text, url="https://example.com/1").cited_sources


@pytest.mark.parametrize(
    "text",
    [
        "The news website Ulys.kz, the radio station Shalqar; «Хабар» телеарнасы, Qamshy portaly",
        "радиосы radiosy radioradiosy saitysaity сайты webwebsite website site informagentstv",
        "Информагентство Казинформ, интернет-издание Orda, internet-izdani, газеті gazeti газета",
        "",
        "sit e webs ite radi osy",
    ],
)
def test_noun_key_occurrences_are_every_occurrence(text: str) -> None:
    folded = match_fold(text)
    found = _occurrences(folded)
    assert set(found) == set(_NOUN_KEYS) | set(_AFTER_KEYS)
    for key, positions in found.items():
        assert positions == [i for i in range(len(folded)) if folded.startswith(key, i)], key


@pytest.mark.parametrize(
    "text",
    [
        "Prices rose, reports.",
        "Prices rose, reported.",
        "Prices rose, informs, citing the ministry.",
        "Цены выросли, передает.",
        "Цены выросли, передаёт.",
        "Цены выросли, сообщает.",
        "Цены выросли, пишет.",
        "Баға өсті, деп хабарлайды.",
    ],
)
def test_a_missing_source_name_is_found_past_the_screen(text: str) -> None:
    names = [s.name for s in analyze("", text, url="https://example.com/1").cited_sources]
    assert names == [UNKNOWN_SOURCE]
