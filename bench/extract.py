"""Per-page CPU time of newscrawl's extraction + normalization against trafilatura's.

The pages are the real fixture article pages of every site (``fixtures/expected/<site>/``
names them and their URLs), repeated to about ``--pages`` pages. newscrawl's side is what a
crawl does to a page before storing it, without Scrapy (as ``tests/test_extraction.py``
does): the edition's page class (``not_article_reason`` + ``to_item``, with the listing hints
the fixture site's sitemaps and feeds give), then ``DatesPipeline``, ``LanguagePipeline``,
``AttributionPipeline`` and ``ContentHashPipeline``. trafilatura's side is
``trafilatura.extract(html, url=url)`` (text only) and
``trafilatura.bare_extraction(html, url=url, with_metadata=True)`` (text and metadata, the
closer match to what newscrawl extracts) on the same pages.

It also measures the floor no extractor of these fields avoids: lxml's parse of the page
(through parsel, as the page classes do) plus lingua on the sample ``LanguagePipeline``
identifies — library code, for which the project can only choose how much text it hands over.

CPU time is ``time.process_time``. The site page classes (orda, tengrinews editions) are
what the goal is about; the generic page class (kursiv.media, astanatimes.com) calls
trafilatura itself and is reported apart. ``--profile`` runs newscrawl's side under cProfile
and prints the top functions::

    python -m bench.extract [--pages 2000] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import trafilatura
from parsel import Selector

from newscrawl.discovery.feeds import FeedError, parse_feed
from newscrawl.discovery.sitemaps import SitemapError, parse_sitemap
from newscrawl.extraction.page import PageInput
from newscrawl.items import Article, ListingHint
from newscrawl.normalize import language
from newscrawl.normalize.outlets import load_registry
from newscrawl.pipelines.attribution import AttributionPipeline
from newscrawl.pipelines.content import ContentHashPipeline
from newscrawl.pipelines.dates import DatesPipeline
from newscrawl.pipelines.language import LanguagePipeline, identified_text
from newscrawl.sites import orda, tengrinews
from newscrawl.sites.edition import Edition
from newscrawl.spiders.generic import _edition as generic_edition

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
GENERIC_SITES = ("kursiv.media", "astanatimes.com")
FETCHED_AT = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
#: The stages of newscrawl's side, in order, for the per-stage split.
STAGES = ("parse+extract", "dates", "language", "attribution", "content_hash")


@dataclass(frozen=True)
class Page:
    """One fixture article page and what a crawl would know about it."""

    site: str
    url: str
    html: str
    edition: Edition
    hints: tuple[ListingHint, ...]

    @property
    def generic(self) -> bool:
        """Whether the generic page class (which runs trafilatura itself) reads it."""
        return self.site in GENERIC_SITES


def editions() -> dict[str, Edition]:
    """Every fixture site's edition, as the spiders route pages."""
    found = {e.profile.site: e for e in (*orda.EDITIONS, *tengrinews.EDITIONS)}
    found.update({site: generic_edition(site, None) for site in GENERIC_SITES})
    return found


def listing_hints(site: str, edition: Edition) -> dict[str, list[ListingHint]]:
    """What the fixture site's sitemaps and feeds say about each canonical URL."""
    hints: dict[str, list[ListingHint]] = {}
    for path in sorted((FIXTURES / "sites" / site).rglob("*")):
        if path.suffix not in (".xml", ".rss") or not path.is_file():
            continue
        body = path.read_bytes()
        try:
            for entry in parse_sitemap(body).entries:
                url = edition.profile.canonical(entry.loc)
                hints.setdefault(url, []).append(ListingHint("sitemap", entry.loc, entry.lastmod))
            continue
        except SitemapError:
            pass
        try:
            for item in parse_feed(body):
                url = edition.profile.canonical(item.url)
                hint = ListingHint("feed", item.url, item.published_raw, item.title)
                hints.setdefault(url, []).append(hint)
        except FeedError:
            continue
    return hints


