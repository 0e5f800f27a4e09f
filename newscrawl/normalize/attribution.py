"""Who wrote an article and which outlets it credits: bylines, original authors, cited sources.

``analyze(title, text, url=...)`` reads the visible title and article text (no HTML) and
returns an ``Attribution``. It recognises attribution *phrase families* in English, Russian and
Kazakh (Cyrillic and Latin script), e.g. "…, Orda.kz reports.", "X reports, citing Y",
"according to X", "told X", "передает корреспондент X", "сообщает X со ссылкой на Y",
"деп хабарлайды X тілшісі", "X-qa silteme jasap", a lead prefix "X – " and a title prefix
"X: " or suffix " - X".

A phrase yields a source only when its name slot is

* a registry outlet (``newscrawl.normalize.outlets``), or
* clearly outlet-shaped: a domain ("Ulys.kz"), a name ending in News / TV / Times / News Agency
  ..., or any name introduced by an outlet noun ("издание «X»", "Telegram-канал X",
  "the news agency X").

So "according to Tokayev" or "сообщил министр" give nothing: person names are never outlets.
Registry aliases that are ordinary words ("Власть", "Орда", "Report") count only after the
trigger ("передает Власть"), after an outlet noun, or quoted — not as the subject before a
verb, where "Власти сообщили" means "the authorities said".

Roles: the crawled site's own outlet (from ``url`` via the registry's site map, else its
domains) is "self"; the Y of "citing Y" / "со ссылкой на Y" / "Y-qa silteme jasap" /
"learned from Y" is "via"; everything else is "cited". Press services ("сообщили в
пресс-службе МВД", "the press service of the Ministry of Energy", "ІІМ баспасөз қызметі") are
sources with kind "press-service" and an outlet id only when registered.

Beyond the phrase families, mentions come first, then a decision (``mentions`` and
``trailers`` passes): ``newscrawl.normalize.mentions`` lists every registry name (any script,
case form or Kazakh ending) and every name an outlet noun introduces; ``newscrawl.normalize.
clauses`` keeps one when a reporting verb follows a noun-introduced name ("news outlet RBC
said", "В Telegram-канале «Orda» размещена информация"), when a registered publisher opens a
sentence as the subject of a verb ("Orda.kz стало интересно …"), when it is told something in
Kazakh ("Tengrinews.kz-ке айтты"), or when it stands on a trailer line ("Source: X"). A mention
in any other clause ("the situation surrounding Orda") is not a source. Unregistered names get
the kind their noun or their own shape gives ("газета «X»" → newspaper, "X TV" → tv).

Limitations: an inverted "Surname, Name" byline splits into two persons; an English verb is
recognised by form and a word list, not a tagger, so a registered outlet followed by an
unlisted irregular verb at a sentence start is missed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Final, Literal

from newscrawl.normalize.clauses import (
    arabic_reported,
    at_sentence_start,
    kazakh_told,
    predicate_after,
    reporting_after,
    trailer_names,
)
from newscrawl.normalize.mentions import find_mentions, kind_of_noun, occurrences_of
from newscrawl.normalize.names import dedupe_persons, split_persons
from newscrawl.normalize.outlets import (
    TITLE_PREFIX_KINDS,
    Outlet,
    OutletRegistry,
    alias_key,
    default_registry,
)
from newscrawl.normalize.translit import match_fold

__all__ = ["UNKNOWN_SOURCE", "Attribution", "CitedSource", "Role", "analyze"]

Role = Literal["self", "cited", "via"]

# The name recorded for "…, reports ." where the outlet name is missing: a source exists, its
# name is unknown. Never an empty string.
UNKNOWN_SOURCE: Final = "(unknown)"


@dataclass(slots=True)
class CitedSource:
    """One source an article credits.

    ``outlet_id`` is the registry id or None when the name is not registered; ``name`` is the
    name as written (declined forms stay declined: "Орды"); ``phrase`` is the attributing clause
    as it appears; ``kind`` is the registry kind, "press-service" for an unregistered press
    service, or None for an unregistered outlet-shaped name.
    """

    outlet_id: str | None
    name: str
    phrase: str
    role: Role
    kind: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """A plain-data form for storage."""
        return {
            "outlet_id": self.outlet_id,
            "name": self.name,
            "phrase": self.phrase,
            "role": self.role,
            "kind": self.kind,
        }


@dataclass(slots=True)
class Attribution:
    """What ``analyze`` found. ``title_source`` is the title's source name as written."""

    authors: list[str] = field(default_factory=list)
    original_authors: list[str] = field(default_factory=list)
    cited_sources: list[CitedSource] = field(default_factory=list)
    title_source: str | None = None
    clean_title: str = ""
    title_source_id: str | None = None
    site_outlet_id: str | None = None
    language: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """A plain-data form for storage."""
        return {
            "authors": list(self.authors),
            "original_authors": list(self.original_authors),
            "cited_sources": [s.to_dict() for s in self.cited_sources],
            "title_source": self.title_source,
            "clean_title": self.clean_title,
            "title_source_id": self.title_source_id,
            "site_outlet_id": self.site_outlet_id,
            "language": self.language,
        }


# ---------------------------------------------------------------------------------------------
# Building blocks
# ---------------------------------------------------------------------------------------------


def _upper_class() -> str:
    # The re module has no \p{Lu}: enumerate upper-case Latin (with diacritics) and Cyrillic.
    chars = [chr(c) for c in (*range(0x41, 0x250), *range(0x400, 0x530)) if chr(c).isupper()]
    return "".join(chars)


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


_UP: Final = _upper_class()
_SP: Final = r"[^\S\n]"  # whitespace that does not cross a line: a name never spans lines
_TLDS: Final = (
    r"(?:kz|ru|kg|uz|tj|tm|az|am|ge|by|ua|md|com|org|net|info|media|news|io|tv|uk|de|fr|cn"
    r"|tr|eu|asia|us|кз|рф)"
)
_DOMAIN: Final = rf"[\w-]+(?:\.[\w-]+)*\.{_TLDS}(?![\w-])"
# One word of a name: quoted text, a capitalised word (dots, hyphens, slashes and apostrophes
# inside: Orda.kz, Interfax-Kazakhstan, RFE/RL, Reuters'), or a lower-case domain (ng.kz).
_TOKEN: Final = (
    r"(?:«[^«»\n]{1,60}»"
    r'|"[^"\n]{1,60}"'
    r"|“[^“”\n]{1,60}[”“]"
    r"|„[^„“”\n]{1,60}[“”]"
    rf"|[{_UP}0-9][\w&'’/+@]*(?:[.\-–][\w&'’/+@]+)*"
    rf"|{_DOMAIN})"
)
_JOIN: Final = rf"(?:{_SP}+(?:of|de|and|&|и|және|мен){_SP}+|,{_SP}+|{_SP}+)"
_NAME: Final = rf"{_TOKEN}(?:{_JOIN}{_TOKEN}){{0,5}}"

