"""Language identification that knows Kazakh, with the edition's declared language as a prior.

Russian, Kazakh and English, the languages the outlets publish in, are decided by their letters
when the letters leave no doubt (:func:`script_language`): Kazakh has nine Cyrillic letters
Russian lacks, Russian text has none of them, and English is ASCII Latin full of function
words. German, French and Spanish, the other Latin-script languages of the set, are decided
the same way by their own function words. Only the rest (short, mixed or other-language text)
goes to the statistical detector.

It uses lingua (``lingua-language-detector``): its n-gram models ship inside the wheel, so nothing
is downloaded at run time, and unlike langdetect it has a Kazakh model. Its Kazakh model is
Cyrillic only; Kazakh in the 2021 Latin alphabet reads to it as Turkish or Azerbaijani, which
is why a declared ``kk`` wins over those (and ``ru`` over Ukrainian or Belarusian on short,
name-heavy texts).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

from newscrawl.normalize import function_words

#: Languages considered: the region's, plus those the outlets quote or translate most.
LANGUAGES = (
    Language.ENGLISH,
    Language.RUSSIAN,
    Language.KAZAKH,
    Language.UKRAINIAN,
    Language.BELARUSIAN,
    Language.TURKISH,
    Language.AZERBAIJANI,
    Language.MONGOLIAN,
    Language.GERMAN,
    Language.FRENCH,
    Language.SPANISH,
    Language.CHINESE,
    Language.ARABIC,
    Language.PERSIAN,
)

# Pairs the detector confuses on this region's text: (declared, detected).
_CONFUSABLE = frozenset(
    {
        ("kk", "tr"),
        ("kk", "az"),
        ("kk", "mn"),
        ("kk", "ru"),  # Kazakh news is dense with Russian names and loanwords
        ("ru", "uk"),
        ("ru", "be"),
        ("ru", "kk"),
        ("ru", "mn"),
    }
)
# Letters of the 2021 Kazakh Latin alphabet that Turkish and Azerbaijani do not use.
_KAZAKH_LATIN = re.compile(r"[ǵńúýáóÁÓǴŃÚÝ]")

#: A sample of this many characters decides. lingua's time grows with the sample (about 1 µs
#: per character, the largest single cost of extraction at 3,000); on every fixture article
#: 400 characters already give the answer 3,000 give, and the declared language settles the
#: confusable pairs either way.
SAMPLE_CHARS = 600
#: Below this confidence a declared language still counts as plausible.
PRIOR_MIN_CONFIDENCE = 0.15

#: Fewer letters than this and the letters decide nothing (a title, a caption).
SCRIPT_MIN_LETTERS = 60
#: Share of the letters that are Cyrillic for the text to count as Cyrillic (the rest being
#: Latin names of companies and products, which say nothing about the Cyrillic part).
CYRILLIC_MIN_SHARE = 0.85
#: Kazakh letters from this share of the Cyrillic letters on make the text Kazakh.
KAZAKH_MIN_SHARE = 0.02
#: Most Kazakh (for Russian) or other-alphabet Cyrillic letters a certain decision allows;
#: also the most non-ASCII letters an English text may have.
OTHER_CYRILLIC_MAX_SHARE = 0.01
#: Share of English function words among the words of a text that is certainly English.
ENGLISH_MIN_FUNCTION_SHARE = 0.2
#: Share of German, French or Spanish function words among the words of a text that is
#: certainly in that language (their lists are shorter than the English one, so fewer hits)...
LATIN_MIN_FUNCTION_SHARE = 0.15
#: ... when every other list's share is at most this part of it.
LATIN_MAX_RIVAL_RATIO = 0.25
#: English words other languages written in Latin letters rarely use (German "in", French
#: "a" and Kazakh Latin "men" are left out on purpose).
ENGLISH_FUNCTION_WORDS = function_words.ENGLISH

# Runs of letters, not single letters: findall then builds one string per word, not per
# letter (several times faster).
_CYRILLIC = re.compile(r"[\u0400-\u04ff]+")
_ASCII_LATIN = re.compile(r"[A-Za-z]+")
_OTHER_LETTER = re.compile(r"[^\W\d_\u0400-\u04ffA-Za-z]+")
# Letters of the Kazakh Cyrillic alphabet that Russian does not have ...
_KAZAKH_LETTER = re.compile(r"[әғқңөұүһіӘҒҚҢӨҰҮҺІ]")
# ... and those of them Mongolian (ө, ү), Ukrainian and Belarusian (і) do not share.
_KAZAKH_ONLY = re.compile(r"[әғқңұӘҒҚҢҰ]")
# Cyrillic letters of neither alphabet: Ukrainian ї є ґ, Belarusian ў, Serbian ђ ј љ њ ћ џ, ...
_OTHER_CYRILLIC = re.compile(r"[\u0400-\u04ff](?<![а-яёА-ЯЁәғқңөұүһіӘҒҚҢӨҰҮҺІ])")
# Letters Ukrainian and Bulgarian lack (Belarusian has them, but its і and ў fail the shares
# above).
_RUSSIAN_MARKER = re.compile(r"[ыэёЫЭЁ]")
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
# The accented letters of Western European languages (Latin-1: à-ö, ø-ÿ, ß and capitals).
_LATIN1_LETTER = re.compile(r"[À-ÖØ-öø-ÿ]+")
_LATIN1_WORD = re.compile(r"[a-zß-öø-ÿ]+")


@dataclass(frozen=True)
class LanguageGuess:
    """The identified language and how it was decided.

    ``method`` is ``script`` (the letters alone decided, see :func:`script_language`),
    ``detected`` (the detector agrees with the declaration or there was
    none), ``declared`` (the prior won over a plausible or confusable alternative), or
    ``detected-over-declared`` (the text is clearly in another language than declared).
    """

    language: str | None
    confidence: float
    method: str


@lru_cache(maxsize=1)
def _detector() -> LanguageDetector:
    # Low-accuracy mode uses the trigram models only: on article-length text it agrees with
    # the full mode and is several times faster.
    return (
        LanguageDetectorBuilder.from_languages(*LANGUAGES)
        .with_low_accuracy_mode()
        .with_preloaded_language_models()
        .build()
    )


def language_sample(text: str) -> str:
    """The part of ``text`` that is identified (its first ``SAMPLE_CHARS`` characters)."""
    return text[:SAMPLE_CHARS]


def _count(runs: re.Pattern[str], text: str) -> int:
    return sum(map(len, runs.findall(text)))


def script_language(sample: str) -> str | None:
    """``ru``, ``kk``, ``en``, ``de``, ``fr`` or ``es`` when the letters and words of
    ``sample`` alone make it certain, else None.

    Kazakh: its own letters are at least ``KAZAKH_MIN_SHARE`` of the Cyrillic letters (Kazakh
    prose has 8-12 %; Russian quoted in it brings the share down, not to zero), at least one
    of them is not also Mongolian or Ukrainian, and letters of other Cyrillic alphabets are
    rare. Russian: Cyrillic with letters Ukrainian and Bulgarian lack (ы, э, ё), and Kazakh or other
    Cyrillic letters at most ``OTHER_CYRILLIC_MAX_SHARE``. English: letters almost all ASCII
    Latin and English function words at least ``ENGLISH_MIN_FUNCTION_SHARE`` of the words
    (German, French or Kazakh Latin stay far below). German, French, Spanish: letters almost
    all Latin-1 (Turkish, Azerbaijani and Kazakh Latin letters are not), that language's
    function words (:mod:`~newscrawl.normalize.function_words`) at least
    ``LATIN_MIN_FUNCTION_SHARE`` of the words and each other list's share at most
    ``LATIN_MAX_RIVAL_RATIO`` of it. Letters are counted by compiled regular expressions, a
    few microseconds on a sample where lingua takes about a millisecond.
    """
    cyrillic = _count(_CYRILLIC, sample)
    latin = _count(_ASCII_LATIN, sample)
    letters = cyrillic + latin + _count(_OTHER_LETTER, sample)
    if letters < SCRIPT_MIN_LETTERS:
        return None
    if cyrillic >= CYRILLIC_MIN_SHARE * letters:
        kazakh = len(_KAZAKH_LETTER.findall(sample))
        other = len(_OTHER_CYRILLIC.findall(sample))
        if other > OTHER_CYRILLIC_MAX_SHARE * cyrillic:
            return None
        if kazakh >= KAZAKH_MIN_SHARE * cyrillic and _KAZAKH_ONLY.search(sample):
            return "kk"
        if kazakh <= OTHER_CYRILLIC_MAX_SHARE * cyrillic and _RUSSIAN_MARKER.search(sample):
            return "ru"
        return None
    lowered = sample.lower()
    if latin >= (1 - OTHER_CYRILLIC_MAX_SHARE) * letters:
        words = _WORD.findall(lowered)
        function = sum(1 for word in words if word in ENGLISH_FUNCTION_WORDS)
        if words and function >= ENGLISH_MIN_FUNCTION_SHARE * len(words):
            return "en"
    if latin + _count(_LATIN1_LETTER, sample) < (1 - OTHER_CYRILLIC_MAX_SHARE) * letters:
        return None
    return _by_function_words(_LATIN1_WORD.findall(lowered))


def _by_function_words(words: list[str]) -> str | None:
    # German, French or Spanish: one list's share high, every other list's (English too)
    # far below it. Dutch, Italian or Portuguese text shares some words with one or two
    # lists but reaches neither the share nor the margin on any, and is left to the detector.
    if not words:
        return None
    shares = {
        code: sum(1 for word in words if word in listed) / len(words)
        for code, listed in function_words.BY_LANGUAGE
    }
    best = max(shares, key=lambda code: shares[code])
    top = shares[best]
    if best == "en" or top < LATIN_MIN_FUNCTION_SHARE:
        return None
    if any(share > LATIN_MAX_RIVAL_RATIO * top for code, share in shares.items() if code != best):
        return None
    return best


def detect_language(text: str, declared: str | None = None) -> LanguageGuess:
    """Identify the language of ``text``; ``declared`` is the edition's language (ISO 639-1)."""
    sample = language_sample(text)
    if not sample.strip():
        return LanguageGuess(declared, 0.0, "declared")
    by_script = script_language(sample)
    if by_script is not None:
        return LanguageGuess(by_script, 1.0, "script")
    if declared == "kk" and _KAZAKH_LATIN.search(sample):
        return LanguageGuess("kk", 1.0, "declared")
    values = _detector().compute_language_confidence_values(sample)
    scores = {v.language.iso_code_639_1.name.lower(): float(v.value) for v in values}
    if not scores:
        return LanguageGuess(declared, 0.0, "declared")
    top = max(scores, key=lambda code: scores[code])
    if declared is None or declared == top:
        return LanguageGuess(top, scores[top], "detected")
    prior = scores.get(declared, 0.0)
    if prior >= PRIOR_MIN_CONFIDENCE or (declared, top) in _CONFUSABLE:
        return LanguageGuess(declared, prior, "declared")
    return LanguageGuess(top, scores[top], "detected-over-declared")
