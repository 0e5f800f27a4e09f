"""Linking stored translations to stored originals (store/linking.py), in a real database.

The database pass must find exactly the links the pure scorer finds when it is handed every
original, however the articles fall on the time line the pass reads chunk by chunk.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from newscrawl.items import Article
from newscrawl.normalize.translation import ArticleFacts, best_link
from newscrawl.store.documents import article_document
from newscrawl.store.linking import _CHUNK, link_translations
from tests.conftest import MongoServer, load_expected
from tests.test_extraction import extract
from tests.test_translation import TRUTH

T0 = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)


def document(item: Article, published_at: datetime) -> dict[str, Any]:
    """The article as the writer stores it, moved to ``published_at``."""
    return {**article_document(item), "published_at": published_at}


def facts(doc: dict[str, Any], persons: list[str]) -> ArticleFacts:
    text = f"{doc['title']}\n{doc['body']}"
    return ArticleFacts(doc["url"], doc["language"], doc["published_at"], text, tuple(persons))


def test_chunked_pass_links_what_the_scorer_links(
    mongo_server: MongoServer, database_name: str
) -> None:
    ru = {c["url"]: extract("orda.kz", c["page"], c["url"]) for c in load_expected("orda.kz")}
    en = {c["url"]: extract("en.orda.kz", c["page"], c["url"]) for c in load_expected("en.orda.kz")}
    pairs = [(en_url, ru_url) for en_url, ru_url in TRUTH.items() if en_url in en and ru_url in ru]
    assert len(pairs) >= 10
    # Each pair gets its own day, 2.5 days apart, so the pairs cover several chunks; the
    # translation follows its original by 30 h, and every third pair straddles a chunk
    # boundary (original before it, translation after). Originals without a pair stay near
    # the pairs as distractors.
    base = T0 - timedelta(hours=72)  # link_translations' chunks start WINDOW before `start`
    docs: list[dict[str, Any]] = []
    straddling: list[str] = []
    for i, (en_url, ru_url) in enumerate(pairs):
        if i % 3 == 0:
            boundary = base + (i // 3 + 1) * _CHUNK
            original_at = boundary - timedelta(hours=6)
            straddling.append(en_url)
        else:
            original_at = T0 + i * timedelta(days=2.5)
        docs.append(document(ru[ru_url], original_at))
        docs.append(document(en[en_url], original_at + timedelta(hours=30)))
    paired = {ru_url for _, ru_url in pairs}
    for j, (url, item) in enumerate(sorted(ru.items())):
        if url not in paired:
            docs.append(document(item, T0 + j * timedelta(hours=40)))
    # Some translation must sit on the other side of a chunk boundary from its original.
    assert any(
        (d["published_at"] - base) // _CHUNK != (o["published_at"] - base) // _CHUNK
        for d in docs
        if d["url"] in straddling
        for o in docs
        if o["url"] == TRUTH[d["url"]]
    )

    client = mongo_server.client()
    try:
        collection = client[database_name]["articles"]
        collection.insert_many([dict(d) for d in docs])
        times = [d["published_at"] for d in docs]
        report = link_translations(collection, start=min(times), end=max(times))
        stored = {
            d["url"]: d["translation_of"]["url"]
            for d in collection.find({"translation_of": {"$exists": True}})
        }
    finally:
        client.close()

    originals = [facts(d, d["authors"]) for d in docs if not d["is_translation"]]
    expected: dict[str, str] = {}
    for d in docs:
        if d["is_translation"]:
            link = best_link(facts(d, d["original_authors"]), originals)
            if link is not None:
                expected[d["url"]] = link.url
    assert report.considered == len(pairs)
    assert report.linked == len(expected)
    assert stored == expected
    # what must be there: most pairs, and the straddling ones the scorer links
    assert sum(1 for url, original in stored.items() if TRUTH[url] == original) >= 0.7 * len(pairs)
    assert {url for url in straddling if url in expected} <= set(stored)
    assert any(url in stored for url in straddling)
    # what must not: an original given to two translations, or a wrong pair
    assert len(set(stored.values())) == len(stored)
    assert all(TRUTH[url] == original for url, original in stored.items())