_DESC_EN: Final = (
    r"(?i:(?:(?:the|a|an)\s+)?"
    r"(?:(?:local|Kazakh|Kazakhstani|Russian|Kyrgyz|Uzbek|Tajik|Azerbaijani|independent|online"
    r"|state|state-run|private|regional|international|British|American|Chinese|Turkish|German"
    r"|French|business|popular|well-known)\s+)*"
    r"(?:news\s+agency|information\s+agency|press\s+agency|news\s+outlet|media\s+outlet|outlet"
    r"|publication|newspaper|news\s+portal|portal|news\s+website|website|news\s+site"
    r"|TV\s+channel|television\s+channel|broadcaster|magazine|radio\s+station|radio"
    r"|Telegram[-\s]channel|Telegram\s+account|channel))"
)
_DESC_RU: Final = (
    r"(?i:(?:(?:казахстанск|российск|местн|независим|кыргызск|узбекск|американск|британск"
    r"|немецк|китайск|турецк|деловой|делово|информационн|государственн)\w*\s+)*"
    r"(?:интернет-издани\w*|издани\w*|информагентств\w*|агентств\w*|телеканал\w*"
    r"|телеграм-канал\w*|telegram-канал\w*|телеграм\s+канал\w*|канал\w*|портал\w*|сайт\w*"
    r"|газет\w*|журнал\w*|радиостанци\w*|радио|СМИ))"
)
# Kazakh puts the outlet noun after the name: "Reuters агенттігі", "Tengrinews.kz сайты".
_DESC_KK_AFTER: Final = (
    r"(?:агенттіг\w*|ақпарат\s+агенттіг\w*|басылым\w*|сайт\w*|телеарна\w*|арна\w*|портал\w*"
    r"|газет\w*|agenttig\w*|basylym\w*|saıt\w*|sait\w*|arna\w*)"
)
# English can also put the outlet noun after the name: "Energyprom analytical website reported",
# "as reported by the Jibek Joly TV channel".
_DESC_EN_AFTER: Final = (
    r"(?:(?:analytical|news|information|online|business|TV|television)\s+)?"
    r"(?:website|portal|outlet|newspaper|news\s+agency|agency|channel|publication|magazine"
    r"|broadcaster|Telegram[-\s]channel)"
)
_CORR_EN: Final = r"(?:correspondents?|reporters?|journalists?)"
_CORR_RU: Final = (
    r"(?:[Кк]орреспондент(?:ы|у|а|ом|ов|ам|ами|ке|ку|ка)?"
    r"|[Жж]урналист(?:ы|у|а|ом|ов|ам|ами|ке|ку|ка)?)"
)
_CORR_KK: Final = r"(?:тілші\w*|tilshi\w*)"

# Capitalised sentence adverbs that a right-anchored name slot can swallow ("Earlier Ulys.kz").
_LEADING_STOP: Final = _wordset(
    "earlier meanwhile later also however previously today yesterday now then recently "
    "additionally moreover furthermore as and but so in on at ранее также кроме между позже "
    "сегодня вчера сейчас теперь однако впоследствии напомним как и но а бұған сондай-ақ ал "
    "бүгін кеше осыған алдында бұл"
)
_OUTLET_WORD_RE: Final = re.compile(
    r"(?:News\s+Agency|Information\s+Agency|Press\s+Agency|News|TV|Television|Radio|Times|Post"
    r"|Gazette|Journal|Daily|Herald|Media|Telegraph|Tribune|Broadcasting(?:\s+Corporation)?"
    r"|Ньюс|ТВ|Медиа|Таймс)"
)
_SHAPED_LEFT_RE: Final = re.compile(
    rf"(?:{_TOKEN}{_SP}+){{1,3}}?{_OUTLET_WORD_RE.pattern}(?![\w.])"
)
_SHAPED_RIGHT_RE: Final = re.compile(
    rf"(?:^|(?<=\s))(?:{_TOKEN}{_SP}+){{1,3}}{_OUTLET_WORD_RE.pattern}[.,;:!?]*$"
)
_DOMAIN_LEFT_RE: Final = re.compile(rf"[«\"“„]?(?P<d>{_DOMAIN})")
_DOMAIN_RIGHT_RE: Final = re.compile(rf"(?:^|(?<=[\s«\"“„]))(?P<d>{_DOMAIN})[»\"”“]?[.,;:!?]*$")
_COMMA_RE: Final = re.compile(rf",{_SP}+")
_CONJ_RE: Final = re.compile(rf"{_SP}+(?:and|&|и|және|мен){_SP}+")
_QUOTE_CHARS: Final = '«»"“”„'


# ---------------------------------------------------------------------------------------------
# Phrase families
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Family:
    """Triggers and where their name slot is.

    ``left``: the name follows the trigger and is the group "x" of ``pattern`` ("according to
    X"); the triggers of one language share one pattern (one scan of the text), and ``roles``
    maps each trigger's group name to the role it gives. ``right``: ``pattern`` matches the
    trigger; the name precedes it and is found by ``slot`` searched backwards from the trigger
    ("X reports"). ``keywords`` are lower-case substrings one of which any match contains: a
    substring test skips the regex scan on texts that cannot match (none when the trigger words
    are that test already).

    ``trigger_words``, when given, are (word, n) pairs such that every match starts at an
    occurrence of a word, in any case, or at most n ASCII words before one ("As first reported
    by": n = 2 for "reported"); ``matches`` then tries the pattern only there instead of
    scanning the text (see ``_trigger_starts``). The words are kept in ``translit.match_fold``
    form, to be looked for in the folded text.
    """

    name: str
    anchor: Literal["left", "right"]
    pattern: re.Pattern[str]
    keywords: tuple[str, ...]
    roles: tuple[tuple[str, Literal["cited", "via"]], ...] = ()
    slot: re.Pattern[str] | None = None
    trigger_words: tuple[tuple[str, int], ...] = ()

    def role(self, m: re.Match[str]) -> Literal["cited", "via"]:
        for group, role in self.roles:
            if m.group(group) is not None:
                return role
        return "cited"

    def matches(
        self, text: str, folded: str, positions: dict[str, list[int]]
    ) -> Iterator[re.Match[str]]:
        """``pattern.finditer(text)``: the same matches, found more cheaply with trigger words.

        ``folded`` is ``match_fold(text)`` (the registry's ``folded``), where a trigger word is
        found in any case with one search; ``positions`` keeps where each word was found, for
        the other families of this text that share it.

        The pattern opens with a look-behind, so the re module cannot skip ahead to a likely
        first character and runs it at every position; trying it only at the few positions
        ``_trigger_starts`` gives takes under half the time on English articles.
        """
        if not self.trigger_words:
            yield from self.pattern.finditer(text)
            return
        end = 0
        for start in _trigger_starts(text, folded, self.trigger_words, positions):
            if start < end:
                continue  # finditer resumes after a match: matches never overlap
            m = self.pattern.match(text, start)
            if m is not None:
                end = m.end()
                yield m


