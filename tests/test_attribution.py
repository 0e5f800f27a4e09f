"""Attribution analysis: each phrase family in each language, what it finds and what it must not.

Expected values are read off the input sentences: the outlet named in the phrase, and the role
its position gives it (the crawled site's own outlet is "self", the Y of "citing Y" is "via").
"""

from __future__ import annotations

import json

import pytest

from newscrawl.normalize.attribution import UNKNOWN_SOURCE, Attribution, CitedSource, analyze

EN_ORDA = "https://en.orda.kz/kazakhstan-raises-fuel-prices-9123/"
RU_ORDA = "https://orda.kz/kazahstan-povyshaet-ceny-na-toplivo-391234/"
KK_ORDA = "https://kaz.orda.kz/zhanalyk-12345/"
EN_TENGRI = "https://en.tengrinews.kz/kazakhstan_news/roads-open-271234/"
RU_TENGRI = "https://tengrinews.kz/kazakhstan_news/dorogi-otkryty-541234/"
KK_TENGRI = "https://kaz.tengrinews.kz/kazakhstan_news/zhol-ashyldy-441234/"
OTHER = "https://example.com/news/1"


def pairs(title: str, text: str, url: str) -> set[tuple[str | None, str]]:
    return {(s.outlet_id, s.role) for s in analyze(title, text, url=url).cited_sources}


# ---------------------------------------------------------------------------------------------
# English
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "url", "expected"),
    [
        # "…, X reports."
        ("Fuel prices rose by 5% on Monday, Orda.kz reports.", EN_ORDA, {("orda", "self")}),
        ("Fuel prices rose by 5% on Monday, Orda.kz reports", EN_ORDA, {("orda", "self")}),
        ("Fuel prices rose on Monday, Tengrinews.kz reports.", EN_TENGRI, {("tengrinews", "self")}),
        ("Fuel prices rose on Monday, Tengrinews.kz reports.", EN_ORDA, {("tengrinews", "cited")}),
        # "X reports, citing Y." / "X informs, citing Y."
        (
            "Oil output fell by 3%, Orda.kz reports, citing Reuters.",
            EN_ORDA,
            {("orda", "self"), ("reuters", "via")},
        ),
        (
            "Interfax-Kazakhstan informs, citing Kazinform.",
            EN_ORDA,
            {("interfax-kz", "cited"), ("kazinform", "via")},
        ),
        ("GDP grew by 4.8%, Report informs.", EN_ORDA, {("report-az", "cited")}),
        # "according to X"
        ("According to Kazinform, the road will open in May.", EN_ORDA, {("kazinform", "cited")}),
        ("The deal is worth $2bn, according to Bloomberg.", EN_ORDA, {("bloomberg", "cited")}),
        (
            "according to Reuters and AFP, talks stalled.",
            EN_ORDA,
            {("reuters", "cited"), ("afp", "cited")},
        ),
        # "X has reported" / "local Telegram channel X has reported"
        ("Vlast.kz has reported that the tender was cancelled.", EN_ORDA, {("vlast", "cited")}),
        (
            "The local Telegram channel Orda has reported the detention.",
            EN_TENGRI,
            {("orda", "cited")},
        ),
        (
            "The local Telegram channel Orda has reported the detention.",
            EN_ORDA,
            {("orda", "self")},
        ),
        # "X reported of late" / "Earlier, X reported"
        ("KazTAG reported of late that the plant closed.", EN_ORDA, {("kaztag", "cited")}),
        ("Earlier, Orda.kz reported on the case.", EN_ORDA, {("orda", "self")}),
        # "X News Agency (correspondent) reports"
        (
            "Kazinform News Agency correspondent reports from the scene.",
            EN_ORDA,
            {("kazinform", "cited")},
        ),
        ("Trend News Agency reports that the talks ended.", EN_ORDA, {("trend-az", "cited")}),
        # "X learned from Y"
        (
            "Orda.kz learned from Kursiv that the deal was signed.",
            EN_ORDA,
            {("orda", "self"), ("kursiv", "via")},
        ),
        # "told X (correspondent)"
        ("The akim told Orda.kz that prices would rise.", EN_ORDA, {("orda", "self")}),
        (
            "The akim told a Tengrinews.kz correspondent that the road would open.",
            EN_TENGRI,
            {("tengrinews", "self")},
        ),
        (
            "He said in an interview with Kursiv that rates would rise.",
            EN_ORDA,
            {("kursiv", "cited")},
        ),
        # "X has looked into the matter"
        ("Orda.kz has looked into the matter.", EN_ORDA, {("orda", "self")}),
        ("As reported by The Insider, the funds were moved.", EN_ORDA, {("the-insider", "cited")}),
        ("According to the Insider, the funds were moved.", EN_ORDA, {("the-insider", "cited")}),
        # Word order copied from Russian ("передает Казинформ").
        ("Prices rose by 5%, reports Kazinform.", EN_ORDA, {("kazinform", "cited")}),
        ("Prices rose by 5%, writes Vlast.kz.", EN_ORDA, {("vlast", "cited")}),
        # An outlet noun after an unregistered name makes it a source.
        (
            "Output reached 66 million tons, Qoldaustat analytical website reported on Sept. 2.",
            EN_ORDA,
            {(None, "cited")},
        ),
        (
            "The plan was approved, as reported by the Saryarqa Dala TV channel on Jan. 4.",
            EN_ORDA,
            {(None, "cited")},
        ),
    ],
)
def test_english_families(text: str, url: str, expected: set[tuple[str | None, str]]) -> None:
    assert pairs("Title", text, url) == expected


