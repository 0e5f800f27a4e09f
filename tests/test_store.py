"""Storage against a real SecantusDB server: validator, upserts, batching, URI masking."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import pytest
from pymongo.errors import WriteError

from newscrawl.items import Article
from newscrawl.normalize.content import content_hash
from newscrawl.store.schema import (
    ARTICLE_SCHEMA,
    ARTICLES,
    NON_ARTICLES,
    REVISIONS,
    create_collection_once,
    ensure_articles_collection,
)
from newscrawl.store.uri import mask_uri
from newscrawl.store.writer import ArticleWriter
from tests.conftest import ROOT, MongoServer


def make_article(url: str, **changes: object) -> Article:
    item = Article(
        url=url,
        site="en.orda.kz",
        spider="orda_en",
        title="Title",
        body="Body text.",
        published_at=datetime(2024, 9, 3, 5, 15, tzinfo=UTC),
        published_raw="2024-09-03T10:15:00+05:00",
        published_source="json-ld",
        fetched_at=datetime(2026, 1, 1, tzinfo=UTC),
    )
    for key, value in changes.items():
        setattr(item, key, value)
    item.content_hash = content_hash(item.title, item.body)
    return item


@pytest.fixture
def articles(mongo_server: MongoServer, database_name: str):  # type: ignore[no-untyped-def]
    client = mongo_server.client()
    db = client[database_name]
    ensure_articles_collection(db)
    yield db[ARTICLES]
    client.drop_database(database_name)
    client.close()


def valid_document() -> dict[str, object]:
    now = datetime.now(UTC)
    return {
        "url": "https://en.orda.kz/x-3114/",
        "site": "en.orda.kz",
        "title": "T",
        "body": "B",
        "content_hash": "0" * 64,
        "first_seen_at": now,
        "last_seen_at": now,
        "crawl_count": 1,
        "schema_version": 1,
    }


def test_validator_accepts_a_complete_document(articles) -> None:  # type: ignore[no-untyped-def]
    articles.insert_one(valid_document())
    assert articles.count_documents({}) == 1


def test_validator_rejects_a_document_without_url(articles) -> None:  # type: ignore[no-untyped-def]
    doc = valid_document()
    del doc["url"]
    with pytest.raises(WriteError) as info:
        articles.insert_one(doc)
    assert info.value.code == 121


def test_validator_rejects_a_string_published_at(articles) -> None:  # type: ignore[no-untyped-def]
    doc = {**valid_document(), "published_at": "2024-09-03T10:15:00+05:00"}
    with pytest.raises(WriteError) as info:
        articles.insert_one(doc)
    assert info.value.code == 121


def test_setup_is_idempotent(mongo_server: MongoServer, database_name: str) -> None:
    client = mongo_server.client()
    try:
        ensure_articles_collection(client[database_name])
        ensure_articles_collection(client[database_name])
        info = client[database_name][ARTICLES].index_information()
        assert info["url_unique"]["unique"] is True
        assert client[database_name][REVISIONS].index_information()["url_version"]["unique"]
        options = client[database_name][ARTICLES].options()
        assert options["validator"] == {"$jsonSchema": ARTICLE_SCHEMA}
    finally:
        client.drop_database(database_name)
        client.close()


def test_setup_loses_the_race_to_create_gracefully(
    mongo_server: MongoServer, database_name: str
) -> None:
    """Two crawls starting at once both saw the collections missing; one created them first.

    The loser's create must not fail (it did: pymongo's own existence check raised
    CollectionInvalid, and the crawl closed as mongo_unreachable).
    """
    client = mongo_server.client()
    try:
        db = client[database_name]
        for name in (ARTICLES, NON_ARTICLES, REVISIONS):
            db.create_collection(name)  # the winner, between the loser's look and its create
            create_collection_once(db, name)
        create_collection_once(db, ARTICLES, validator={"$jsonSchema": ARTICLE_SCHEMA})
        # and a whole set-up by threads at once, on a fresh database
        fresh = client[f"{database_name}_race"]
        with ThreadPoolExecutor(4) as pool:
            for future in [pool.submit(ensure_articles_collection, fresh) for _ in range(4)]:
                future.result()
        assert fresh[ARTICLES].options()["validator"] == {"$jsonSchema": ARTICLE_SCHEMA}
        assert fresh[REVISIONS].index_information()["url_version"]["unique"]
    finally:
        client.drop_database(database_name)
        client.drop_database(f"{database_name}_race")
        client.close()


def writer_for(articles) -> ArticleWriter:  # type: ignore[no-untyped-def]
    return ArticleWriter(articles.database, batch_size=10)


def test_recrawl_keeps_first_seen_and_counts(articles) -> None:  # type: ignore[no-untyped-def]
    first = datetime(2026, 1, 1, tzinfo=UTC)
    later = datetime(2026, 1, 2, tzinfo=UTC)
    url = "https://en.orda.kz/x-3114/"
    writer = writer_for(articles)
    assert writer.write([make_article(url)], now=first).inserted == 1
    report = writer.write([make_article(url)], now=later)
    assert (report.inserted, report.unchanged, report.changed) == (0, 1, 0)
    docs = list(articles.find({}))
    assert len(docs) == 1
    doc = docs[0]
    assert doc["first_seen_at"] == first
    assert doc["last_seen_at"] == later
    assert doc["crawl_count"] == 2
    assert doc["version"] == 1
    assert doc["published_at"] == datetime(2024, 9, 3, 5, 15, tzinfo=UTC)
    # an unchanged re-crawl keeps no revision
    assert articles.database[REVISIONS].count_documents({}) == 0


def test_changed_text_moves_the_previous_version_to_revisions(articles) -> None:  # type: ignore[no-untyped-def]
    url = "https://en.orda.kz/x-3114/"
    writer = writer_for(articles)
    writer.write([make_article(url, body="First version.")])
    report = writer.write([make_article(url, body="Corrected version.")])
    assert report.changed == 1
    doc = articles.find_one({"url": url})
    assert doc["body"] == "Corrected version."
    assert doc["version"] == 2
    assert doc["crawl_count"] == 2
    revisions = list(articles.database[REVISIONS].find({"url": url}))
    assert len(revisions) == 1
    assert revisions[0]["version"] == 1
    assert revisions[0]["body"] == "First version."
    assert revisions[0]["content_hash"] == make_article(url, body="First version.").content_hash
    assert articles.count_documents({}) == 1


def test_batch_reports_rejections_and_writes_the_rest(articles) -> None:  # type: ignore[no-untyped-def]
    good = make_article("https://en.orda.kz/good-3114/")
    bad = make_article("https://en.orda.kz/bad-3115/")
    bad.body = ""  # the validator requires a non-empty body
    report = writer_for(articles).write([good, bad])
    assert report.inserted == 1
    assert len(report.rejected) == 1
    url, reason = report.rejected[0]
    assert url == bad.url
    assert "body" in reason
    assert articles.count_documents({}) == 1


def test_translation_link_is_not_erased_by_a_recrawl(articles) -> None:  # type: ignore[no-untyped-def]
    url = "https://en.orda.kz/x-3114/"
    link = {"url": "https://orda.kz/x-123456/", "confidence": 0.93, "method": "content"}
    writer = writer_for(articles)
    writer.write([make_article(url, translation_of=link)])
    writer.write([make_article(url, body="Edited body.")])
    assert articles.find_one({"url": url})["translation_of"]["url"] == link["url"]


@pytest.mark.parametrize(
    ("uri", "shown"),
    [
        ("mongodb://user:s3cr3t@db.example:27017/x", "mongodb://user:***@db.example:27017/x"),
        ("mongodb+srv://u:p%40ss@cluster.example/", "mongodb+srv://u:***@cluster.example/"),
        ("mongodb://127.0.0.1:1", "mongodb://127.0.0.1:1"),
    ],
)
def test_mask_uri(uri: str, shown: str) -> None:
    assert mask_uri(uri) == shown


def test_schema_doc_lists_every_stored_field() -> None:
    doc = (ROOT / "docs" / "schema.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([a-z_]+)` \|", doc, flags=re.MULTILINE))
    missing = set(ARTICLE_SCHEMA["properties"]) - documented
    assert not missing, f"docs/schema.md does not document {sorted(missing)}"


def test_stored_document_fields_are_all_in_the_validator() -> None:
    from newscrawl.store.documents import article_document

    fields = set(article_document(make_article("https://en.orda.kz/x-3114/")))
    assert fields <= set(ARTICLE_SCHEMA["properties"]), fields - set(ARTICLE_SCHEMA["properties"])


def test_scraped_keys_cannot_become_operators(articles) -> None:  # type: ignore[no-untyped-def]
    from newscrawl.normalize.keys import sanitize_keys

    hostile = {"$where": "sleep(1)", "a.b": {"$gt": ""}, "list": [{"$ne": 1}], "ok": 1}
    assert sanitize_keys(hostile) == {
        "\uff04where": "sleep(1)",
        "a\uff0eb": {"\uff04gt": ""},
        "list": [{"\uff04ne": 1}],
        "ok": 1,
    }
    item = make_article("https://en.orda.kz/x-3114/", structured_data=hostile)
    assert writer_for(articles).write([item]).inserted == 1
    stored = articles.find_one({"url": item.url})["structured_data"]
    assert stored["\uff04where"] == "sleep(1)"
