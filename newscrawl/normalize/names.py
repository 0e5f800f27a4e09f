"""Person names: one comparison key across Cyrillic, Latin and transliteration variants.

``name_key("Тоқаев")``, ``name_key("Toqayev")`` and ``name_key("Tokayev")`` are equal, so a
Russian original and its English translation can be linked by the names they share, and the
same person spelled two ways in two articles is one person.

How: Cyrillic (Russian and Kazakh letters ә ғ қ ң ө ұ ү һ і) and diacritics are transliterated
to ASCII with **anyascii** (already a project dependency, maintained, covers every script in one
table and is deterministic). cyrtranslit was the alternative, but it needs a language code per
call and its Kazakh table is one of several competing standards; since the key folds variants
anyway, the choice of transliteration standard does not matter, only that it is stable. The
Kazakh Latin letters whose ASCII form anyascii flattens too far (ş→s, ç→c, ñ→n) are mapped to
digraphs first, so "Şymkent" keys like "Шымкент".

The ASCII text is then folded to a skeleton that erases the differences between romanization
systems: q→k, kh→h, gh→g, zh/dzh/dj→j, ts/tz→c, x→ks, w→v, ph→f, ou→u, y→i, ii→i, ie→e
(Yerlan/Erlan, Sergeyev/Sergeev), io→e after a consonant (Fyodor/Fedor), doubled letters
single (Kassym/Kasym, Zhanna/Janna). English "J" for "Ю"/"Й" (Julia/Юлия) is not folded: it
would merge Yana and Jana.
The key is for comparison only: it is not a readable spelling, and unrelated names can
collide (rarely: the folds only merge letters that romanizations swap).

Gendered surname forms stay distinct: Tokayev and Tokayeva are different keys, because in
Russian and Kazakh they name different people (a man and a woman of one family).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

from anyascii import anyascii

__all__ = ["dedupe_persons", "name_key", "same_person", "split_persons"]

# Kazakh Latin letters (2017-2021 alphabets) and Turkic diacritics whose anyascii form loses a
# distinction that the Cyrillic spelling keeps.
_PRE: Final = str.maketrans(
    {
        "ş": "sh",
        "Ş": "Sh",
        "ç": "ch",
        "Ç": "Ch",
        "ñ": "ng",
        "Ñ": "Ng",
        "ń": "ng",
        "Ń": "Ng",
        "ǵ": "g",
        "Ǵ": "G",
    }
)

# Ordered folds on one lower-case ASCII word. Order matters: trigraphs before digraphs, and
# "ch"/"sh" are parked on placeholders so that "ts"→"c" cannot build a false "ch" from "tsh".
_FOLDS: Final[tuple[tuple[re.Pattern[str], str], ...]] = tuple(
    (re.compile(p), r)
    for p, r in (
        (r"shch|sch", "2"),
        (r"dzh|dj|zh", "j"),
        (r"tch|ch", "1"),
        (r"sh", "2"),
        (r"kh", "h"),
        (r"gh", "g"),
        (r"ts|tz", "c"),
        (r"x", "ks"),
        (r"ck|q", "k"),
        (r"w", "v"),
        (r"ph", "f"),
        (r"ou", "u"),
        (r"y", "i"),
        (r"ii+", "i"),
        (r"ie", "e"),
        # "ё" after a consonant: Fyodor/Fedor, Pyotr/Petr, Artyom/Artem.
        (r"(?<=[b-df-hj-np-tv-z])io", "e"),
        (r"(.)\1+", r"\1"),
    )
)
_RESTORE: Final = str.maketrans({"1": "ch", "2": "sh"})
_WORD_RE: Final = re.compile(r"[^\W\d_]+(?:['’ʼ`][^\W\d_]+)*(\.)?")
_APOSTROPHE_RE: Final = re.compile(r"['’ʼ`]")
# Latin digraphs that stand for one Cyrillic letter and so can be an initial ("Zh. Abenov").
_DIGRAPH_INITIALS: Final = frozenset(
    {"zh", "sh", "ch", "kh", "ts", "yu", "ya", "ye", "yo", "iu", "ia", "gh", "dj"}
)


def _fold_word(word: str) -> str:
    """The skeleton of one word (already a single run of letters)."""
    s = anyascii(word.translate(_PRE)).lower()
    s = re.sub(r"[^a-z]", "", s)
    for pattern, repl in _FOLDS:
        s = pattern.sub(repl, s)
    return s.translate(_RESTORE)


def _tokens(name: str) -> list[tuple[str, bool]]:
    """(key, is_initial) for each word of a name; hyphenated parts are separate words."""
    text = unicodedata.normalize("NFC", name)
    out: list[tuple[str, bool]] = []
    for m in _WORD_RE.finditer(text.replace("-", " ")):
        raw = _APOSTROPHE_RE.sub("", m.group(0).rstrip("."))
        dotted = m.group(1) is not None
        is_initial = len(raw) == 1 or (
            dotted and len(raw) == 2 and raw[0].isupper() and raw.lower() in _DIGRAPH_INITIALS
        )
        key = _fold_word(raw)
        if key:
            out.append((key, is_initial))
    return out


def name_key(name: str) -> str:
    """One comparison key for a person's name, in the order the words are written.

    Words are folded one by one and joined by single spaces; hyphens separate words
    ("Kassym-Jomart" → "kasim jomart"). Initials fold like words ("Ж." → "j"). Word order is
    kept: use ``same_person`` to compare names written in different orders or with initials.
    """
    return " ".join(key for key, _ in _tokens(name))


def _compatible(a: tuple[str, bool], b: tuple[str, bool]) -> bool:
    (ka, ia), (kb, ib) = a, b
    if ia and ib:
        return ka == kb
    if ia:
        return kb.startswith(ka)
    if ib:
        return ka.startswith(kb)
    return ka == kb


def _assign(short: list[tuple[str, bool]], long: list[tuple[str, bool]], used: int) -> bool:
    """Whether every word of ``short`` matches a distinct word of ``long`` (tiny backtracking)."""
    if not short:
        return True
    head, rest = short[0], short[1:]
    for i, cand in enumerate(long):
        if not used & (1 << i) and _compatible(head, cand) and _assign(rest, long, used | 1 << i):
            return True
    return False


def same_person(a: str, b: str) -> bool:
    """Whether two spellings plausibly name the same person.

    Handles script and transliteration variants (via ``name_key``), word order ("Токаев
    Касым-Жомарт" vs "Kassym-Jomart Tokayev"), initials ("А. Иванов" vs "Андрей Иванов") and one
    extra word on one side (a patronymic: "Андрей Петрович Иванов"). At least one full word
    (normally the surname) must be shared. A single-word name equals only the same single word:
    "Иванов" alone is too little evidence to merge with "Андрей Иванов".
    """
    ta, tb = _tokens(a), _tokens(b)
    if not ta or not tb:
        return False
    short, long = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    if len(short) == 1:
        return len(long) == 1 and short[0] == long[0] and not short[0][1]
    if len(long) - len(short) > 1:
        return False
    full_a = {k for k, initial in ta if not initial}
    full_b = {k for k, initial in tb if not initial}
    if not full_a & full_b:
        return False
    return _assign(short, long, 0)


# Byline prefixes: "By", "Автор:", "Авторы:", "Author(s):", "Text:", "Текст:", "Авторлар:".
_BYLINE_PREFIX_RE: Final = re.compile(
    r"^\s*(?:by\s+|(?:authors?|text|written\s+by|автор(?:ы)?|текст|авторлар(?:ы)?|мәтін)\s*[:—–-]\s*)",
    re.IGNORECASE,
)
# Separators between persons. Conjunctions must be lower-case and space-delimited so that the
# initial "И." (Ivan) is not read as "и" (and).
_PERSON_SEP_RE: Final = re.compile(r"\s*(?:[,;&]|\s(?:and|и|және|мен)\s)\s*")


def split_persons(byline: str) -> list[str]:
    """Split a byline into person names, dropping a leading "By" / "Автор:" marker.

    "By A and B", "А. Иванов, Б. Петров", "A, B & C", "A и B", "A және B" all give a list.
    Names are returned as written (stripped of surrounding punctuation). An inverted
    "Surname, Name" byline cannot be told from two persons and is split.
    """
    text = _BYLINE_PREFIX_RE.sub("", unicodedata.normalize("NFC", byline).strip())
    parts = _PERSON_SEP_RE.split(text)
    out = []
    for part in parts:
        cleaned = part.strip(" \t\n.,;:—–-")
        # Keep the final period of an initial-only tail ("Иванов А.") that the strip removed.
        if part.rstrip().endswith(".") and re.search(r"(?:^|\s)\w$", cleaned):
            cleaned += "."
        if cleaned:
            out.append(cleaned)
    return out


def dedupe_persons(names: list[str]) -> list[str]:
    """Drop later spellings of a person already listed; the first spelling is kept."""
    kept: list[str] = []
    for name in names:
        if not any(same_person(name, k) for k in kept):
            kept.append(name)
    return kept
