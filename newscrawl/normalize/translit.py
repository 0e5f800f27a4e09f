"""One fold of the scripts Kazakh media write outlet names in, to a common Latin key.

Names of the same outlet appear in Cyrillic (Russian and Kazakh letters), in the 2021 Kazakh
Latin alphabet (ı, ń, ǵ, ú, á, ó, ý, ş …), in older Latin spellings (Qazaq / Kazakh, sh / ş),
in the Arabic-script Kazakh alphabet (töte, used by ar.inform.kz) and in mixed scripts
("Vласть", a Latin V in a Cyrillic word). Two tools serve the outlet registry:

* ``fold_char`` / ``fold``: a letter-for-letter key. Letters that stand for one sound in every
  script share a key (к, қ, k, q, ك, ق → "k"; ы, y, ى → "y"; ә, á, a, ا → "a"). Letters without a
  one-letter Latin counterpart (ш, ч, ц, щ, ю, я) keep a Cyrillic key; their Arabic equivalents
  fold to that key too, so Cyrillic and töte spellings of a Kazakh name fold alike. One letter
  in, one letter out: positions in a folded string are positions in the original.
* ``letter_class``: every letter that folds to a key, for a regular expression that matches a
  registry alias in whichever of those scripts the text uses.
* ``to_latin``: the digraph spellings a letter-for-letter fold cannot reach ("Қамшы" →
  "Qamshy", "Жас Алаш" → "Jas Alash"), as the registry's extra spelling of a Cyrillic alias.

Case, quotes and dash styles are folded too (« » “ ” „ " ' become nothing, – — ‐ become "-").
The folds are deliberately lossy: they are lookup keys, never text to show.
"""

from __future__ import annotations

import functools
from typing import Final

__all__ = [
    "ARABIC_HAMZA",
    "fold",
    "fold_char",
    "is_cross_script",
    "letter_class",
    "match_fold",
    "to_latin",
]

# The Arabic-script Kazakh front-vowel sign, written before a word: it carries no letter.
ARABIC_HAMZA: Final = "\u0674"

# key -> the letters (lower-case) that fold to it, in Latin, Cyrillic and Arabic script.
_LETTERS: Final[dict[str, str]] = {
    "a": "aáäâàаәا",
    "b": "bбب",
    "v": "vвۆ",
    "g": "gǵğгғگع",
    "d": "dдد",
    "e": "eéèêеёэە",
    "j": "jжج",
    "z": "zзز",
    "i": "iıíìîïиіїйي",
    "k": "kqкқكق",
    "l": "lлل",
    "m": "mмم",
    "n": "nńñнңنڭ",
    "o": "oóöôоөو",
    "p": "pпپ",
    "r": "rрر",
    "s": "sсس",
    "t": "tтت",
    "u": "uúùûüýуүұۋۇ",
    "f": "fфف",
    "h": "hхһحھ",
    "y": "yыى",
    "c": "c",
    "w": "w",
    "x": "x",
    "ш": "шşš\u0634",
    "ч": "чçč\u0686",
}
# Letters one script writes that the others do not (kept, so they still compare equal).
_KEEP: Final = "цщъьюя"

_FOLD: Final[dict[str, str]] = {
    letter: key for key, letters in _LETTERS.items() for letter in letters
} | {letter: letter for letter in _KEEP}
_FOLD_TABLE: Final = str.maketrans(
    {
        **{ord(k): v for k, v in _FOLD.items()},
        **dict.fromkeys(map(ord, "«»\"“”„‟‹›'’ʼ`" + ARABIC_HAMZA), None),
        **dict.fromkeys(map(ord, "‐‑‒–—―"), "-"),
    }
)
_SCRIPT_SETS: Final = (
    frozenset("abcdefghijklmnopqrstuvwxyzáäâàéèêıíìîïńñóöôúùûüýǵğşšçč"),
    frozenset("абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөүұһі"),
)


def fold_char(ch: str) -> str:
    """The key of one letter (lower-cased first); characters that are not letters unchanged."""
    low = ch.lower()
    return _FOLD.get(low, low)


def fold(text: str) -> str:
    """Case-fold ``text`` and fold every letter to its key (see the module docstring)."""
    return text.casefold().translate(_FOLD_TABLE)


@functools.cache
def letter_class(ch: str, *, cross_script: bool) -> str:
    """The letters that fold like ``ch``: in every script, or only in ``ch``'s own script.

    ``cross_script=False`` still folds diacritics and Kazakh letters within one script (ı/i,
    қ/к), which every spelling of a name may vary in, but keeps Latin and Cyrillic apart: a
    short acronym ("AP", "BBC") must not match a Cyrillic word ("АП", "ВВС"). Arabic-script
    letters count with Cyrillic, whose Kazakh spelling they follow letter for letter.
    """
    low = ch.lower()
    letters = _LETTERS.get(_FOLD.get(low, low), low)
    if cross_script:
        return letters
    latin = _SCRIPT_SETS[0]
    if low in latin:
        return "".join(c for c in letters if c in latin)
    return "".join(c for c in letters if c not in latin)


def is_cross_script(text: str) -> bool:
    """Whether a name is long enough (four letters) to be matched in every script."""
    return sum(ch.isalpha() for ch in text) >= 4


# Cyrillic letters whose usual Latin spelling (2021 Kazakh alphabet, ASCII digraphs where
# Kazakh media write them) differs from the letter-for-letter key.
_TO_LATIN: Final = {
    "а": "a", "ә": "á", "б": "b", "в": "v", "г": "g", "ғ": "ǵ", "д": "d", "е": "e", "ё": "io",
    "ж": "j", "з": "z", "и": "ı", "й": "ı", "і": "i", "к": "k", "қ": "q", "л": "l", "м": "m",
    "н": "n", "ң": "ń", "о": "o", "ө": "ó", "п": "p", "р": "r", "с": "s", "т": "t", "у": "ý",
    "ұ": "u", "ү": "ú", "ф": "f", "х": "h", "һ": "h", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "iý", "я": "ia",
}  # fmt: skip


def to_latin(text: str) -> str:
    """A Cyrillic name in Kazakh Latin spelling, capitals kept ("Қамшы" → "Qamshy")."""
    out = []
    for ch in text:
        latin = _TO_LATIN.get(ch.lower())
        if latin is None:
            out.append(ch)
        elif ch.isupper():
            out.append(latin[:1].upper() + latin[1:])
        else:
            out.append(latin)
    return "".join(out)


def _match_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in (*range(0x41, 0x250), *range(0x400, 0x530), *range(0x600, 0x700)):
        ch = chr(code)
        low = ch.lower()
        if len(low) != 1:
            continue
        key = _FOLD.get(low, low)
        if key != ch:
            table[code] = key
    return table


# A str indexed by code point is a faster table than a dict; code points past its end raise
# IndexError, which str.translate takes as "leave the character as it is".
# (The dict is built once: building it per code point cost 0.35 s of every process start.)
_MATCH_KEYS: Final = _match_table()
_MATCH_TABLE: Final = "".join(_MATCH_KEYS.get(code, chr(code)) for code in range(0x700))


def match_fold(text: str) -> str:
    """``text`` with every letter replaced by its key, everything else kept: same length.

    The outlet matcher runs on this form, so one plain-literal pattern finds a name in any
    script and case; positions in the result are positions in ``text``.
    """
    return text.translate(_MATCH_TABLE)
