from __future__ import annotations

import pytest

from newscrawl.normalize.urls import canonicalize_url
from newscrawl.sites.orda import PROFILE_EN as PROFILE


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        # trailing slash added, host lower-cased, http upgraded
        ("http://EN.orda.kz/some-title-3114", "https://en.orda.kz/some-title-3114/"),
        ("https://en.orda.kz/some-title-3114/", "https://en.orda.kz/some-title-3114/"),
        # tracking parameters and fragments are not part of the identity
        (
            "https://en.orda.kz/some-title-3114/?utm_source=tg&utm_medium=social#comments",
            "https://en.orda.kz/some-title-3114/",
        ),
        # AMP copy maps to the canonical page
        ("https://en.orda.kz/some-title-3114/amp/", "https://en.orda.kz/some-title-3114/"),
        ("https://www.en.orda.kz/some-title-3114", "https://en.orda.kz/some-title-3114/"),
    ],
)
def test_orda_en_canonical_form(given: str, expected: str) -> None:
    assert PROFILE.canonical(given) == expected


def test_cyrillic_raw_and_percent_encoded_are_one_key() -> None:
    raw = canonicalize_url("https://tengrinews.kz/tag/астана/")
    encoded = canonicalize_url("https://tengrinews.kz/tag/%d0%b0%d1%81%d1%82%d0%b0%d0%bd%d0%b0/")
    assert raw == encoded == "https://tengrinews.kz/tag/%D0%B0%D1%81%D1%82%D0%B0%D0%BD%D0%B0/"


def test_meaningful_query_parameters_survive_sorted() -> None:
    url = canonicalize_url("https://example.com/news?page=2&id=7&utm_campaign=x")
    assert url == "https://example.com/news?id=7&page=2"


@pytest.mark.parametrize(
    ("url", "is_article"),
    [
        ("https://en.orda.kz/kazakhstan-raises-rates-4821/", True),
        ("https://en.orda.kz/kazakhstan-raises-rates-4821", True),
        ("https://en.orda.kz/kazakhstan-raises-rates__trashed-4821/", False),
        ("https://en.orda.kz/category/news/", False),
        ("https://en.orda.kz/feed/", False),
        ("https://en.orda.kz/", False),
        ("https://orda.kz/kazakhstan-raises-rates-4821/", False),
    ],
)
def test_orda_en_article_urls(url: str, is_article: bool) -> None:
    assert PROFILE.is_article_url(url) is is_article