@pytest.mark.parametrize(
    "text",
    [
        "According to Tokayev, the reform is complete.",
        "President Kassym-Jomart Tokayev reported on the results.",
        "Ivan Petrov reported the incident to the police.",
        "The Ministry of Energy reported a 5% rise in output.",
        "According to the Ministry of Health, 20 people were hospitalised.",
        "According to data from the Bureau of National Statistics, inflation slowed.",
        "The official told reporters that the case was closed.",
        "A report says prices will rise, according to a survey.",
        "Report informs readers about the budget.",  # sentence-initial ordinary word
        "The population reached 20 million, reported the Bureau of National Statistics.",
        "Kaztransoil said in a press release that it shipped the first batch.",
        "Reuters",  # an outlet merely mentioned, in no phrase
    ],
)
def test_english_non_sources(text: str) -> None:
    assert pairs("Title", text, EN_ORDA) == set()


def test_lead_prefix_is_self_attribution() -> None:
    dash = "Tengrinews.kz – Kazakhstan's roads will reopen on Monday."
    hyphen = "Tengrinews.kz - Kazakhstan's roads will reopen on Monday."
    typo = "Tenginews.kz - Kazakhstan's roads will reopen on Monday."  # the site's own typo
    for text in (dash, hyphen, typo):
        assert pairs("Roads reopen", text, EN_TENGRI) == {("tengrinews", "self")}
    # A dateline or a city before a dash is no source.
    assert pairs("Roads", "ASTANA – The roads will reopen.", EN_TENGRI) == set()
    assert pairs("Roads", "ASTANA. KAZINFORM – The roads reopen.", EN_TENGRI) == {
        ("kazinform", "cited")
    }


def test_missing_outlet_name_is_an_unknown_source() -> None:
    result = analyze("Title", "Fuel prices rose by 5% on Monday, reports .", url=EN_ORDA)
    assert len(result.cited_sources) == 1
    source = result.cited_sources[0]
    assert source.outlet_id is None
    assert source.name == UNKNOWN_SOURCE
    assert source.name != ""
    assert source.role == "cited"


def test_unregistered_outlet_shaped_names() -> None:
    result = analyze(
        "Title",
        "According to Dalanews.kz, the tender was cancelled. Ertis TV reported the closure.",
        url=EN_ORDA,
    )
    assert [(s.outlet_id, s.name, s.role) for s in result.cited_sources] == [
        (None, "Dalanews.kz", "cited"),
        (None, "Ertis TV", "cited"),
    ]


# ---------------------------------------------------------------------------------------------
# Titles
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "source", "source_id", "clean"),
    [
        ("Reuters: Oil prices rise", "Reuters", "reuters", "Oil prices rise"),
        (
            "Kazakhstan and Russia sign gas deal - The Insider",
            "The Insider",
            "the-insider",
            "Kazakhstan and Russia sign gas deal",
        ),
        (
            "Oil exports via Novorossiysk resume - CPC",
            "CPC",
            "cpc",
            "Oil exports via Novorossiysk resume",
        ),
        ("Tenge weakens – Kursiv", "Kursiv", "kursiv", "Tenge weakens"),
        (
            "Bloomberg: Kazakhstan plans Eurobond",
            "Bloomberg",
            "bloomberg",
            "Kazakhstan plans Eurobond",
        ),
        # Topic prefixes and subjects are not sources.
        ("Recap: The week in Kazakhstan", None, None, "Recap: The week in Kazakhstan"),
        (
            "CPC: Kazakhstan officials inspect the terminal",
            None,
            None,
            "CPC: Kazakhstan officials inspect the terminal",
        ),
        ("Tokayev: Reforms will continue", None, None, "Tokayev: Reforms will continue"),
        ("Report: GDP grew by 5%", None, None, "Report: GDP grew by 5%"),
        ("Astana – Almaty trains resume", None, None, "Astana – Almaty trains resume"),
        ("Plain headline", None, None, "Plain headline"),
    ],
)
def test_title_source(title: str, source: str | None, source_id: str | None, clean: str) -> None:
    result = analyze(title, "Body text.", url=EN_ORDA)
    assert result.title_source == source
    assert result.title_source_id == source_id
    assert result.clean_title == clean
    if source is None:
        assert result.cited_sources == []
    else:
        assert [(s.outlet_id, s.role) for s in result.cited_sources] == [(source_id, "cited")]


