"""Inflected forms of outlet names: Russian through pymorphy3, Kazakh through an endings table.

Russian declines names written without quotes ("по данным Интерфакса", "журналисты Фонтанки",
"в Новой газете"). ``russian_forms`` asks pymorphy3 (OpenCorpora dictionaries, MIT/BSD
licences) for the six singular cases of a Cyrillic name, word by word, agreeing adjectives with
their noun; ``lemma`` gives a word's dictionary form. Both are cached: the analyzer is loaded
once per process and every word is analysed once.

Kazakh is agglutinative and has no maintained morphology package on PyPI under a licence this
project can ship (kazstem is GPL-3), so ``KAZAKH_ENDINGS`` is a small table of the case and
possessive endings written after a name, glued ("ҚазАқпаратқа", "«Хабар» телеарнасының") or
after a hyphen ("Tengrinews.kz-ке"), in Cyrillic and in the 2021 Latin alphabet. Harmony
(back/front vowels, voiced/voiceless consonants) picks one ending per name; the table lists
every variant because a name's last letter does not tell Kazakh harmony reliably (Reuters-ке).
"""

from __future__ import annotations

import functools
import re
from typing import Final

__all__ = ["KAZAKH_ENDINGS", "is_finite_verb", "lemma", "russian_forms"]

# Case endings (genitive, dative, accusative, locative, ablative, instrumental) and the
# third-person possessive with its cases ("агенттігі", "агенттігінің", "арнасына").
KAZAKH_ENDINGS: Final = (
    # genitive
    "ның", "нің", "дың", "дің", "тың", "тің",
    # dative
    "ға", "ге", "қа", "ке", "на", "не", "а", "е",
    # accusative
    "ны", "ні", "ды", "ді", "ты", "ті",
    # locative
    "да", "де", "та", "те", "нда", "нде",
    # ablative
    "дан", "ден", "тан", "тен", "нан", "нен",
    # instrumental
    "мен", "бен", "пен",
    # "…-dağy": "Orda-дағы"
    "дағы", "дегі", "тағы", "тегі",
    # 2021 Latin
    "nyń", "niń", "dyń", "diń", "tyń", "tiń", "nyng", "ning",
    "ǵa", "ge", "qa", "ke", "ga", "na", "ne",
    "ny", "ni", "dy", "di", "ty", "ti",
    "da", "de", "ta", "te", "nda", "nde",
    "dan", "den", "tan", "ten", "nan", "nen",
    "men", "ben", "pen",
)  # fmt: skip
_CASES: Final = ("nomn", "gent", "datv", "accs", "ablt", "loct")
_CYRILLIC_WORD_RE: Final = re.compile(r"[А-Яа-яЁё]+")
_SPLIT_RE: Final = re.compile(r"([А-Яа-яЁё]+)")


@functools.cache
def _analyzer() -> object:
    import pymorphy3  # noqa: PLC0415  (loaded on first use: ~0.3 s and 15 MB)

    return pymorphy3.MorphAnalyzer()


def _parse(word: str) -> list[object]:
    return _analyzer().parse(word)  # type: ignore[attr-defined, no-any-return]


@functools.lru_cache(maxsize=65536)
def lemma(word: str) -> str:
    """The dictionary form of a Russian word, lower-case ("Интерфакса" → "интерфакс")."""
    if not _CYRILLIC_WORD_RE.fullmatch(word):
        return word.lower()
    return str(_parse(word)[0].normal_form)  # type: ignore[attr-defined]


def _noun_parse(word: str) -> object | None:
    """The first analysis of ``word`` in the nominative (a name is registered so)."""
    for parse in _parse(word):
        tag = parse.tag  # type: ignore[attr-defined]
        if "nomn" in tag and ("NOUN" in tag or "ADJF" in tag):
            return parse
    return None


def _keep_case(template: str, form: str) -> str:
    if template.isupper() and len(template) > 1:
        return form.upper()
    if template[:1].isupper():
        return form[:1].upper() + form[1:]
    return form


@functools.lru_cache(maxsize=4096)
def russian_forms(name: str) -> tuple[str, ...]:
    """The singular case forms of a Russian name ("Новая газета" → "Новой газеты", …).

    Words that pymorphy3 does not know as a nominative noun or adjective stay as written
    ("РБК", "Казахстан сегодня" keeps "сегодня"); a name none of whose words declines gives
    nothing. Acronyms in capitals are left alone: they are not declined in writing.
    """
    parts = _SPLIT_RE.split(name)
    words = [(i, part) for i, part in enumerate(parts) if i % 2 == 1]
    parses = {i: _noun_parse(word) for i, word in words if not (word.isupper() and len(word) > 1)}
    if not any(parses.values()):
        return ()
    forms: set[str] = set()
    for case in _CASES:
        out = list(parts)
        for i, parse in parses.items():
            if parse is None:
                continue
            inflected = parse.inflect({case, "sing"}) or parse.inflect({case})  # type: ignore[attr-defined]
            if inflected is not None:
                out[i] = _keep_case(parts[i], str(inflected.word))
        form = "".join(out)
        if form != name:
            forms.add(form)
    return tuple(sorted(forms))


@functools.lru_cache(maxsize=65536)
def is_finite_verb(word: str) -> bool:
    """Whether pymorphy3 reads a Russian word as a singular finite verb other than "быть".

    Its most probable analysis decides ("стало", "выяснила", "обратилось": yes; "власти",
    "заблокировали" — plural, "был": no). Words outside Cyrillic are never Russian verbs.
    """
    if not _CYRILLIC_WORD_RE.fullmatch(word):
        return False
    parse = _parse(word.lower())[0]
    tag = parse.tag  # type: ignore[attr-defined]
    return "VERB" in tag and "plur" not in tag and parse.normal_form != "быть"  # type: ignore[attr-defined]
