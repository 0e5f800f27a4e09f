"""Batched vs per-item MongoDB writes through newscrawl's own writer.

Starts a throw-away SecantusDB, writes the same synthetic articles (realistic sizes: ~4 KB
bodies, Cyrillic text) once one item per write and once in batches, and prints items/s and
the ratio. Both runs use the production write path (classification read, journaled writes).
The batched writer and the server's own ``insert_many`` are measured in alternation, batch by
batch (one writer batch, then one ``insert_many`` of as many prepared documents, into the same
collection), and each side's rate is its articles over the sum of its own batches' times: on
a machine whose load changes by the second, both sides then meet the same load.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import pymongo

from newscrawl.items import Article
from newscrawl.normalize.content import content_hash
from newscrawl.store.documents import article_document
from newscrawl.store.embedded import free_port, ping
from newscrawl.store.schema import ensure_articles_collection
from newscrawl.store.writer import ArticleWriter

PARAGRAPH = (
    "Национальный банк Казахстана сохранил базовую ставку на уровне 14,5%, сообщили в "
    "пресс-службе регулятора. Решение принято с учетом инфляционных ожиданий. "
)


def articles(count: int, prefix: str) -> list[Article]:
    items = []
    for n in range(count):
        body = "\n\n".join(f"{PARAGRAPH} ({n}.{p})" for p in range(20))
        item = Article(
            url=f"https://orda.kz/{prefix}-article-{n}-{100000 + n}/",
            site="orda.kz",
            spider="bench",
            title=f"Статья номер {n}",
            body=body,
            lead=body.split("\n\n", 1)[0],
            published_at=datetime(2025, 1, 1, tzinfo=UTC),
            fetched_at=datetime.now(UTC),
            authors=["Мадина Оспанова"],
            cited_sources=[{"outlet_id": "orda", "name": "Orda.kz", "phrase": "x", "role": "self"}],
        )
        item.content_hash = content_hash(item.title, item.body)
        item.stored_before = False  # as the spider marks URLs its recrawl state did not know
        items.append(item)
    return items


def measure(db: pymongo.database.Database, batch: int, count: int, prefix: str) -> float:
    writer = ArticleWriter(db, batch_size=batch)
    items = articles(count, prefix)
    started = time.perf_counter()
    for item in items:
        writer.add(item)
        if writer.full:
            writer.flush()
    writer.flush()
    return count / (time.perf_counter() - started)


def prepared(count: int, prefix: str) -> list[dict[str, object]]:
    """Documents as the writer stores them, ready to insert."""
    now = datetime.now(UTC)
    return [
        {**article_document(a), "first_seen_at": now, "last_seen_at": now, "crawl_count": 1,
         "version": 1, "schema_version": 1}
        for a in articles(count, prefix)
    ]  # fmt: skip


def interleaved_rates(
    db: pymongo.database.Database, batch: int, count: int, prefix: str
) -> tuple[float, float]:
    """The batched writer and bare journaled ``insert_many``, batch for batch: articles/s each.

    The second is what the database itself allows without newscrawl's writer, the ceiling of
    any batched writer; the documents it inserts are prepared beforehand, outside its time
    (the writer's time includes turning its articles into documents).
    """
    writer = ArticleWriter(db, batch_size=batch)
    items = articles(count, f"{prefix}-writer")
    collection = db.get_collection("articles", write_concern=pymongo.WriteConcern(j=True))
    docs = prepared(count, f"{prefix}-ceiling")
    writer_s = ceiling_s = 0.0
    for start in range(0, count, batch):
        started = time.perf_counter()
        writer.write(items[start : start + batch])
        middle = time.perf_counter()
        collection.insert_many(docs[start : start + batch], ordered=False)
        writer_s += middle - started
        ceiling_s += time.perf_counter() - middle
    return count / writer_s, count / ceiling_s


def insert_one_rate(db: pymongo.database.Database, count: int) -> float:
    """Bare journaled ``insert_one`` per document, articles/s: the best a per-item writer
    doing one insert per article can do (``insert_many`` / this is what batching gains)."""
    collection = db.get_collection("articles", write_concern=pymongo.WriteConcern(j=True))
    singles = prepared(count, "single-ceiling")
    started = time.perf_counter()
    for doc in singles:
        collection.insert_one(doc)
    return len(singles) / (time.perf_counter() - started)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--batch", type=int, default=100)
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="newscrawl-bench-"))
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "secantus", "--port", str(port), "--storage-path", str(home),
         "--log-level", "WARNING"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    uri = f"mongodb://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 60
        while not ping(uri, timeout_ms=500):
            if time.monotonic() > deadline:
                raise SystemExit("SecantusDB did not start")
            time.sleep(0.2)
        client: pymongo.MongoClient[dict[str, object]] = pymongo.MongoClient(uri)
        db = client["bench"]
        ensure_articles_collection(db)
        per_item = measure(db, 1, args.count // 4, "single")
        batched, ceiling = interleaved_rates(db, args.batch, args.count, "batched")
        single = insert_one_rate(db, args.count // 4)
        print(
            f"writes: per-item {per_item:,.0f} articles/s, batched ({args.batch}) "
            f"{batched:,.0f} articles/s, ratio {batched / per_item:.1f}x"
        )
        print(
            f"writes: the server's own ceiling, bare insert_many into the same validated and "
            f"indexed collection, batch for batch in alternation with the writer: "
            f"{ceiling:,.0f} articles/s; the batched writer reaches {batched / ceiling:.0%} of "
            f"it (goal >= 95%)"
        )
        print(
            f"writes: the server's own insert_one into it: {single:,.0f} articles/s; "
            f"insert_many / insert_one = {ceiling / single:.1f}x is all that batching gains "
            f"over per-item writes of one insert each (newscrawl's per-item write also reads "
            f"what is stored first: {per_item:,.0f} articles/s)"
        )
        client.close()
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(home, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