# The ASCII words before a trigger word that a trigger may begin with ("As first reported by",
# "with reference to"), each followed by whitespace. Matched on the reversed text: it reads
# backwards from the trigger word, however long the whitespace runs are.
_WORDS_BEFORE_RE: Final = re.compile(r"\s+([A-Za-z]+)(?:\s+([A-Za-z]+))?")


def _trigger_starts(
    text: str,
    folded: str,
    trigger_words: tuple[tuple[str, int], ...],
    positions: dict[str, list[int]],
) -> list[int]:
    """Sorted positions where a match may start: each trigger word and up to n words before it.

    Words are found in ``folded`` (same length as ``text``, so positions agree). An occurrence
    that cannot start a match (mid-word: "unreported"; another script's look-alike letters) is
    kept: the pattern rejects it.
    """
    starts: set[int] = set()
    backwards: str | None = None
    size = len(text)
    for word, before in trigger_words:
        found = positions.get(word)
        if found is None:
            found = positions[word] = occurrences_of(folded, word)
        starts.update(found)
        if not before:
            continue
        for i in found:
            if backwards is None:
                backwards = text[::-1]
            m = _WORDS_BEFORE_RE.match(backwards, size - i)
            if m is not None:
                starts.add(size - m.end(1))
                if before > 1 and m.group(2) is not None:
                    starts.add(size - m.end(2))
    return sorted(starts)


def _words(spec: dict[int, str]) -> tuple[tuple[str, int], ...]:
    """``{n: "word word …"}`` as (folded word, n) pairs for ``_Family.trigger_words``."""
    return tuple((match_fold(word), n) for n, words in spec.items() for word in words.split())


def _left(
    name: str,
    triggers: list[tuple[str, str, Literal["cited", "via"]]],
    keywords: str,
    *,
    desc: str,
    corr: str,
    desc_after: str,
    tail: str,
    trigger_words: tuple[tuple[str, int], ...] = (),
) -> _Family:
    """One pattern for several (group name, trigger regex, role) triggers sharing a slot.

    ``corr`` and ``desc`` may stand between trigger and name ("передает корреспондент X",
    "сообщило издание X"); ``desc_after`` (an outlet noun) and ``tail`` may follow the name
    and belong to the phrase ("by the X TV channel", "told a X correspondent", "деп
    хабарлайды X тілшісі"). An outlet noun on either side makes any name count.
    """
    alternatives = "|".join(f"(?P<{group}>{trigger})" for group, trigger, _ in triggers)
    pattern = (
        rf"(?<![\w-])(?:{alternatives}){_SP}+(?:(?P<corr>{corr}){_SP}+)?"
        rf"(?:(?P<desc>{desc}){_SP}+)?(?:(?:the|a|an){_SP}+)?(?P<x>{_NAME})"
        rf"(?:{_SP}+(?P<desc2>{desc_after})(?![\w-]))?(?:{_SP}+(?:{tail})(?![\w-]))?"
    )
    roles = tuple((group, role) for group, _, role in triggers)
    return _Family(
        name, "left", re.compile(pattern), tuple(keywords.split()), roles,
        trigger_words=trigger_words,
    )  # fmt: skip


def _right(
    name: str,
    trigger: str,
    keywords: str,
    slot: re.Pattern[str],
    *,
    role: Literal["cited", "via"] = "cited",
    trigger_words: tuple[tuple[str, int], ...] = (),
) -> _Family:
    pattern = re.compile(rf"(?<![\w-])(?P<t>{trigger})(?![\w-])")
    return _Family(
        name, "right", pattern, tuple(keywords.split()), (("t", role),), slot, trigger_words
    )


# The slot before a right-anchored trigger: optional outlet noun, the name, then optional words
# that sit between name and verb ("Kazinform News Agency correspondent reports"). It starts at
# a word boundary so that the backwards search only tries word starts.
_SLOT_EN: Final = re.compile(
    rf"(?<!\S)(?:(?P<desc>{_DESC_EN}){_SP}+)?(?P<x>{_NAME})"
    rf"(?:{_SP}+(?P<desc2>{_DESC_EN_AFTER}))?(?:{_SP}+{_CORR_EN})?{_SP}+$"
)
_SLOT_RU: Final = re.compile(
    rf"(?<!\S)(?:(?P<desc>{_DESC_RU}){_SP}+)?(?P<x>{_NAME})(?:{_SP}+{_CORR_RU})?{_SP}+$"
)
_SLOT_KK: Final = re.compile(
    rf"(?<!\S)(?P<x>{_NAME})(?:{_SP}+(?P<desc>{_DESC_KK_AFTER}))?(?:{_SP}+{_CORR_KK})?{_SP}*$"
)
_SLOT_WINDOW: Final = 160  # at most this many characters are searched before a trigger
_SLOT_WORDS: Final = 11  # and at most this many words: outlet noun (4) + name (6) + tail

_EN_VERBS: Final = (
    r"(?:(?:has|had|have)\s+)?(?:reports|report|reported|informs|informed|writes|wrote|written"
    r"|learned|learnt|found\s+out|looked\s+into|publishes|published)"
)
_RU_VERBS: Final = (
    r"(?i:сообщает|сообщают|сообщило|сообщил[аи]?|сообщал[аио]?|передает|передаёт|передают"
    r"|передал[аио]?|пишет|пишут"
    r"|написал[аои]?|информирует|информируют|узнал[аои]?|выяснил[аои]?|опубликовал[аои]?"
    r"|публикует)"
)
_RU_VERB_KEYS: Final = "сообщ переда пиш написал информир узнал выяснил опубликов публику"

