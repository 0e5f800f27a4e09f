"""Scrapy settings for newscrawl.

Only project-wide defaults live here; per-site knowledge lives in ``newscrawl.sites``. The
MongoDB target can be set in the environment (``MONGO_URI``, ``MONGO_DATABASE``), which
overrides these defaults; ``-s NAME=value`` overrides both.
"""

from __future__ import annotations

import os

BOT_NAME = "newscrawl"
SPIDER_MODULES = ["newscrawl.spiders"]
NEWSPIDER_MODULE = "newscrawl.spiders"
COMMANDS_MODULE = "newscrawl.commands"

# --- Storage ---------------------------------------------------------------------------
# Empty MONGO_URI: the embedded SecantusDB daemon under $NEWSCRAWL_HOME (default ./var).
MONGO_URI = os.environ.get("MONGO_URI", "")
MONGO_DATABASE = os.environ.get("MONGO_DATABASE", "newscrawl")
MONGO_BATCH_SIZE = 100
MONGO_FLUSH_INTERVAL = 2.0
MONGO_CONNECT_TIMEOUT = 5.0
# Transient write errors are retried MONGO_WRITE_RETRIES times, waiting MONGO_RETRY_BACKOFF
# seconds, doubled each time (0.5 + 1 + 2 + 4 + 8 s); then the batch goes to the spool.
MONGO_WRITE_RETRIES = 5
MONGO_RETRY_BACKOFF = 0.5
# Writes are acknowledged only once journaled: a server crash cannot lose them.
MONGO_JOURNAL = True
# After a batch failed through all retries, the next batches go straight to the spool for
# this many seconds before the database is tried again.
MONGO_OUTAGE_PROBE_INTERVAL = 30.0
# Where batches wait while the database is unreachable (default $NEWSCRAWL_HOME/spool).
SPOOL_DIR = os.environ.get("NEWSCRAWL_SPOOL_DIR", "")
# Items waiting for the storage thread; when full, the engine waits (backpressure).
MONGO_QUEUE_ITEMS = 1000
# Neither the database nor the spool takes items: the crawl stops (storage_failed), retries
# what it holds for this many seconds, then reports the rest as lost and exits 1.
STORAGE_GIVE_UP_AFTER = 60.0

ITEM_PIPELINES = {
    "newscrawl.pipelines.dates.DatesPipeline": 100,
    "newscrawl.pipelines.language.LanguagePipeline": 200,
    "newscrawl.pipelines.attribution.AttributionPipeline": 300,
    "newscrawl.pipelines.content.ContentHashPipeline": 400,
    "newscrawl.pipelines.validate.ValidationPipeline": 800,
    "newscrawl.pipelines.translation.TranslationLinkPipeline": 850,
    "newscrawl.pipelines.mongo.MongoPipeline": 900,
}

# --- Hostile responses (newscrawl.middlewares) ------------------------------------------
# A wrong declared charset is re-decoded; redirect loops and oversized pages get a reason.
DOWNLOADER_MIDDLEWARES = {
    "newscrawl.middlewares.limits.FetchLimitsMiddleware": 650,
    # below HttpCompressionMiddleware (590): it sees the decompressed body
    "newscrawl.middlewares.charset.CharsetFallbackMiddleware": 580,
}
# Pages above 16 MB are not downloaded (Scrapy's default is 1 GB): an article page is far
# smaller, and no stored document may exceed MongoDB's 16 MB limit.
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024
# Longer bodies (UTF-8 bytes) are cut at a paragraph boundary and stored with truncated: true.
MAX_BODY_BYTES = 4 * 1024 * 1024

# --- Politeness ----------------------------------------------------------------------
# newscrawl.addons.PolitenessAddon sets robots.txt obedience, AutoThrottle, per-domain
# concurrency and a User-Agent with this contact URL; override any of them here or with -s.
NEWSCRAWL_CONTACT_URL = os.environ.get(
    "NEWSCRAWL_CONTACT_URL", "https://github.com/newscrawl/newscrawl"
)
CONCURRENT_REQUESTS = 16
# Extra outlet registry files (TOML, the format of newscrawl/data/outlets.toml) merged over the
# packaged registry for attribution: paths separated by os.pathsep in the environment.
OUTLET_REGISTRY_FILES = [
    p for p in os.environ.get("NEWSCRAWL_OUTLET_REGISTRY_FILES", "").split(os.pathsep) if p
]

