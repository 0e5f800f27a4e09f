"""Distributed crawling: several crawler processes, on one machine or many, share one frontier.

With ``REDIS_URL`` set (a setting, ``-s REDIS_URL=…``, or the environment variable),
:class:`DistributedAddon` swaps Scrapy's in-memory scheduler and duplicate filter for
`scrapy-redis <https://github.com/rmax/scrapy-redis>`_'s, kept in Redis: every process pushes
the requests it makes into one queue per spider and pulls from it, and a request whose
fingerprint any process has already recorded is dropped. Our spiders discover inside
``start()`` (feeds, sitemaps, listings fetched with ``engine.download_async``, which bypasses
the scheduler). One process per run discovers (:class:`DiscoveryClaim`, a claim in Redis that
expires unless the discovering process keeps it alive) and pushes the article requests into
the shared queue; the others take from the queue meanwhile and end once discovery is done and
the queue is empty. The shared duplicate filter is what makes every article fetched once
across the cluster. See ``docs/scaling.md``.

scrapy-redis 0.9.1 works with Scrapy 2.19 as it is (its scheduler satisfies
``BaseScheduler``'s interface, its queues serialize with ``Request.to_dict`` and
``request_from_dict``); the two subclasses here only adapt what it does differently from
Scrapy:

- :class:`RedisDupeFilter` fingerprints with the crawler's request fingerprinter
  (``REQUEST_FINGERPRINTER_CLASS``) instead of scrapy-redis's own pre-2.7 formula, so the
  shared filter agrees with every other Scrapy component about which requests are equal;
- :class:`RedisScheduler` counts filtered duplicates under Scrapy's usual stat (and no
  longer passes the ``spider`` argument Scrapy 2.19 deprecates to the stats), says on
  opening what the shared frontier already holds, turns an unreachable Redis into one error
  line and a ``redis_unreachable`` close (:class:`UnreachableScheduler`), and gives the
  frontier's keys an expiry when it closes, so that per-run keys do not pile up in Redis.
"""

from __future__ import annotations

import logging
import os
import re
import uuid
from typing import Any, Literal, Self
from urllib.parse import urlsplit, urlunsplit

from redis import Redis
from redis.exceptions import RedisError
from scrapy import Spider, signals
from scrapy.core.scheduler import BaseScheduler
from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider
from scrapy.http import Request
from scrapy.settings import BaseSettings
from scrapy.utils.defer import deferred_from_coro, maybe_deferred_to_future
from scrapy.utils.misc import load_object
from scrapy_redis.connection import get_redis_from_settings
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.scheduler import Scheduler
from twisted.internet.task import LoopingCall, deferLater

logger = logging.getLogger(__name__)

SETTING = "REDIS_URL"
#: Names one crawl run across processes; the frontier's keys include it (see ``frontier_keys``).
RUN_ID_SETTING = "NEWSCRAWL_RUN_ID"
#: Seconds the frontier's keys live after a process closed; 0 keeps them forever.
TTL_SETTING = "NEWSCRAWL_FRONTIER_TTL"
DEFAULT_TTL = 7 * 24 * 3600
#: The finish reason of a crawl that could not reach Redis.
REASON_UNREACHABLE = "redis_unreachable"
#: Seconds a discovery claim lives without being renewed: how long the other processes wait
#: before one of them takes over from a discovering process that died.
CLAIM_TTL_SETTING = "NEWSCRAWL_DISCOVERY_CLAIM_TTL"
DEFAULT_CLAIM_TTL = 60.0
#: Seconds between two looks at the claim by a process waiting for another's discovery.
DISCOVERY_POLL_S = 0.25
_DONE = "done"

