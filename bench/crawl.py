"""Crawl throughput and memory: bare Scrapy (the ceiling) against the full newscrawl crawl.

Each crawl is its own process, measured from outside: wall time, CPU time and peak RSS from
``wait4``'s rusage, pages/s from the final stats (article pages over
``elapsed_time_seconds``). Modes:

- ``bare``: :mod:`bench.bare`, a ``SitemapSpider`` that fetches the article pages and does
  nothing else, with newscrawl's networking settings;
- ``full``: ``scrapy crawl orda_en`` in the project, storing into a fresh SecantusDB
  started for the run (reported apart: its own peak RSS), with every item pipeline timed
  (:mod:`bench.timed`), so the stats tell how long the write step took;
- ``nowrite``: the same crawl with every pipeline but ``MongoPipeline``.

All with ``CONCURRENT_REQUESTS=32``, ``CONCURRENT_REQUESTS_PER_DOMAIN=32``, robots.txt obeyed
and AutoThrottle off (as ``HOST_ROUTER_URL`` sets). Standalone, it generates the site and
serves it itself::

    python -m bench.crawl --count 20000 --modes bare,full,nowrite [--profile /tmp/crawl]
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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench import site
from bench.server import serve
from bench.timed import timed_pipelines
from newscrawl import settings as project_settings
from newscrawl.store.embedded import free_port, ping, server_flags

ROOT = Path(__file__).resolve().parents[1]
CONCURRENCY = 32
MONGO = "newscrawl.pipelines.mongo.MongoPipeline"


@dataclass
class CrawlRun:
    """One measured crawl."""

    mode: str
    articles: int
    pages: int
    returncode: int
    wall_s: float
    cpu_s: float
    max_rss_mb: float
    stats: dict[str, Any] = field(default_factory=dict)
    db_max_rss_mb: float | None = None
    db_cpu_s: float | None = None

    @property
    def elapsed_s(self) -> float:
        """The crawl's own elapsed time (Scrapy's stats), without interpreter start-up."""
        return float(self.stats.get("elapsed_time_seconds") or self.wall_s)

    @property
    def pages_per_s(self) -> float:
        """Article pages processed per second of crawl."""
        return self.pages / self.elapsed_s if self.elapsed_s else 0.0

    @property
    def cpu_ms_per_page(self) -> float:
        """CPU of the crawl process (user + system) per article page."""
        return self.cpu_s * 1000 / self.pages if self.pages else 0.0

    def pipeline_seconds(self, name: str, kind: str = "wall") -> float:
        """Seconds spent in one timed pipeline (``kind``: wall or cpu)."""
        return float(self.stats.get(f"bench/pipeline/{name}/{kind}_seconds") or 0.0)

    @property
    def storage_s(self) -> tuple[float, float]:
        """Seconds in ``MongoPipeline`` and in the translation linking at close."""
        return self.pipeline_seconds("MongoPipeline"), self.pipeline_seconds(
            "TranslationLinkPipeline"
        )

    @property
    def pages_per_s_without_storage(self) -> float:
        """The crawl's rate with the time its storage steps took taken out."""
        rest = self.elapsed_s - sum(self.storage_s)
        return self.pages / rest if rest > 0 else 0.0

    def summary(self) -> str:
        """One line."""
        db = ""
        if self.db_max_rss_mb and self.db_cpu_s is not None:
            db = (
                f"; database: peak RSS {self.db_max_rss_mb:.0f} MB, "
                f"CPU {self.db_cpu_s * 1000 / max(self.pages, 1):.2f} ms/page"
            )
        status = "" if self.returncode == 0 else f" (exit {self.returncode})"
        if self.mode == "nowrite" and self.stats.get("newscrawl/monitors/failed") == 1:
            status = " (exit 1: the 'articles stored' monitor, as expected without storage)"
        return (
            f"crawl {self.mode}{status}: {self.pages:,} pages in {self.elapsed_s:.1f}s = "
            f"{self.pages_per_s:,.0f} pages/s; CPU {self.cpu_ms_per_page:.2f} ms/page "
            f"({self.cpu_s / self.wall_s:.0%} of a core); peak RSS {self.max_rss_mb:.0f} MB{db}"
        )


