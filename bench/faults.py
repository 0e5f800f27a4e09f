"""Storage faults by hand: issue #11's acceptance on a loopback copy of en.orda.kz.

Every part is real: the generated site (:mod:`bench.site`) served over HTTP on loopback, the
embedded SecantusDB under a temporary ``NEWSCRAWL_HOME`` (``newscrawl db start``), killed
with SIGKILL and started again with ``newscrawl db start``, and a spool directory the kernel
refuses to grow: a 256 KB tmpfs when ``mount`` works (root), else ``RLIMIT_FSIZE`` in the crawl
process. Scenarios (each prints its figures; nothing is asserted)::

    python -m bench.faults --count 2000 --kill-after 6 --outage 60

- ``spool-full``: database killed ``--kill-after`` s into the crawl, spool full. The crawl's
  exit code and its line about the items it could not keep; then ``newscrawl db start``,
  ``newscrawl spool replay`` and one ordinary rerun, and the store's distinct articles and
  duplicates.
- ``outage``: database killed, started again after ``--outage`` s. Pages fetched during
  the outage (the server's request count, sampled each second), download timeouts, the
  crawl's exit code and what the store holds at the end.
- ``uri``: ``newscrawl db stop && newscrawl db start`` keeps the URI.

:mod:`tests.test_faults` runs the same scenarios, smaller, with assertions.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pymongo

from bench import site
from newscrawl.fixtures.server import FixtureHTTPServer, start_in_thread
from newscrawl.store.embedded import EmbeddedServer
from newscrawl.store.schema import ARTICLES

ROOT = Path(__file__).resolve().parents[1]
DATABASE = "faults"
SPOOL_LIMIT_BYTES = 256 * 1024


# --------------------------------------------------------------------------- parts


def serve_site(work: Path, count: int) -> FixtureHTTPServer:
    """The generated site of ``count`` articles, served on a free loopback port."""
    # The pool inside the served root: the fixture server serves nothing outside it.
    root = site.build_site(work / "site", count, work / "site" / ".pool")
    return start_in_thread(root)


def article_hits(server: FixtureHTTPServer) -> int:
    """Article pages the server answered so far (every request but listings and robots)."""
    return sum(
        n
        for path, n in list(server.hits.items())
        if not path.endswith(("robots.txt", ".xml")) and "/feed" not in path
    )


@contextlib.contextmanager
def limited_spool(directory: Path, limit: int = SPOOL_LIMIT_BYTES) -> Iterator[int | None]:
    """A spool directory the kernel stops growing at ``limit`` bytes.

    Yields None when it is a tmpfs of that size (mounted, unmounted afterwards); otherwise
    the ``RLIMIT_FSIZE`` to give the crawl process (see :func:`crawl_command_env`).
    """
    directory.mkdir(parents=True, exist_ok=True)
    mounted = False
    if os.geteuid() == 0:
        result = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={limit}", "tmpfs", str(directory)],
            capture_output=True,
            check=False,
        )
        mounted = result.returncode == 0
    try:
        yield None if mounted else limit
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(directory)], capture_output=True, check=False)


def file_size_limit(limit: int) -> Callable[[], None]:
    """A ``preexec_fn`` capping the files the child writes at ``limit`` bytes.

    SIGXFSZ is ignored so that a write past the limit fails with EFBIG instead of killing the
    process: the kernel refuses the write, as a full disk does.
    """

    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


@dataclass
class Crawl:
    """A ``scrapy crawl orda_en`` process and where its stats land."""

    process: subprocess.Popen[str]
    stats_file: Path
    stdout: str = ""
    stderr: str = ""
    stats: dict[str, Any] = field(default_factory=dict)

    def wait(self, timeout: float = 900) -> int:
        """Wait for the end; read output and stats."""
        self.stdout, self.stderr = self.process.communicate(timeout=timeout)
        if self.stats_file.exists():
            self.stats = json.loads(self.stats_file.read_text())
        return self.process.returncode


def start_crawl(
    home: Path,
    router: str,
    *,
    spider: str = "orda_en",
    mongo_uri: str = "",
    database: str = DATABASE,
    spool_dir: Path | None = None,
    fsize_limit: int | None = None,
    settings: dict[str, str] | None = None,
    args: dict[str, str] | None = None,
) -> Crawl:
    """Start a crawl (``mongo_uri`` empty: the embedded database under ``home``)."""
    stats_file = home / f"stats-{time.monotonic_ns()}.json"
    command = [sys.executable, "-m", "scrapy", "crawl", spider]
    for key, value in (args or {}).items():
        command += ["-a", f"{key}={value}"]
    values = {
        "MONGO_URI": mongo_uri,
        "MONGO_DATABASE": database,
        "HOST_ROUTER_URL": router,
        "NEWSCRAWL_STATS_FILE": str(stats_file),
        "LOG_LEVEL": "INFO",
        **({"SPOOL_DIR": str(spool_dir)} if spool_dir else {}),
        **(settings or {}),
    }
    for key, value in values.items():
        command += ["-s", f"{key}={value}"]
    env = {**os.environ, "NEWSCRAWL_HOME": str(home)}
    for name in ("MONGO_URI", "HOST_ROUTER_URL", "REDIS_URL", "NEWSCRAWL_RUN_ID"):
        env.pop(name, None)
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=file_size_limit(fsize_limit) if fsize_limit else None,  # noqa: PLW1509
    )
    return Crawl(process, stats_file)


def newscrawl(home: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    """Run the ``newscrawl`` command with ``NEWSCRAWL_HOME=home``."""
    env = {**os.environ, "NEWSCRAWL_HOME": str(home)}
    env.pop("MONGO_URI", None)
    return subprocess.run(
        [sys.executable, "-m", "newscrawl.cli", *arguments],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def kill_embedded(home: Path) -> None:
    """SIGKILL the embedded database of ``home`` (what an OOM killer or a crash does)."""
    state = EmbeddedServer(home).state()
    if state is not None:
        os.kill(state.pid, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and EmbeddedServer(home).state() is not None:
            time.sleep(0.05)


def stored_urls(uri: str, database: str = DATABASE) -> list[str]:
    """The ``url`` of every stored article document (duplicates included)."""
    client: pymongo.MongoClient[dict[str, Any]] = pymongo.MongoClient(
        uri, serverSelectionTimeoutMS=10_000
    )
    try:
        return [d["url"] for d in client[database][ARTICLES].find({}, {"url": 1})]
    finally:
        client.close()


def wait_stored(uri: str, minimum: int, timeout: float, database: str = DATABASE) -> int:
    """Wait until at least ``minimum`` articles are stored; the count reached."""
    deadline = time.monotonic() + timeout
    count = 0
    while time.monotonic() < deadline:
        with contextlib.suppress(pymongo.errors.PyMongoError):
            count = len(stored_urls(uri, database))
        if count >= minimum:
            break
        time.sleep(0.2)
    return count


def accounting(stats: dict[str, Any]) -> dict[str, int]:
    """The storage figures of one crawl (see :mod:`newscrawl.store.worker`)."""
    names = ("received", "acknowledged", "spooled", "lost")
    figures = {name: int(stats.get(f"newscrawl/storage/{name}", 0) or 0) for name in names}
    figures["rejected"] = int(stats.get("newscrawl/mongo/rejected", 0) or 0)
    return figures


def lost_line(stderr: str) -> str | None:
    """The crawl's ERROR line counting the items it could not keep."""
    return next((line for line in stderr.splitlines() if "could not be kept" in line), None)