def fixture_pages() -> list[Page]:
    """The article pages of every fixture site that has expected outputs."""
    pages = []
    known = editions()
    for folder in sorted((FIXTURES / "expected").iterdir()):
        if not folder.is_dir() or folder.name not in known:
            continue
        edition = known[folder.name]
        hints = listing_hints(folder.name, edition)
        for case_file in sorted(folder.glob("*.json")):
            if case_file.name.startswith("_"):
                continue
            case = json.loads(case_file.read_text(encoding="utf-8"))
            raw = (FIXTURES / "sites" / folder.name / case["page"]).read_bytes()
            html = raw.decode("cp1251" if b"windows-1251" in raw[:2000] else "utf-8")
            url = case["url"]
            pages.append(Page(folder.name, url, html, edition, tuple(hints.get(url, []))))
    return pages


class Newscrawl:
    """newscrawl's side, timing each stage (CPU nanoseconds summed per stage)."""

    def __init__(self) -> None:
        self.dates = DatesPipeline()
        self.language = LanguagePipeline()
        self.attribution = AttributionPipeline()
        self.content = ContentHashPipeline()
        self.stage_ns: dict[str, int] = defaultdict(int)

    def __call__(self, page: Page) -> Article:
        """Extract and normalize one page as a crawl does."""
        clock = time.process_time_ns
        t0 = clock()
        extracted = page.edition.page_class(PageInput(url=page.url, text=page.html), page.hints)
        if extracted.not_article_reason() is not None:
            raise RuntimeError(f"{page.url} is not an article")
        item = extracted.to_item(spider="bench", fetched_at=FETCHED_AT)
        t1 = clock()
        item = self.dates.process_item(item)
        t2 = clock()
        item = self.language.process_item(item)
        t3 = clock()
        item = self.attribution.process_item(item)
        t4 = clock()
        item = self.content.process_item(item)
        t5 = clock()
        for stage, spent in zip(STAGES, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4), strict=True):
            self.stage_ns[stage] += spent
        return item


def trafilatura_extract(page: Page) -> Any:
    """``trafilatura.extract``: main text only."""
    return trafilatura.extract(page.html, url=page.url)


def trafilatura_bare(page: Page) -> Any:
    """``trafilatura.bare_extraction`` with metadata: text, title, author, date, …"""
    return trafilatura.bare_extraction(page.html, url=page.url, with_metadata=True)


def cpu_ms_per_page(function: Callable[[Page], Any], pages: list[Page]) -> float:
    """Mean CPU milliseconds per page of ``function`` over ``pages`` (after one warm-up)."""
    for page in pages[:20]:
        function(page)
    started = time.process_time()
    for page in pages:
        function(page)
    return (time.process_time() - started) * 1000 / len(pages)


@dataclass(frozen=True)
class ExtractResult:
    """ms/page of each side on the site page classes (and the generic ones apart)."""

    pages: int
    newscrawl_ms: float
    newscrawl_stages_ms: dict[str, float]
    trafilatura_ms: float
    trafilatura_bare_ms: float
    generic_newscrawl_ms: float
    generic_trafilatura_ms: float
    parse_ms: float
    language_id_ms: float
    #: Building the outlet registry (once per process: every pipeline shares it).
    registry_build_ms: float = 0.0

    @property
    def ratio(self) -> float:
        """How many times faster newscrawl is than ``trafilatura.extract``."""
        return self.trafilatura_ms / self.newscrawl_ms

    @property
    def ratio_bare(self) -> float:
        """How many times faster newscrawl is than ``bare_extraction`` with metadata."""
        return self.trafilatura_bare_ms / self.newscrawl_ms


