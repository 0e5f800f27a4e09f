"""``scrapy crawlall``: run every configured spider, one ``scrapy crawl`` process each, for cron.

What it adds to ``scrapy crawl``:

- **Which spiders**: the names given as arguments, else the ``CRAWLALL_SPIDERS`` setting
  (``-s CRAWLALL_SPIDERS=a,b`` beats the ``CRAWLALL_SPIDERS`` environment variable, which beats
  ``settings.py``), else :data:`DEFAULT_SPIDERS`. ``-a``, ``-s`` and ``-L`` are passed to every
  crawl.
- **One run at a time**: an exclusive, non-blocking ``flock`` on
  ``$NEWSCRAWL_HOME/crawlall.lock``. A second run started while one holds it prints one line
  naming the holder and exits :data:`EXIT_LOCKED` (75, ``EX_TEMPFAIL``) without crawling;
  ``--wait SECONDS`` waits for the lock first. The kernel drops the lock when the holder dies,
  so a crashed run never leaves a stale lock behind.
- **Logs**: ``$NEWSCRAWL_HOME/logs/crawlall-<stamp>.log`` for the run, ``<spider>-<stamp>.log``
  and ``<spider>-<stamp>.stats.json`` for each crawl (``<stamp>`` is the run's start,
  ``YYYYmmddTHHMMSS`` in UTC so names sort in time order); the files of all but the newest
  ``CRAWLALL_LOG_KEEP`` (30) runs are deleted.
- **Exit code**: 0 only when every crawl exited 0 (the verdict of
  :func:`newscrawl.commands.crawl.crawl_failed`), 1 when any failed, timed out or was
  interrupted, 2 for a usage error such as an unknown spider, 75 when another run holds the
  lock.

Why subprocesses rather than several crawlers in one ``CrawlerProcess``: each crawl gets its own
exit code from the project's ``scrapy crawl`` (the same verdict a single crawl gives), its own
log file (Scrapy's log handler is process-wide), and a crash, hang or leak in one spider cannot
take the others down; a timed-out crawl can be stopped alone. The cost, one Python start-up per
spider, is noise next to a crawl.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType
from typing import Any, TextIO

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError
from scrapy.settings import SETTINGS_PRIORITIES, BaseSettings
from scrapy.spiderloader import get_spider_loader
from scrapy.utils.conf import arglist_to_dict

from newscrawl.commands.crawl import refuse
from newscrawl.monitoring.monitors import articles_stored
from newscrawl.processes import pid_alive
from newscrawl.spiders.arguments import SpiderArgumentError, preflight
from newscrawl.store.uri import newscrawl_home

#: The site spiders: one per edition; ``generic`` needs arguments and ``orda``/``tengrinews``
#: would crawl the same editions again.
DEFAULT_SPIDERS = (
    "orda_ru",
    "orda_kk",
    "orda_en",
    "tengrinews_ru",
    "tengrinews_kk",
    "tengrinews_en",
)
DEFAULT_LOG_KEEP = 30
#: Seconds a crawl gets to shut down gracefully after SIGTERM (timeout) before SIGKILL; Scrapy
#: waits for in-flight downloads, which may take up to DOWNLOAD_TIMEOUT (180 s).
DEFAULT_KILL_GRACE = 300.0

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
#: sysexits.h EX_TEMPFAIL: "try again later" — another run holds the lock.
EXIT_LOCKED = 75

LOCK_NAME = "crawlall.lock"
STAMP_FORMAT = "%Y%m%dT%H%M%S"
#: Files that belong to one run: ``<name>-<stamp>.log`` and ``<name>-<stamp>.stats.json``.
RUN_FILE = re.compile(r"^(?P<name>.+)-(?P<stamp>\d{8}T\d{6})(?:\.log|\.stats\.json)$")
#: A Scrapy log line at ERROR or CRITICAL level; its message follows the colon.
_ERROR_LINE = re.compile(r"\] (?:ERROR|CRITICAL): (?P<message>.+)$")
#: The start of a log record (continuation lines of a record do not start like this).
_LOG_RECORD = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}")
_POLL_S = 0.2


# --------------------------------------------------------------------------- configuration


def configured_spiders(settings: BaseSettings, environ: Mapping[str, str]) -> list[str]:
    """The spiders to run when none are named on the command line.

    ``-s CRAWLALL_SPIDERS=…`` wins over the ``CRAWLALL_SPIDERS`` environment variable, which
    wins over ``settings.py`` — the order ``MONGO_URI`` follows — so a crontab line can be
    narrowed from the environment without editing it.
    """
    priority = settings.getpriority("CRAWLALL_SPIDERS")
    from_env = _split(environ.get("CRAWLALL_SPIDERS", ""))
    if priority is not None and priority >= SETTINGS_PRIORITIES["cmdline"]:
        return _split(settings.get("CRAWLALL_SPIDERS"))
    if from_env:
        return from_env
    if priority is not None:
        return _split(settings.get("CRAWLALL_SPIDERS"))
    return list(DEFAULT_SPIDERS)


def _split(value: str | Sequence[str] | None) -> list[str]:
    if not value:
        return []
    parts = value.split(",") if isinstance(value, str) else list(value)
    return [part.strip() for part in parts if part.strip()]


# --------------------------------------------------------------------------- the lock


class LockBusyError(RuntimeError):
    """Another run holds the lock; the message names it in one line."""


class RunLock:
    """An exclusive ``flock`` on a file, with the holder's pid written into it.

    ``flock`` locks belong to the open file description, so the kernel releases the lock when
    the last process holding the descriptor exits, however it exits. The crawls inherit the
    descriptor (see :attr:`fd`), so a run killed outright keeps the lock until its crawls end.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.fd: int | None = None

    def acquire(self, wait_s: float = 0.0) -> None:
        """Take the lock, waiting up to ``wait_s`` seconds; :class:`LockBusyError` if held."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # No O_TRUNC: the holder's pid must survive a competitor opening the file.
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        deadline = time.monotonic() + max(wait_s, 0.0)
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    holder = self.holder()
                    os.close(fd)
                    waited = f" after waiting {wait_s:g}s" if wait_s > 0 else ""
                    raise LockBusyError(f"{holder} holds {self.path}{waited}") from None
                time.sleep(min(1.0, remaining))
        started = datetime.now(UTC).isoformat(timespec="seconds")
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n{started}\n".encode())
        self.fd = fd

    def holder(self) -> str:
        """Who holds the lock, from the pid and start time its holder wrote."""
        try:
            lines = self.path.read_text(encoding="utf-8").split()
            pid = int(lines[0])
        except (OSError, ValueError, IndexError):
            return "another crawlall run"
        since = f", started {lines[1]}" if len(lines) > 1 else ""
        if pid_alive(pid):
            return f"another crawlall run (pid {pid}{since})"
        # The run died but its crawls, which inherited the lock, are still finishing.
        return f"the crawls of an earlier crawlall run (pid {pid}, exited{since})"

    def release(self) -> None:
        """Clear the pid and drop the lock (closing the descriptor)."""
        if self.fd is None:
            return
        with contextlib.suppress(OSError):
            os.ftruncate(self.fd, 0)
        os.close(self.fd)
        self.fd = None


# --------------------------------------------------------------------------- log files


def run_stamp(now: datetime | None = None) -> str:
    """The run's timestamp for file names (UTC, so that names sort in time order)."""
    return (now or datetime.now(UTC)).astimezone(UTC).strftime(STAMP_FORMAT)