_RUN_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def frontier_keys(run_id: str = "") -> tuple[str, str]:
    """The queue and duplicate-filter keys, as scrapy-redis templates (``%(spider)s``).

    ``newscrawl:<spider>:requests`` and ``newscrawl:<spider>:dupefilter``, with the run id
    between spider and suffix when one is given: processes of one run share keys, and a new
    run starts with an empty filter, so the recrawl policy (not a filter left over from the
    last run) decides what is fetched again.
    """
    if run_id and not _RUN_ID.match(run_id):
        # The keys are %-templates and end up in redis-cli commands: keep them plain.
        raise ValueError(
            f"{RUN_ID_SETTING}={run_id!r}: use at most 64 letters, digits, '.', '_' or '-'"
        )
    prefix = f"newscrawl:%(spider)s:{run_id}" if run_id else "newscrawl:%(spider)s"
    return f"{prefix}:requests", f"{prefix}:dupefilter"


def discovery_key(queue_key: str) -> str:
    """The key of a run's discovery claim, beside its queue's (``…:requests`` → ``…:discovery``)."""
    stem = queue_key.removesuffix(":requests")
    return f"{stem}:discovery"


def mask_redis_url(url: str) -> str:
    """The URL with its password replaced by ``***``, safe for logs."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    user = parts.username or ""
    host = parts.hostname or ""
    if parts.port is not None:
        host = f"{host}:{parts.port}"
    return urlunsplit(parts._replace(netloc=f"{user}:***@{host}"))


class DistributedAddon:
    """Shares the frontier of every process crawling with the same ``REDIS_URL``.

    Leaves everything alone without ``REDIS_URL`` (setting or environment). With it, sets at
    add-on priority (``settings.py`` and ``-s`` still win): our scheduler and duplicate filter;
    ``SCHEDULER_PERSIST`` (a process that finishes first must not delete the queue and the
    filter the others still use); per-spider (and per-run, with ``NEWSCRAWL_RUN_ID``) keys; a
    FIFO queue, so articles are fetched in the order the spiders yield them (newest first), as
    with Scrapy's own start-request queue; ``SCHEDULER_IDLE_BEFORE_CLOSE = 0``, because a
    FIFO queue waits for it with a blocking ``BRPOP`` that would freeze the process's reactor
    (its discovery downloads included) every time the queue runs dry. A process closes through
    Scrapy's usual idle check instead: its ``start()`` is exhausted, nothing is downloading
    and the shared queue is empty.
    """

    def update_settings(self, settings: BaseSettings) -> None:
        """Switch to the shared scheduler when a Redis URL is configured."""
        url = settings.get(SETTING) or os.environ.get(SETTING, "")
        if not url:
            return
        run_id = settings.get(RUN_ID_SETTING) or os.environ.get(RUN_ID_SETTING, "")
        queue_key, dupefilter_key = frontier_keys(run_id)
        values: dict[str, Any] = {
            SETTING: url,
            RUN_ID_SETTING: run_id,
            "SCHEDULER": "newscrawl.distributed.RedisScheduler",
            "DUPEFILTER_CLASS": "newscrawl.distributed.RedisDupeFilter",
            "SCHEDULER_PERSIST": True,
            "SCHEDULER_FLUSH_ON_START": False,
            "SCHEDULER_QUEUE_KEY": queue_key,
            "SCHEDULER_DUPEFILTER_KEY": dupefilter_key,
            "SCHEDULER_QUEUE_CLASS": "scrapy_redis.queue.FifoQueue",
            "SCHEDULER_IDLE_BEFORE_CLOSE": 0,
        }
        for name, value in values.items():
            settings.set(name, value, priority="addon")
        # Each process stores only its share of the run's articles, so comparing one process's
        # count with the previous run (perhaps a sibling process) means nothing. Project
        # priority beats settings.py's default but not ``-s``.
        settings.set("MONITOR_MIN_SHARE_OF_PREVIOUS", 0.0, priority="project")


class RedisDupeFilter(RFPDupeFilter):  # type: ignore[misc]  # scrapy-redis is untyped
    """scrapy-redis's shared filter, fingerprinting like the rest of Scrapy.

    scrapy-redis hashes method, canonical URL and body with a formula of its own; Scrapy 2.7+
    components ask ``crawler.request_fingerprinter``, which a project may replace
    (``REQUEST_FINGERPRINTER_CLASS``) and which caches each request's fingerprint.
    """

    fingerprinter: Any = None

    @classmethod
    def from_spider(cls, spider: Spider) -> Self:
        """What scrapy-redis's scheduler calls: the per-spider key, plus the fingerprinter."""
        instance: Self = super().from_spider(spider)
        instance.fingerprinter = spider.crawler.request_fingerprinter
        return instance

    def request_fingerprint(self, request: Request) -> str:
        """The crawler's fingerprint as hex (scrapy-redis's own when used standalone)."""
        if self.fingerprinter is None:
            fingerprint: str = super().request_fingerprint(request)
            return fingerprint
        raw: bytes = self.fingerprinter.fingerprint(request)
        return raw.hex()