def measured(command: list[str], env: dict[str, str], log: Path) -> tuple[int, float, Any]:
    """Run ``command``; its exit code, wall seconds and rusage (peak RSS, CPU)."""
    started = time.perf_counter()
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=out)
        try:
            _, status, usage = os.wait4(process.pid, 0)
        except BaseException:
            process.kill()
            process.wait()
            raise
        process.returncode = os.waitstatus_to_exitcode(status)
    return process.returncode, time.perf_counter() - started, usage


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds a running process has used so far."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def peak_rss_mb(pid: int) -> float | None:
    """A running process's peak RSS (``VmHWM``)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return None


@contextlib.contextmanager
def database(work: Path, *, capped: bool = True) -> Iterator[tuple[str, int]]:
    """A fresh SecantusDB on a free loopback port: (URI, pid). ``capped``: with newscrawl's
    memory caps (``server_flags()``), as the embedded default runs; else SecantusDB's own."""
    data = Path(tempfile.mkdtemp(prefix="db-", dir=work))
    port = free_port()
    log = (data / "secantus.log").open("wb")
    command = [sys.executable, "-m", "secantus", "--host", "127.0.0.1", "--port", str(port)]
    command += ["--storage-path", str(data / "data"), "--log-level", "WARNING"]
    if capped:
        command += server_flags()
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    uri = f"mongodb://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 60
        while not ping(uri, timeout_ms=500):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"SecantusDB did not start (see {data / 'secantus.log'})")
            time.sleep(0.2)
        yield uri, process.pid
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
        shutil.rmtree(data, ignore_errors=True)


def _env(home: Path) -> dict[str, str]:
    path = os.pathsep.join(filter(None, (os.environ.get("PYTHONPATH"), str(ROOT))))
    env = {**os.environ, "NEWSCRAWL_HOME": str(home), "PYTHONPATH": path}
    for name in ("MONGO_URI", "HOST_ROUTER_URL", "SCRAPY_SETTINGS_MODULE"):
        env.pop(name, None)
    return env


def crawl(
    mode: str, router: str, work: Path, *, label: str = "", profile: Path | None = None
) -> CrawlRun:
    """One crawl of the site behind ``router`` (``mode``: bare, full or nowrite).

    ``profile``: run the crawl process under a profiler and write its output there: py-spy's
    raw stacks (of whichever thread holds the GIL: where the Python CPU goes) when the path
    ends in ``.txt`` and py-spy is installed, else cProfile's stats (the main thread only; a
    C call waiting for the GIL is charged the wait). The CPU figures then include the
    profiler's cost."""
    name = f"{mode}{label}"
    home = work / f"home-{name}"
    home.mkdir(parents=True, exist_ok=True)
    stats_file = work / f"stats-{name}.json"
    log = work / f"crawl-{name}.log"
    python = [sys.executable]
    if profile is not None and profile.suffix == ".txt" and shutil.which("py-spy"):
        python = ["py-spy", "record", "-f", "raw", "-r", "250", "--gil", "-o", str(profile), "--"]
        python += [sys.executable]
    elif profile is not None:
        python += ["-m", "cProfile", "-o", str(profile)]
    if mode == "bare":
        command = [*python, "-m", "bench.bare", "--router", router]
        command += ["--stats", str(stats_file), "--concurrency", str(CONCURRENCY)]
        measure = measured(command, _env(home), log)
        return _result(mode, measure, stats_file=stats_file, log=log, key="bench/articles")
    if mode not in ("full", "nowrite"):
        raise ValueError(f"unknown mode {mode!r}")
    skip = (MONGO,) if mode == "nowrite" else ()
    pipelines = timed_pipelines(project_settings.ITEM_PIPELINES, skip)
    with database(work) as (uri, db_pid):
        settings = {
            "HOST_ROUTER_URL": router,
            "MONGO_URI": uri,
            "MONGO_DATABASE": "bench",
            "LOG_LEVEL": "WARNING",
            "CONCURRENT_REQUESTS": str(CONCURRENCY),
            "CONCURRENT_REQUESTS_PER_DOMAIN": str(CONCURRENCY),
            "NEWSCRAWL_STATS_FILE": str(stats_file),
            "ITEM_PIPELINES": json.dumps(pipelines),
        }
        command = [*python, "-m", "scrapy", "crawl", "orda_en"]
        for key, value in settings.items():
            command += ["-s", f"{key}={value}"]
        measure = measured(command, _env(home), log)
        run = _result(mode, measure, stats_file=stats_file, log=log, key="item_scraped_count")
        run.db_max_rss_mb = peak_rss_mb(db_pid)
        run.db_cpu_s = cpu_seconds(db_pid)
    return run