def test_site_name_in_title_is_branding_not_a_source() -> None:
    result = analyze("Roads reopen - Tengrinews.kz", "Body.", url=EN_TENGRI)
    assert result.clean_title == "Roads reopen"
    assert result.title_source is None
    assert result.cited_sources == []


# ---------------------------------------------------------------------------------------------
# Russian
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "url", "expected"),
    [
        # "передает/передаёт X", "передает корреспондент X"
        ("Цены выросли на 5%, передает Tengrinews.kz.", RU_TENGRI, {("tengrinews", "self")}),
        ("Цены выросли на 5%, передаёт КазТАГ.", RU_TENGRI, {("kaztag", "cited")}),
        (
            "Дорогу открыли, передает корреспондент Tengrinews.kz.",
            RU_TENGRI,
            {("tengrinews", "self")},
        ),
        # "сообщает X (со ссылкой на Y)"
        (
            "Об этом сообщает РБК со ссылкой на Reuters.",
            RU_TENGRI,
            {("rbc", "cited"), ("reuters", "via")},
        ),
        (
            "Об этом сообщает Tengrinews.kz со ссылкой на «Коммерсантъ».",
            RU_TENGRI,
            {("tengrinews", "self"), ("kommersant", "via")},
        ),
        # "Об этом сообщило издание X"
        ("Об этом сообщило издание The Insider.", RU_ORDA, {("the-insider", "cited")}),
        # "в материале X", "по данным X"
        ("Об этом говорится в материале Vlast.kz.", RU_ORDA, {("vlast", "cited")}),
        ("Об этом говорится в материале «Курсива».", RU_ORDA, {("kursiv", "cited")}),
        ("По данным «Власти», бюджет вырос.", RU_ORDA, {("vlast", "cited")}),
        # "пишет X"
        ("Как пишет Forbes Kazakhstan, сделка закрыта.", RU_ORDA, {("forbes-kz", "cited")}),
        ("Сделка закрыта, пишет «Новое поколение».", RU_ORDA, {("ng-kz", "cited")}),
        # "Корреспондент «X»"
        ("Корреспондент «Орды» побывал на месте.", RU_ORDA, {("orda", "self")}),
        ("Корреспондент «Орды» побывал на месте.", RU_TENGRI, {("orda", "cited")}),
        (
            "Об этом аким рассказал корреспонденту Tengrinews.kz.",
            RU_TENGRI,
            {("tengrinews", "self")},
        ),
        # X before the verb
        ("Telegram-канал «Orda» сообщает о задержании.", RU_TENGRI, {("orda", "cited")}),
        ("Ранее агентство Reuters сообщало об этом.", RU_ORDA, {("reuters", "cited")}),
        # Unregistered names introduced by an outlet noun.
        ("Об этом сообщает Telegram-канал «Жесть Алматы».", RU_ORDA, {(None, "cited")}),
        # an outlet as the listener: "рассказал X", "пояснила X"
        (
            "Работы завершат к маю, рассказал Tengrinews.kz пресс-секретарь акимата.",
            RU_ORDA,
            {("tengrinews", "cited")},
        ),
        # "говорится в сообщении X"
        ("Закон подписан, говорится в сообщении Акорды.", RU_ORDA, {("akorda", "cited")}),
    ],
)
def test_russian_families(text: str, url: str, expected: set[tuple[str | None, str]]) -> None:
    assert pairs("Заголовок", text, url) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Об этом сообщил министр энергетики.",
        "Об этом сообщил Токаев.",
        "Власти сообщили о новых мерах.",  # "the authorities", not Vlast.kz
        "Об этом передает агентство.",
        "По данным Минздрава, заболели 20 человек.",
        "Курсив выделяет главное.",
        "Об этом рассказал Токаев на заседании.",
        "Это пояснил министр финансов.",
        "Об этом говорится в сообщении министерства.",
    ],
)
def test_russian_non_sources(text: str) -> None:
    assert pairs("Заголовок", text, RU_TENGRI) == set()


