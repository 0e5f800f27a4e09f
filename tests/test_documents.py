"""From an Article to its stored document: plain BSON-ready data, safe keys, nothing shared."""

from __future__ import annotations

from datetime import UTC, datetime

from newscrawl.items import Article, Image, ListingHint
from newscrawl.store.documents import TRANSIENT_FIELDS, article_document


def _article() -> Article:
    return Article(
        url="https://en.orda.kz/a-story-1/",
        site="en.orda.kz",
        spider="orda_en",
        title="A story",
        body="First paragraph.\n\nSecond paragraph.",
        published_at=datetime(2024, 3, 1, 4, 30, tzinfo=UTC),
        images=[Image(url="https://en.orda.kz/uploads/a.jpg", caption="A caption")],
        cited_sources=[{"outlet_id": "kursiv", "name": "Kursiv", "role": "cited"}],
        structured_data={"@type": "NewsArticle", "$where": "1", "author.name": ["X", ("Y",)]},
        listing_hints=[ListingHint(source="feed", url="https://en.orda.kz/feed/", date_raw="x")],
        http_status=200,
        etag='"abc"',
    )


def test_nested_items_become_plain_data_with_safe_keys() -> None:
    doc = article_document(_article())
    assert doc["images"] == [
        {"url": "https://en.orda.kz/uploads/a.jpg", "caption": "A caption", "credit": None}
    ]
    # scraped keys can be neither operators nor paths; tuples are stored as arrays
    assert doc["structured_data"] == {
        "@type": "NewsArticle",
        "\uff04where": "1",
        "author\uff0ename": ["X", ["Y"]],
    }
    assert doc["http"] == {"status": 200, "etag": '"abc"', "last_modified": None}
    assert doc["discovery"] == [
        {"source": "feed", "url": "https://en.orda.kz/feed/", "date_raw": "x"}
    ]
    assert doc["published_at"] == datetime(2024, 3, 1, 4, 30, tzinfo=UTC)
    # scratch fields and the reshaped HTTP fields are not stored as they are
    assert not set(doc) & (TRANSIENT_FIELDS | {"http_status", "etag", "last_modified"})
    assert "translation_of" not in doc  # None: a re-crawl must not erase the linker's value
    assert "truncated" not in doc


def test_the_document_shares_no_container_with_the_item() -> None:
    item = _article()
    doc = article_document(item)
    doc["images"][0]["caption"] = "changed"
    doc["cited_sources"][0]["name"] = "changed"
    doc["structured_data"]["author\uff0ename"].append("Z")
    doc["url_aliases"].append("https://example.com/")
    assert item.images[0].caption == "A caption"
    assert item.cited_sources[0]["name"] == "Kursiv"
    assert item.structured_data == {
        "@type": "NewsArticle",
        "$where": "1",
        "author.name": ["X", ("Y",)],
    }
    assert item.url_aliases == []