def first_error(stderr: str) -> str | None:
    """The first ERROR line of a crawl's log."""
    return next((line for line in stderr.splitlines() if " ERROR: " in line), None)


# --------------------------------------------------------------------------- scenarios


def spool_full(work: Path, count: int, kill_after: float, **settings: str) -> dict[str, Any]:
    """Database killed ``kill_after`` s into the crawl while the spool is full; then recovery."""
    home = work / "home-spool-full"
    home.mkdir(parents=True)
    server = serve_site(work, count)
    uri = newscrawl(home, "db", "start").stdout.strip()
    spool = work / "spool-full"
    try:
        with limited_spool(spool) as fsize:
            # The URI given explicitly, as a production crawl has it: with MONGO_URI empty,
            # a component connecting after the kill would start the embedded server again.
            crawl = start_crawl(
                home,
                server.url,
                mongo_uri=uri,
                spool_dir=spool,
                fsize_limit=fsize,
                settings=settings,
            )
            time.sleep(kill_after)
            kill_embedded(home)
            code = crawl.wait()
            started = time.monotonic()
            restart = newscrawl(home, "db", "start")
            replay = newscrawl(home, "spool", "replay", "--dir", str(spool), "--database", DATABASE)
            rerun = start_crawl(home, server.url, mongo_uri=uri, spool_dir=spool, settings=settings)
            rerun_code = rerun.wait()
            urls = stored_urls(restart.stdout.strip())
        return {
            "count": count,
            "spool": "tmpfs 256 KB" if fsize is None else "RLIMIT_FSIZE 256 KB",
            "exit": code,
            "finish_reason": crawl.stats.get("finish_reason"),
            "lost_line": lost_line(crawl.stderr),
            **accounting(crawl.stats),
            "same_uri_after_restart": restart.stdout.strip() == uri,
            "replay": (replay.stdout or replay.stderr).strip(),
            "replay_exit": replay.returncode,
            "rerun_exit": rerun_code,
            "rerun_first_error": first_error(rerun.stderr),
            "recovery_s": round(time.monotonic() - started, 1),
            "stored_documents": len(urls),
            "distinct_articles": len(set(urls)),
            "duplicates": len(urls) - len(set(urls)),
        }
    finally:
        newscrawl(home, "db", "stop")
        server.shutdown()
        server.server_close()


