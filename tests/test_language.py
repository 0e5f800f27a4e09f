from __future__ import annotations

from dataclasses import astuple

import pytest

from newscrawl.normalize.language import detect_language

RU = "Президент Казахстана подписал закон о республиканском бюджете на 2025 год, сообщили в Акорде."
KK = "Қазақстан Президенті 2025 жылға арналған республикалық бюджет туралы заңға қол қойды."
KK_LATIN = "Qazaqstan Prezıdenti 2025 jylǵa arnalǵan respýblıkalyq bıýdjet týraly zańǵa qol qoıdy."
EN = "The President of Kazakhstan signed the law on the national budget for 2025, Akorda said."


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
    # an English press release republished on the Russian edition
    guess = detect_language(EN * 3, "ru")
    assert guess.language == "en"
    assert guess.method == "detected-over-declared"


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