_FAMILIES: Final[tuple[_Family, ...]] = (
    # --- English -----------------------------------------------------------------------------
    # "…, X reports." / "X reports, citing Y" / "X informs" / "X has reported" / "X reported of
    # late" / "X News Agency correspondent reports" / "X learned from Y" / "X has looked into".
    _right(
        "en-reports",
        _EN_VERBS,
        "",  # the trigger words are the verbs: a keyword test would look for them twice
        _SLOT_EN,
        # "has reported": one word before the verb.
        trigger_words=_words({1: "report inform writes wrote written learn found looked publish"}),
    ),
    _left(
        "en-left",
        [
            (
                "according",
                r"[Aa]ccording\s+to|(?:[Aa]s\s+)?(?:first\s+)?reported\s+by|published\s+by"
                r"|[Ii]n\s+(?:an?\s+|the\s+)?(?:article|report|story|piece|publication"
                r"|investigation|material)\s+(?:by|of|from)"
                r"|[Aa]s\s+(?:first\s+)?(?:reported|noted|written)\s+(?:by|in)",
                "cited",
            ),
            (
                "told",
                r"told(?:\s+(?:an?|the))?|[Ss]peaking\s+to(?:\s+(?:an?|the))?|said\s+to"
                r"|[Ii]n\s+(?:an?\s+)?(?:interview|comment|comments|conversation)\s+(?:to|with)"
                r"(?:\s+(?:an?|the))?",
                "cited",
            ),
            # Word order copied from Russian: "…, reports Kazinform." / "…, writes Vlast.kz."
            (
                "inverted",
                r"(?<=,\s)(?:reports|reported|informs|informed|writes|wrote|has\s+reported)",
                "cited",
            ),
            ("citing", r"[Cc]iting|with\s+reference\s+to|[Rr]eferring\s+to|[Qq]uoting", "via"),
            (
                "learned",
                r"(?:learned|learnt|found\s+out|was\s+told|were\s+told|heard)"
                r"(?:\s+(?:this|it|that))?\s+from(?:\s+(?:an?|the))?",
                "via",
            ),
        ],
        "according by from as told speaking said interview comment conversation citing "
        "reference referring quoting report inform writes wrote",
        desc=_DESC_EN,
        corr=_CORR_EN,
        desc_after=_DESC_EN_AFTER,
        tail=_CORR_EN,
        # Words before the trigger word: "with reference to", "was told from", "has reported",
        # "As first reported by", "In an article by", "In an interview with".
        trigger_words=_words(
            {
                0: "according published speaking said inform writes wrote citing referring "
                "quoting learn found heard",
                1: "told reference",
                2: "report article story piece publication investigation material noted written "
                "interview comment conversation",
            }
        ),
    ),
    # --- Russian -----------------------------------------------------------------------------
    _left(
        "ru-left",
        [
            ("verb", rf"(?:[Оо]б\s+этом\s+|[Кк]ак\s+)?{_RU_VERBS}", "cited"),
            (
                "material",
                r"[Пп]о\s+(?:данным|информации|сведениям|подсчетам|подсчётам)"
                r"|[Вв]\s+(?:материале|статье|публикации|расследовании|сюжете|эфире|интервью"
                r"|беседе|комментарии|разговоре|сообщении|заявлении|пресс-релизе)(?:\s+с)?"
                r"|[Сс]огласно(?:\s+данным)?|[Нн]а\s+(?:сайте|страницах)",
                "cited",
            ),
            # "рассказал Tengrinews.kz пресс-секретарь акимата": an outlet as the listener.
            ("told", r"[Рр]ассказал[аи]?|[Пп]ризнал[аи]?сь|[Пп]ояснил[аи]?", "cited"),
            ("citing", r"со\s+ссылкой\s+на|[Сс]сылаясь\s+на|[Цц]итирует|[Цц]итируя", "via"),
            # "Корреспондент «Орды»", "рассказал корреспонденту Tengrinews.kz".
            ("correspondent", _CORR_RU, "cited"),
        ],
        f"{_RU_VERB_KEYS} данн информац сведен подсч материал стать публикац расследов сюжет "
        "эфир интервью бесед коммент разговор согласно сайте страниц ссылк ссыла цитиру "
        "корреспондент журналист сообщени заявлени релиз рассказ призна поясни",
        desc=_DESC_RU,
        corr=_CORR_RU,
        desc_after=r"(?!)",
        tail=r"(?!)",
    ),
    _right("ru-verb-after", _RU_VERBS, _RU_VERB_KEYS, _SLOT_RU),
    # --- Kazakh ------------------------------------------------------------------------------
    _left(
        "kk-dep",
        [
            (
                "dep",
                r"деп\s+(?:хабарлайды|хабарлады|жазады|жазды|мәлімдейді|хабарлап\s+отыр)"
                r"|dep\s+(?:habarla[ıi]dy|habarlady|jazady|jazdy|m[áa]limde[ıi]di)",
                "cited",
            )
        ],
        # The verbs, not "деп"/"dep" (in "department", "deputy"): every match has one.
        "хабарла жаз мәлімде habarla jaz limde",
        desc=r"(?!)",
        corr=r"(?!)",
        desc_after=_DESC_KK_AFTER,
        tail=_CORR_KK,
    ),
    _right(
        "kk-verb-after",
        r"хабарлайды|хабарлады|жазады|жазды|хабарлауынша|мәліметінше|дерегінше|жазуынша"
        r"|хабарлағандай|жазғандай|тілшісіне|тілшісімен|habarla[ıi]dy|habarlady|jazady|jazdy"
        r"|habarla[uý]ynsha|m[áa]limetinshe|dereg[ıi]nshe|tilshisine|tilshisimen"
        # "X-ке айтты": told X (the name carries the dative ending).
        r"|айтты|айтып\s+берді|a[ıi]tty|a[ıi]typ\s+berdi",
        "хабарла жаз мәлімет дерег тілші habarla jaz limetinshe deregınshe dereginshe tilshi "
        # "aitty", not "ait" (in "wait", "Kuwait", "portrait"): every match has one of these.
        "айт aıtty aitty aıtyp aityp",
        _SLOT_KK,
    ),
    _right(
        "kk-silteme",
        r"сілтеме\s+жаса\w*|silteme\s+jasa\w*",
        "сілтеме silteme",
        _SLOT_KK,
        role="via",
    ),
)

_CYRILLIC_LETTER: Final = re.compile(r"[\u0400-\u04ff]")
#: Each family's keywords without a Cyrillic letter: the only ones a text without Cyrillic can
#: contain (none for the Russian families).
_LATIN_KEYWORDS: Final = {
    f.name: tuple(k for k in f.keywords if not _CYRILLIC_LETTER.search(k)) for f in _FAMILIES
}

# "…, reports ." / "…, reports, citing Y." / "…, передает ." : the outlet name is missing.
_MISSING_RE: Final = re.compile(
    rf",{_SP}*(?:reports|reported|informs|передает|передаёт|сообщает|пишет)"
    rf"(?={_SP}*(?:[.;]|$|,{_SP}*(?:citing|со{_SP}+ссылкой)))"
    rf"|деп{_SP}+хабарлайды(?={_SP}*(?:[.;]|$))",
    re.MULTILINE,
)

