from __future__ import annotations

from dataclasses import astuple

import pytest

from newscrawl.normalize.language import detect_language

RU = "Президент Казахстана подписал закон о республиканском бюджете на 2025 год, сообщили в Акорде."
KK = "Қазақстан Президенті 2025 жылға арналған республикалық бюджет туралы заңға қол қойды."
KK_LATIN = "Qazaqstan Prezıdenti 2025 jylǵa arnalǵan respýblıkalyq bıýdjet týraly zańǵa qol qoıdy."
EN = "The President of Kazakhstan signed the law on the national budget for 2025, Akorda said."
DE = "Der Präsident Kasachstans unterzeichnete das Gesetz über den Staatshaushalt für 2025."
DE_PARAGRAPH = (
    "Der Präsident Kasachstans hat das Gesetz über den Staatshaushalt für 2025 unterzeichnet, "
    "das neue Ausgaben für die Schulen und die Krankenhäuser der Regionen vorsieht."
)
FR = (
    "Le président du Kazakhstan a signé la loi sur le budget de l'État pour 2025, qui prévoit "
    "des dépenses nouvelles pour les écoles et les hôpitaux des régions."
)
ES = (
    "El presidente de Kazajistán firmó la ley del presupuesto del Estado para 2025, que prevé "
    "nuevos gastos para las escuelas y los hospitales de las regiones."
)
# Latin-script languages outside the set that share function words with two of its members.
IT = (
    "Il presidente del Kazakistan ha firmato la legge sul bilancio dello Stato per il 2025, che "
    "prevede nuove spese per la scuola e per gli ospedali delle regioni."
)
PT = (
    "O presidente do Cazaquistão assinou a lei do orçamento do Estado para 2025, que prevê novas "
    "despesas com as escolas e os hospitais das regiões do país."
)
NL = (
    "De president van Kazachstan heeft de wet op de staatsbegroting voor 2025 ondertekend, die "
    "nieuwe uitgaven voor scholen en ziekenhuizen in de regio's bevat."
)
TR = (
    "Kazakistan Cumhurbaşkanı, bölgelerdeki okullar ve hastaneler için yeni harcamalar öngören "
    "2025 yılı devlet bütçesi yasasını imzaladı."
)
UK = "Президент України підписав закон про державний бюджет на 2025 рік, повідомили в Офісі."
MN = "Монгол Улсын Ерөнхийлөгч 2025 оны улсын төсвийн тухай хуульд гарын үсэг зурлаа."
BG = "Президентът на България подписа закона за държавния бюджет за 2025 година днес."
# RU has none of ы, э, ё, the letters that tell Russian from Bulgarian; most paragraphs do.
RU_PARAGRAPH = RU + " В этом году расходы на образование вырастут на пять процентов."
# Kazakh news quoting a Russian official: the Kazakh letters still decide.
KK_QUOTING_RU = (
    "Министр өз сөзінде былай деді: «Мы не планируем повышать тарифы в этом году». "
    "Ведомство бұл шешімді ақпан айында қабылдаған. "
)


@pytest.mark.parametrize(
    ("text", "declared", "expected"),
    [
        (RU, "ru", "ru"),
        (KK, "kk", "kk"),
        (EN, "en", "en"),
        (RU, None, "ru"),
        (KK, None, "kk"),
        (EN, None, "en"),
    ],
)
def test_identifies_the_region_languages(text: str, declared: str | None, expected: str) -> None:
    assert detect_language(text, declared).language == expected


def test_kazakh_latin_script_is_kazakh_not_turkish() -> None:
    # lingua's Kazakh model is Cyrillic only; the 2021 Latin letters decide
    guess = detect_language(KK_LATIN, "kk")
    assert guess.language == "kk"
    assert guess.method == "declared"


def test_text_clearly_in_another_language_overrides_the_edition() -> None:
    # an English press release republished on the Russian edition: its letters decide
    guess = detect_language(EN * 3, "ru")
    assert guess.language == "en"
    assert guess.method == "script"
    # a German one: its function words decide
    guess = detect_language(DE * 3, "ru")
    assert (guess.language, guess.method) == ("de", "script")
    # a Turkish one: no letter rule applies, the detector overrides the edition
    guess = detect_language(TR * 2, "ru")
    assert (guess.language, guess.method) == ("tr", "detected-over-declared")


def test_russian_on_a_kazakh_edition_stays_russian_when_unambiguous() -> None:
    guess = detect_language(RU * 3, "en")
    assert guess.language == "ru"


def test_empty_text_keeps_the_declaration() -> None:
    assert detect_language("   ", "kk").language == "kk"
    assert detect_language("", None).language is None