def prune_logs(directory: Path, keep: int) -> list[Path]:
    """Delete the files of all but the newest ``keep`` runs; ``keep`` < 1 keeps everything.

    A run is identified by the stamp in its file names, so a crawl's log, its stats file and
    the run's own log go together; files not named like a run's (``cron.log``) are left alone.
    """
    if keep < 1 or not directory.is_dir():
        return []
    runs: dict[str, list[Path]] = {}
    for path in directory.iterdir():
        match = RUN_FILE.match(path.name)
        if match and path.is_file():
            runs.setdefault(match["stamp"], []).append(path)
    deleted: list[Path] = []
    for stamp in sorted(runs, reverse=True)[keep:]:
        for path in runs[stamp]:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
                deleted.append(path)
    return deleted


def first_error(log_file: Path) -> str | None:
    """The first ERROR/CRITICAL record of a crawl's log, else its last line (a traceback's).

    A record continued on the following lines (a table, a traceback) is joined with `` | ``.
    """
    try:
        text = log_file.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    lines = text.splitlines()
    last = None
    for number, line in enumerate(lines):
        match = _ERROR_LINE.search(line)
        if match:
            parts = [match["message"].strip()]
            for following in lines[number + 1 :]:
                if _LOG_RECORD.match(following):
                    break
                if following.strip():
                    parts.append(" ".join(following.split()))
            return " | ".join(parts)[:300]
        if line.strip():
            last = line.strip()
    return last[:300] if last else None