# Press services. The organisation is cut at the first verb-like or function word.
_PS_RU_RE: Final = re.compile(
    rf"(?P<ps>[Пп]ресс-(?:служб|центр)\w*){_SP}+(?P<org>[^,.;:()!?\n—–]{{1,100}})"
)
_PS_EN_RE: Final = re.compile(
    rf"(?P<ps>[Pp]ress{_SP}+(?:service|office|center|centre))(?:{_SP}+of{_SP}+(?:the{_SP}+)?"
    rf"(?P<org>[^,.;:()!?\n—–]{{1,100}}))?"
)
# "the Akorda press service", "the Interior Ministry's press service": searched backwards from
# the trigger, like a right-anchored family slot.
_PS_EN_BEFORE_RE: Final = re.compile(rf"(?<!\S)(?P<org>{_NAME})(?:['’]s)?{_SP}+$")
_PS_KK_RE: Final = re.compile(rf"баспасөз{_SP}+қызмет\w*")
_PS_KK_BOUNDARY: Final = re.compile(r"[,;:()!?—–]|\.(?=\s|$)")
_PS_STOP_RU: Final = re.compile(
    r"^(?:сообщ|переда|отмет|поясн|рассказ|уточн|заяв|информир|добав|подчеркн|напомн|ответ"
    r"|прокомментир|сказа|говор|что$|о$|об$|в$|на$|для$|со$|с$|и$|при$|по$)"
)
_PS_STOP_EN: Final = re.compile(
    r"^(?:said|says|say|reported|reports|told|noted|notes|informed|informs|stated|states|that"
    r"|on|in|to|for|announced|has|had|have|was|were|is|are|added|explained|confirmed|clarified"
    r"|and|also|responded|commented)$"
)
_PS_STOP_KK: Final = _wordset(
    "бұл туралы жөнінде деп мұны оны осы және мен бойынша хабарлады мәлімдеді"
)
_VIA_BEFORE_RE: Final = re.compile(
    r"(?:со\s+ссылкой\s+на|ссылаясь\s+на|citing|with\s+reference\s+to|from(?:\s+the)?)\s*$"
)

# Page furniture that is not article text (sites.md): stop at the "Latest news" block, skip
# "Read also" lines, photo credits, share labels and embed captions.
_END_OF_ARTICLE_RE: Final = re.compile(
    r"^\s*(?:Latest\s+news|Последние\s+новости|Соңғы\s+жаңалықтар|Главные\s+новости)\s*:?\s*$",
    re.IGNORECASE,
)
_SKIP_LINE_RE: Final = re.compile(
    r"^\s*(?:Read\s+also|Читайте\s+также|Оқи\s+отырыңыз|Сондай-ақ\s+оқыңыз|Также\s+читайте"
    r"|(?:cover\s+)?Photo\s*:|Фото\s*:|Фото\s+с\s+сайта|Коллаж\s*:|Сурет\s*:|Video\s*:|Видео\s*:"
    r"|©|ПОДЕЛИТЬСЯ\s*$|Поделиться\s*$|View\s+this\s+post\s+on\s+Instagram)",
    re.IGNORECASE,
)
_BYLINE_RE: Final = re.compile(
    r"^\s*(?:By\s+|BY\s+|(?:Авторы?|Authors?|Text|Текст|Авторлар(?:ы)?|Мәтін)\s*:\s*)(?P<n>.+?)\s*$"
)
_ORIGINAL_AUTHOR_RE: Final = re.compile(
    r"(?:^|(?<=[\s.!?»\"”]))(?:Original\s+[Aa]uthor|Автор\s+оригинала|Түпнұсқа\s+авторы)\s*:\s*"
    r"(?P<n>[^\n]+)"
)
_TRAILER_RE: Final = re.compile(
    r"\s*(?:Read\s+also|Latest\s+news|Читайте\s+также|Последние\s+новости)\b.*$", re.IGNORECASE
)
# Sentences glued without a space ("…said.The minister"): split so names do not fuse.
_GLUED_RE: Final = re.compile(r"[.!?][\"»”]?(?=[A-ZА-ЯЁ])")


def _unglue(m: re.Match[str]) -> str:
    # "Orda.KZ" or "U.S." stay: only a lower-case word, or a closing quote, ends a sentence.
    text, i = m.string, m.start()
    if len(m.group(0)) == 2 or (i >= 2 and text[i - 1].islower() and text[i - 2].islower()):
        return m.group(0) + " "
    return m.group(0)


_PERSON_WORD_RE: Final = re.compile(rf"[{_UP}][\w'’.-]*|[{_UP}]\.")
_LEAD_RE: Final = re.compile(
    # The dateline's city is in capitals, or in Arabic script (no case): "استانا. KAZINFORM –".
    rf"^\s*(?:[{_UP}\u0621-\u06ff][{_UP}\u0621-\u06ff\s,.-]{{1,40}}?[.,]{_SP}+)?"
    rf"(?P<x>{_NAME}){_SP}*[–—-]{{1,2}}{_SP}+\S"
)
_AGENCY_VERB_RE: Final = re.compile(
    r"[^\S\n]+(?:informs|informed|reports|reported|writes)(?=,[^\S\n]*citing\b)"
)
# Where a recorded phrase ends: the end of its clause.
_PHRASE_CUT_RE: Final = re.compile(r"(?<=[^\s.])[.!?;](?=\s|$)|,\s|\n")
_TITLE_PREFIX_RE: Final = re.compile(r"^\s*(?P<x>[^:]{1,40}?)\s*:\s+(?P<rest>\S.*)$", re.DOTALL)
# The last " - X" / " – X" / " | X" of a title (rest is greedy, so the last separator wins).
_TITLE_SUFFIX_RE: Final = re.compile(r"^(?P<rest>.*\S)\s+[-–—|]\s+(?P<x>\S.{0,39}?)\s*$", re.DOTALL)


# ---------------------------------------------------------------------------------------------
# Analysis
# ---------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Hit:
    outlet: Outlet | None
    name: str
    pos: int


def _mid_sentence(text: str, pos: int) -> bool:
    """Whether ``pos`` follows other words of its sentence.

    A capitalised ordinary word there is a proper name ("…, Report informs"); at a sentence
    start it may be just the word ("Власти сообщили": "the authorities said").
    """
    before = text[max(0, pos - 3) : pos].rstrip(" \t")
    return bool(before) and before[-1] not in '.!?:;\n«"“„(—–-'


_NAME_KINDS: Final = (
    (re.compile(r"(?:\bTV|Television|ТВ)$"), "tv"),
    (re.compile(r"(?:\bRadio|FM|Радио)$"), "radio"),
    (re.compile(r"(?:Agency|Агентство)$"), "agency"),
    (
        re.compile(r"(?:Times|Post|Gazette|Daily|Herald|Journal|Tribune|Telegraph|Таймс)$"),
        "newspaper",
    ),
    (re.compile(rf"^{_DOMAIN}$"), "site"),
)


def _kind_of_name(name: str) -> str | None:
    """The kind an unregistered outlet's own name tells ("Sary Arka TV", "steppewire.kz")."""
    for pattern, kind in _NAME_KINDS:
        if pattern.search(name):
            return kind
    return None


def _strip_quotes(s: str) -> str:
    return s.strip().strip(_QUOTE_CHARS).strip()


def _drop_leading_stop(part: str) -> str:
    words = part.split()
    while len(words) > 1 and words[0].strip(",").casefold() in _LEADING_STOP:
        words.pop(0)
    return " ".join(words)