class RedisScheduler(Scheduler):  # type: ignore[misc]  # scrapy-redis is untyped
    """scrapy-redis's scheduler with what Scrapy's own gives an operator.

    Redis lost in the middle of a crawl closes the spider (reason ``redis_unreachable``, exit
    1) after one error line: scrapy-redis would let every engine tick raise, logging a
    traceback every five seconds, and the process would never end.
    """

    ttl: int = 0
    crawler: Crawler | None = None
    lost: bool = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BaseScheduler:
        """Connect (scrapy-redis pings the server) and read the key expiry.

        Without Redis, a stand-in that closes the spider once it is open: an exception here
        would surface as a traceback from inside Scrapy's engine, and the pipelines and the
        ``crawl_runs`` record would never hear of the failed run.
        """
        try:
            instance: RedisScheduler = super().from_crawler(crawler)
        except RedisError as exc:
            return UnreachableScheduler(crawler, _unreachable(crawler, exc))
        instance.ttl = crawler.settings.getint(TTL_SETTING, DEFAULT_TTL)
        instance.crawler = crawler
        return instance

    def open(self, spider: Spider) -> None:
        """Attach to the spider's shared queue and say what it already holds."""
        super().open(spider)
        logger.info(
            "Shared frontier %s: %d requests queued, %d fingerprints seen",
            self.queue.key,
            len(self.queue),
            self.server.scard(self.df.key),
        )
        if self.crawler is not None and not self.crawler.settings.get("MONGO_URI"):
            # Fine for several processes on one machine; on several, each stores its share in
            # a database of its own and sees only that share's recrawl state.
            logger.warning(
                "Sharing a frontier with the embedded database, which is local to this "
                "machine: set the same MONGO_URI on every machine (docs/scaling.md)"
            )

    # enqueue_request and next_request are scrapy-redis's, restated: its versions pass
    # ``spider=`` to ``StatsCollector.inc_value``, which Scrapy 2.19 deprecates (a warning on
    # every crawl), and do not count filtered duplicates as Scrapy's own scheduler does.

    def enqueue_request(self, request: Request) -> bool:
        """Queue unless any process has seen it."""
        if self.lost:
            return False
        try:
            if not request.dont_filter and self.df.request_seen(request):
                self.df.log(request, self.spider)
                if self.stats is not None:
                    self.stats.inc_value("dupefilter/filtered")
                return False
            self.queue.push(request)
        except RedisError as exc:
            self._lose(exc)
            return False
        if self.stats is not None:
            self.stats.inc_value("scheduler/enqueued/redis")
        return True

    def next_request(self) -> Request | None:
        """The next request from the shared queue, or None when it is (momentarily) empty."""
        if self.lost:
            return None
        try:
            request: Request | None = self.queue.pop(self.idle_before_close)
        except RedisError as exc:
            self._lose(exc)
            return None
        if request is not None and self.stats is not None:
            self.stats.inc_value("scheduler/dequeued/redis")
        return request

    def has_pending_requests(self) -> bool:
        """Whether the shared queue holds anything: what keeps a process pulling from it."""
        if self.lost:
            return False
        try:
            return len(self) > 0
        except RedisError as exc:
            self._lose(exc)
            return False

    def close(self, reason: str) -> None:
        """Keep the shared keys (``SCHEDULER_PERSIST``) but let them expire eventually.

        Every process that closes pushes the expiry back, so the keys outlive the run's last
        process by ``NEWSCRAWL_FRONTIER_TTL`` seconds; a restart within that time resumes the
        queue and keeps the filter. A process that closes with the queue drained ends the
        run's discovery too (:meth:`DiscoveryClaim.forget_if_drained`): a process started
        after it belongs to a new run and discovers again.
        """
        if self.lost:
            return
        try:
            super().close(reason)
            DiscoveryClaim(self.server, discovery_key(self.queue.key)).forget_if_drained(
                self.queue.key
            )
            if self.persist and self.ttl > 0:
                pipe = self.server.pipeline()
                pipe.expire(self.queue.key, self.ttl)
                pipe.expire(self.df.key, self.ttl)
                pipe.expire(discovery_key(self.queue.key), self.ttl)
                pipe.execute()
        except RedisError as exc:
            logger.warning("Could not set the expiry of the shared frontier: %s", exc)

    def _lose(self, exc: RedisError) -> None:
        """Log once and close the spider: without its frontier a process can only stop."""
        self.lost = True
        assert self.crawler is not None and self.crawler.engine is not None
        logger.error("%s", _unreachable(self.crawler, exc))
        closing = deferred_from_coro(
            self.crawler.engine.close_spider_async(reason=REASON_UNREACHABLE)
        )
        closing.addErrback(lambda failure: logger.error("Closing failed: %s", failure.value))