# --- Local fixture sites (tests, demo, benchmarks) -----------------------------------
# HOST_ROUTER_URL=http://127.0.0.1:PORT fetches every site from a local fixture server.
HOST_ROUTER_URL = os.environ.get("HOST_ROUTER_URL", "")
ADDONS = {
    "newscrawl.addons.PolitenessAddon": 0,
    "newscrawl.routing.HostRouterAddon": 10,
    # REDIS_URL set: the scrapy-redis scheduler and dupefilter, one frontier for many
    # processes (docs/scaling.md); inert otherwise.
    "newscrawl.distributed.DistributedAddon": 20,
}

# Unattended crawls do not open control ports; enable per run when debugging.
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False

FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = os.environ.get("NEWSCRAWL_LOG_LEVEL", "INFO")

EXTENSIONS = {
    # Before the scheduler opens JOBDIR: discard queue state a killed crawl left behind.
    "newscrawl.extensions.jobdir.JobDirGuard": 0,
    "newscrawl.monitoring.coverage.CoverageStats": 880,
    "newscrawl.monitoring.extension.MonitorExtension": 890,
    "newscrawl.monitoring.progress.ProgressLog": 895,
    "newscrawl.extensions.stats_file.StatsFileExtension": 900,
    "newscrawl.extensions.crawl_runs.CrawlRunRecorder": 910,
}
# --- Monitors (checked when a spider closes; a failure makes the crawl exit 1) ---------
MONITORS_ENABLED = True
# Minimum share of stored articles with each field, per site (merged over the defaults:
# title 1.0, body 1.0, published_at 0.95, language 0.99).
MONITOR_COVERAGE: dict[str, float] = {}
MONITOR_MAX_ERROR_RATIO = 0.05
MONITOR_MAX_HTTP_FAILURE_RATIO = 0.2
MONITOR_MIN_SHARE_OF_PREVIOUS = 0.5
MONITOR_WEBHOOK_URL = os.environ.get("NEWSCRAWL_MONITOR_WEBHOOK", "")
MONITOR_COMMAND = os.environ.get("NEWSCRAWL_MONITOR_COMMAND", "")

# One document per crawl in the crawl_runs collection (spider, arguments, stats, status).
CRAWL_RUNS_ENABLED = True
NEWSCRAWL_STATS_FILE = ""

# --- Incremental recrawl -------------------------------------------------------------
# Stored articles younger than this are fetched again (conditionally) on every run.
RECRAWL_EDIT_WINDOW_HOURS = 48
# Listed URLs found not to be articles (tag pages, 404s) are checked again after this long.
RECRAWL_NON_ARTICLE_HOURS = 24

# --- Throughput (measured by `make bench`, see docs/performance.md) -----------------------
# Every newscrawl callback yields at most one item, and Scrapy creates CONCURRENT_ITEMS
# worker tasks per response whatever the callback yields: 100 of them cost about a third of
# bare Scrapy's CPU per page.
CONCURRENT_ITEMS = 1
# Scrapy re-parses a callback's source with `ast` for every response to warn about generator
# return values (its cache is keyed by the bound method, a new object per request): 4.5 % of
# a crawl's CPU. tests/test_settings.py runs the same check once over every callback.
WARN_ON_GENERATOR_RETURN_VALUE = False

# --- Debugging commands ----------------------------------------------------------------
# `scrapy check`: each spider's `parse` docstring names one article page of its site and
# requires the fields below filled (newscrawl.spiders.contracts).
SPIDER_CONTRACTS = {"newscrawl.spiders.contracts.FilledContract": 10}

# --- Progress -------------------------------------------------------------------------------
# One line with pages done / queued / percent / rate / ETA every NEWSCRAWL_PROGRESS_INTERVAL
# seconds (empty: 10 on a terminal, 60 otherwise; 0: off). Scrapy's own LogStats line would
# repeat it with item counts that include skipped URLs, so it is off.
NEWSCRAWL_PROGRESS_INTERVAL = os.environ.get("NEWSCRAWL_PROGRESS_INTERVAL", "")
LOGSTATS_INTERVAL = 0