def test_the_sample_decides_as_the_whole_text_on_fixture_articles(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Only the first SAMPLE_CHARS characters are identified. On the fixture articles of every
    edition the sample alone (no declared prior) names the language wherever the whole text
    alone does, and with the prior, as the pipeline calls it, it decides as the whole text."""
    from newscrawl.normalize import language
    from newscrawl.pipelines.language import identified_text
    from tests.conftest import load_expected
    from tests.test_extraction import EDITIONS, extract

    cases = [
        (identified_text(item), item.declared_language)
        for site in EDITIONS
        for item in (extract(site, c["page"], c["url"]) for c in load_expected(site))
    ]
    long_texts = [text for text, _ in cases if len(text) > 2 * language.SAMPLE_CHARS]
    assert len(long_texts) >= 20  # the sample is a real cut on many of them

    def guesses() -> list[tuple[str | None, str | None, str]]:
        return [
            (detect_language(text).language, *astuple(detect_language(text, declared))[::2])
            for text, declared in cases
        ]

    sampled = guesses()
    monkeypatch.setattr(language, "SAMPLE_CHARS", 100_000)
    whole = guesses()
    identified = [
        i for i, (alone, _, _) in enumerate(whole) if alone == cases[i][1] and cases[i][1]
    ]
    assert len(identified) >= 0.9 * len(cases)
    assert [sampled[i][0] for i in identified] == [whole[i][0] for i in identified]
    assert [s[1:] for s in sampled] == [w[1:] for w in whole]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (RU_PARAGRAPH * 2, "ru"),
        (KK * 3, "kk"),
        (EN * 3, "en"),
        (KK_QUOTING_RU * 2, "kk"),
        (DE * 3, "de"),
        (DE_PARAGRAPH * 2, "de"),
        (FR * 2, "fr"),
        (ES * 2, "es"),
    ],
)
def test_letters_decide_without_the_detector(
    text: str, expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newscrawl.normalize import language

    def no_detector() -> None:
        raise AssertionError("lingua called on text whose letters decide")

    monkeypatch.setattr(language, "_detector", no_detector)
    for declared in (None, "ru", "kk", "en"):
        assert detect_language(text, declared) == language.LanguageGuess(expected, 1.0, "script")


@pytest.mark.parametrize(
    "text",
    [
        UK * 3,  # і like Kazakh, ї and є like neither
        MN * 3,  # ө and ү like Kazakh, none of ә ғ қ ң ұ
        BG * 3,  # Cyrillic without ы, э or ё
        RU * 3,  # the same, though Russian: the detector decides
        KK_LATIN * 3,  # Latin, Kazakh letters
        TR * 2,  # Latin with Turkish letters outside Latin-1
        IT * 2,  # Spanish "del" and French "per"-like words, neither list far ahead
        PT * 2,
        NL * 2,  # German-looking, but its "die", "van", "het" are on no list
        (EN + " " + DE_PARAGRAPH) * 2,  # two languages, neither far ahead
        "Акорда: бюджет подписан",  # too few letters to be sure
        "Tokayev signs the budget",
    ],
)
def test_letters_leave_other_texts_to_the_detector(text: str) -> None:
    from newscrawl.normalize.language import script_language

    assert script_language(text) is None


@pytest.mark.parametrize(("text", "expected"), [(UK * 3, "uk"), (MN * 3, "mn"), (TR * 2, "tr")])
def test_the_detector_names_what_the_letters_leave(text: str, expected: str) -> None:
    guess = detect_language(text)
    assert (guess.language, guess.method) == (expected, "detected")


def test_letters_agree_with_lingua_on_every_fixture_article() -> None:
    """Wherever the letters decide on a fixture article, lingua alone (no prior, the whole text)
    names the same language; and they decide on nearly all of them, which is what makes the
    identification cheap."""
    from newscrawl.normalize import language
    from newscrawl.pipelines.language import identified_text
    from tests.conftest import load_expected
    from tests.test_extraction import EDITIONS, extract

    texts = [
        identified_text(extract(site, c["page"], c["url"]))
        for site in EDITIONS
        for c in load_expected(site)
    ]
    decided = [(language.script_language(language.language_sample(text)), text) for text in texts]
    by_letters = [(code, text) for code, text in decided if code is not None]
    assert {code for code, _ in by_letters} == {"ru", "kk", "en"}
    assert len(by_letters) >= 0.9 * len(texts)
    detector = language._detector()
    assert [code for code, _ in by_letters] == [
        detector.compute_language_confidence_values(text)[0].language.iso_code_639_1.name.lower()
        for _, text in by_letters
    ]
