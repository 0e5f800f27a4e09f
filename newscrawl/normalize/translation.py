"""Linking a translation to its original by content, when nothing on the page links them.

en.orda.kz translates orda.kz articles without a link, a shared id or a "translated from" note,
so the evidence has to come from the text, and each piece is weak alone:

- **time**: the translation appears hours (rarely a day or two) after the original;
- **the original's author**: the English page's ``Original Author: Madina Ospanova`` is the
  Russian page's byline ``Мадина Оспанова`` — compared with the cross-script name keys of
  :mod:`newscrawl.normalize.names`;
- **numbers**: figures survive translation ("14,5%" / "14.5%", "2,3 млрд" / "2.3 billion");
- **proper names**: people and places, transliterated ("Токаев"/"Tokayev", "Шымкент"/
  "Shymkent"), compared by the stem of their name key so Russian case endings still match.

Numbers and names are weighted by how rare they are among the candidates (a figure every
article of the week mentions proves nothing). The combined score is a logistic function of the
evidence; a link is made only above a threshold *and* with a clear margin over the runner-up:
precision over recall, because a wrong link misinforms every consumer, while a missing one
only leaves a field empty.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cached_property
from typing import Any

from newscrawl.normalize.names import name_key, same_person

METHOD = "content-v1"
#: Originals further apart in time than this are not considered at all.
WINDOW = timedelta(hours=72)
THRESHOLD = 0.6
MARGIN = 0.15

# 2 300, 2,300, 14,5, 14.5, 1 200 000 — a digit run with group separators and a decimal part.
_NUMBER = re.compile(
    r"(?<![\w.,])(\d{1,3}(?:[ \u00a0\u202f,.]\d{3})+|\d+)(?:([.,])(\d{1,2}))?(?!\w)"
)
# Capitalised words of three letters or more, in Latin or Cyrillic script.
_PROPER = re.compile(r"(?<![\w-])([A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][\w'’-]{2,})")
_SENTENCE_START = re.compile(r"(?:^|[.!?»\"”]\s+|\n)$")
_STEM = 5
# Capitalised words that are not names in either language (weekdays, months, titles).
_COMMON_WORDS = (
    "The This That These There Then They When While After Before According Earlier Also "
    "However Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February "
    "March April June July August September October November December President Minister "
    "Ministry Government Republic National Kazakhstan Kazakh Orda Reports Photo Read "
    "Original Author Latest News Это Также Однако После Кроме Ранее Напомним Сейчас "
    "Сегодня Вчера Январь Февраль Март Апрель Июнь Июль Август Сентябрь Октябрь Ноябрь "
    "Декабрь Президент Министр Министерство Правительство Республика Казахстан Орда Фото "
    "Автор Читайте"
)
_COMMON = frozenset(name_key(word)[:_STEM] for word in _COMMON_WORDS.split())


def _numbers(text: str) -> frozenset[str]:
    found: set[str] = set()
    for match in _NUMBER.finditer(text):
        whole = re.sub(r"[ \u00a0\u202f,.]", "", match.group(1))
        decimals = match.group(3)
        value = (
            f"{int(whole)}.{decimals.rstrip('0')}" if decimals and decimals.strip("0") else whole
        )
        value = value.rstrip(".")
        # Small counts and the current years are in every article; they prove nothing.
        if len(value.replace(".", "")) <= 1 or re.fullmatch(r"20[12]\d|19\d\d", value):
            continue
        found.add(value.lstrip("0") or "0")
    return frozenset(found)


def _names(text: str) -> frozenset[str]:
    found: set[str] = set()
    for match in _PROPER.finditer(text):
        if _SENTENCE_START.search(text, max(0, match.start() - 3), match.start()):
            continue
        key = name_key(match.group(1))
        stem = key[:_STEM]
        if len(stem) >= 3 and stem not in _COMMON:
            found.add(stem)
    return frozenset(found)


@dataclass(frozen=True)
class ArticleFacts:
    """What linking needs to know about one article."""

    url: str
    language: str | None
    published_at: datetime | None
    text: str
    #: The byline for an original; the ``Original Author`` for a translation.
    persons: tuple[str, ...] = ()

    @cached_property
    def numbers(self) -> frozenset[str]:
        """Figures mentioned, normalized ("14,5" and "14.5" are one)."""
        return _numbers(self.text)

    @cached_property
    def names(self) -> frozenset[str]:
        """Stems of the cross-script keys of capitalised words not opening a sentence."""
        return _names(self.text)


@dataclass(frozen=True)
class TranslationLink:
    """The link stored as ``translation_of``."""

    url: str
    confidence: float
    method: str
    evidence: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The stored form."""
        return {
            "url": self.url,
            "confidence": self.confidence,
            "method": self.method,
            "evidence": self.evidence,
        }


