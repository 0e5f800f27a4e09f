"""Candidate outlet mentions in article text: registry names and names introduced by an outlet noun.

``find_mentions`` lists every place a reader would see an outlet named, before anything is
decided about attribution (``newscrawl.normalize.clauses`` decides):

* every registry name (``OutletRegistry.find_all``: any script, case form or Kazakh ending);
* every outlet noun followed by a quoted or capitalised name or a domain ("газета
  «Диапазон»", "news outlet RBC", "Telegram-канал Orda", "The Times of Israel newspaper" is
  the registry's) — the name may be unregistered: it is then kept as written with the kind
  the noun gives (``kind_of_noun``);
* Kazakh order, name then noun ("«Хабар» телеарнасының", "“Qamshy” portaly").
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from newscrawl.normalize.outlets import OutletMention, OutletRegistry
from newscrawl.normalize.translit import match_fold

__all__ = ["Mention", "find_mentions", "kind_of_noun", "occurrences_of"]

_SP: Final = r"[^\S\n]"
_UP: Final = "A-ZА-ЯЁӘҒҚҢӨҰҮҺІ"
_TLDS: Final = r"(?:kz|ru|kg|uz|tj|tm|az|am|ge|by|ua|com|org|net|info|media|news|io|tv|uk|me|asia)"

# Outlet nouns and the kind each suggests, English and Russian (noun before the name) ...
_NOUNS_BEFORE: Final[tuple[tuple[str, str], ...]] = (
    (
        r"[Tt]elegram[-\s]channel|[Tt]elegram[-\s]канал\w*|[Тт]елеграм[-\s]канал\w*",
        "telegram-channel",
    ),
    (r"(?:TV|television)\s+channel|broadcaster|[Тт]елеканал\w*", "tv"),
    (r"radio\s+station|[Рр]адиостанци\w*|[Рр]адио", "radio"),
    (r"newspaper|daily|weekly|[Гг]азет(?:а|ы|е|у|ой)|[Ее]женедельник\w*", "newspaper"),
    (r"(?:news\s+|information\s+)?agency|[Ии]нформагентств\w*|[Аа]гентств\w*|ИА", "agency"),
    (r"(?:news\s+)?(?:website|portal|site)|[Пп]ортал\w*|[Сс]айт\w*", "site"),
    (
        r"(?:news|media)\s+outlet|outlet|publication|magazine|[Ии]нтернет-издани\w*"
        r"|[Ии]здани(?:е|я|ю|ем|и)|[Жж]урнал(?:а|у|е|ом)?",
        "news-outlet",
    ),
)  # fmt: skip
# ... and Kazakh (noun after the name, in any case form).
_NOUNS_AFTER: Final[tuple[tuple[str, str], ...]] = (
    (r"[Tt]elegram[-\s]арна\w*|[Tt]elegram[-\s]arna\w*", "telegram-channel"),
    (r"телеарна\w*|арнасы\w*|telearna\w*|arnasy\w*", "tv"),
    (r"радиосы\w*|radiosy\w*", "radio"),
    (r"газеті\w*|gazeti\w*", "newspaper"),
    (r"агенттіг\w*|agenttig\w*", "agency"),
    (r"порталы\w*|сайты\w*|portaly\w*|saıty\w*|saity\w*", "site"),
    (r"басылым\w*|basylym\w*", "news-outlet"),
)
_KIND_RES: Final = tuple(
    (re.compile(rf"(?:{pattern})$"), kind) for pattern, kind in (*_NOUNS_BEFORE, *_NOUNS_AFTER)
)

_QUOTED: Final = r"«[^«»\n]{1,60}»|\"[^\"\n]{1,60}\"|“[^“”\n]{1,60}[”“]|„[^„“”\n]{1,60}[“”]"
_DOMAIN: Final = rf"[\w-]+(?:\.[\w-]+)*\.{_TLDS}(?![\w-])"
_WORD: Final = rf"[{_UP}0-9][\w&'’+]*(?:[.\-][\w&'’+]+)*"
_NAME: Final = rf"(?:{_QUOTED}|{_DOMAIN}|{_WORD}(?:{_SP}+(?:of{_SP}+)?{_WORD}){{0,3}})"
_BEFORE_RE: Final = re.compile(
    rf"(?<![\w-])(?P<noun>{'|'.join(p for p, _ in _NOUNS_BEFORE)}){_SP}+(?P<name>{_NAME})"
)
# Kazakh nouns are found first (at their substrings, see _NOUN_KEYS) and the name is read
# backwards from them: a scan for names at every position would cost more than the rest.
_AFTER_RE: Final = re.compile(rf"(?P<noun>{'|'.join(p for p, _ in _NOUNS_AFTER)})")
# (Folded, the Cyrillic and Latin spellings of a noun are one key: dict.fromkeys keeps each
# once, so each occurrence is looked at once.)
_AFTER_KEYS: Final = tuple(
    dict.fromkeys(
        match_fold(k)
        for k in (
            "телеарна", "арнасы", "telearna", "arnasy", "радиосы", "radiosy", "газеті", "gazeti",
            "агенттіг", "agenttig", "порталы", "сайты", "portaly", "saıty", "saity", "басылым",
            "basylym", "telegram",
        )
    )
)  # fmt: skip
_NAME_BEFORE_RE: Final = re.compile(rf"(?:{_QUOTED}|(?<![\w.-]){_DOMAIN})$")
_QUOTE_CHARS: Final = '«»"“”„'
# Where an outlet noun can begin, in ``translit.match_fold`` form: the noun pattern is tried only
# at (or one or two words before: "TV channel", "news agency") these substrings, which is far
# cheaper than trying it at every position of the text. Folded keys that coincide ("telegram"
# and "телеграм") are kept once.
_NOUN_KEYS: Final = tuple(
    dict.fromkeys(
        match_fold(k)
        for k in (
            "telegram", "телеграм", "channel", "телеканал", "broadcaster", "radio", "радио",
            "newspaper", "daily", "weekly", "газет", "еженедельник", "agency", "агентств",
            "информагентств", "website", "portal", "site", "портал", "сайт", "outlet",
            "publication", "magazine", "издани", "интернет-издани", "журнал",
        )
    )
)  # fmt: skip
# Capitalised words after a noun that are not names ("the channel In its report").
_NOT_NAMES: Final = frozenset(
    re.findall(
        r"\S+",
        "a an the this that these its his her their our in on at of for and or but it he she "
        "they we i по в на и а но что это его ее их который которая",
    )
)


@dataclass(frozen=True, slots=True)
class Mention:
    """A candidate outlet name in text.

    ``outlet_id`` is None for an unregistered name; ``name`` is as written, without quotes;
    ``start``/``end`` span the name; ``noun``/``noun_start`` the outlet noun that introduced
    it, if any; ``kind`` the kind that noun suggests; ``weak`` as in ``OutletMention``.
    """

    outlet_id: str | None
    name: str
    start: int
    end: int
    weak: bool = False
    quoted: bool = False
    noun: str | None = None
    noun_start: int = -1
    kind: str | None = None


def _introduced(known: OutletMention, noun: str, noun_start: int, kind: str | None) -> Mention:
    """The registry mention ``known``, introduced by the outlet noun at ``noun_start``."""
    return Mention(
        known.outlet_id,
        known.text,
        known.start,
        known.end,
        quoted=known.quoted,
        noun=noun,
        noun_start=noun_start,
        kind=kind,
    )


def kind_of_noun(noun: str) -> str | None:
    """The outlet kind an outlet noun suggests ("телеканала" → "tv"), or None."""
    for pattern, kind in _KIND_RES:
        if pattern.search(noun):
            return kind
    return None


def _registered(m: OutletMention) -> Mention:
    return Mention(m.outlet_id, m.text, m.start, m.end, weak=m.weak, quoted=m.quoted)


def _name_span(text: str, start: int, end: int) -> tuple[str, int, int, bool]:
    raw = text[start:end]
    stripped = raw.strip(_QUOTE_CHARS)
    lead = len(raw) - len(raw.lstrip(_QUOTE_CHARS))
    return stripped.strip(), start + lead, start + lead + len(stripped), stripped != raw


def _key_plan(keys: Iterable[str]) -> tuple[tuple[str, str | None, int], ...]:
    """(key, base, offset) for each key, shortest first; base is a shorter key inside it, if any.

    Every occurrence of a key holds its base at ``offset``, so the key is found by checking the
    base's occurrences ("website" among those of "site", "radiosy" among those of "radio")
    instead of searching the whole text once more.
    """
    plan: list[tuple[str, str | None, int]] = []
    for key in sorted(dict.fromkeys(keys), key=len):
        base = next((b for b, _, _ in plan if b in key), None)
        plan.append((key, base, key.find(base) if base is not None else 0))
    return tuple(plan)


_KEY_PLAN: Final = _key_plan((*_NOUN_KEYS, *_AFTER_KEYS))


def _occurrences(folded: str) -> dict[str, list[int]]:
    """Every position of each noun key (``_NOUN_KEYS``, ``_AFTER_KEYS``) in ``folded``."""
    found: dict[str, list[int]] = {}
    for key, base, offset in _KEY_PLAN:
        if base is not None:
            found[key] = [
                i - offset
                for i in found[base]
                if i >= offset and folded.startswith(key, i - offset)
            ]
            continue
        found[key] = occurrences_of(folded, key)
    return found


def occurrences_of(text: str, word: str) -> list[int]:
    """Every position of ``word`` in ``text`` (overlapping ones too)."""
    found = []
    i = text.find(word)
    while i >= 0:
        found.append(i)
        i = text.find(word, i + 1)
    return found


def _noun_matches(text: str, occurrences: dict[str, list[int]]) -> list[re.Match[str]]:
    starts: set[int] = set()
    for key in _NOUN_KEYS:
        for i in occurrences[key]:
            starts.add(i)
            back = i
            for _ in range(2):
                space = text.rfind(" ", 0, back - 1)
                if space < 0 or back - space > 20:
                    break
                back = space + 1
                starts.add(back)
    found: dict[int, re.Match[str]] = {}
    for start in sorted(starts):
        m = _BEFORE_RE.match(text, start)
        if m is not None and m.start("name") not in found:
            found[m.start("name")] = m
    return list(found.values())


def _after_matches(text: str, occurrences: dict[str, list[int]]) -> list[re.Match[str]]:
    found: dict[int, re.Match[str]] = {}
    for key in _AFTER_KEYS:
        for i in occurrences[key]:
            m = _AFTER_RE.match(text, i)
            if m is not None and i > 0 and not text[i - 1].isalnum():
                found.setdefault(i, m)
    return [found[k] for k in sorted(found)]


def _covering(registered: list[OutletMention], starts: list[int], pos: int) -> OutletMention | None:
    """The mention of ``registered`` (by position; ``starts`` are theirs) that covers ``pos``."""
    i = bisect.bisect_right(starts, pos) - 1
    if i >= 0 and registered[i].start <= pos < registered[i].end:
        return registered[i]
    return None


def find_mentions(text: str, registry: OutletRegistry) -> list[Mention]:
    """Every candidate mention in ``text``, by position; a noun-introduced one carries its noun."""
    registered = registry.find_all(text)
    by_start = {m.start: m for m in registered}
    starts = [m.start for m in registered]
    out: dict[int, Mention] = {m.start: _registered(m) for m in registered}
    occurrences = _occurrences(registry.folded(text))
    for m in _noun_matches(text, occurrences):
        noun, kind = m.group("noun"), kind_of_noun(m.group("noun"))
        pos = m.start("name")
        known = by_start.get(pos)
        if known is None and text[pos : pos + 1] in _QUOTE_CHARS:
            known = by_start.get(pos + 1)
        if known is None:
            # The alias includes its noun: "телеканал КТК".
            known = _covering(registered, starts, pos)
        if known is not None:
            out[known.start] = _introduced(known, noun, m.start("noun"), kind)
            continue
        name, start, end, quoted = _name_span(text, pos, m.end("name"))
        if not name or name.split()[0].casefold() in _NOT_NAMES:
            continue
        # A name is its first capitalised words: "телеканал КТК сообщил" ends before the verb.
        out[start] = Mention(
            None, name, start, end, quoted=quoted, noun=noun, noun_start=m.start("noun"), kind=kind
        )
    for m in _after_matches(text, occurrences):
        name_end = len(text[: m.start()].rstrip(" \t"))
        before = _NAME_BEFORE_RE.search(text, max(0, name_end - 64), name_end)
        if before is None:
            continue
        pos = before.start()
        known = by_start.get(pos) or by_start.get(pos + 1)
        noun, kind = m.group("noun"), kind_of_noun(m.group("noun"))
        if known is not None:
            out[known.start] = _introduced(known, noun, m.start("noun"), kind)
            continue
        name, start, end, quoted = _name_span(text, pos, before.end())
        if name:
            out[start] = Mention(
                None, name, start, end, quoted=quoted, noun=noun, noun_start=m.start("noun"),
                kind=kind,
            )  # fmt: skip
    return [out[k] for k in sorted(out)]