def outage(
    work: Path, count: int, kill_after: float, seconds: float, **settings: str
) -> dict[str, Any]:
    """Database killed ``kill_after`` s after the first article page, back after ``seconds``:
    downloads go on, nothing is lost."""
    home = work / "home-outage"
    home.mkdir(parents=True)
    server = serve_site(work, count)
    uri = newscrawl(home, "db", "start").stdout.strip()
    try:
        crawl = start_crawl(home, server.url, mongo_uri=uri, settings=settings)
        # Counted from the first article page: the outage is the crawl's, not its start-up's.
        deadline = time.monotonic() + 120
        while article_hits(server) == 0 and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(kill_after)
        kill_embedded(home)
        at_kill = article_hits(server)
        samples = []
        end = time.monotonic() + seconds
        while time.monotonic() < end and crawl.process.poll() is None:
            time.sleep(1)
            samples.append(article_hits(server))
        at_back = article_hits(server)
        restart = newscrawl(home, "db", "start")
        code = crawl.wait()
        urls = stored_urls(uri)
        timeouts = sum(
            int(v)
            for k, v in crawl.stats.items()
            if k.startswith("downloader/exception_type_count/") and "Timeout" in k
        )
        # A second without a new page while pages remained to fetch.
        stalls = sum(
            1 for a, b in zip([at_kill, *samples], samples, strict=False) if b == a and b < count
        )
        return {
            "count": count,
            "outage_s": seconds,
            "pages_at_kill": at_kill,
            "pages_during_outage": at_back - at_kill,
            "seconds_without_a_page_during_outage": stalls,
            "download_timeouts": timeouts,
            "same_uri_after_restart": restart.stdout.strip() == uri,
            "exit": code,
            "finish_reason": crawl.stats.get("finish_reason"),
            **accounting(crawl.stats),
            "stored_documents": len(urls),
            "distinct_articles": len(set(urls)),
        }
    finally:
        newscrawl(home, "db", "stop")
        server.shutdown()
        server.server_close()


def stable_uri(work: Path) -> dict[str, Any]:
    """``newscrawl db stop && newscrawl db start`` keeps the URI."""
    home = work / "home-uri"
    first = newscrawl(home, "db", "start").stdout.strip()
    newscrawl(home, "db", "stop")
    second = newscrawl(home, "db", "start").stdout.strip()
    newscrawl(home, "db", "stop")
    return {"first": first, "after_restart": second, "same": first == second}


def main() -> int:
    """Run the scenarios and print their figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--kill-after", type=float, default=6.0)
    parser.add_argument("--outage", type=float, default=60.0)
    parser.add_argument(
        "--scenarios", default="uri,spool-full,outage", help="comma-separated, in order"
    )
    parser.add_argument(
        "--download-delay",
        default="0.04",
        help="DOWNLOAD_DELAY of the outage crawl, so that it outlasts the outage",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="newscrawl-faults-") as tmp:
        work = Path(tmp)
        for name in args.scenarios.split(","):
            started = time.monotonic()
            if name == "uri":
                result = stable_uri(work)
            elif name == "spool-full":
                result = spool_full(work, args.count, args.kill_after)
            elif name == "outage":
                result = outage(
                    work,
                    args.count,
                    args.kill_after,
                    args.outage,
                    DOWNLOAD_DELAY=args.download_delay,
                    CONCURRENT_REQUESTS_PER_DOMAIN="2",
                )
            else:
                parser.error(f"unknown scenario {name!r}")
            print(f"== {name} ({time.monotonic() - started:.0f}s)")
            for key, value in result.items():
                print(f"  {key:<40} {value}")
            sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
