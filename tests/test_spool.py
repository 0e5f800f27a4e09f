"""The spool: what the crawl writes when the database is gone, and its idempotent replay."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from newscrawl.items import Article, Image, ListingHint, NotArticle, SeenArticle
from newscrawl.store.spool import SpoolItem, SpoolWriter, decode, encode, pending_files, replay


def article(n: int) -> Article:
    return Article(
        url=f"https://en.orda.kz/story-{n}-3114/",
        site="en.orda.kz",
        spider="orda_en",
        title=f"Story {n}",
        body="Текст статьи.\n\nSecond paragraph.",
        published_at=datetime(2024, 2, 29, 17, 30, tzinfo=UTC),
        published_candidates=[("2024-02-29T23:30:00+06:00", "json-ld")],
        images=[Image(url="https://en.orda.kz/a.jpg", credit="Akorda")],
        listing_hints=[ListingHint("sitemap", "https://en.orda.kz/x", "2024-02-29")],
        content_hash="0" * 64,
    )


def test_items_survive_the_round_trip() -> None:
    items: list[SpoolItem] = [
        article(1),
        SeenArticle(url="https://en.orda.kz/a-1/", spider="orda_en", reason="unchanged"),
        NotArticle(url="https://en.orda.kz/tag/x/", spider="orda_en", reason="http_404"),
    ]
    for item in items:
        assert decode(encode(item)) == item
    # dates keep their zone
    back = decode(encode(article(1)))
    assert isinstance(back, Article) and back.published_at == article(1).published_at
    assert back.published_at is not None and back.published_at.tzinfo is not None


def test_replay_writes_everything_once_and_removes_the_file(tmp_path: Path) -> None:
    spool = SpoolWriter(tmp_path, "orda_en")
    spool.append([article(n) for n in range(5)])
    spool.append([article(n) for n in range(5, 7)])
    spool.close()
    written: list[str] = []
    count = replay(tmp_path, lambda items: written.extend(i.url for i in items), batch_size=3)
    assert count == 7
    assert written == [article(n).url for n in range(7)]
    assert pending_files(tmp_path) == []


def test_interrupted_replay_resumes_without_repeating(tmp_path: Path) -> None:
    spool = SpoolWriter(tmp_path, "orda_en")
    spool.append([article(n) for n in range(6)])
    spool.close()
    written: list[str] = []

    def failing_after_first_batch(items: list[SpoolItem]) -> None:
        if written:
            raise RuntimeError("database went away again")
        written.extend(i.url for i in items)

    with pytest.raises(RuntimeError):
        replay(tmp_path, failing_after_first_batch, batch_size=2)
    assert len(written) == 2
    assert len(pending_files(tmp_path)) == 1
    replay(tmp_path, lambda items: written.extend(i.url for i in items), batch_size=2)
    assert written == [article(n).url for n in range(6)]


def test_a_file_still_being_written_is_left_alone(tmp_path: Path) -> None:
    spool = SpoolWriter(tmp_path, "orda_en")
    spool.append([article(1)])
    try:
        assert replay(tmp_path, lambda items: None) == 0
        assert pending_files(tmp_path) == [spool.path]
    finally:
        spool.close()


def test_a_torn_last_line_is_skipped(tmp_path: Path) -> None:
    spool = SpoolWriter(tmp_path, "orda_en")
    spool.append([article(1)])
    spool.close()
    with spool.path.open("a") as handle:
        handle.write(encode(article(2))[:40])  # the process died mid-write
    written: list[str] = []
    assert replay(tmp_path, lambda items: written.extend(i.url for i in items)) == 1
    assert written == [article(1).url]