def _result(
    mode: str, measure: tuple[int, float, Any], *, stats_file: Path, log: Path, key: str
) -> CrawlRun:
    returncode, wall, usage = measure
    stats: dict[str, Any] = json.loads(stats_file.read_text()) if stats_file.exists() else {}
    # Without storage the "articles stored" monitor fails the crawl (exit 1), as it should.
    expected = mode == "nowrite" and stats.get("newscrawl/monitors/failed") == 1
    if (returncode != 0 and not expected) or not stats:
        tail = log.read_text(errors="replace").splitlines()[-15:]
        print(f"crawl {mode}: exit {returncode}; last log lines:", *tail, sep="\n  ", flush=True)
    pages = int(stats.get(key) or 0)
    return CrawlRun(
        mode=mode,
        articles=pages,
        pages=pages,
        returncode=returncode,
        wall_s=wall,
        cpu_s=usage.ru_utime + usage.ru_stime,
        max_rss_mb=usage.ru_maxrss / 1024,
        stats=stats,
    )


def storage_apart(full: CrawlRun) -> str:
    """The full crawl's rate with the time its storage steps took taken out."""
    mongo, linking = full.storage_s
    return (
        f"crawl full, storage measured apart: MongoPipeline {mongo:.1f}s "
        f"({mongo * 1000 / max(full.pages, 1):.2f} ms/page), translation linking at close "
        f"{linking:.1f}s; without them {full.elapsed_s - mongo - linking:.1f}s = "
        f"{full.pages_per_s_without_storage:,.0f} pages/s"
    )


def _profile_path(base: Path | None, mode: str) -> Path | None:
    if base is None:
        return None
    suffix = ".txt" if base.suffix == ".txt" else ".prof"
    return base.with_name(
        f"{base.stem if suffix == '.txt' else base.name}-{mode}{suffix}"
    ).resolve()


def main() -> int:
    """Generate a site, serve it, run the crawls asked for and print their figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=20_000, help="articles on the site")
    parser.add_argument("--modes", default="bare,full,nowrite")
    parser.add_argument("--work", type=Path, help="work directory (default: a temporary one)")
    parser.add_argument(
        "--profile",
        type=Path,
        help="run each crawl under a profiler: PROFILE.txt gives <PROFILE>-<mode>.txt, "
        "py-spy's raw stacks of the thread holding the GIL; any other name "
        "<PROFILE>-<mode>.prof, cProfile's stats (python -m pstats). CPU figures then "
        "include the profiler's own cost",
    )
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="newscrawl-bench-"))
    work.chmod(0o755)  # nginx's workers run as an unprivileged user
    try:
        root = site.build_site(work / f"site-{args.count}", args.count, work / "pool")
        with serve([root]) as served:
            runs = {
                m: crawl(m, served.urls[0], work, profile=_profile_path(args.profile, m))
                for m in args.modes.split(",")
            }
        for run in runs.values():
            print(run.summary())
        if "full" in runs:
            print(storage_apart(runs["full"]))
        if "bare" in runs and "full" in runs:
            ratio = runs["full"].pages_per_s / runs["bare"].pages_per_s
            print(f"crawl: full / bare = {ratio:.2f} (goal >= 0.45)")
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