def measure(target_pages: int = 2000) -> ExtractResult:
    """Time both sides on the fixture pages repeated to about ``target_pages``."""
    started = time.process_time()
    load_registry()
    registry_build_ms = (time.process_time() - started) * 1000
    every = fixture_pages()
    site_pages = [p for p in every if not p.generic]
    generic_pages = [p for p in every if p.generic]
    repeats = max(1, round(target_pages / len(every)))
    sites = site_pages * repeats
    generic = generic_pages * repeats
    newscrawl = Newscrawl()
    samples = {
        page.url: language.language_sample(identified_text(item))
        for page, item in ((p, newscrawl(p)) for p in site_pages)
    }
    newscrawl.stage_ns.clear()
    newscrawl_ms = cpu_ms_per_page(newscrawl, sites) if sites else 0.0
    # The stage sums include cpu_ms_per_page's warm-up: only their proportions are used.
    stage_total = sum(newscrawl.stage_ns.values()) or 1
    stages = {
        stage: newscrawl_ms * spent / stage_total for stage, spent in newscrawl.stage_ns.items()
    }
    return ExtractResult(
        pages=len(sites) + len(generic),
        newscrawl_ms=newscrawl_ms,
        newscrawl_stages_ms=stages,
        trafilatura_ms=cpu_ms_per_page(trafilatura_extract, sites),
        trafilatura_bare_ms=cpu_ms_per_page(trafilatura_bare, sites),
        generic_newscrawl_ms=cpu_ms_per_page(Newscrawl(), generic) if generic else 0.0,
        generic_trafilatura_ms=cpu_ms_per_page(trafilatura_extract, generic) if generic else 0.0,
        parse_ms=cpu_ms_per_page(lambda page: Selector(text=page.html), sites),
        language_id_ms=cpu_ms_per_page(
            lambda page: language.detect_language(samples[page.url]), sites
        ),
        registry_build_ms=registry_build_ms,
    )


def report(result: ExtractResult) -> list[str]:
    """The figures as printed lines."""
    stages = ", ".join(f"{k} {v:.2f}" for k, v in result.newscrawl_stages_ms.items())
    return [
        f"extract: {result.pages:,} fixture pages (site page classes; generic apart), CPU ms/page",
        f"extract: newscrawl page class + normalizers {result.newscrawl_ms:.2f} ms ({stages})",
        f"extract: attribution {result.newscrawl_stages_ms.get('attribution', 0.0):.2f} ms/article "
        f"(goal <= 0.6); outlet registry built once per process in "
        f"{result.registry_build_ms:.0f} ms",
        f"extract: trafilatura.extract {result.trafilatura_ms:.2f} ms -> newscrawl is "
        f"{result.ratio:.1f}x faster (goal >= 4x)",
        f"extract: trafilatura.bare_extraction+metadata {result.trafilatura_bare_ms:.2f} ms -> "
        f"newscrawl is {result.ratio_bare:.1f}x faster",
        f"extract: generic page class (uses trafilatura) {result.generic_newscrawl_ms:.2f} ms vs "
        f"trafilatura.extract {result.generic_trafilatura_ms:.2f} ms on kursiv.media/astanatimes",
        f"extract: library floor {result.parse_ms + result.language_id_ms:.2f} ms/page: lxml "
        f"parse {result.parse_ms:.2f} + language identification of the "
        f"{language.SAMPLE_CHARS}-character sample (letters, lingua where they leave doubt) "
        f"{result.language_id_ms:.2f}; 4x trafilatura.extract leaves "
        f"{result.trafilatura_ms / 4:.2f} ms for everything",
    ]


def profile(target_pages: int, top: int = 10) -> str:
    """cProfile of newscrawl's side: the top functions by cumulative and by own time."""
    pages = [p for p in fixture_pages() if not p.generic]
    pages *= max(1, round(target_pages / len(pages)))
    newscrawl = Newscrawl()
    for page in pages[:20]:
        newscrawl(page)
    profiler = cProfile.Profile()
    profiler.enable()
    for page in pages:
        newscrawl(page)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    # The bench's own frames and functools' cached_property wrapper say nothing.
    stats.sort_stats("cumulative").print_stats(r"^(?!.*(bench/extract|functools)).*", top)
    stats.sort_stats("tottime").print_stats(top)
    return out.getvalue()


def main() -> int:
    """Print the figures (or the profile with ``--profile``)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=2000, help="pages per side (about)")
    parser.add_argument("--profile", action="store_true", help="cProfile newscrawl's side")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    if args.profile:
        print(profile(args.pages))
        return 0
    result = measure(args.pages)
    for line in report(result):
        print(line)
    if args.json:
        data = {**result.__dict__, "ratio": result.ratio, "ratio_bare": result.ratio_bare}
        args.json.write_text(json.dumps(data, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