class RunLog:
    """The run's own log: each line to stdout (cron's output) and to the run's log file."""

    def __init__(self, path: Path, stream: TextIO) -> None:
        self.path = path
        self.stream = stream
        self.file = path.open("a", encoding="utf-8")

    def info(self, message: str) -> None:
        """A timestamped line (local time, like the crawls' Scrapy logs)."""
        self.block(f"{datetime.now():%Y-%m-%d %H:%M:%S} [crawlall] {message}\n")

    def block(self, text: str) -> None:
        """Text as it is (the summary table)."""
        for out in (self.stream, self.file):
            out.write(text)
            out.flush()

    def close(self) -> None:
        """Close the file; stdout stays open."""
        self.file.close()


# --------------------------------------------------------------------------- crawls


@dataclass
class CrawlResult:
    """How one spider's crawl ended."""

    spider: str
    #: ok, failed, timeout, interrupted or skipped (never started)
    status: str = "skipped"
    returncode: int | None = None
    seconds: float = 0.0
    stats: dict[str, Any] = field(default_factory=dict)
    log_file: Path | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        """Whether this crawl did its job."""
        return self.status == "ok"

    @property
    def stored(self) -> int | None:
        """Articles written (inserted, changed or unchanged), when the crawl left its stats."""
        if not self.stats:
            return None
        return articles_stored(self.stats) or 0

    @property
    def new(self) -> int | None:
        """Articles stored for the first time."""
        if not self.stats:
            return None
        return int(self.stats.get("newscrawl/mongo/inserted", 0) or 0)

    @property
    def finish_reason(self) -> str:
        """Scrapy's finish_reason, or '-' when the crawl wrote no stats."""
        return str(self.stats.get("finish_reason", "-"))


@dataclass
class _Running:
    result: CrawlResult
    process: subprocess.Popen[bytes]
    started: float
    stats_file: Path
    deadline: float | None
    timed_out_at: float | None = None


@dataclass
class RunPlan:
    """Everything a run needs, resolved from options, settings and the environment."""

    spiders: list[str]
    parallel: int
    spider_args: list[str]
    setting_args: list[str]
    log_level: str | None
    timeout_s: float | None
    kill_grace_s: float
    jobdir: str | None
    home: Path
    stamp: str

    @property
    def log_dir(self) -> Path:
        """Where every log file of the run goes."""
        return self.home / "logs"

    def command(self, spider: str, log_file: Path, stats_file: Path) -> list[str]:
        """The ``scrapy crawl`` command line for one spider."""
        command = [sys.executable, "-m", "scrapy", "crawl", spider]
        for argument in self.spider_args:
            command += ["-a", argument]
        for setting in self.setting_args:
            command += ["-s", setting]
        if self.log_level:
            command += ["-L", self.log_level]
        # Last, so that they win over the same names among the passed-through -s options.
        command += ["-s", f"LOG_FILE={log_file}", "-s", f"NEWSCRAWL_STATS_FILE={stats_file}"]
        if self.jobdir:
            # A job directory holds the state of one spider's job; sharing it would mix queues.
            command += ["-s", f"JOBDIR={Path(self.jobdir) / spider}"]
        return command