class _Analyzer:
    def __init__(self, registry: OutletRegistry, site: Outlet | None) -> None:
        self.registry = registry
        self.site = site
        self.found: list[tuple[int, CitedSource]] = []
        self._casefold_of: str | None = None
        self._casefold: tuple[str, bool] = ("", False)

    def _casefolded(self, text: str) -> tuple[str, bool]:
        """(``text.casefold()``, whether that has a Cyrillic letter), computed once per text.

        Without one, ``text`` has no Cyrillic letter either (a Cyrillic letter case-folds to
        one), so no Cyrillic word can occur in it: the passes skip their Cyrillic searches.
        """
        if text is not self._casefold_of:
            folded = text.casefold()
            self._casefold_of = text
            self._casefold = (folded, _CYRILLIC_LETTER.search(folded) is not None)
        return self._casefold

    # -- resolution ---------------------------------------------------------------------------

    def _parts(self, text: str, start: int, end: int, anchor: str) -> Iterator[tuple[int, int]]:
        """Sub-spans of a name slot: the comma chunk next to the trigger, split at "and"."""
        chunks = [(start, end)]
        cuts = list(_COMMA_RE.finditer(text, start, end))
        if cuts:
            chunk = (cuts[-1].end(), end) if anchor == "right" else (start, cuts[0].start())
            chunks = [chunk]
        for cs, ce in chunks:
            pos = cs
            for m in _CONJ_RE.finditer(text, cs, ce):
                yield pos, m.start()
                pos = m.end()
            yield pos, ce

    def _resolve(
        self, text: str, start: int, end: int, anchor: str, has_desc: bool, *, desc_start: int = -1
    ) -> list[_Hit]:
        hits: list[_Hit] = []
        for ps, pe in self._parts(text, start, end, anchor):
            if ps >= pe:
                continue
            mention = None
            if desc_start >= 0 and (ps == start or anchor == "right"):
                # An alias that includes its noun ("телеканал КТК") beats the bare name.
                mention = (
                    self.registry.match_at(text, desc_start)
                    if anchor == "left"
                    else self.registry.match_end(text, desc_start, pe)
                )
                if mention is not None and mention.end <= ps:
                    mention = None
            if mention is None:
                mention = (
                    self.registry.match_at(text, ps)
                    if anchor == "left"
                    else self.registry.match_end(text, ps, pe)
                )
            if mention is not None and (
                not mention.weak
                or anchor == "left"
                or has_desc
                or _mid_sentence(text, mention.start)
            ):
                outlet = self.registry.outlets[mention.outlet_id]
                hits.append(_Hit(outlet, mention.text, mention.start))
                continue
            # The whole part as a lookup key: "according to the Insider" (the article was
            # consumed by the pattern; the key of "The Insider" drops it too).
            part = text[ps:pe].strip()
            whole = self.registry.lookup(part) if mention is None else None
            if whole is not None and not self.registry.is_weak(whole.id, part):
                hits.append(_Hit(whole, _strip_quotes(part), ps))
                continue
            shaped = self._shaped(part, anchor, has_desc)
            if shaped:
                offset = max(0, text.find(shaped, ps, pe) - ps)
                hits.append(_Hit(self.registry.lookup(shaped), shaped, ps + offset))
        return hits

    def _shaped(self, part: str, anchor: str, has_desc: bool) -> str | None:
        """The outlet-shaped name in a slot part, or None (a person, a ministry, a place)."""
        part = part.strip()
        if anchor == "left":
            m = _DOMAIN_LEFT_RE.match(part)
            if m:
                return m.group("d")
            m2 = _SHAPED_LEFT_RE.match(part)
            if m2:
                return _strip_quotes(m2.group(0))
        else:
            m = _DOMAIN_RIGHT_RE.search(part)
            if m:
                return m.group("d")
            m2 = _SHAPED_RIGHT_RE.search(part)
            if m2:
                return _drop_leading_stop(_strip_quotes(m2.group(0).rstrip(".,;:!?")))
        if has_desc:
            name = _strip_quotes(part.rstrip(".,;:!?"))
            return _drop_leading_stop(name) if anchor == "right" else name
        return None

    # -- recording ----------------------------------------------------------------------------

    def _add(
        self,
        pos: int,
        outlet: Outlet | None,
        name: str,
        phrase: str,
        role: str,
        *,
        kind: str | None = None,
    ) -> None:
        final: Role
        if role == "via":
            final = "via"
        elif outlet is not None and self.site is not None and outlet.id == self.site.id:
            final = "self"
        else:
            final = "cited"
        kind = outlet.kind if outlet is not None and kind is None else kind
        if outlet is None and kind is None and name != UNKNOWN_SOURCE:
            kind = _kind_of_name(name)
        phrase = " ".join(phrase.split())
        self.found.append(
            (pos, CitedSource(outlet.id if outlet else None, name, phrase, final, kind))
        )

    # -- passes -------------------------------------------------------------------------------

    def families(self, text: str) -> None:
        # The matcher's folded text, which mentions() needs too (the registry keeps it).
        matchable = self.registry.folded(text)
        # A text without Cyrillic contains no Cyrillic keyword: one search instead of some 70
        # substring tests (the Russian families and half the Kazakh keywords) on an English
        # article.
        folded, cyrillic = self._casefolded(text)
        positions: dict[str, list[int]] = {}  # of trigger words, which families share
        absent: set[str] = set()  # keywords of failed tests, which the Kazakh families share
        for family in _FAMILIES:
            keywords = family.keywords if cyrillic else _LATIN_KEYWORDS[family.name]
            if family.keywords and not any(k not in absent and k in folded for k in keywords):
                absent.update(keywords)
                continue
            if family.anchor == "left":
                for m in family.matches(text, matchable, positions):
                    desc = m.group("desc") or m.group("desc2")
                    desc_start = m.start("desc") if m.group("desc") else -1
                    x_start, x_end = m.start("x"), m.end("x")
                    for hit in self._resolve(
                        text, x_start, x_end, "left", bool(desc), desc_start=desc_start
                    ):
                        phrase = text[m.start() : m.end()]
                        kind = kind_of_noun(desc) if desc and hit.outlet is None else None
                        self._add(hit.pos, hit.outlet, hit.name, phrase, family.role(m), kind=kind)
                continue
            assert family.slot is not None
            for m in family.matches(text, matchable, positions):
                t = m.start()
                window = _slot_window(text, t)
                if window < 0:
                    continue
                s = family.slot.search(text, window, t)
                if s is None:
                    continue
                groups = s.groupdict()
                desc = groups["desc"] or groups.get("desc2")
                has_desc = bool(desc)
                desc_start = s.start("desc") if groups["desc"] else -1
                x_start, x_end = s.start("x"), s.end("x")
                for hit in self._resolve(
                    text, x_start, x_end, "right", has_desc, desc_start=desc_start
                ):
                    phrase = text[s.start() if has_desc else hit.pos : m.end()]
                    kind = kind_of_noun(desc) if desc and hit.outlet is None else None
                    self._add(hit.pos, hit.outlet, hit.name, phrase, family.role(m), kind=kind)

    def missing(self, text: str) -> None:
        # Each match has one of its verbs; the Latin ones are "reports"/"reported"/"informs".
        if not self._casefolded(text)[1] and "report" not in text and "informs" not in text:
            return
        for m in _MISSING_RE.finditer(text):
            self._add(m.start(), None, UNKNOWN_SOURCE, m.group(0).lstrip(", "), "cited")

    def press_services(self, text: str) -> None:
        cyrillic = self._casefolded(text)[1]
        for m in _PS_RU_RE.finditer(text) if cyrillic and "ресс-" in text else ():
            org = _cut_org(m.group("org"), _PS_STOP_RU, 6)
            self._press(
                text, m.start(), m.group("ps"), org, text[m.start() : m.start("org") + len(org)]
            )
        if "press" in text:
            for m in _PS_EN_RE.finditer(text):
                if m.group("org"):
                    org = _cut_org(m.group("org"), _PS_STOP_EN, 7)
                    phrase = text[m.start() : m.start("org") + len(org)]
                else:
                    window = max(text.rfind("\n", 0, m.start()) + 1, m.start() - _SLOT_WINDOW)
                    b = _PS_EN_BEFORE_RE.search(text, window, m.start())
                    if b is None:
                        continue
                    org = _drop_leading_stop(re.sub(r"^[Tt]he\s+", "", b.group("org")))
                    first = b.start("org") + b.group("org").find(org.split()[0])
                    phrase = text[first : m.end()]
                self._press(text, m.start(), m.group("ps"), org, phrase)
        if cyrillic and "баспасөз" in text:
            for m in _PS_KK_RE.finditer(text):
                line_start = text.rfind("\n", 0, m.start()) + 1
                # A full stop inside a domain ("Tengrinews.kz Ақорданың …") is not a boundary.
                segment = _PS_KK_BOUNDARY.split(text[line_start : m.start()])[-1]
                before = segment.split()[-3:]
                while before and before[0].casefold() in _PS_STOP_KK:
                    before.pop(0)
                # The organisation is the longest tail of those words the registry knows
                # ("Ақорданың"), else all of them.
                known = [
                    " ".join(before[i:])
                    for i in range(len(before))
                    if self.registry.lookup(" ".join(before[i:])) is not None
                ]
                org = known[0] if known else " ".join(before)
                self._press(text, m.start(), m.group(0), org, f"{org} {m.group(0)}")

    def _press(self, text: str, pos: int, ps: str, org: str, phrase: str) -> None:
        if not org or not any(c.isalpha() for c in org):
            return
        outlet = self.registry.lookup(phrase) or self.registry.lookup(org)
        if outlet is None:
            mention = self.registry.match_at(org, 0)
            if mention is not None and mention.end >= len(org.rstrip()) and not mention.weak:
                outlet = self.registry.outlets[mention.outlet_id]
        role = "via" if _VIA_BEFORE_RE.search(text, max(0, pos - 30), pos) else "cited"
        kind = outlet.kind if outlet is not None else "press-service"
        self._add(pos, outlet, phrase.strip(), phrase.strip(), role, kind=kind)

    def lead(self, text: str) -> None:
        """A lead prefix "Tengrinews.kz – …" on one of the first paragraphs.

        A caption or a repeated title may come before the lead, so the first three
        paragraphs are tried; the first prefix found counts.
        """
        lines = [line for line in text.split("\n", 12)[:12] if line.strip()][:3]
        for first in lines:
            m = _LEAD_RE.match(first)
            if not m:
                continue
            name = m.group("x")
            outlet = self.registry.lookup(name)
            if outlet is not None and self.registry.is_weak(outlet.id, name):
                outlet = None
            if outlet is None and not re.fullmatch(_DOMAIN, _strip_quotes(name)):
                continue
            phrase = first[m.start("x") : m.end() - 1].strip()
            self._add(-1, outlet, _strip_quotes(name), phrase, "cited")
            return

    def mentions(self, text: str) -> None:
        """Mention first, then decide: outlets named as the subject of a clause.

        A mention introduced by an outlet noun is a source when a reporting verb follows
        ("state-affiliated news outlet RBC said", "В Telegram-канале «Orda» размещена
        информация"); a registered outlet opening a sentence is one when any finite verb
        follows ("Orda.kz стало интересно …", "KazTAG journalists also quoted …"). Weak
        names (ordinary words) open a sentence as the word ("Власти сообщили"), except the
        crawled site's own Latin brand on its own pages ("Orda put together …").
        """
        for mention in find_mentions(text, self.registry):
            outlet = self.registry.outlets[mention.outlet_id] if mention.outlet_id else None
            if mention.noun is not None:
                after = max(mention.end, mention.noun_start + len(mention.noun))
                if text[mention.end : mention.end + 2].startswith(("'s", "’s")):
                    continue
                if not reporting_after(text, after):
                    continue
                first = min(mention.start, mention.noun_start)
                phrase = text[first : after + 40].split("\n", 1)[0]
                phrase = _PHRASE_CUT_RE.split(phrase, maxsplit=1)[0]
                kind = mention.kind if outlet is None else None  # the registry knows better
                self._add(mention.start, outlet, mention.name, phrase, "cited", kind=kind)
                continue
            if outlet is None or text[mention.end - 2 : mention.end] in ("'s", "’s"):
                continue
            told = kazakh_told(text, mention.start, mention.end)
            if told is not None or arabic_reported(text, mention.start, mention.end):
                phrase = told or _PHRASE_CUT_RE.split(text[mention.start :], maxsplit=1)[0]
                self._add(mention.start, outlet, mention.name, phrase, "cited")
                continue
            if outlet.kind not in TITLE_PREFIX_KINDS:
                continue  # a company or ministry doing something ("КТК обеспечивает …")
            if mention.weak and not (
                mention.name.isascii()
                and mention.name[:1].isupper()
                and (
                    (self.site is not None and outlet.id == self.site.id)
                    # "Report informs, citing …": the agency's own formula, not the word.
                    or _AGENCY_VERB_RE.match(text, mention.end) is not None
                )
            ):
                continue
            if not at_sentence_start(text, mention.start) or not predicate_after(text, mention.end):
                continue
            phrase = _PHRASE_CUT_RE.split(text[mention.start : mention.end + 40], maxsplit=1)[0]
            self._add(mention.start, outlet, mention.name, phrase, "cited")

    def trailers(self, text: str) -> None:
        """Trailer lines: "Source: Kazinform", "Sourse:", "Источник:", "Дереккөз:"."""
        for pos, name, line in trailer_names(text):
            bare = _strip_quotes(name)
            outlet = self.registry.lookup(bare)
            if outlet is None:
                mention = self.registry.match_at(bare, 0)
                if mention is not None and mention.end >= len(bare):
                    outlet = self.registry.outlets[mention.outlet_id]
            if outlet is None:
                words = bare.split()
                is_domain = re.fullmatch(_DOMAIN, bare) is not None
                name_like = (
                    bool(words) and len(words) <= 6 and (bare[0].isupper() or bare[0].isdigit())
                )
                if not (name_like or is_domain):
                    continue
                kind = "site" if is_domain else None
                self._add(pos, None, bare, line, "cited", kind=kind)
                continue
            self._add(pos, outlet, bare, line, "cited")

    def result(self) -> list[CitedSource]:
        seen: set[tuple[str, str]] = set()
        out: list[CitedSource] = []
        for _, src in sorted(self.found, key=lambda item: item[0]):
            key = (src.outlet_id or alias_key(src.name), src.role)
            if key not in seen:
                seen.add(key)
                out.append(src)
        return out