def test_press_services_are_sources_not_outlets() -> None:
    result = analyze(
        "Заголовок", "Об этом сообщили в пресс-службе МВД, отметив рост.", url=RU_TENGRI
    )
    assert len(result.cited_sources) == 1
    source = result.cited_sources[0]
    assert (source.outlet_id, source.kind, source.role) == (None, "press-service", "cited")
    assert source.name == "пресс-службе МВД"

    registered = analyze("Заголовок", "Об этом сообщили в пресс-службе Акорды.", url=RU_TENGRI)
    assert [(s.outlet_id, s.kind) for s in registered.cited_sources] == [
        ("akorda", "press-service")
    ]

    english = analyze(
        "Title",
        "According to the press service of the Ministry of Energy, output grew.",
        url=EN_ORDA,
    )
    assert [(s.outlet_id, s.name, s.kind) for s in english.cited_sources] == [
        (None, "press service of the Ministry of Energy", "press-service")
    ]
    before = analyze(
        "Title", "Assets grew, reported the Finance Ministry's press service.", url=EN_ORDA
    )
    assert [(s.outlet_id, s.name, s.kind) for s in before.cited_sources] == [
        (None, "Finance Ministry's press service", "press-service")
    ]
    akorda = analyze("Title", "The sides met, the Akorda press service reported.", url=EN_ORDA)
    assert [(s.outlet_id, s.kind) for s in akorda.cited_sources] == [("akorda", "press-service")]


# ---------------------------------------------------------------------------------------------
# Kazakh
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "url", "expected"),
    [
        # "деп хабарлайды X (тілшісі)"
        (
            "Жол ашылды, деп хабарлайды Tengrinews.kz тілшісі.",
            KK_TENGRI,
            {("tengrinews", "self")},
        ),
        ("Жол ашылды, деп хабарлайды ҚазАқпарат.", KK_TENGRI, {("kazinform", "cited")}),
        # "told X correspondent": тілшісіне = "to the correspondent of".
        ("Бұл туралы Tengrinews.kz тілшісіне аким айтты.", KK_TENGRI, {("tengrinews", "self")}),
        ("Аким Orda.kz тілшісіне айтты.", KK_TENGRI, {("orda", "cited")}),
        # Latin script: dep habarlaıdy "X"
        ('Jol ashyldy, dep habarlaıdy "Orda".', KK_ORDA, {("orda", "self")}),
        ('Jol ashyldy, dep habarlaıdy "Orda".', KK_TENGRI, {("orda", "cited")}),
        # "X-qa silteme jasap" / "X агенттігіне сілтеме жасап"
        (
            "Reuters-qa silteme jasap, Orda.kz habarlaıdy.",
            KK_ORDA,
            {("reuters", "via"), ("orda", "self")},
        ),
        (
            "Reuters агенттігіне сілтеме жасап, Tengrinews.kz хабарлайды.",
            KK_TENGRI,
            {("reuters", "via"), ("tengrinews", "self")},
        ),
        ("Azattyq мәліметінше, сот өтті.", KK_TENGRI, {("azattyq", "cited")}),
    ],
)
def test_kazakh_families(text: str, url: str, expected: set[tuple[str | None, str]]) -> None:
    assert pairs("Тақырып", text, url) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Жол ашылды, деп хабарлайды министр.",
        "Бұл туралы деп хабарлады Ерлан Қасымов.",
        "Ерлан Қасымов хабарлады.",
    ],
)
def test_kazakh_non_sources(text: str) -> None:
    assert pairs("Тақырып", text, KK_TENGRI) == set()


def test_kazakh_press_service() -> None:
    result = analyze("Тақырып", "Бұл туралы ІІМ баспасөз қызметі хабарлады.", url=KK_TENGRI)
    assert [(s.outlet_id, s.name, s.kind) for s in result.cited_sources] == [
        (None, "ІІМ баспасөз қызметі", "press-service")
    ]


# ---------------------------------------------------------------------------------------------
# Authors, page furniture, deduplication, storage
# ---------------------------------------------------------------------------------------------


