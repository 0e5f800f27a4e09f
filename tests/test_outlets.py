"""The outlet registry: data integrity, alias resolution, site map, user extension files."""

from __future__ import annotations

import tomllib
from collections import defaultdict
from importlib import resources
from pathlib import Path

import pytest

from newscrawl.normalize.outlets import (
    KINDS,
    RegistryError,
    alias_key,
    default_registry,
    load_registry,
)

CRAWLED_HOSTS = {
    "orda.kz": ("orda", "ru"),
    "en.orda.kz": ("orda", "en"),
    "kaz.orda.kz": ("orda", "kk"),
    "tengrinews.kz": ("tengrinews", "ru"),
    "en.tengrinews.kz": ("tengrinews", "en"),
    "kaz.tengrinews.kz": ("tengrinews", "kk"),
}


def _raw_registry() -> dict[str, object]:
    text = resources.files("newscrawl").joinpath("data/outlets.toml").read_text("utf-8")
    return tomllib.loads(text)


def test_registry_has_at_least_40_news_outlets_and_agencies() -> None:
    registry = default_registry()
    publishers = [o for o in registry.outlets.values() if o.kind in {"news-outlet", "agency"}]
    assert len(publishers) >= 40
    assert {o.kind for o in registry.outlets.values()} <= KINDS


def test_default_registry_is_loaded_once() -> None:
    assert default_registry() is default_registry()


def test_every_alias_resolves_to_its_outlet() -> None:
    registry = default_registry()
    for outlet in registry.outlets.values():
        for name in outlet.all_names():
            found = registry.lookup(name)
            assert found is not None and found.id == outlet.id, name
            # The scanning matcher agrees with the dict lookup and takes the whole alias.
            mention = registry.match_at(name, 0)
            assert mention is not None and mention.outlet_id == outlet.id, name
            assert mention.end == len(name), name


def test_no_alias_is_claimed_by_two_outlets() -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    raw = _raw_registry()
    entries = raw["outlet"]
    assert isinstance(entries, list)
    for entry in entries:
        names = [entry["name"], *entry.get("weak", []), *entry.get("domains", [])]
        for aliases in entry.get("aliases", {}).values():
            names.extend(aliases)
        for name in names:
            owners[alias_key(name)].add(entry["id"])
    shared = {key: ids for key, ids in owners.items() if len(ids) > 1}
    assert shared == {}


def test_outlet_ids_are_unique_slugs() -> None:
    entries = _raw_registry()["outlet"]
    assert isinstance(entries, list)
    ids = [e["id"] for e in entries]
    assert len(ids) == len(set(ids))
    assert all(i == i.lower() and " " not in i for i in ids)


