"""Unregistered cited outlets, listed by frequency (``newscrawl query --unregistered``).

The stored documents carry what ``analyze`` finds in sentences written for this file: two of
them cite the unregistered newspaper «Степной вестник», one the unregistered Telegram channel
«Жёлтый гусь», one a registered outlet (Reuters) and one a press service — neither listed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from newscrawl.normalize.attribution import analyze
from newscrawl.store.query import ArticleStore
from tests.conftest import MongoServer

TEXTS = [
    "Газета «Степной вестник» написала о пожаре на складе.",
    "Как сообщила газета «Степной вестник», мост открыт. Telegram-канал «Жёлтый гусь» "
    "сообщил о пробках.",
    "The deal is worth $2bn, according to Reuters.",
    "Об этом сообщили в пресс-службе акимата.",
]


@pytest.fixture(scope="module")
def database(mongo_server: MongoServer) -> Iterator[str]:
    name = "test_unregistered"
    client = mongo_server.client()
    try:
        client.drop_database(name)
        docs = []
        for i, text in enumerate(TEXTS):
            result = analyze("Заголовок", text, url=f"https://example.kz/news/{i}")
            docs.append(
                {
                    "url": f"https://example.kz/news/{i}",
                    "site": "example.kz",
                    "title": "Заголовок",
                    "published_at": datetime(2026, 11, 1 + i, tzinfo=UTC),
                    "cited_sources": [s.to_dict() for s in result.cited_sources],
                }
            )
        client[name]["articles"].insert_many(docs)
        yield name
    finally:
        client.drop_database(name)
        client.close()


def test_unregistered_sources_by_frequency(mongo_server: MongoServer, database: str) -> None:
    with ArticleStore.connect(mongo_server.uri, database) as store:
        assert store.unregistered_sources() == [
            ("Степной вестник", "newspaper", 2),
            ("Жёлтый гусь", "telegram-channel", 1),
        ]
        # Filters apply: the first day's article alone.
        day = datetime(2026, 11, 1, tzinfo=UTC).date()
        assert store.unregistered_sources(since=day, until=day) == [
            ("Степной вестник", "newspaper", 1)
        ]


def test_cli_query_unregistered(mongo_server: MongoServer, database: str, tmp_path: Path) -> None:
    env = {**os.environ, "NEWSCRAWL_HOME": str(tmp_path)}
    env.pop("MONGO_URI", None)
    command = [
        str(Path(sys.executable).with_name("newscrawl")),
        "query",
        "--uri",
        mongo_server.uri,
        "--database",
        database,
        "--unregistered",
    ]
    result = subprocess.run(
        [*command, "--json"], env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows == [
        {"name": "Степной вестник", "kind": "newspaper", "articles": 2},
        {"name": "Жёлтый гусь", "kind": "telegram-channel", "articles": 1},
    ]
    table = subprocess.run(
        command, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert table.returncode == 0, table.stderr
    assert table.stdout.splitlines()[1].split() == ["2", "newspaper", "Степной", "вестник"]