def test_bylines_and_original_authors() -> None:
    text = (
        "By John Smith and Jane Doe\n"
        "The plant closed, Orda.kz reports.\n"
        "The minister said the work would resume.Original Author: Aigerim Toleukhanova\n"
    )
    result = analyze("Title", text, url=EN_ORDA)
    assert result.authors == ["John Smith", "Jane Doe"]
    assert result.original_authors == ["Aigerim Toleukhanova"]

    ru = analyze("Заголовок", "Автор: А. Иванов, Б. Петров\nТекст.", url=RU_TENGRI)
    assert ru.authors == ["А. Иванов", "Б. Петров"]
    original = analyze("Заголовок", "Текст.\nАвтор оригинала: Айгерим Тлеуханова", url=RU_ORDA)
    assert original.original_authors == ["Айгерим Тлеуханова"]
    lower = analyze("T", "Text.\nOriginal author: Ivan Petrov", url=EN_ORDA)
    assert lower.original_authors == ["Ivan Petrov"]


def test_sentence_starting_with_by_is_not_a_byline() -> None:
    result = analyze("Title", "By the end of May, Orda.kz reports, roads will open.", url=EN_ORDA)
    assert result.authors == []
    assert {(s.outlet_id, s.role) for s in result.cited_sources} == {("orda", "self")}


def test_page_furniture_is_ignored() -> None:
    text = (
        "Photo: Reuters\n"
        "Prices rose.\n"
        "Read also: Reuters: Oil falls\n"
        "ПОДЕЛИТЬСЯ\n"
        "Latest news\n"
        "TASS reports that something happened\n"
    )
    assert analyze("Title", text, url=EN_ORDA).cited_sources == []


def test_deduplication_by_outlet_and_role() -> None:
    text = (
        "Kazakhstan exports grew, Reuters reports. According to Reuters, the pipeline is full. "
        "Orda.kz reports, citing Reuters. Prices rose, Orda.kz reports."
    )
    result = analyze("Title", text, url=EN_ORDA)
    assert [(s.outlet_id, s.role) for s in result.cited_sources] == [
        ("reuters", "cited"),
        ("orda", "self"),
        ("reuters", "via"),
    ]
    assert result.cited_sources[0].phrase == "Reuters reports"


def test_unknown_site_gives_no_self_role() -> None:
    assert pairs("Title", "Prices rose, Orda.kz reports.", OTHER) == {("orda", "cited")}
    assert pairs("Title", "Prices rose, Orda.kz reports.", "") == {("orda", "cited")}


def test_to_dict_is_plain_json() -> None:
    result = analyze("Reuters: Oil rises", "By John Smith\nOil rose, Orda.kz reports.", url=EN_ORDA)
    data = result.to_dict()
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data
    assert data["title_source"] == "Reuters"
    assert data["clean_title"] == "Oil rises"
    assert data["authors"] == ["John Smith"]
    assert data["site_outlet_id"] == "orda"
    assert data["cited_sources"][1] == {
        "outlet_id": "orda",
        "name": "Orda.kz",
        "phrase": "Orda.kz reports",
        "role": "self",
        "kind": "news-outlet",
    }
    assert isinstance(result, Attribution)
    assert isinstance(result.cited_sources[0], CitedSource)


def test_empty_input() -> None:
    result = analyze("", "", url="")
    assert result == Attribution(clean_title="")


# ---------------------------------------------------------------------------------------------
# Performance
# ---------------------------------------------------------------------------------------------

_ARTICLE_PARAGRAPHS = [
    "Photo: envato, ill purposes",
    "Kazakhstan's oil exports through the Caspian Pipeline Consortium rose by 12% in March "
    "compared with February, Orda.kz reports, citing Reuters.",
    "The consortium shipped 5.6 million tonnes of oil in March, according to the Ministry of "
    "Energy. Officials said the terminal near Novorossiysk had resumed normal operations after "
    "repairs to two of its three single point moorings.",
    "President Kassym-Jomart Tokayev said on Tuesday that the government would continue to "
    "support producers, and instructed the cabinet to prepare a new plan for export routes.",
    "Earlier, Kursiv reported that Tengizchevroil planned to raise output to 1 million barrels "
    "per day by 2026. The company told Orda.kz that the expansion project was on schedule.",
    "Analysts interviewed by Bloomberg said the growth could slow in the second half of the "
    "year if the tenge strengthened and global demand weakened.",
]


def test_a_long_article_credits_each_outlet_once() -> None:
    # Speed is measured by `make bench` (attribution ms/article); here: a 5,000-character
    # article that repeats its paragraphs still credits each outlet once, in its role.
    body = "\n".join(_ARTICLE_PARAGRAPHS)
    text = "\n".join([body] * (5000 // len(body) + 1))[:5000]
    result = analyze("Oil exports rise", text, url=EN_ORDA)
    roles = [(source.outlet_id, source.role) for source in result.cited_sources]
    assert sorted(roles) == [("kursiv", "cited"), ("orda", "self"), ("reuters", "via")]
    assert not any("Ministry" in source.name for source in result.cited_sources)
