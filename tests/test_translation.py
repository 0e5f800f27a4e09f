"""Translation linkage on the fixture pairs: precision and recall, and what must not link."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from newscrawl.items import Article
from newscrawl.normalize.translation import ArticleFacts, best_link
from tests.conftest import EXPECTED, load_expected
from tests.test_extraction import extract

PAIRS = json.loads((EXPECTED / "translation_pairs.json").read_text(encoding="utf-8"))
TRUTH = {pair["en"]: pair["ru"] for pair in PAIRS["pairs"]}


def facts(item: Article, persons: list[str]) -> ArticleFacts:
    return ArticleFacts(
        url=item.url,
        language=item.language,
        published_at=item.published_at,
        text=f"{item.title}\n{item.body}",
        persons=tuple(persons),
    )


def originals() -> list[ArticleFacts]:
    return [
        facts(item, item.authors)
        for item in (extract("orda.kz", c["page"], c["url"]) for c in load_expected("orda.kz"))
    ]


def translations() -> list[ArticleFacts]:
    return [
        facts(item, item.original_authors)
        for item in (
            extract("en.orda.kz", c["page"], c["url"]) for c in load_expected("en.orda.kz")
        )
    ]


def test_fixture_pairs_are_enough() -> None:
    assert len(PAIRS["pairs"]) >= 10
    assert len(PAIRS["distractors_ru"]) >= 20


def test_linkage_precision_and_recall() -> None:
    candidates = originals()
    links = {t.url: best_link(t, candidates) for t in translations()}
    made = {url: link.url for url, link in links.items() if link is not None}
    correct = sum(1 for url, original in made.items() if TRUTH.get(url) == original)
    precision = correct / len(made) if made else 0.0
    recall = correct / len(TRUTH)
    wrong = {url: original for url, original in made.items() if TRUTH.get(url) != original}
    print(
        f"\ntranslation linkage: {len(made)} links, {correct} correct of {len(TRUTH)} pairs: "
        f"precision {precision:.2f}, recall {recall:.2f}; wrong: {wrong}"
    )
    assert precision >= 0.9
    assert recall >= 0.7


@pytest.mark.parametrize("url", PAIRS.get("en_without_ru_original", []))
def test_article_without_original_is_not_linked(url: str) -> None:
    translation = next(t for t in translations() if t.url == url)
    assert best_link(translation, originals()) is None


def test_no_link_across_time() -> None:
    """The right original moved a month away is no longer a candidate."""
    en_url, ru_url = next(iter(TRUTH.items()))
    translation = next(t for t in translations() if t.url == en_url)
    moved = [
        ArticleFacts(
            o.url,
            o.language,
            (o.published_at or datetime.now(UTC)) - timedelta(days=30),
            o.text,
            o.persons,
        )
        if o.url == ru_url
        else o
        for o in originals()
    ]
    link = best_link(translation, moved)
    assert link is None or link.url != ru_url


def test_link_carries_its_evidence() -> None:
    en_url, ru_url = next(iter(TRUTH.items()))
    translation = next(t for t in translations() if t.url == en_url)
    link = best_link(translation, originals())
    assert link is not None and link.url == ru_url
    stored = link.to_dict()
    assert stored["method"] == "content-v1"
    assert 0.0 < stored["confidence"] <= 1.0
    assert {"hours_after_original", "numbers", "names", "components"} <= set(stored["evidence"])
