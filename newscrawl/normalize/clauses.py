"""Whether the clause around an outlet mention attributes information to it.

``newscrawl.normalize.mentions`` finds where outlets are named; these predicates read the words
around a mention to tell a source ("state-affiliated news outlet RBC said", "Orda.kz стало
интересно …", "Source: Kazinform") from a mere mention ("the situation surrounding Orda",
"Orda's newsroom", "Власти сообщили" — the authorities). They are pure functions of the text.

* ``reporting_after``: a reporting verb within a few words after the mention (parentheses,
  correspondent nouns and adverbs such as "also" / "ранее" may stand between), in English,
  Russian or Kazakh (Cyrillic and Latin).
* ``predicate_after``: any finite verb there (English by form and a list of irregular verbs,
  Russian by pymorphy3's analysis), for a registered outlet that opens a sentence.
* ``at_sentence_start``: the mention opens its sentence, perhaps after "Earlier," / "Ранее".
* ``trailer_names``: the names of a trailer line "Source: X", "Sourse: X", "Источник: X",
  "Дереккөз: X".
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Final

from newscrawl.normalize.morphology import is_finite_verb

__all__ = [
    "arabic_reported",
    "at_sentence_start",
    "kazakh_told",
    "predicate_after",
    "reporting_after",
    "trailer_names",
]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_WORD_RE: Final = re.compile(r"[\w'’-]+")
_PAREN_RE: Final = re.compile(r"\s*\([^()\n]{0,60}\)")
_CLAUSE_END: Final = re.compile(r"[.!?;:\n]|,\s")

# Words that may stand between a name and its verb.
_FILLERS: Final = _words(
    "also first earlier previously later recently then has have had correspondent "
    "correspondents journalist journalists reporter reporters editors newsroom itself "
    "также ранее уже впервые тоже корреспондент корреспонденты журналист журналисты "
    "журналистам редакция сам само сама тілшісі тілшілері де да бұған дейін tilshisi tilshileri"
)
_BE: Final = _words("is was were are be been being will would")
_EN_REPORTING: Final = _words(
    "said says say reported reports report wrote writes write written published publishes "
    "quoted quotes cited cites noted notes found finds learned learnt learns revealed reveals "
    "claimed claims stated states added adds posted posts shared shares announced announces "
    "obtained obtains informed informs clarified specified estimated calculated confirmed "
    "confirms explained explains asked contacted analysed analyzed tweeted broadcast aired "
    "citing quoting according"
)
_EN_IRREGULAR: Final = _words(
    "put got made found saw took gave told said wrote spoke sent brought thought kept met held "
    "left ran began became learnt read obtained sought caught built bought chose drew felt "
    "heard led lost meant paid set showed shown understood went won provides publishes shows "
    "tells looks investigates examines analyzes analyses asks recalls offers presents "
    "continues describes reminds explains examined studies"
)
_RU_REPORTING: Final = (
    "сообщ", "написа", "пишет", "пишут", "переда", "опублик", "публику", "размещ", "разместил",
    "рассказ", "заявил", "заявля", "выясн", "узнал", "узна", "подсчита", "отметил", "уточн",
    "цитир", "процитир", "обнаруж", "появил", "сослал", "ссыла", "привел", "привёл", "приводит",
    "информир", "утвержда", "подтверд", "поясн", "проанализ", "изучил", "обратил", "запросил",
)  # fmt: skip
_KK_REPORTING: Final = (
    "хабарла", "жазды", "жазады", "мәлімде", "айтты", "жариял", "habarla", "jazdy", "jazady",
    "málimde", "malimde", "aıtty", "aitty", "jarıala", "jariala",
    # Arabic script (töte): habarla-, jaz-
    "\u062d\u0627\u0628\u0627\u0631\u0644\u0627", "\u062c\u0627\u0632",
)  # fmt: skip
# "X-ке айтты" / "ҚазАқпаратқа … айтып берді": the outlet in the dative, a verb of telling
# later in the same sentence.
_DATIVE_RE: Final = re.compile(r"(?:[-–]?(?:ға|ге|қа|ке|ǵa|ge|qa|ke|ga))$")
_TOLD_RE: Final = re.compile(
    r"[^.!?\n]{0,80}?(?<![\w-])(?:айтты|айтып\s+берді|мәлімдеді|түсіндірді|хабарлады|a[ıi]tty"
    r"|a[ıi]typ\s+berdi|m[áa]limdedi|t[úu]s[ıi]nd[ıi]rd[ıi]|habarlady)(?![\w-])"
)
# "… دەپ حابارلايدى X" (деп хабарлайды X) in Arabic-script Kazakh.
_ARABIC_DEP_RE: Final = re.compile(
    "\u062f\u06d5\u067e\\s+(?:\u062d\u0627\u0628\u0627\u0631\u0644\u0627|\u062c\u0627\u0632)"
    '\\S*\\s*["«“]?$'
)
_ARABIC_RE: Final = re.compile("[\u0600-\u06ff]")
_INTRO_RE: Final = re.compile(
    r"^(?:Earlier|Previously|Also|Meanwhile|Later|Recently|In\s+addition|Ранее|Также|Кроме\s+того"
    r"|Позже|Позднее|Напомним|Впервые|Бұған\s+дейін|Сондай-ақ|Ал|Buǵan\s+deıin)[,\s]*$"
)
_TRAILER_RE: Final = re.compile(
    r"^[^\S\n]*(?:Sources?|Sourse|Источники?|Дереккөз(?:і)?|Дерек\s+көзі|Derekk[óo]z(?:i)?)"
    r"[^\S\n]*:[^\S\n]*(?P<names>[^\n]{1,160}?)[^\S\n]*$",
    re.MULTILINE,
)
# One of these stands in every trailer line: four substring tests cost less than the
# line-anchored scan, which the re module runs at every position.
_TRAILER_WORDS: Final = ("Sour", "Источник", "Дерек", "Derekk")
_NAME_SPLIT_RE: Final = re.compile(r"\s*(?:[,;/]|\s(?:and|и|және|мен|\+)\s)\s*")


def _words_after(text: str, end: int, limit: int = 4) -> list[str]:
    """Up to ``limit`` words of the clause after ``end``, parentheses and fillers skipped."""
    window = text[end : end + 100]
    m = _PAREN_RE.match(window)
    if m:
        window = window[m.end() :]
    stop = _CLAUSE_END.search(window)
    if stop is not None:
        window = window[: stop.start()]
    words = [w for w in _WORD_RE.findall(window) if w.strip("-")]
    out: list[str] = []
    for word in words:
        if word.casefold() in _FILLERS and not out:
            continue
        out.append(word)
        if len(out) >= limit:
            break
    return out


def reporting_after(text: str, end: int) -> bool:
    """Whether a reporting verb follows ``end`` within its clause ("RBC (…) also said")."""
    for i, word in enumerate(_words_after(text, end, 3)):
        low = word.casefold()
        if low in _EN_REPORTING or low.startswith(_RU_REPORTING) or low.startswith(_KK_REPORTING):
            return True
        if i == 0 and low in _BE:
            return False
    return False


def predicate_after(text: str, end: int) -> bool:
    """Whether the word after ``end`` is a finite verb whose subject the mention can be.

    English: a lower-case reporting verb, a word of a list of common verbs, or a past form in
    "-ed" (a bare "-s" is as often a plural noun: "CPC shipments"); "is/was/been …" are not (a
    statement about the outlet, not by it). Russian: pymorphy3 says finite verb, singular (a
    plural verb after the name has another subject: "Orda.kz заблокировали" — "they blocked
    Orda.kz"), not "быть".
    """
    words = _words_after(text, end, 2)
    if not words:
        return False
    word = words[0]
    low = word.casefold()
    if not word[:1].islower() or low in _BE:
        return False
    if low in _EN_REPORTING or low.startswith(_RU_REPORTING) or low.startswith(_KK_REPORTING):
        return True
    if word.isascii():
        return low in _EN_IRREGULAR or (low.endswith("ed") and len(low) > 4)
    return is_finite_verb(word)


def kazakh_told(text: str, start: int, end: int) -> str | None:
    """The phrase when a dative mention is told something ("Tengrinews.kz-ке айтты"), or None."""
    if _DATIVE_RE.search(text[start:end].rstrip('»"”“')[-3:]) is None:
        return None
    m = _TOLD_RE.match(text, end)
    return text[start : m.end()] if m else None


def arabic_reported(text: str, start: int, end: int) -> bool:
    """Whether an Arabic-script Kazakh reporting verb stands before or right after a mention."""
    if _ARABIC_RE.search(text, max(0, start - 30), end + 30) is None:
        return False
    if _ARABIC_DEP_RE.search(text, max(0, start - 40), start):
        return True
    return reporting_after(text, end)


def at_sentence_start(text: str, start: int) -> bool:
    """Whether ``start`` opens a sentence or line (an opening quote or "Earlier," aside)."""
    line_start = text.rfind("\n", 0, start) + 1
    before = text[line_start:start].rstrip(' \t«"“„')
    if not before:
        return True
    if before[-1] in ".!?…" or (before[-1] in '»"”' and before[-2:-1] in (".", "!", "?")):
        return True
    cut = max(before.rfind(". "), before.rfind("! "), before.rfind("? "))
    return _INTRO_RE.match(before[cut + 2 if cut >= 0 else 0 :].strip()) is not None


@functools.lru_cache(maxsize=4096)
def _split(names: str) -> tuple[str, ...]:
    return tuple(n.strip(" .") for n in _NAME_SPLIT_RE.split(names) if n.strip(" ."))


def trailer_names(text: str) -> Iterator[tuple[int, str, str]]:
    """(position, name, line) for each name of each trailer line ("Source: A, B")."""
    if not any(word in text for word in _TRAILER_WORDS):
        return
    for m in _TRAILER_RE.finditer(text):
        line = m.group(0).strip()
        offset = m.start("names")
        for name in _split(m.group("names")):
            yield offset + max(0, m.group("names").find(name)), name, line