@pytest.mark.parametrize(
    ("alias", "outlet_id"),
    [
        ("Tengrinews", "tengrinews"),
        ("Tengrinews.kz", "tengrinews"),
        ("Тенгриньюс", "tengrinews"),
        ("Tenginews.kz", "tengrinews"),  # the site's own misspelling
        ("Тенгриньюс.кз", "tengrinews"),
        ("Orda", "orda"),
        ("Orda.kz", "orda"),
        ("ORDA", "orda"),
        ("Орда", "orda"),
        ("«Орды»", "orda"),
        ("«Орде»", "orda"),
        ("Telegram-канал «Orda»", "orda"),
        ("local Telegram channel Orda", "orda"),
        ("Kazinform", "kazinform"),
        ("Qazinform", "kazinform"),
        ("Казинформ", "kazinform"),
        ("Kazinform News Agency", "kazinform"),
        ("ҚазАқпарат", "kazinform"),
        ("KazTAG", "kaztag"),
        ("КазТАГ", "kaztag"),
        ("Interfax-Kazakhstan", "interfax-kz"),
        ("Интерфакс-Казахстан", "interfax-kz"),
        ("Interfax", "interfax"),
        ("Reuters", "reuters"),
        ("Рейтер", "reuters"),
        ("Reuters'", "reuters"),
        ("TASS", "tass"),
        ("ТАСС", "tass"),
        ("RBC", "rbc"),
        ("РБК", "rbc"),
        ("The Insider", "the-insider"),
        ("Vlast.kz", "vlast"),
        ("Власть", "vlast"),
        ("Kursiv", "kursiv"),
        ("Курсив", "kursiv"),
        ("Azattyq", "azattyq"),
        ("Азаттык", "azattyq"),
        ("Азаттық", "azattyq"),
        ("RFE/RL", "azattyq"),
        ("Radio Azattyq", "azattyq"),
        ("Report", "report-az"),
        ("report.az", "report-az"),
        ("Lada.kz", "lada"),
        ("Adyrna", "adyrna"),
        ("Адырна", "adyrna"),
        ("ng.kz", "ng-kz"),
        ("Новое поколение", "ng-kz"),
        ("CPC", "cpc"),
        ("Khabar", "khabar"),
        ("24.kz", "24-kz"),
        ("Zakon.kz", "zakon-kz"),
        ("Informburo", "informburo"),
        ("Nur.kz", "nur-kz"),
        ("Kapital.kz", "kapital-kz"),
        ("Forbes Kazakhstan", "forbes-kz"),
        ("Egemen Qazaqstan", "egemen"),
        ("Kazakhstanskaya Pravda", "kazpravda"),
        ("Kazpravda", "kazpravda"),
        ("Sputnik Kazakhstan", "sputnik-kz"),
        ("Bloomberg", "bloomberg"),
        ("AFP", "afp"),
        ("AP", "ap"),
        ("BBC", "bbc"),
        ("RIA Novosti", "ria"),
        ("Kommersant", "kommersant"),
        ("Vedomosti", "vedomosti"),
        ("Fergana", "fergana"),
        ("Eurasianet", "eurasianet"),
        ("Kun.uz", "kun-uz"),
        ("24.kg", "24-kg"),
        ("AKIpress", "akipress"),
        ("Kaktus.media", "kaktus"),
        ("Asia-Plus", "asia-plus"),
        ("The Diplomat", "the-diplomat"),
        ("Financial Times", "ft"),
        ("Xinhua", "xinhua"),
        ("Anadolu", "anadolu"),
        ("Trend.az", "trend-az"),
        ("The Astana Times", "astana-times"),
        ("Ulysmedia", "ulysmedia"),
        ("Exclusive.kz", "exclusive-kz"),
    ],
)
def test_known_spellings(alias: str, outlet_id: str) -> None:
    outlet = default_registry().lookup(alias)
    assert outlet is not None and outlet.id == outlet_id


def test_lookup_normalization() -> None:
    registry = default_registry()
    # Case, quotes, ё/е, a leading "the", an English possessive and a Kazakh hyphen ending.
    assert alias_key("«Орды»") == alias_key("Орды")
    assert alias_key("The Insider") == alias_key("the insider") == "insider"
    assert alias_key("Reuters-ке") == alias_key("Reuters-qa") == "reuters"
    assert alias_key("Kazinform's") == "kazinform"
    assert alias_key("Интерфакс–Казахстан") == alias_key("Интерфакс-Казахстан")
    # An upper-case part after a hyphen is part of the name, not a case ending.
    assert alias_key("Interfax-Kazakhstan") != alias_key("Interfax")
    assert registry.lookup("Передаёт") is None
    assert registry.lookup("Tokayev") is None
    assert registry.lookup("") is None


def test_find_all_takes_the_longest_name_and_strips_endings() -> None:
    registry = default_registry()
    text = "Об этом сообщает Интерфакс-Казахстан со ссылкой на «Коммерсантъ», а также Reuters-тің"
    found = [(m.outlet_id, m.text) for m in registry.find_all(text)]
    assert found == [
        ("interfax-kz", "Интерфакс-Казахстан"),
        ("kommersant", "Коммерсантъ"),
        ("reuters", "Reuters"),
    ]
    # Punctuation around a name is fine; other words or domains around it are not.
    assert [m.outlet_id for m in registry.find_all("(Orda.kz), «Reuters»:TASS")] == [
        "orda",
        "reuters",
        "tass",
    ]
    assert registry.find_all("Transparency reports, x-Reuters, 5Reuters") == []
    assert [m.outlet_id for m in registry.find_all("see tengrinews.kz/news")] == ["tengrinews"]


