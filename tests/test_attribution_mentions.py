"""Mention first, then decide: the shapes of issue #12, in each language, found and not found.

Every sentence is written for this file. Expected outlets are read off the sentence: the
registered outlet it names (its id in newscrawl/data/outlets.toml), or None for a name the
registry does not hold, with the role its position gives and, for unregistered names, the kind
the outlet noun before or after it says.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from scrapy.utils.test import get_crawler

from newscrawl.items import Article
from newscrawl.normalize.attribution import analyze
from newscrawl.normalize.morphology import is_finite_verb, russian_forms
from newscrawl.normalize.outlets import default_registry
from newscrawl.normalize.translit import fold, match_fold, to_latin
from newscrawl.pipelines.attribution import AttributionPipeline

EN_ORDA = "https://en.orda.kz/a-story-9123/"
RU_ORDA = "https://orda.kz/novost-391234/"
EN_TENGRI = "https://en.tengrinews.kz/kazakhstan_news/a-story-271234/"
OTHER = "https://example.com/news/1"


def found(text: str, url: str = OTHER, title: str = "Title") -> set[tuple[str | None, str]]:
    return {(s.outlet_id, s.role) for s in analyze(title, text, url=url).cited_sources}


def named(text: str, url: str = OTHER) -> set[tuple[str | None, str, str | None]]:
    return {(s.outlet_id, s.name, s.kind) for s in analyze("T", text, url=url).cited_sources}


# ---------------------------------------------------------------------------------------------
# 1. The outlet as the subject of any verb
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "url", "expected"),
    [
        ("Orda put together a timeline of the tender.", EN_ORDA, {("orda", "self")}),
        ("Orda.kz provided the documents to the court.", EN_TENGRI, {("orda", "cited")}),
        ("Orda.kz стало интересно, сколько стоила ёлка.", RU_ORDA, {("orda", "self")}),
        ("KazTAG journalists also quoted the deputy minister.", OTHER, {("kaztag", "cited")}),
        ("Earlier, Vlast.kz obtained the contract.", OTHER, {("vlast", "cited")}),
        ("Ранее Фонтанка выяснила подробности сделки.", OTHER, {("fontanka", "cited")}),
        # A Latin V in a Cyrillic word is still the brand.
        ("Vласть выяснила, кто получил подряд.", OTHER, {("vlast", "cited")}),
    ],
)
def test_outlet_as_subject(text: str, url: str, expected: set[tuple[str, str]]) -> None:
    assert found(text, url) == expected


@pytest.mark.parametrize(
    "text",
    [
        # Traps: the authorities, the horde, the Kazakh word for news, a mere mention.
        "Власти сообщили о закрытии трассы.",
        "Орда двинулась на запад, и город пал.",
        "Золотая Орда распалась в XV веке.",
        "Ол бұл хабар туралы кеше білді.",
        "The minister commented on the situation surrounding Orda and its newsroom.",
        "Orda's newsroom was searched on Monday.",
        # Statements about an outlet, not by it.
        "Orda.kz was blocked for two days.",
        "Orda.kz заблокировали в прошлом году.",
        # A company doing something is not a source.
        "КТК обеспечивает около 80% экспорта нефти.",
        "CPC shipments rose by 6%.",
        # Time is not TIME.
        "Time will tell whether the plan works.",
    ],
)
def test_mentions_that_are_not_sources(text: str) -> None:
    assert found(text, OTHER) == set()


# ---------------------------------------------------------------------------------------------
# 2. Datelines and lead prefixes
# ---------------------------------------------------------------------------------------------


def test_lead_prefix_after_a_caption() -> None:
    text = (
        "Taxi fares may change after the audit ©️ Depositphotos.com\n\n"
        "Tengrinews.kz – The audit of taxi fares has been completed, the agency said.\n"
    )
    assert found(text, EN_TENGRI) == {("tengrinews", "self")}


def test_lead_prefix_with_a_doubled_dash() -> None:
    assert found("Tengrinews.kz -- The bridge reopened on Friday.", OTHER) == {
        ("tengrinews", "cited")
    }


def test_a_dash_after_an_ordinary_word_is_no_dateline() -> None:
    assert found("Orda – a word for horde – appears in old chronicles.", OTHER) == set()


# ---------------------------------------------------------------------------------------------
# 3. Descriptors before the name, registered or not
# ---------------------------------------------------------------------------------------------


RBC_SAID = "The state-affiliated news outlet RBC said the plane was full."
ORDA_CHANNEL = "В Telegram-канале «Orda» размещена информация о задержании."
ORDA_DESCRIBED = 'Ранее казахстанское издание Орда ("Orda") сообщило со ссылкой на источники, что…'


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (RBC_SAID, {("rbc", "RBC", "news-outlet")}),
        (ORDA_CHANNEL, {("orda", "Telegram-канале «Orda»", "news-outlet")}),
        (ORDA_DESCRIBED, {("orda", "Орда", "news-outlet")}),
        ("Как сообщил телеканал КТК, дорогу закрыли.", {("ktk", "телеканал КТК", "tv")}),
        (
            "Газета «Степной вестник» написала о пожаре.",
            {(None, "Степной вестник", "newspaper")},
        ),
        (
            "Telegram-канал «Жёлтый гусь» сообщил о задержании.",
            {(None, "Жёлтый гусь", "telegram-channel")},
        ),
        (
            "The local newspaper Prairie Ledger reported the closure.",
            {(None, "Prairie Ledger", "newspaper")},
        ),
        (
            "The road was closed, the Sary Arka TV channel reported.",
            {(None, "Sary Arka TV", "tv")},
        ),
    ],
)
def test_outlet_nouns_before_the_name(
    text: str, expected: set[tuple[str | None, str, str | None]]
) -> None:
    assert named(text) == expected


def test_an_outlet_noun_without_a_reporting_verb_is_a_mention() -> None:
    assert found("The newspaper Prairie Ledger was sold to a bank.", OTHER) == set()
    assert found("Газета «Степной вестник» закрылась в мае.", OTHER) == set()


# ---------------------------------------------------------------------------------------------
# 4. Chains and 5. trailer lines
# ---------------------------------------------------------------------------------------------


def test_chains_give_cited_and_via() -> None:
    assert found("Reuters cites two sources in the ministry.", OTHER) == {("reuters", "cited")}
    assert found("The deal was reported by Kazpravda.kz, citing Argumenty i Fakty.", OTHER) == {
        ("kazpravda", "cited"),
        ("aif", "via"),
    }


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Source: Kazinform", {("kazinform", "Kazinform", "agency")}),
        ("Sourse: Kazinform", {("kazinform", "Kazinform", "agency")}),
        ("Источник: Интерфакс-Казахстан", {("interfax-kz", "Интерфакс-Казахстан", "agency")}),
        ("Дереккөз: ҚазАқпарат", {("kazinform", "ҚазАқпарат", "agency")}),
        ("Source: steppewire.kz", {(None, "steppewire.kz", "site")}),
        ("Sources: Reuters, AFP", {("reuters", "Reuters", "agency"), ("afp", "AFP", "agency")}),
    ],
)
def test_trailer_lines(line: str, expected: set[tuple[str | None, str, str | None]]) -> None:
    assert named(f"The bridge reopened on Friday.\n{line}") == expected


def test_a_source_line_needs_a_name() -> None:
    assert found("The bridge reopened.\nSource: according to the ministry", OTHER) == set()


# ---------------------------------------------------------------------------------------------
# 7. Kazakh: endings, 2021 Latin, Arabic script
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Бұл туралы «Хабар» телеарнасының хабарлауынша белгілі болды.", {("khabar", "cited")}),
        ("Мұны ҚазАқпаратқа министр айтты.", {("kazinform", "cited")}),
        ("Министр бұл туралы Tengrinews.kz-ке айтып берді.", {("tengrinews", "cited")}),
        ("Bul týraly Tengrinews.kz tilshisine ákim aıtyp berdi.", {("tengrinews", "cited")}),
        ('Joldyń jabylǵany týraly dep habarlaıdy "Adyrna".', {("adyrna", "cited")}),
        ("Bul týraly «QazAqparatqa» ákimdik habarlady.", {("kazinform", "cited")}),
        ('Bul týraly "Qamshy" portaly habarlady.', {("qamshy", "cited")}),
        # Arabic script: "ҚазАқпарат хабарлайды" and "… деп хабарлайды «ҚазАқпарат»".
        ("قازاقپارات حابارلايدى", {("kazinform", "cited")}),
        ("جول اشىلدى دەپ حابارلايدى «قازاقپارات»", {("kazinform", "cited")}),
    ],
)
def test_kazakh_shapes(text: str, expected: set[tuple[str, str]]) -> None:
    assert found(text, OTHER) == expected


# ---------------------------------------------------------------------------------------------
# 8. Russian declension of unquoted names
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("По данным Интерфакса, сделка закрыта.", {("interfax", "cited")}),
        ("Как пишет «Новая газета», суд отложен.", {("novaya-gazeta", "cited")}),
        ("Об этом сообщили журналисты Фонтанки.", {("fontanka", "cited")}),
        ("В материале Медиазоны приводятся документы.", {("mediazona", "cited")}),
        ("Корреспондент «Орды» побывал на месте.", {("orda", "cited")}),
    ],
)
def test_russian_declension(text: str, expected: set[tuple[str, str]]) -> None:
    assert found(text, OTHER) == expected


# ---------------------------------------------------------------------------------------------
# The building blocks
# ---------------------------------------------------------------------------------------------


def test_one_fold_for_every_script() -> None:
    assert fold("«ҚазАқпарат»") == fold("QazAqparat") == fold("قازاقپارات")
    assert fold("Habarlaıdy") == fold("хабарлайды")
    assert to_latin("Қамшы") == "Qamshy"
    # The matching fold keeps every position.
    text = "«Vласть» — Tengrinews.kz"
    assert len(match_fold(text)) == len(text)


def test_short_acronyms_keep_their_script() -> None:
    registry = default_registry()
    assert [m.outlet_id for m in registry.find_all("КТК и KTK")] == ["cpc", "ktk"]
    assert registry.find_all("ВВС и АП") == []


def test_russian_forms_come_from_pymorphy3() -> None:
    assert "Новой газеты" in russian_forms("Новая газета")
    assert "Интерфакса" in russian_forms("Интерфакс")
    assert russian_forms("РБК") == ()
    assert is_finite_verb("выяснила")
    assert not is_finite_verb("заблокировали")
    assert not is_finite_verb("власти")


def test_registry_holds_the_media_the_issue_lists() -> None:
    registry = default_registry()
    publishers = [
        o for o in registry.outlets.values() if o.kind not in {"press-service", "organization"}
    ]
    assert len(publishers) >= 200
    for name in (
        "Khabar", "KTK", "Astana TV", "31 kanal", "Qazaqstan TV", "Atameken Business",
        "Egemen Qazaqstan", "Kazakhstanskaya Pravda", "Aikyn", "Jas Alash", "Ana tili",
        "Almaty Aqshamy", "Diapazon", "Uralskaya Nedelya", "Zakon.kz", "Nur.kz",
        "Informburo.kz", "Ulysmedia", "LS", "Time.kz", "Massaget", "Elorda.info",
    ):  # fmt: skip
        assert registry.lookup(name) is not None, name


# ---------------------------------------------------------------------------------------------
# The registry stays user-extensible without code
# ---------------------------------------------------------------------------------------------


def test_outlet_registry_files_setting_extends_the_pipeline(tmp_path: Path) -> None:
    extra = tmp_path / "local.toml"
    extra.write_text(
        '[[outlet]]\nid = "steppe-herald"\nname = "Steppe Herald"\nkind = "newspaper"\n'
        'aliases.ru = ["Степной вестник"]\n',
        encoding="utf-8",
    )
    crawler = get_crawler(settings_dict={"OUTLET_REGISTRY_FILES": [str(extra)]})
    pipeline = AttributionPipeline.from_crawler(crawler)
    pipeline.open_spider()
    item = Article(
        url=OTHER,
        site="example.com",
        spider="generic",
        title="Пожар на складе",
        body="Газета «Степной вестник» написала о пожаре.",
    )
    pipeline.process_item(item)
    assert [(s["outlet_id"], s["kind"]) for s in item.cited_sources] == [
        ("steppe-herald", "newspaper")
    ]
    # The same files give the same registry object: built once per process.
    again = AttributionPipeline.from_crawler(crawler)
    again.open_spider()
    assert again.registry is pipeline.registry
    # Without the setting the name stays unregistered.
    plain = AttributionPipeline()
    plain.open_spider()
    assert plain.registry is default_registry()


def test_weak_agency_names_in_their_own_formula() -> None:
    assert found("Report informs, citing Tengrinews.kz.", OTHER) == {
        ("report-az", "cited"),
        ("tengrinews", "via"),
    }
    # The ordinary words: a report, the time.
    assert found("Report says the deal stalled.", OTHER) == set()
    assert found("Time reports are late this year.", OTHER) == set()


def test_arabic_script_dateline() -> None:
    text = "\u0627\u0633\u062a\u0627\u0646\u0627. KAZINFORM \u2013 \u062c\u0648\u0644"
    assert found(text, OTHER) == {("kazinform", "cited")}