def _idf(values: Iterable[frozenset[str]]) -> tuple[Counter[str], int]:
    counts: Counter[str] = Counter()
    total = 0
    for value in values:
        counts.update(value)
        total += 1
    return counts, total


def _weighted_share(
    mine: frozenset[str], theirs: frozenset[str], counts: Counter[str], total: int
) -> tuple[float, list[str]]:
    if not mine:
        return 0.0, []

    def weight(token: str) -> float:
        return math.log((total + 1) / (counts.get(token, 0) + 0.5))

    shared = sorted(mine & theirs)
    overall = sum(weight(t) for t in mine)
    return (sum(weight(t) for t in shared) / overall if overall else 0.0), shared


def score(
    translation: ArticleFacts,
    original: ArticleFacts,
    *,
    number_idf: tuple[Counter[str], int],
    name_idf: tuple[Counter[str], int],
) -> tuple[float, dict[str, Any]]:
    """Confidence (0–1) that ``translation`` was translated from ``original``, and why."""
    evidence: dict[str, Any] = {}
    if translation.published_at is None or original.published_at is None:
        return 0.0, {"reason": "no date"}
    delta = translation.published_at - original.published_at
    hours = delta.total_seconds() / 3600
    evidence["hours_after_original"] = round(hours, 1)
    if abs(delta) > WINDOW:
        return 0.0, evidence
    # Translations follow their original; one published well before it is not its copy.
    if hours < -3:
        time_score = 0.0
    elif hours <= 24:
        time_score = 1.0
    else:
        time_score = max(0.0, 1.0 - (hours - 24) / (WINDOW.total_seconds() / 3600 - 24))

    author = 0.0
    if translation.persons and original.persons:
        matched = [
            (a, b) for a in translation.persons for b in original.persons if same_person(a, b)
        ]
        if matched:
            author = 1.0
            evidence["author"] = f"{matched[0][0]} = {matched[0][1]}"
        else:
            author = -1.0
            evidence["author"] = "different"

    numbers, shared_numbers = _weighted_share(translation.numbers, original.numbers, *number_idf)
    names, shared_names = _weighted_share(translation.names, original.names, *name_idf)
    evidence["numbers"] = shared_numbers[:20]
    evidence["names"] = shared_names[:20]

    z = -5.0 + 1.5 * time_score + 3.0 * author + 5.0 * numbers + 5.0 * names
    confidence = 1.0 / (1.0 + math.exp(-z))
    evidence["components"] = {
        "time": round(time_score, 3),
        "author": author,
        "numbers": round(numbers, 3),
        "names": round(names, 3),
    }
    return round(confidence, 4), evidence


def best_link(
    translation: ArticleFacts,
    originals: Sequence[ArticleFacts],
    *,
    threshold: float = THRESHOLD,
    margin: float = MARGIN,
) -> TranslationLink | None:
    """The original ``translation`` was made from, or None when the evidence is not clear.

    ``originals`` are the candidates (same outlet, original language, near in time); their
    number and name frequencies set how much each shared token is worth.
    """
    if not originals:
        return None
    number_idf = _idf(o.numbers for o in originals)
    name_idf = _idf(o.names for o in originals)
    scored = sorted(
        ((*score(translation, o, number_idf=number_idf, name_idf=name_idf), o) for o in originals),
        key=lambda entry: entry[0],
        reverse=True,
    )
    best_confidence, evidence, best = scored[0]
    runner_up = scored[1][0] if len(scored) > 1 else 0.0
    evidence["runner_up"] = runner_up
    if best_confidence < threshold or best_confidence - runner_up < margin:
        return None
    return TranslationLink(best.url, best_confidence, METHOD, evidence)
