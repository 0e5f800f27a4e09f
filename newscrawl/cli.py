"""The ``newscrawl`` command: the embedded database, fixture sites, and the demo.

Crawls themselves run through Scrapy (``scrapy crawl <spider>``); this command covers what
is not a crawl.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pymongo

from newscrawl.cli_options import add_database_options, database_target
from newscrawl.consumers_cli import add_consumer_commands
from newscrawl.fixtures.server import DEFAULT_ROOT, FixtureHTTPServer, start_in_thread
from newscrawl.monitoring.status import add_status_command
from newscrawl.report.cli import add_report_commands
from newscrawl.store.connection import DatabaseUnavailableError, opened_database
from newscrawl.store.embedded import EmbeddedServer, EmbeddedServerError
from newscrawl.store.schema import ARTICLES, ensure_articles_collection
from newscrawl.store.spool import pending_files, replay
from newscrawl.store.uri import DEFAULT_DATABASE, mask_uri, newscrawl_home
from newscrawl.store.writer import ArticleWriter, WriteFailedError

#: The project checkout (where scrapy.cfg is), for running spiders from the demo.
PROJECT_ROOT = Path(__file__).resolve().parents[1]


def _db(args: argparse.Namespace) -> int:
    server = EmbeddedServer()
    if args.action == "start":
        try:
            print(server.ensure())
        except EmbeddedServerError as exc:
            print(f"newscrawl db start: {exc}", file=sys.stderr)
            return 1
        return 0
    if args.action == "stop":
        print("stopped" if server.stop() else "not running")
        return 0
    uri = server.running_uri()
    if args.action == "uri":
        if uri is None:
            print("not running (start it with: newscrawl db start)", file=sys.stderr)
            return 1
        print(uri)
        return 0
    state = server.state()
    if uri and state:
        print(f"running: pid {state.pid}, {uri}, data in {server.data_dir}")
        return 0
    print(f"not running (data dir: {server.data_dir})")
    return 3


def _spool(args: argparse.Namespace) -> int:
    directory = Path(args.dir) if args.dir else newscrawl_home() / "spool"
    files = pending_files(directory)
    if args.action == "status":
        print(f"{len(files)} spool file(s) pending in {directory}")
        for path in files:
            print(f"  {path.name}")
        return 0
    if not files:
        print(f"nothing to replay in {directory}")
        return 0
    target = database_target(args)
    try:
        with opened_database(target) as db:
            ensure_articles_collection(db)
            count = replay(directory, ArticleWriter(db).write)
    except DatabaseUnavailableError as exc:
        print(exc, file=sys.stderr)
        return 1
    except WriteFailedError as exc:
        print(f"replay stopped, the rest stays spooled: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        # A full or read-only spool disk: what was written stays written (the replay is
        # idempotent), the files stay for the next replay.
        print(
            f"spool replay stopped, the files stay in {directory}: "
            f"{exc.strerror or exc}{f' ({exc.filename})' if exc.filename else ''}",
            file=sys.stderr,
        )
        return 1
    print(f"replayed {count} items into {target.display()} / {target.database}")
    return 0


def _fixtures_serve(args: argparse.Namespace) -> int:
    root = Path(args.root)
    if not root.is_dir():
        # Serving a missing directory would answer 404 to every request, silently.
        print(f"newscrawl fixtures serve: --root {args.root}: no such directory", file=sys.stderr)
        return 2
    server = FixtureHTTPServer(root, args.host, args.port)
    print(f"serving {args.root} at {server.url}")
    print(f"crawl against it with: scrapy crawl <spider> -s HOST_ROUTER_URL={server.url}")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


def _demo(args: argparse.Namespace) -> int:
    try:
        uri = EmbeddedServer().ensure()
    except EmbeddedServerError as exc:
        print(f"newscrawl demo: {exc}", file=sys.stderr)
        return 1
    fixtures = start_in_thread(Path(args.root))
    print(f"embedded database: {uri}")
    print(f"fixture site:      {fixtures.url} (serving {args.root})")
    env = {**os.environ, "HOST_ROUTER_URL": fixtures.url, "NEWSCRAWL_HOME": str(newscrawl_home())}
    env.pop("MONGO_URI", None)  # the demo always uses the embedded database
    command = [sys.executable, "-m", "scrapy", "crawl", args.spider, "-s", "LOG_LEVEL=WARNING"]
    print("running:          ", " ".join(command[2:]))
    try:
        code = subprocess.call(command, cwd=PROJECT_ROOT, env=env)
    finally:
        fixtures.shutdown()
    if code != 0:
        print(f"newscrawl demo: the crawl failed with exit code {code}", file=sys.stderr)
        return code
    _print_summary(uri, args.site)
    return 0


def _print_summary(uri: str, site: str) -> None:
    client: pymongo.MongoClient[dict[str, Any]] = pymongo.MongoClient(uri, tz_aware=True)
    try:
        articles = client[DEFAULT_DATABASE][ARTICLES]
        count = articles.count_documents({"site": site})
        print(f"\n{count} articles from {site} stored in {DEFAULT_DATABASE}.{ARTICLES}\n")
        query = {"site": site, "original_authors.0": {"$exists": True}}
        shown = list(articles.find(query).sort("published_at", -1).limit(3))
        for doc in shown:
            published = doc.get("published_at")
            when = published.strftime("%Y-%m-%d %H:%M UTC") if published else "unknown"
            cited = ", ".join(
                f"{c.get('outlet_id') or c.get('name')} ({c.get('role')})"
                for c in doc.get("cited_sources", [])
            )
            print(f"  {doc['title']}")
            print(f"    published:       {when} (from {doc.get('published_source')})")
            print(f"    original author: {', '.join(doc.get('original_authors', [])) or '-'}")
            print(f"    cited outlets:   {cited or '-'}")
            print(f"    crawled {doc.get('crawl_count')}x, {doc['url']}\n")
    finally:
        client.close()
    print("Look at the data:")
    print(f"  .venv/bin/newscrawl query --site {site}          # a table of the newest")
    print(f"  .venv/bin/newscrawl export --format jsonl --out {site}.jsonl --site {site}")
    print(
        f'  .venv/bin/python -c "import pymongo, pprint; pprint.pprint(pymongo.MongoClient('
        f"'{mask_uri(uri)}').{DEFAULT_DATABASE}.{ARTICLES}.find_one({{'site': '{site}'}}))\""
    )
    print("  .venv/bin/newscrawl db uri     # the connection string, for mongosh or Compass")
    print("  .venv/bin/newscrawl db stop    # stop the embedded database")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for tests and documentation)."""
    parser = argparse.ArgumentParser(prog="newscrawl", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    db = commands.add_parser("db", help="manage the embedded SecantusDB server")
    db.add_argument("action", choices=["start", "stop", "status", "uri"])
    db.set_defaults(func=_db)

    spool = commands.add_parser("spool", help="items spooled while the database was down")
    spool.add_argument("action", choices=["status", "replay"])
    spool.add_argument("--dir", help="spool directory (default $NEWSCRAWL_HOME/spool)")
    add_database_options(spool)
    spool.set_defaults(func=_spool)

    fixtures = commands.add_parser("fixtures", help="serve the fixture sites over HTTP")
    fixtures_commands = fixtures.add_subparsers(dest="fixtures_command", required=True)
    serve = fixtures_commands.add_parser("serve", help="serve fixtures/sites on loopback")
    serve.add_argument(
        "--root",
        default=str(DEFAULT_ROOT),
        help="directory holding one folder per host (default: the packaged fixture sites)",
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on")
    serve.add_argument("--port", type=int, default=8801, help="port (default 8801)")
    serve.set_defaults(func=_fixtures_serve)

    demo = commands.add_parser("demo", help="crawl the en.orda.kz fixture site and show it")
    demo.add_argument("--spider", default="orda_en")
    demo.add_argument("--site", default="en.orda.kz")
    demo.add_argument("--root", default=str(DEFAULT_ROOT))
    demo.set_defaults(func=_demo)
    add_consumer_commands(commands)
    add_status_command(commands)
    add_report_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``newscrawl`` console script."""
    args = build_parser().parse_args(argv)
    result: int = args.func(args)
    return result


if __name__ == "__main__":
    sys.exit(main())
