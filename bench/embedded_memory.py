"""Peak memory of the embedded SecantusDB daemon as the archive grows.

Starts a throw-away daemon the way newscrawl starts its embedded one (the same command line,
``newscrawl.store.embedded.server_flags()`` caps included, or SecantusDB's own defaults with
``--uncapped``), creates the articles collection with its real validator and indexes, and fills
it with ``--articles`` documents shaped like stored articles (every field the writer sets, a
Cyrillic body of about 3 KB, distinct URLs, hashes and dates so that every index grows) by
``insert_many`` in batches. A sampler reads the resident memory of the daemon and every process
it started from ``/proc`` ten times a second; the figure is the peak of their sum. Printed at
each checkpoint (every fifth of the fill)::

    python -m bench.embedded_memory [--articles 200000] [--uncapped] [--batch 1000]
"""

from __future__ import annotations

import argparse
import contextlib
import shutil
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pymongo

from bench.crawl import database
from newscrawl.items import Article
from newscrawl.normalize.content import content_hash
from newscrawl.store.documents import article_document
from newscrawl.store.embedded import server_flags
from newscrawl.store.schema import ensure_articles_collection

PARAGRAPHS = (
    "Национальный банк Казахстана сохранил базовую ставку на уровне 14,5%, сообщили в "
    "пресс-службе регулятора. Решение принято с учетом инфляционных ожиданий населения. ",
    "По данным министерства, в январе–марте экономика выросла на 4,2% в годовом выражении, "
    "а строительство и торговля прибавили больше, чем ожидали аналитики в Алматы и Астане. ",
    "Эксперты отмечают, что курс тенге остается чувствительным к ценам на нефть и к решениям "
    "крупнейших торговых партнеров страны, прежде всего России и Китая. ",
)


def tree_rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` and all its descendants, MB (0 once it is gone)."""
    total_kb = 0
    pending = [pid]
    while pending:
        current = pending.pop()
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total_kb += int(line.split()[1])
                    break
            for task in Path(f"/proc/{current}/task").iterdir():
                with contextlib.suppress(OSError):
                    pending += [int(c) for c in (task / "children").read_text().split()]
    return total_kb / 1024


class PeakSampler:
    """Samples :func:`tree_rss_mb` of one process tree in a thread; ``peak_mb`` so far."""

    def __init__(self, pid: int, interval_s: float = 0.1) -> None:
        self.pid = pid
        self.interval_s = interval_s
        self.peak_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak_mb = max(self.peak_mb, tree_rss_mb(self.pid))
            self._stop.wait(self.interval_s)

    def __enter__(self) -> PeakSampler:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


def documents(start: int, count: int) -> list[dict[str, Any]]:
    """``count`` stored-article documents numbered from ``start``, as the writer inserts them."""
    now = datetime.now(UTC)
    base = datetime(2020, 1, 1, tzinfo=UTC)
    out = []
    for n in range(start, start + count):
        body = "\n\n".join(f"{PARAGRAPHS[(n + p) % len(PARAGRAPHS)]}({n}.{p})" for p in range(10))
        title = f"Нацбанк сохранил базовую ставку: решение номер {n}"
        published = base + timedelta(minutes=7 * n)
        item = Article(
            url=f"https://orda.kz/natsbank-sohranil-bazovuyu-stavku-{n}-{100000 + n}/",
            site="orda.kz",
            spider="orda_ru",
            title=title,
            body=body,
            lead=body.split("\n\n", 1)[0],
            published_at=published,
            published_raw=published.isoformat(),
            updated_at=published + timedelta(hours=1),
            authors_raw=[f"Автор {n % 97}"],
            author_keys=[f"avtor {n % 97}"],
            section="Экономика",
            fetched_at=now,
            authors=[f"Автор {n % 97}"],
            tags=["Экономика", f"тег {n % 13}"],
            cited_sources=[{"outlet_id": "orda", "name": "Orda.kz", "phrase": "", "role": "self"}],
            language="ru",
            declared_language="ru",
            language_confidence=1.0,
            http_status=200,
            provenance={"title": "json-ld", "published_at": "json-ld", "language": "script"},
        )
        item.content_hash = content_hash(title, body)
        document = article_document(item)
        document.update(
            first_seen_at=now, last_seen_at=now, crawl_count=1, version=1, schema_version=1
        )
        out.append(document)
    return out


def fill(articles: int, *, capped: bool, batch: int, say: Any = print) -> list[tuple[int, float]]:
    """Fill a fresh daemon to ``articles``; (articles stored, peak RSS MB) at each fifth."""
    work = Path(tempfile.mkdtemp(prefix="newscrawl-dbmem-"))
    checkpoints = {round(articles * k / 5) for k in range(1, 6)}
    figures: list[tuple[int, float]] = []
    label = "capped (" + " ".join(server_flags()) + ")" if capped else "SecantusDB defaults"
    try:
        with database(work, capped=capped) as (uri, pid), PeakSampler(pid) as sampler:
            client: pymongo.MongoClient[dict[str, Any]] = pymongo.MongoClient(uri)
            db = client["bench"]
            ensure_articles_collection(db)
            articles_collection = db["articles"]
            started = time.perf_counter()
            stored = 0
            # The next batch is built while the server inserts this one (pymongo waits for
            # the reply without the GIL): the fill takes the server's time, not the sum.
            with ThreadPoolExecutor(max_workers=1) as builder:
                upcoming = builder.submit(documents, 0, min(batch, articles))
                while stored < articles:
                    current = upcoming.result()
                    count = len(current)
                    following = min(batch, articles - stored - count)
                    if following > 0:
                        upcoming = builder.submit(documents, stored + count, following)
                    articles_collection.insert_many(current, ordered=False)
                    stored += count
                    if any(stored - count < c <= stored for c in checkpoints):
                        time.sleep(sampler.interval_s * 2)  # let the sampler see this point
                        figures.append((stored, sampler.peak_mb))
                        say(
                            f"embedded memory, {label}: {stored:,} articles, peak RSS "
                            f"{sampler.peak_mb:,.0f} MB ({time.perf_counter() - started:.0f}s)"
                        )
            client.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return figures


def main() -> int:
    """Fill one daemon and print its peak memory at each fifth of the fill."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=200_000)
    parser.add_argument("--batch", type=int, default=1000, help="documents per insert_many")
    parser.add_argument(
        "--uncapped", action="store_true", help="SecantusDB's own defaults, not newscrawl's caps"
    )
    args = parser.parse_args()
    fill(args.articles, capped=not args.uncapped, batch=args.batch)
    return 0


if __name__ == "__main__":
    sys.exit(main())
