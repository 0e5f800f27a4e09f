"""``make bench``: every benchmark in one run, then one block of figures with their goals.

In order (each part prints its own lines as it finishes):

1. the machine (CPU model, cores, RAM, Python);
2. the site: ``--large`` (default 50,000) en.orda.kz article pages generated from the fixture
   templates (:mod:`bench.site`), plus a ``--small`` (5,000) site sharing the same pages;
3. the static server (nginx; :mod:`bench.server`) and what it sustains alone;
4. extraction CPU per page, newscrawl against trafilatura (:mod:`bench.extract`), while the
   embedded SecantusDB is filled to ``--memory-articles`` (200,000) stored articles with
   newscrawl's caps beside it (:mod:`bench.embedded_memory`: its peak memory; the fill is
   bound by the server's own work on one core, extraction is timed in its own process's
   CPU time, so they share the wall time);
5. batched against per-item writes (``bench/writes.py``), alternating rounds;
6. crawls (:mod:`bench.crawl`): the full newscrawl crawl on the small site; bare Scrapy and
   the full crawl on the large site. Pages/s and their ratio come from the large site, peak
   RSS growth from small to large (and the embedded daemon's peak during the large crawl);
7. the small site crawled by one and by two processes sharing the Redis frontier
   (:mod:`bench.distributed`);
8. with ``--memory-uncapped``, a second fill with SecantusDB's own defaults.

Nothing is asserted: goals are printed next to the figures. Everything listens on loopback
only and is stopped at the end (also on Ctrl-C or SIGTERM)::

    python -m bench.run [--small 5000] [--large 50000] [--work DIR] [--memory-articles 200000]
                        [--memory-uncapped]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from bench import embedded_memory, site
from bench.crawl import CrawlRun, crawl, storage_apart
from bench.distributed import FrontierRun
from bench.distributed import compare as frontier_compare
from bench.server import LoadResult, load_test, serve

ROOT = Path(__file__).resolve().parents[1]
#: The goals of issue #15, printed beside each figure.
GOAL_CRAWL_RATIO = 0.45
GOAL_EXTRACT_RATIO = 4.0
GOAL_WRITER_SHARE = 0.95
GOAL_FRONTIER_SPEEDUP = 1.7
GOAL_EMBEDDED_MB = 1024
GOAL_RSS_GROWTH = 1.2
GOAL_WALL_S = 900
#: Issue #12: attribution time per article on the fixture pages.
GOAL_ATTRIBUTION_MS = 0.6
#: Bytes per generated page on disk (55 KB pages, directory and link overhead included).
PAGE_BYTES = 64_000


def machine() -> str:
    """CPU model, cores, RAM, Python version, and how busy the machine was already."""
    model = "unknown CPU"
    with Path("/proc/cpuinfo").open() as cpuinfo:
        for line in cpuinfo:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    memory = "?"
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    load = os.getloadavg()[0]
    return (
        f"{model}, {os.cpu_count()} cores (nproc {len(os.sched_getaffinity(0))}), "
        f"{memory} RAM, Python {platform.python_version()}, {platform.system()} "
        f"{platform.release()}, load average {load:.2f} at start"
    )


def work_dir(pages: int) -> Path:
    """/dev/shm when it has room (page files are written 3x faster there), else $TMPDIR."""
    shm = Path("/dev/shm")
    needed = pages * PAGE_BYTES * 1.5
    if shm.is_dir() and os.access(shm, os.W_OK) and shutil.disk_usage(shm).free > needed:
        work = Path(tempfile.mkdtemp(prefix="newscrawl-bench-", dir=shm))
    else:
        work = Path(tempfile.mkdtemp(prefix="newscrawl-bench-"))
    work.chmod(0o755)  # nginx's workers run as an unprivileged user
    return work


def say(line: str) -> None:
    """Print a progress or figure line at once."""
    print(line, flush=True)


def run_extract(work: Path, pages: int) -> dict[str, Any]:
    """:mod:`bench.extract` in its own process; its figures."""
    out = work / "extract.json"
    command = [sys.executable, "-m", "bench.extract", "--pages", str(pages), "--json", str(out)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    for line in done.stdout.splitlines():
        say(line)
    if done.returncode != 0:
        say(f"extract: failed ({done.returncode}): {done.stderr.strip().splitlines()[-1:]}")
        return {}
    result: dict[str, Any] = json.loads(out.read_text())
    return result


def run_writes() -> tuple[float | None, float | None, float | None]:
    """``bench/writes.py``: batched/per-item, the server's insert_many/insert_one, and the
    batched writer's share of the server's own ``insert_many`` rate."""
    command = [sys.executable, str(ROOT / "bench" / "writes.py")]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    lines = done.stdout.strip().splitlines()
    for line in lines:
        say(line)
    if done.returncode != 0:
        say(f"writes: failed ({done.returncode}): {done.stderr.strip().splitlines()[-1:]}")
    found = re.search(r"ratio ([\d.]+)x", done.stdout)
    bound = re.search(r"insert_many / insert_one = ([\d.]+)x", done.stdout)
    share = re.search(r"the batched writer reaches (\d+)%", done.stdout)
    return (
        float(found.group(1)) if found else None,
        float(bound.group(1)) if bound else None,
        int(share.group(1)) / 100 if share else None,
    )


def verdict(met: bool) -> str:
    """The goal column."""
    return "met" if met else "NOT met"


def summary(
    *,
    machine_line: str,
    served_kind: str,
    load: LoadResult,
    extract: dict[str, Any],
    writes_ratio: float | None,
    writes_bound: float | None,
    writes_share: float | None,
    runs: dict[str, CrawlRun],
    frontier: tuple[FrontierRun, FrontierRun],
    memory: dict[str, list[tuple[int, float]]],
    small: int,
    large: int,
    seconds: float,
) -> list[str]:
    """The final block: every figure and ratio with its goal."""
    bare, full = runs["bare"], runs["full"]
    full_small = runs["full-small"]
    ratio = full.pages_per_s / bare.pages_per_s if bare.pages_per_s else 0.0
    growth = full.max_rss_mb / full_small.max_rss_mb if full_small.max_rss_mb else 0.0
    mongo, linking = full.storage_s
    without = full.pages_per_s_without_storage
    lines = [
        "=" * 100,
        f"newscrawl benchmark — {machine_line}",
        "-" * 100,
        f"static server  {served_kind} alone: {load.requests_per_s:,.0f} pages/s "
        f"({load.megabytes_per_s:,.0f} MB/s, {load.client}) = "
        f"{load.requests_per_s / max(bare.pages_per_s, 1):.0f}x the fastest crawl below",
        f"crawl {large:,}  bare Scrapy (ceiling): {bare.pages_per_s:,.0f} pages/s, "
        f"CPU {bare.cpu_ms_per_page:.2f} ms/page",
        f"crawl {large:,}  newscrawl full (orda_en -> SecantusDB): {full.pages_per_s:,.0f} "
        f"pages/s, CPU {full.cpu_ms_per_page:.2f} ms/page "
        f"({full.cpu_s / full.wall_s:.0%} of a core busy)",
        f"  ratio full / bare = {ratio:.2f}   goal >= {GOAL_CRAWL_RATIO}: "
        f"{verdict(ratio >= GOAL_CRAWL_RATIO)}",
    ]
    if extract:
        floor = extract["parse_ms"] + extract["language_id_ms"]
        bound = bare.cpu_ms_per_page / (bare.cpu_ms_per_page + floor)
        lines.append(
            f"  on one reactor thread a crawl that parses and identifies the language costs at "
            f"least bare {bare.cpu_ms_per_page:.2f} + library floor {floor:.2f} ms CPU/page: "
            f"ratio <= {bound:.2f} with no project code at all"
        )
    lines += [
        f"  storage apart: MongoPipeline {mongo:.0f}s + translation linking {linking:.0f}s of "
        f"{full.elapsed_s:.0f}s; without them {without:,.0f} pages/s "
        f"(ratio {without / max(bare.pages_per_s, 1):.2f})",
    ]
    if extract:
        met = extract["ratio"] >= GOAL_EXTRACT_RATIO
        lines += [
            f"extraction     newscrawl page class + normalizers {extract['newscrawl_ms']:.2f} "
            f"ms/page; trafilatura.extract {extract['trafilatura_ms']:.2f} ms/page "
            f"(bare_extraction+metadata {extract['trafilatura_bare_ms']:.2f})",
            f"  ratio trafilatura / newscrawl = {extract['ratio']:.1f}x   "
            f"goal >= {GOAL_EXTRACT_RATIO:.0f}x: {verdict(met)}",
            f"  library floor (lxml parse + language identification of the sample) "
            f"{extract['parse_ms'] + extract['language_id_ms']:.2f} ms/page against the "
            f"{extract['trafilatura_ms'] / GOAL_EXTRACT_RATIO:.2f} ms that "
            f"{GOAL_EXTRACT_RATIO:.0f}x allows for everything",
        ]
        attribution = extract.get("newscrawl_stages_ms", {}).get("attribution")
        if attribution is not None:
            lines.append(
                f"attribution    {attribution:.2f} ms/article on the fixture pages   "
                f"goal <= {GOAL_ATTRIBUTION_MS}: {verdict(attribution <= GOAL_ATTRIBUTION_MS)}"
            )
    if writes_share is not None:
        lines.append(
            f"writes         batched writer / the server's own insert_many = "
            f"{writes_share:.0%}   goal >= {GOAL_WRITER_SHARE:.0%}: "
            f"{verdict(writes_share >= GOAL_WRITER_SHARE)}"
        )
    if writes_ratio is not None:
        lines.append(
            f"  batched / per-item = {writes_ratio:.1f}x"
            + (
                f" (the server's own insert_many / insert_one: {writes_bound:.1f}x)"
                if writes_bound
                else ""
            )
        )
    one, many = frontier
    speedup = many.pages_per_s / one.pages_per_s if one.pages_per_s else 0.0
    cpu_per_page = (many.cpu_s + (many.db_cpu_s or 0.0)) / max(many.articles, 1)
    cores = len(os.sched_getaffinity(0))
    bound = cores / cpu_per_page / one.pages_per_s if one.pages_per_s else 0.0
    lines += [
        f"frontier       {small:,} pages, 1 process {one.pages_per_s:,.0f} pages/s, "
        f"{many.processes} processes {many.pages_per_s:,.0f} pages/s",
        f"  speedup = {speedup:.2f}x   goal >= {GOAL_FRONTIER_SPEEDUP}x: "
        f"{verdict(speedup >= GOAL_FRONTIER_SPEEDUP)}",
        f"  crawlers + database use {cpu_per_page * 1000:.2f} ms CPU per page: {cores} cores "
        f"allow at most {cores / cpu_per_page:,.0f} pages/s = {bound:.2f}x one process",
    ]
    for name, figures in memory.items():
        stored, peak = figures[-1]
        line = (
            f"embedded db    {name}: peak RSS {peak:,.0f} MB at {stored:,} articles "
            f"(" + ", ".join(f"{n // 1000}k {mb:,.0f}" for n, mb in figures) + " MB)"
        )
        if name == "capped":
            line += f"   goal <= {GOAL_EMBEDDED_MB:,} MB: {verdict(peak <= GOAL_EMBEDDED_MB)}"
        lines.append(line)
    lines += [
        f"memory         crawl peak RSS {small:,} pages {full_small.max_rss_mb:.0f} MB, "
        f"{large:,} pages {full.max_rss_mb:.0f} MB",
        f"  growth = {growth:.2f}x   goal <= {GOAL_RSS_GROWTH}x: "
        f"{verdict(growth <= GOAL_RSS_GROWTH)}",
        f"  (database apart: SecantusDB peak RSS {full_small.db_max_rss_mb or 0:.0f} MB / "
        f"{full.db_max_rss_mb or 0:.0f} MB)",
        f"embedded db    during the {large:,}-page crawl (capped daemon, the crawl's own write "
        f"path and linking): peak RSS {full.db_max_rss_mb or 0:,.0f} MB   goal <= "
        f"{GOAL_EMBEDDED_MB:,} MB: {verdict((full.db_max_rss_mb or 0) <= GOAL_EMBEDDED_MB)}",
        f"wall time      {seconds / 60:.1f} min   goal <= {GOAL_WALL_S // 60} min: "
        f"{verdict(seconds <= GOAL_WALL_S)}",
        "=" * 100,
    ]
    return lines


def main() -> int:
    """Run every part and print the summary."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", type=int, default=5_000, help="articles, small site")
    parser.add_argument("--large", type=int, default=50_000, help="articles, large site")
    parser.add_argument("--extract-pages", type=int, default=2000)
    parser.add_argument("--work", type=Path, help="work directory (kept); default temporary")
    parser.add_argument(
        "--memory-articles", type=int, default=200_000, help="articles stored, embedded memory"
    )
    parser.add_argument(
        "--memory-uncapped",
        action="store_true",
        help="also fill a daemon with SecantusDB's own defaults (as long again)",
    )
    args = parser.parse_args()
    # SIGTERM unwinds like Ctrl-C, so the server and databases are stopped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started = time.perf_counter()
    work = args.work or work_dir(args.large)
    work.mkdir(parents=True, exist_ok=True)
    try:
        machine_line = machine()
        say(f"machine: {machine_line}")
        say(f"work directory: {work}")
        t0 = time.perf_counter()
        templates = site.load_templates()
        pool = work / "pool"
        roots = {
            n: site.build_site(work / f"site-{n}", n, pool, templates)
            for n in sorted({args.small, args.large})
        }
        say(
            f"site: {args.large:,} article pages from {len(templates)} en.orda.kz templates, "
            f"news sitemaps of {site.SITEMAP_URLS} URLs, feed, robots.txt "
            f"({time.perf_counter() - t0:.0f}s)"
        )
        with serve([roots[args.small], roots[args.large]]) as served:
            small_url, large_url = served.urls
            paths = site.article_paths(min(args.large, 5000), templates)
            load = load_test(large_url, paths)
            say(
                f"server: {served.kind} alone serves {load.requests_per_s:,.0f} pages/s "
                f"({load.megabytes_per_s:,.0f} MB/s) to {load.client}, 32 connections"
            )
            # The 200,000-article fill measures memory only and is bound by SecantusDB's own
            # work per document on one core; extraction is measured in the CPU time of its
            # own process: the two share their wall time instead of adding it up.
            with ThreadPoolExecutor(max_workers=1) as background:
                filling = background.submit(
                    embedded_memory.fill, args.memory_articles, capped=True, batch=1000, say=say
                )
                extract = run_extract(work, args.extract_pages)
                memory = {"capped": filling.result()}
            writes_ratio, writes_bound, writes_share = run_writes()
            runs: dict[str, CrawlRun] = {}
            for name, mode, url, label in (
                ("full-small", "full", small_url, f"-{args.small}"),
                ("bare", "bare", large_url, f"-{args.large}"),
                ("full", "full", large_url, f"-{args.large}"),
            ):
                runs[name] = crawl(mode, url, work, label=label)
                say(f"{runs[name].summary()} [{name}]")
            say(storage_apart(runs["full"]))
            frontier = frontier_compare(small_url, work)
        if args.memory_uncapped:
            memory["SecantusDB defaults"] = embedded_memory.fill(
                args.memory_articles, capped=False, batch=1000, say=say
            )
        for line in summary(
            machine_line=machine_line,
            served_kind=served.kind,
            load=load,
            extract=extract,
            writes_ratio=writes_ratio,
            writes_bound=writes_bound,
            writes_share=writes_share,
            runs=runs,
            frontier=frontier,
            memory=memory,
            small=args.small,
            large=args.large,
            seconds=time.perf_counter() - started,
        ):
            say(line)
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
