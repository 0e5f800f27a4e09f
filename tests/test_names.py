"""Person-name keys across Cyrillic, Latin and transliteration variants."""

from __future__ import annotations

import pytest

from newscrawl.normalize.names import dedupe_persons, name_key, same_person, split_persons


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Toqayev", "Tokayev"),
        ("Tokayev", "Токаев"),
        ("Токаев", "Тоқаев"),
        ("Toqayev", "Тоқаев"),
        ("Qasym-Jomart", "Kassym-Jomart"),
        ("Kassym-Jomart", "Касым-Жомарт"),
        ("Касым-Жомарт", "Қасым-Жомарт"),
        ("Qasym-Jomart Toqayev", "Kassym-Jomart Tokayev"),
        ("Nazarbayev", "Nazarbaev"),
        ("Nazarbaev", "Назарбаев"),
        ("Zhanna", "Janna"),
        ("Janna", "Жанна"),
        ("Yerlan", "Ерлан"),  # Ye/E at the start
        ("Sergeyev", "Сергеев"),
        ("Grigoriev", "Григорьев"),  # soft sign
        ("Grigoryev", "Grigoriev"),
        ("Yuliya", "Юлия"),
        ("Aleksey", "Alexei"),  # x = ks, y = i
        ("Dmitriy", "Dmitrii"),
        ("Dmitry", "Дмитрий"),
        ("Tsoi", "Цой"),
        ("Shcherbakov", "Щербаков"),
        ("Khasen", "Hasen"),
        ("Хасен", "Hasen"),
        ("Ghalym", "Ғалым"),
        ("Galym", "Ғалым"),
        ("Raiymbek", "Райымбек"),
        ("Dzhaksybekov", "Jaksybekov"),
        ("Zhaksybekov", "Жақсыбеков"),
        ("Fyodor", "Фёдор"),
        ("Fedor", "Fyodor"),
        ("Omirzaq", "Өмірзақ"),
        ("Ömirzaq", "Omirzak"),
        ("Iliyas", "Ілияс"),
        ("Şymkent", "Шымкент"),  # Kazakh Latin ş is sh, not s
        ("Maya", "Майя"),
    ],
)
def test_variant_spellings_share_a_key(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Ivanov", "Petrov"),
        # Gendered surnames name different people (a man and a woman of one family).
        ("Tokayev", "Tokayeva"),
        ("Назарбаев", "Назарбаева"),
        ("Zhanna", "Yana"),
        ("Kassym", "Kairat"),
        ("Sergeev", "Sergeeva"),
    ],
)
def test_different_names_differ(a: str, b: str) -> None:
    assert name_key(a) != name_key(b)


def test_key_keeps_word_order_and_splits_hyphens() -> None:
    assert name_key("Kassym-Jomart Tokayev") == "kasim jomart tokaev"
    assert name_key("  Касым-Жомарт   Токаев ") == "kasim jomart tokaev"
    assert name_key("") == ""


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Kassym-Jomart Tokayev", "Токаев Касым-Жомарт"),  # order and script
        ("Qasym-Jomart Toqayev", "Kassym-Jomart Tokayev"),
        ("А. Иванов", "Андрей Иванов"),  # initial
        ("Иванов А.", "Andrei Ivanov"),
        ("К.-Ж. Токаев", "Kassym-Jomart Tokayev"),
        ("Zh. Abenova", "Жанна Абенова"),  # Latin digraph initial
        ("Ю. Ким", "Yuliya Kim"),
        ("Андрей Петрович Иванов", "А. Иванов"),  # one extra word: patronymic
        ("Токаев Касым-Жомарт Кемелұлы", "Kassym-Jomart Tokayev"),
        ("Nazarbayev", "Назарбаев"),
    ],
)
def test_same_person(a: str, b: str) -> None:
    assert same_person(a, b)
    assert same_person(b, a)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("А. Иванов", "Борис Иванов"),  # initial contradicts
        ("Ivan Ivanov", "Petr Petrov"),
        ("Андрей Иванов", "Андрей Петров"),  # only the given name shared
        ("Иванов", "Андрей Иванов"),  # a bare surname is too little evidence
        ("Tokayev", "Tokayeva"),
        ("А. Б. В. Иванов", "Иванов"),
        ("", "Иванов"),
    ],
)
def test_not_same_person(a: str, b: str) -> None:
    assert not same_person(a, b)


@pytest.mark.parametrize(
    ("byline", "persons"),
    [
        ("By John Smith and Jane Doe", ["John Smith", "Jane Doe"]),
        ("Автор: А. Иванов, Б. Петров", ["А. Иванов", "Б. Петров"]),
        ("A. Smith, B. Jones & C. Brown", ["A. Smith", "B. Jones", "C. Brown"]),
        ("Иван Петров и И. Сидоров", ["Иван Петров", "И. Сидоров"]),  # "И." is an initial
        ("Айгүл Сәрсенова және Ерлан Қасым", ["Айгүл Сәрсенова", "Ерлан Қасым"]),
        ("Авторы: Иванов А.", ["Иванов А."]),
        ("Author: Aigerim Toleukhanova", ["Aigerim Toleukhanova"]),
        ("", []),
    ],
)
def test_split_persons(byline: str, persons: list[str]) -> None:
    assert split_persons(byline) == persons


def test_dedupe_persons_keeps_first_spelling() -> None:
    names = ["Toqayev Qasym-Jomart", "Kassym-Jomart Tokayev", "Andrei Ivanov", "А. Иванов"]
    assert dedupe_persons(names) == ["Toqayev Qasym-Jomart", "Andrei Ivanov"]
    assert dedupe_persons(["A. Ivanov", "B. Ivanov"]) == ["A. Ivanov", "B. Ivanov"]
