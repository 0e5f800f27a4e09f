"""One site crawled by several processes through the shared Redis frontier, against one.

Starts Debian's ``redis-server`` (``apt-get install redis-server`` when missing and running as
root) on a free loopback port with nothing written to disk, and a fresh SecantusDB (the
embedded daemon's caps), then runs ``scrapy crawl orda_en`` with ``REDIS_URL`` set: once with
one process, once with ``--processes`` (2) started together, each run with its own
``NEWSCRAWL_RUN_ID`` (its own queue and duplicate filter). The processes' stats give the
articles each stored; the rate is all of them over the longest ``elapsed_time_seconds``::

    python -m bench.distributed --count 5000 [--processes 2]

(``BENCH_LOG_LEVEL=INFO`` gives the crawls INFO logs, kept only by a caller that keeps ``work``.)
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import redis

from bench import site
from bench.crawl import CONCURRENCY, ROOT, _env, cpu_seconds, database
from bench.server import serve
from newscrawl.store.embedded import free_port


@dataclass
class FrontierRun:
    """One run of ``processes`` crawlers sharing a frontier."""

    processes: int
    articles: int
    elapsed_s: float
    returncodes: list[int]
    cpu_s: float
    db_cpu_s: float | None
    shares: list[tuple[int, float]]

    @property
    def pages_per_s(self) -> float:
        """Articles stored by all processes per second of the longest crawl."""
        return self.articles / self.elapsed_s if self.elapsed_s else 0.0

    def summary(self) -> str:
        """One line."""
        codes = "" if set(self.returncodes) == {0} else f" (exit codes {self.returncodes})"
        db = f", database CPU {self.db_cpu_s:.0f}s" if self.db_cpu_s is not None else ""
        shares = ", ".join(f"{n:,} in {s:.1f}s" for n, s in self.shares)
        return (
            f"frontier, {self.processes} process(es){codes}: {self.articles:,} articles in "
            f"{self.elapsed_s:.1f}s = {self.pages_per_s:,.0f} pages/s; crawler CPU "
            f"{self.cpu_s:.0f}s{db}; per process {shares}"
        )


def redis_binary() -> str:
    """``redis-server``, installed from Debian's packages when missing and we are root."""
    found = shutil.which("redis-server")
    if found:
        return found
    if os.geteuid() != 0:
        raise SystemExit("redis-server is missing: apt-get install redis-server")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (
        ["apt-get", "update"],
        ["apt-get", "install", "-y", "--no-install-recommends", "redis-server"],
    ):
        subprocess.run(command, env=env, capture_output=True, check=True, timeout=900)
    return shutil.which("redis-server") or "redis-server"


@contextlib.contextmanager
def redis_server(work: Path) -> Iterator[str]:
    """A redis-server on a free loopback port, no persistence: its URL."""
    port = free_port()
    command = [redis_binary(), "--port", str(port), "--bind", "127.0.0.1"]
    command += ["--save", "", "--appendonly", "no"]
    with (work / "redis.log").open("wb") as log:
        process = subprocess.Popen(command, cwd=work, stdout=log, stderr=subprocess.STDOUT)
    url = f"redis://127.0.0.1:{port}/0"
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=1)
        deadline = time.monotonic() + 30
        while True:
            try:
                client.ping()
                break
            except redis.exceptions.ConnectionError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("redis-server did not start") from None
                time.sleep(0.1)
        client.close()
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


def frontier_crawl(router: str, work: Path, *, processes: int, redis_url: str) -> FrontierRun:
    """``processes`` crawls of the site behind ``router`` sharing one frontier."""
    name = f"frontier-{processes}"
    with database(work) as (uri, db_pid):
        started: list[tuple[subprocess.Popen[bytes], Path, Path]] = []
        for index in range(processes):
            stats_file = work / f"stats-{name}-{index}.json"
            log = work / f"crawl-{name}-{index}.log"
            home = work / f"home-{name}-{index}"
            home.mkdir(parents=True, exist_ok=True)
            settings = {
                "HOST_ROUTER_URL": router,
                "MONGO_URI": uri,
                "MONGO_DATABASE": "bench",
                "REDIS_URL": redis_url,
                "NEWSCRAWL_RUN_ID": f"bench-{name}",
                "LOG_LEVEL": os.environ.get("BENCH_LOG_LEVEL", "WARNING"),
                "CONCURRENT_REQUESTS": str(CONCURRENCY),
                "CONCURRENT_REQUESTS_PER_DOMAIN": str(CONCURRENCY),
                "NEWSCRAWL_STATS_FILE": str(stats_file),
            }
            command = [sys.executable, "-m", "scrapy", "crawl", "orda_en"]
            for key, value in settings.items():
                command += ["-s", f"{key}={value}"]
            with log.open("wb") as out:
                process = subprocess.Popen(
                    command, cwd=ROOT, env=_env(home), stdout=out, stderr=out
                )
            started.append((process, stats_file, log))
        codes, cpu, stats = [], 0.0, []
        for process, stats_file, log in started:
            _, status, usage = os.wait4(process.pid, 0)
            process.returncode = os.waitstatus_to_exitcode(status)
            codes.append(process.returncode)
            cpu += usage.ru_utime + usage.ru_stime
            data: dict[str, Any] = json.loads(stats_file.read_text()) if stats_file.exists() else {}
            if process.returncode != 0 or not data:
                tail = log.read_text(errors="replace").splitlines()[-10:]
                print(f"{name}: exit {process.returncode}:", *tail, sep="\n  ", flush=True)
            stats.append(data)
        db_cpu = cpu_seconds(db_pid)
    return FrontierRun(
        processes=processes,
        articles=sum(int(s.get("item_scraped_count") or 0) for s in stats),
        elapsed_s=max(float(s.get("elapsed_time_seconds") or 0) for s in stats),
        returncodes=codes,
        shares=[
            (int(s.get("item_scraped_count") or 0), float(s.get("elapsed_time_seconds") or 0))
            for s in stats
        ],
        cpu_s=cpu,
        db_cpu_s=db_cpu,
    )


def compare(router: str, work: Path, processes: int = 2) -> tuple[FrontierRun, FrontierRun]:
    """One process, then ``processes``, on the same site and the same Redis."""
    with redis_server(work) as url:
        one = frontier_crawl(router, work, processes=1, redis_url=url)
        print(one.summary(), flush=True)
        many = frontier_crawl(router, work, processes=processes, redis_url=url)
        print(many.summary(), flush=True)
    return one, many


def main() -> int:
    """Generate a site, serve it, crawl it with one and with several processes."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=5_000, help="articles on the site")
    parser.add_argument("--processes", type=int, default=2)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="newscrawl-bench-"))
    work.chmod(0o755)  # nginx's workers run as an unprivileged user
    try:
        root = site.build_site(work / f"site-{args.count}", args.count, work / "pool")
        with serve([root]) as served:
            one, many = compare(served.urls[0], work, args.processes)
        ratio = many.pages_per_s / one.pages_per_s if one.pages_per_s else 0.0
        print(f"frontier: {args.processes} processes / 1 = {ratio:.2f}x (goal >= 1.7x)")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