# Lower-case words that may sit between a name and its verb ("Kazinform correspondent reports",
# "Reuters агенттігіне сілтеме жасап", "Tengrinews.kz тілшісі хабарлайды").
_SLOT_TAIL_WORDS: Final = (
    "correspondent", "reporter", "journalist", "agency", "website", "portal", "outlet",
    "newspaper", "channel", "publication", "magazine", "broadcaster", "корреспондент",
    "журналист", "тілші",
    "агенттіг", "басылым", "сайт", "арна", "телеарна", "портал", "газет", "agenttig", "basylym",
    "sait", "saıt", "arna", "tilshi",
)  # fmt: skip


def _slot_window(text: str, t: int) -> int:
    """Where to search for a name ending before position ``t``, or -1 when there cannot be one.

    The word before the trigger must be capitalised, quoted, a domain or a known tail word; the
    search then covers only the last few words of the line, which keeps the backwards search
    cheap (it is tried at every word start).
    """
    if t < 2 or not text[t - 1].isspace():
        return -1
    line_start = text.rfind("\n", 0, t) + 1
    prev_start = text.rfind(" ", line_start, t - 1) + 1 or line_start
    prev = text[max(prev_start, line_start) : t].strip()
    if not prev:
        return -1
    first = prev[0]
    name_like = first.isupper() or first.isdigit() or first in _QUOTE_CHARS
    name_like = name_like or prev[-1] in _QUOTE_CHARS or re.fullmatch(_DOMAIN, prev) is not None
    if not name_like and not prev.casefold().startswith(_SLOT_TAIL_WORDS):
        return -1
    start = t
    for _ in range(_SLOT_WORDS):
        space = text.rfind(" ", line_start, start - 1)
        if space < 0:
            return line_start
        start = space
    return max(start, t - _SLOT_WINDOW)