def test_weak_aliases_are_flagged_unless_quoted_or_brand_cased() -> None:
    registry = default_registry()
    plain = registry.match_at("Орда сообщила", 0)
    quoted = registry.match_at("«Орда» сообщила", 0)
    brand = registry.match_at("ORDA reports", 0)
    assert plain is not None and plain.weak
    assert quoted is not None and not quoted.weak and quoted.quoted
    assert brand is not None and not brand.weak


def test_match_end_finds_the_name_ending_a_span() -> None:
    registry = default_registry()
    mention = registry.match_end("Meanwhile The Astana Times")
    assert mention is not None
    assert (mention.outlet_id, mention.text) == ("astana-times", "The Astana Times")
    assert registry.match_end("President Tokayev") is None


def test_site_map_covers_the_crawled_hosts() -> None:
    registry = default_registry()
    for host, (outlet_id, language) in CRAWLED_HOSTS.items():
        site = registry.site_for_host(host)
        assert site is not None, host
        assert (site.outlet_id, site.language) == (outlet_id, language)
        outlet = registry.outlet_for_url(f"https://{host}/some-article-1234/")
        assert outlet is not None and outlet.id == outlet_id
    assert registry.site_for_host("WWW.Orda.KZ:443") is not None


def test_outlet_for_host_falls_back_to_registered_domains() -> None:
    registry = default_registry()
    azattyq = registry.outlet_for_host("rus.azattyq.org")
    zakon = registry.outlet_for_url("https://www.zakon.kz/politika/123")
    assert azattyq is not None and azattyq.id == "azattyq"
    assert zakon is not None and zakon.id == "zakon-kz"
    assert registry.outlet_for_host("example.com") is None
    assert registry.outlet_for_url("") is None


def test_user_file_adds_and_extends_outlets(tmp_path: Path) -> None:
    extra = tmp_path / "more.toml"
    extra.write_text(
        """
[sites]
"vlast.kz" = { outlet = "vlast", language = "ru" }

[[outlet]]
id = "holanews"
name = "HolaNews"
kind = "news-outlet"
country = "KZ"
domains = ["holanews.kz"]
[outlet.aliases]
ru = ["ХолаНьюс"]

[[outlet]]
id = "orda"
[outlet.aliases]
ru = ["Ордой.kz"]
""",
        encoding="utf-8",
    )
    registry = load_registry(extra)
    hola = registry.lookup("ХолаНьюс")
    orda = registry.lookup("Ордой.kz")
    assert hola is not None and hola.id == "holanews"
    assert orda is not None and orda.id == "orda"
    # Extending keeps what the packaged file had.
    assert registry.lookup("Orda.kz") is orda
    assert registry.match_at("ХолаНьюс сообщает", 0) is not None
    site = registry.site_for_host("vlast.kz")
    assert site is not None and site.outlet_id == "vlast"
    # The packaged registry itself is not changed.
    assert default_registry().lookup("ХолаНьюс") is None


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('[[outlet]]\nid = "x1"\nname = "Reuters"\nkind = "agency"\n', "claimed by both"),
        ('[[outlet]]\nid = "Bad Id"\nname = "Some"\nkind = "agency"\n', "slug"),
        ('[[outlet]]\nid = "x2"\nname = "Some"\nkind = "blog"\n', "kind"),
        ('[sites]\n"a.kz" = { outlet = "missing", language = "ru" }\n', "unknown outlet"),
        ('[[outlet]]\nid = "x3"\nname = "Some"\nkind = "agency"\ncolour = 1\n', "unknown field"),
        ("[[outlet\n", "outlets"),
    ],
)
def test_bad_user_files_are_rejected(tmp_path: Path, body: str, message: str) -> None:
    extra = tmp_path / "outlets.toml"
    extra.write_text(body, encoding="utf-8")
    with pytest.raises(RegistryError, match=message):
        load_registry(extra)