def _unreachable(crawler: Crawler, exc: RedisError) -> str:
    url = mask_redis_url(crawler.settings.get(SETTING) or "")
    return f"Redis at {url} is unreachable: {exc}"


class UnreachableScheduler(BaseScheduler):
    """Schedules nothing and closes the spider, with one error line, as soon as it opens.

    Like an unreachable MongoDB: no page is fetched, the crawl finishes with the reason
    ``redis_unreachable`` (so ``scrapy crawl`` exits 1) and is recorded like any other.
    """

    def __init__(self, crawler: Crawler, message: str) -> None:
        self.message = message
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)

    def spider_opened(self, spider: Spider) -> None:
        """Raised here, after every component opened, so that every one of them closes."""
        logger.error("%s", self.message)
        raise CloseSpider(REASON_UNREACHABLE)

    def has_pending_requests(self) -> bool:
        """Nothing, ever."""
        return False

    def enqueue_request(self, request: Request) -> bool:
        """Dropped: there is no frontier to put it in."""
        return False

    def next_request(self) -> Request | None:
        """Nothing, ever."""
        return None


ClaimState = Literal["claimed", "done", "taken"]

# Renew or release a claim only while it is still this process's: compare and act in one step.
_RENEW = """
if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('pexpire', KEYS[1], ARGV[2])
end
return 0
"""
_RELEASE = """
if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('del', KEYS[1])
end
return 0
"""
_FORGET = """
if redis.call('get', KEYS[1]) == ARGV[1] and redis.call('llen', KEYS[2]) == 0 then
  return redis.call('del', KEYS[1])
end
return 0
"""