def _cut_org(org: str, stop: re.Pattern[str], limit: int) -> str:
    words: list[str] = []
    for word in org.split():
        if stop.match(word.casefold()) or len(words) >= limit:
            break
        words.append(word)
    return " ".join(words).strip(' «»"')


def _title_source(
    title: str, registry: OutletRegistry, site: Outlet | None
) -> tuple[str, str | None, Outlet | None, str]:
    """(clean title, source as written, registry outlet, phrase) for a title prefix/suffix."""
    m = _TITLE_SUFFIX_RE.match(title)
    if m:
        name = _strip_quotes(m.group("x"))
        outlet = registry.lookup(name)
        if outlet is not None and registry.is_weak(outlet.id, name) and not name[:1].isupper():
            outlet = None
        if outlet is not None or re.fullmatch(_DOMAIN, name):
            if outlet is not None and site is not None and outlet.id == site.id:
                # The site's own name after its titles is branding, not a source.
                return m.group("rest").strip(), None, None, ""
            phrase = title[m.end("rest") :].strip()
            return m.group("rest").strip(), name, outlet, phrase
    m = _TITLE_PREFIX_RE.match(title)
    if m:
        name = _strip_quotes(m.group("x"))
        outlet = registry.lookup(name)
        if outlet is not None and registry.is_weak(outlet.id, name):
            outlet = None
        # Only news publishers count at the front: "CPC: …" is a headline about CPC.
        if outlet is not None and outlet.kind not in TITLE_PREFIX_KINDS:
            return title.strip(), None, None, ""
        if outlet is not None or re.fullmatch(_DOMAIN, name):
            if outlet is not None and site is not None and outlet.id == site.id:
                return m.group("rest").strip(), None, None, ""
            return m.group("rest").strip(), name, outlet, title[: m.start("rest")].strip()
    return title.strip(), None, None, ""


def _persons(raw: str, *, strict: bool) -> list[str]:
    raw = _TRAILER_RE.sub("", raw).strip()
    persons = split_persons(raw)
    if strict:
        # A byline is short and every word is capitalised: "By the way, …" is not a byline.
        for person in persons:
            words = person.split()
            if not 1 <= len(words) <= 5 or any(ch.isdigit() for ch in person):
                return []
            if not all(_PERSON_WORD_RE.fullmatch(w) for w in words):
                return []
    return dedupe_persons(persons)


def _prepare(text: str) -> tuple[str, list[str], list[str]]:
    """(article text to scan, byline authors, original authors)."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2009", " ")
    text = _GLUED_RE.sub(_unglue, text)
    authors: list[str] = []
    originals: list[str] = []
    kept: list[str] = []
    for raw_line in text.split("\n"):
        line = raw_line
        if _END_OF_ARTICLE_RE.match(line):
            break
        if _SKIP_LINE_RE.match(line):
            continue
        m = (
            _ORIGINAL_AUTHOR_RE.search(line)
            if "uthor" in line or "Автор оригинала" in line or "Түпнұсқа" in line
            else None
        )
        if m:
            originals.extend(_persons(m.group("n"), strict=False))
            line = line[: m.start()]
        m = _BYLINE_RE.match(line) if len(line) <= 160 else None
        if m:
            names = _persons(m.group("n"), strict=True)
            if names:
                authors.extend(names)
                continue
        kept.append(line)
    return "\n".join(kept), dedupe_persons(authors), dedupe_persons(originals)


def analyze(
    title: str,
    text: str,
    *,
    url: str,
    language: str | None = None,
    registry: OutletRegistry | None = None,
) -> Attribution:
    """Find bylines, original authors and cited sources in an article's title and text.

    ``text`` is the visible article text, paragraphs separated by newlines; page furniture
    after a "Latest news" line, "Read also" lines and photo credits are ignored. ``url`` gives
    the crawled site, whose own outlet becomes role "self". ``language`` is recorded, not used:
    every phrase family runs on every text, because articles mix scripts and languages.
    ``registry`` defaults to the packaged registry.
    """
    registry = registry or default_registry()
    site = registry.outlet_for_url(url) if url else None
    body, authors, originals = _prepare(text)
    analyzer = _Analyzer(registry, site)

    clean_title, source, outlet, phrase = _title_source(" ".join(title.split()), registry, site)
    if source is not None:
        analyzer._add(-2, outlet, source, phrase, "cited")

    analyzer.lead(body)
    analyzer.families(body)
    analyzer.mentions(body)
    analyzer.trailers(body)
    analyzer.missing(body)
    analyzer.press_services(body)
    return Attribution(
        authors=authors,
        original_authors=originals,
        cited_sources=analyzer.result(),
        title_source=source,
        clean_title=clean_title,
        title_source_id=outlet.id if outlet is not None else None,
        site_outlet_id=site.id if site is not None else None,
        language=language,
    )