class Runner:
    """Runs the crawls of a plan, at most ``parallel`` at a time, and reports."""

    def __init__(self, plan: RunPlan, log: RunLog, lock_fd: int | None) -> None:
        self.plan = plan
        self.log = log
        self.lock_fd = lock_fd
        self.results = {spider: CrawlResult(spider) for spider in plan.spiders}
        self._wake = threading.Event()
        self._signals: list[int] = []
        self._forwarded = 0

    def run(self) -> int:
        """Run every crawl; the exit code for the whole run."""
        previous = {
            signum: signal.signal(signum, self._on_signal)
            for signum in (signal.SIGTERM, signal.SIGINT)
        }
        try:
            self._loop()
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)
        return EXIT_OK if all(r.ok for r in self.results.values()) else EXIT_FAILED

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        # Only note it here; the loop forwards it, outside the signal handler.
        self._signals.append(signum)
        self._wake.set()

    def _loop(self) -> None:
        pending = deque(self.plan.spiders)
        running: list[_Running] = []
        while pending or running:
            self._forward_signals(running)
            while pending and len(running) < self.plan.parallel and not self._signals:
                started = self._start(pending.popleft())
                if started is not None:
                    running.append(started)
            for child in list(running):
                if child.process.poll() is not None:
                    running.remove(child)
                    self._finish(child)
                else:
                    self._check_timeout(child)
            if self._signals and not running:
                break
            self._wake.wait(_POLL_S)
            self._wake.clear()
        for spider in pending:
            self.log.info(f"{spider}: not started (run interrupted)")

    def _forward_signals(self, running: list[_Running]) -> None:
        # Each signal is passed on once, as Scrapy reads them: the first asks for a graceful
        # shutdown (the queue and the stats are saved), a second forces it.
        while self._forwarded < len(self._signals):
            signum = self._signals[self._forwarded]
            self._forwarded += 1
            name = signal.Signals(signum).name
            self.log.info(f"{name} received: no new crawls; passing it to {len(running)} running")
            for child in running:
                with contextlib.suppress(ProcessLookupError):
                    child.process.send_signal(signum)

    def _start(self, spider: str) -> _Running | None:
        result = self.results[spider]
        log_file = self.plan.log_dir / f"{spider}-{self.plan.stamp}.log"
        stats_file = self.plan.log_dir / f"{spider}-{self.plan.stamp}.stats.json"
        result.log_file = log_file
        command = self.plan.command(spider, log_file, stats_file)
        env = {**os.environ, "NEWSCRAWL_HOME": str(self.plan.home)}
        try:
            # The crawl's own stdout/stderr (anything printed before Scrapy's logging is set
            # up, such as a traceback) goes to its log file too; both append.
            with log_file.open("ab") as output:
                process = subprocess.Popen(
                    command,
                    stdin=subprocess.DEVNULL,
                    stdout=output,
                    stderr=subprocess.STDOUT,
                    env=env,
                    # Inheriting the lock keeps it held until the last crawl ends, even if
                    # this process is killed.
                    pass_fds=(self.lock_fd,) if self.lock_fd is not None else (),
                    # Own process group: Ctrl-C in a terminal reaches only crawlall, which
                    # forwards it once; Scrapy would read two copies as "force stop".
                    process_group=0,
                )
        except OSError as exc:
            result.status = "failed"
            result.error = f"could not start: {exc}"
            self.log.info(f"{spider}: {result.error}")
            return None
        self.log.info(f"{spider}: started (pid {process.pid}), log {log_file}")
        now = time.monotonic()
        deadline = now + self.plan.timeout_s if self.plan.timeout_s else None
        return _Running(result, process, now, stats_file, deadline)

    def _check_timeout(self, child: _Running) -> None:
        now = time.monotonic()
        if child.timed_out_at is None:
            if child.deadline is not None and now >= child.deadline:
                child.timed_out_at = now
                self.log.info(
                    f"{child.result.spider}: timeout after {self.plan.timeout_s:g}s, "
                    "stopping it (SIGTERM)"
                )
                with contextlib.suppress(ProcessLookupError):
                    child.process.send_signal(signal.SIGTERM)
        elif now - child.timed_out_at >= self.plan.kill_grace_s:
            self.log.info(f"{child.result.spider}: still running, killing it (SIGKILL)")
            with contextlib.suppress(ProcessLookupError):
                child.process.kill()

    def _finish(self, child: _Running) -> None:
        result = child.result
        result.returncode = child.process.returncode
        result.seconds = time.monotonic() - child.started
        with contextlib.suppress(OSError, ValueError):
            loaded = json.loads(child.stats_file.read_text(encoding="utf-8"))
            if isinstance(loaded, dict):
                result.stats = loaded
        if result.returncode == 0:
            result.status = "ok"
        elif child.timed_out_at is not None:
            result.status = "timeout"
        elif self._signals:
            result.status = "interrupted"
        else:
            result.status = "failed"
        if not result.ok and result.log_file is not None:
            result.error = first_error(result.log_file)
        stored = result.stored
        self.log.info(
            f"{result.spider}: {result.status} (exit {_exit_text(result.returncode)}, "
            f"{_duration(result.seconds)}, "
            f"{'?' if stored is None else stored} stored, {result.finish_reason})"
        )

    def summary(self) -> str:
        """The table printed at the end: one row per spider, then what went wrong."""
        rows = [("spider", "status", "exit", "duration", "stored", "new", "finish_reason")]
        for result in self.results.values():
            ran = result.returncode is not None
            rows.append(
                (
                    result.spider,
                    result.status,
                    _exit_text(result.returncode),
                    _duration(result.seconds) if ran else "-",
                    "-" if result.stored is None else str(result.stored),
                    "-" if result.new is None else str(result.new),
                    result.finish_reason,
                )
            )
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
        right = {2, 3, 4, 5}  # numbers
        lines = [
            "  ".join(
                cell.rjust(widths[i]) if i in right else cell.ljust(widths[i])
                for i, cell in enumerate(row)
            ).rstrip()
            for row in rows
        ]
        for result in self.results.values():
            if result.error:
                lines.append(f"{result.spider}: {result.error}")
        failed = [r.spider for r in self.results.values() if not r.ok]
        total = len(self.results)
        noun = "crawl" if total == 1 else "crawls"
        if failed:
            lines.append(f"{len(failed)} of {total} {noun} did not succeed: {', '.join(failed)}")
        else:
            lines.append(f"{total} of {total} {noun} succeeded")
        lines.append(f"logs: {self.plan.log_dir}/*-{self.plan.stamp}.log")
        return "\n".join(lines) + "\n"


