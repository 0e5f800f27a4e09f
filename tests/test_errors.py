"""One actionable line for each way the database can refuse a crawl; no secrets anywhere."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from newscrawl.extensions.crawl_runs import CRAWL_RUNS
from newscrawl.fixtures.server import FixtureHTTPServer
from newscrawl.store.schema import ARTICLES
from tests.conftest import MongoServer, run_crawl, start_secantus

PASSWORD = "s3cret-pw-7f"


@pytest.fixture(scope="module")
def auth_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MongoServer]:
    """SecantusDB with --auth and a user, provisioned the documented way."""
    data = tmp_path_factory.mktemp("auth") / "db"
    setup = start_secantus(data)
    with setup.client() as client:
        client.admin.command(
            "createUser",
            "crawler",
            pwd=PASSWORD,
            roles=[{"role": "readWrite", "db": "authcrawl"}],
        )
    setup.process.terminate()
    setup.process.wait()
    port = int(setup.uri.rstrip("/").rsplit(":", 1)[1])
    server = start_secantus(data, "--auth", port=port)
    yield server
    server.process.terminate()
    server.process.wait()


def port_of(server: MongoServer) -> int:
    return int(server.uri.rstrip("/").rsplit(":", 1)[1])


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if " ERROR: " in line]


def test_malformed_uri(fixture_server: FixtureHTTPServer, tmp_path: Path) -> None:
    result = run_crawl(
        "orda_en",
        mongo_uri="mongodb://127.0.0.1:notaport/",
        database="x",
        router_url=fixture_server.url,
        home=tmp_path,
    )
    assert result.returncode != 0
    errors = error_lines(result.stderr)
    assert len(errors) == 1, errors
    assert "Cannot use MongoDB at mongodb://127.0.0.1:notaport/" in errors[0]
    assert "port" in errors[0].lower()
    assert "Traceback" not in result.stderr


def test_wrong_credentials(
    auth_server: MongoServer, fixture_server: FixtureHTTPServer, tmp_path: Path
) -> None:
    result = run_crawl(
        "orda_en",
        mongo_uri=f"mongodb://crawler:wrong-{PASSWORD}@127.0.0.1:{port_of(auth_server)}/",
        database="authcrawl",
        router_url=fixture_server.url,
        home=tmp_path,
    )
    assert result.returncode != 0
    errors = error_lines(result.stderr)
    assert len(errors) == 1, errors
    assert "authentication failed" in errors[0]
    assert f"mongodb://crawler:***@127.0.0.1:{port_of(auth_server)}/" in errors[0]
    assert PASSWORD not in result.stderr + result.stdout


def test_crawl_runs_record_without_credentials(
    auth_server: MongoServer, fixture_server: FixtureHTTPServer, tmp_path: Path
) -> None:
    uri = f"mongodb://crawler:{PASSWORD}@127.0.0.1:{port_of(auth_server)}/?authSource=admin"
    result = run_crawl(
        "orda_en",
        mongo_uri=uri,
        database="authcrawl",
        router_url=fixture_server.url,
        home=tmp_path,
        args={"max_articles": "3"},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert PASSWORD not in result.stderr + result.stdout
    import pymongo

    with pymongo.MongoClient(uri, tz_aware=True) as client:
        db = client["authcrawl"]
        assert db[ARTICLES].count_documents({}) == 3
        runs = list(db[CRAWL_RUNS].find({}, {"_id": 0}))
    assert len(runs) == 1
    run = runs[0]
    assert run["spider"] == "orda_en"
    assert run["status"] == "ok"
    assert run["finish_reason"] == "finished"
    assert run["arguments"]["max_articles"] == "3"
    assert run["stats"]["item_scraped_count"] >= 3
    assert run["started_at"] <= run["finished_at"]
    assert "crawler:***@" in run["mongo_uri"]
    assert PASSWORD not in json.dumps(run, default=str)


def test_a_command_sees_a_failure_mid_use_as_one_line(
    mongo_server: MongoServer, database_name: str
) -> None:
    """opened_database: what status, report and spool replay use around their queries."""
    from pymongo.errors import InvalidOperation

    from newscrawl.store.connection import DatabaseUnavailableError, opened_database
    from newscrawl.store.uri import resolve_target

    target = resolve_target(mongo_server.uri, database_name)
    with opened_database(target) as db:
        db["probe"].insert_one({"n": 1})
        assert db.name == database_name
    # the client is closed when the block ends
    with pytest.raises(InvalidOperation):
        db["probe"].find_one()

    with pytest.raises(DatabaseUnavailableError) as caught, opened_database(target) as db:
        db.command("noSuchCommandAnywhere")
    message = str(caught.value)
    assert message.startswith(f"database error at {mongo_server.uri}: ")
    assert "\n" not in message