class DiscoveryClaim:
    """Which process of a run discovers, in one Redis key beside the run's queue.

    The key holds ``claimed:<token>`` while a process discovers (set only if absent, with an
    expiry of ``ttl_s`` that the discovering process renews every third of it), then
    ``done`` once every discovered request is in the shared queue. A process that finds the
    claim taken waits, taking requests from the queue meanwhile; it takes the claim over if
    the key expires (the discovering process died or hung), and goes on as a consumer once
    it reads ``done``. The first process to close with the queue empty deletes ``done``.
    """

    def __init__(
        self, server: Redis, key: str, ttl_s: float = DEFAULT_CLAIM_TTL, keep_s: int = 0
    ) -> None:
        self.server = server
        self.key = key
        self.ttl_ms = max(1, round(ttl_s * 1000))
        #: Expiry of the "done" mark (the frontier's, ``NEWSCRAWL_FRONTIER_TTL``); 0: none.
        self.keep_s = keep_s
        self.token = f"claimed:{uuid.uuid4().hex}"
        self._renewal: LoopingCall | None = None

    @classmethod
    def for_crawler(cls, crawler: Crawler) -> DiscoveryClaim | None:
        """The claim of the crawler's run; None without a shared frontier."""
        settings = crawler.settings
        scheduler = load_object(settings["SCHEDULER"])
        if not (isinstance(scheduler, type) and issubclass(scheduler, Scheduler)):
            return None
        assert crawler.spider is not None
        queue_key = settings.get("SCHEDULER_QUEUE_KEY") % {"spider": crawler.spider.name}
        return cls(
            get_redis_from_settings(settings),
            discovery_key(queue_key),
            settings.getfloat(CLAIM_TTL_SETTING, DEFAULT_CLAIM_TTL),
            settings.getint(TTL_SETTING, DEFAULT_TTL),
        )

    def try_claim(self) -> ClaimState:
        """Claim discovery if nobody holds it; else say whether it is done or taken."""
        if self.server.set(self.key, self.token, nx=True, px=self.ttl_ms):
            return "claimed"
        value = self.server.get(self.key)
        return "done" if value in (_DONE, _DONE.encode()) else "taken"

    async def wait_for_turn(self, crawler: Crawler) -> bool:
        """True once this process holds the claim (it discovers), False once discovery is
        done (by another process, or unknowable: Redis failed, and the scheduler closes the
        crawl for that). Meanwhile the engine keeps taking requests from the shared queue.
        """
        # Imported here: importing the module (settings name it) must not install a reactor.
        from twisted.internet import reactor  # noqa: PLC0415

        announced = False
        while True:
            try:
                state = self.try_claim()
            except RedisError as exc:
                logger.warning("Discovery claim unreadable, not discovering: %s", exc)
                return False
            if state == "claimed":
                if announced:
                    logger.warning("Discovery claim expired; this process discovers instead")
                self._renewal = LoopingCall(self._renew)
                self._renewal.clock = reactor
                self._renewal.start(self.ttl_ms / 3000, now=False)
                return True
            if state == "done":
                _wake_engine(crawler)
                return False
            if not announced:
                logger.info("Another process discovers for this run; taking from its queue")
                announced = True
            _wake_engine(crawler)
            await maybe_deferred_to_future(deferLater(reactor, DISCOVERY_POLL_S, lambda: None))

    def finish(self) -> None:
        """Discovery is complete: every request is in the shared queue."""
        self._stop_renewal()
        try:
            self.server.set(self.key, _DONE, ex=self.keep_s or None)
        except RedisError as exc:
            logger.warning("Could not mark discovery done: %s", exc)

    def release(self) -> None:
        """Give the claim up unfinished (the spider closes), so another process takes it now."""
        self._stop_renewal()
        try:
            self.server.eval(_RELEASE, 1, self.key, self.token)
        except RedisError as exc:
            logger.warning("Could not release the discovery claim: %s", exc)

    def forget_if_drained(self, queue_key: str) -> None:
        """End the run's discovery when its queue is empty: the next process discovers anew."""
        self.server.eval(_FORGET, 2, self.key, queue_key, _DONE)

    def _renew(self) -> None:
        try:
            self.server.eval(_RENEW, 1, self.key, self.token, self.ttl_ms)
        except RedisError as exc:
            # The scheduler stops the crawl if Redis stays away; the claim then just expires.
            logger.warning("Could not renew the discovery claim: %s", exc)

    def _stop_renewal(self) -> None:
        if self._renewal is not None and self._renewal.running:
            self._renewal.stop()
        self._renewal = None


def _wake_engine(crawler: Crawler) -> None:
    """Make the engine look at the scheduler now.

    A process waiting for another's discovery has nothing in flight, so nothing would make
    Scrapy ask the shared queue for work before its five-second heartbeat; the engine has no
    public call for "look again", hence its slot's ``nextcall``.
    """
    slot = getattr(crawler.engine, "_slot", None)
    if slot is not None:
        slot.nextcall.schedule()