def _exit_text(code: int | None) -> str:
    if code is None:
        return "-"
    if code < 0:
        # Popen reports death by signal N as -N.
        with contextlib.suppress(ValueError):
            return signal.Signals(-code).name
    return str(code)


def _duration(seconds: float) -> str:
    if seconds < 60:
        return f"{seconds:.1f}s"
    minutes, secs = divmod(round(seconds), 60)
    if minutes < 60:
        return f"{minutes}m{secs:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m"


# --------------------------------------------------------------------------- the command


class Command(ScrapyCommand):
    """``scrapy crawlall [options] [spider ...]``: every configured spider, for cron."""

    requires_project = True
    # The crawls run in their own processes; this one needs no reactor.
    requires_crawler_process = False

    def syntax(self) -> str:
        """Usage after the command name."""
        return "[options] [spider ...]"

    def short_desc(self) -> str:
        """One line for ``scrapy -h``."""
        return "Run every configured spider (one scrapy crawl each), with a lock, for cron"

    def long_desc(self) -> str:
        """The description for ``scrapy crawlall -h``."""
        return (
            "Run the named spiders, else CRAWLALL_SPIDERS (setting or environment variable), "
            "else every site spider, each as its own `scrapy crawl` process with the given -a, "
            "-s and -L options. Exits 0 only if every crawl succeeded, 1 if any failed, 2 on a "
            "usage error, 75 if another run holds $NEWSCRAWL_HOME/crawlall.lock. Logs go to "
            "$NEWSCRAWL_HOME/logs; the newest CRAWLALL_LOG_KEEP (30) runs' files are kept."
        )

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        """Scrapy's global options plus ``-a``, ``--parallel``, ``--wait``, ``--timeout``."""
        super().add_options(parser)
        parser.add_argument(
            "-a",
            dest="spargs",
            action="append",
            default=[],
            metavar="NAME=VALUE",
            help="spider argument for every crawl (may be repeated)",
        )
        parser.add_argument(
            "--parallel",
            type=int,
            default=None,
            metavar="N",
            help="run up to N crawls at once (default CRAWLALL_PARALLEL, else 1)",
        )
        parser.add_argument(
            "--wait",
            type=float,
            default=0.0,
            metavar="SECONDS",
            help="wait up to SECONDS for a running crawlall to finish (default 0, exit 75 at once)",
        )
        parser.add_argument(
            "--timeout",
            type=float,
            default=None,
            metavar="SECONDS",
            help="stop a crawl (SIGTERM) still running after SECONDS (default CRAWLALL_TIMEOUT, "
            "else none)",
        )

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        """Apply ``-s`` and check the options before anything runs."""
        super().process_options(args, opts)
        try:
            arglist_to_dict(opts.spargs)
        except ValueError:
            raise UsageError("Invalid -a value, use -a NAME=VALUE", print_help=False) from None
        if opts.parallel is not None and opts.parallel < 1:
            raise UsageError("--parallel must be at least 1", print_help=False)
        if opts.wait < 0:
            raise UsageError("--wait must not be negative", print_help=False)
        if opts.timeout is not None and opts.timeout <= 0:
            raise UsageError("--timeout must be positive", print_help=False)

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        """Check the spiders, take the lock, run the crawls, print the summary."""
        assert self.settings is not None
        settings = self.settings
        spiders = list(dict.fromkeys(args or configured_spiders(settings, os.environ)))
        if not spiders:
            raise UsageError("no spiders to run (CRAWLALL_SPIDERS is empty)", print_help=False)
        known = set(get_spider_loader(settings).list())
        unknown = [name for name in spiders if name not in known]
        if unknown:
            raise UsageError(
                f"unknown spider(s): {', '.join(unknown)}; "
                f"this project has {', '.join(sorted(known))}",
                print_help=False,
            )
        # The same pre-flight check as ``scrapy crawl``: a bad -a refuses the whole run at once
        # instead of failing every crawl with a traceback in its log.
        spider_args = arglist_to_dict(opts.spargs)
        for name in spiders:
            try:
                preflight(settings, name, spider_args)
            except SpiderArgumentError as exc:
                refuse("crawlall", SpiderArgumentError(f"{name}: {exc}"))
        home = newscrawl_home()
        lock = RunLock(home / LOCK_NAME)
        try:
            lock.acquire(opts.wait)
        except LockBusyError as exc:
            # One line, and nothing written under logs/: a skipped run must not push a real
            # run's logs out of the retention window.
            print(f"crawlall: {exc}; not crawling (exit {EXIT_LOCKED})", file=sys.stderr)
            self.exitcode = EXIT_LOCKED
            return
        try:
            self.exitcode = self._run_locked(spiders, opts, settings, home, lock)
        finally:
            lock.release()

    def _run_locked(
        self,
        spiders: list[str],
        opts: argparse.Namespace,
        settings: BaseSettings,
        home: Path,
        lock: RunLock,
    ) -> int:
        timeout = opts.timeout or settings.getfloat("CRAWLALL_TIMEOUT", 0.0) or None
        plan = RunPlan(
            spiders=spiders,
            parallel=opts.parallel or max(settings.getint("CRAWLALL_PARALLEL", 1), 1),
            spider_args=list(opts.spargs),
            setting_args=list(opts.set),
            log_level=opts.loglevel,
            timeout_s=timeout,
            kill_grace_s=settings.getfloat("CRAWLALL_KILL_GRACE", DEFAULT_KILL_GRACE),
            jobdir=settings.get("JOBDIR") or None,
            home=home,
            stamp=run_stamp(),
        )
        plan.log_dir.mkdir(parents=True, exist_ok=True)
        log = RunLog(plan.log_dir / f"crawlall-{plan.stamp}.log", sys.stdout)
        try:
            log.info(
                f"run {plan.stamp}: {len(spiders)} spider(s) ({', '.join(spiders)}), "
                f"{plan.parallel} at a time, pid {os.getpid()}"
            )
            keep = settings.getint("CRAWLALL_LOG_KEEP", DEFAULT_LOG_KEEP)
            deleted = prune_logs(plan.log_dir, keep)
            if deleted:
                log.info(f"deleted {len(deleted)} log file(s) of runs older than the newest {keep}")
            runner = Runner(plan, log, lock.fd)
            code = runner.run()
            log.block(runner.summary())
            log.info(f"run {plan.stamp} done: exit {code}")
            return code
        finally:
            log.close()
