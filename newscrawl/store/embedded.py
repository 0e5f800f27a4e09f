"""The embedded database: a SecantusDB daemon on a loopback port, data under NEWSCRAWL_HOME.

SecantusDB speaks MongoDB's wire protocol on WiredTiger, so everything else in newscrawl talks
to it with pymongo exactly as it would to a real ``mongod``. The daemon outlives the crawl that
started it: later crawls, ``newscrawl query`` and a user's own pymongo scripts reuse it. Its
state file (``db/server.json``) records the pid and port; ``newscrawl db stop`` ends it.

SecantusDB is GPL-2.0-only, so it is the optional extra ``newscrawl[embedded]``, not a
dependency of the BSD-3-Clause package: without it, and without ``MONGO_URI``, starting the
embedded server fails with :data:`INSTALL_HINT`.

The port is also kept in ``db/port``, which outlives the daemon: a restarted server takes the
same port again when it is free, so its URI stays what ``make demo`` printed, what a Compass
connection saved, and what a running crawl is connected to (pymongo reconnects by itself).
"""

from __future__ import annotations

import contextlib
import fcntl
import importlib.util
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pymongo
from pymongo.errors import PyMongoError

from newscrawl.processes import pid_alive
from newscrawl.store.uri import newscrawl_home

START_TIMEOUT_S = 60.0

#: The one line said when the embedded server is needed and SecantusDB is not installed.
INSTALL_HINT = (
    "the embedded database needs SecantusDB, an optional extra: "
    "pip install 'newscrawl[embedded]' (GPL-2.0-only), or set MONGO_URI to a MongoDB server"
)
#: WiredTiger cache of the embedded daemon unless NEWSCRAWL_DB_CACHE_SIZE says otherwise
#: (SecantusDB's own default, 1G, lets the daemon reach 1.3 GB at 200,000 articles;
#: docs/performance.md has the figures).
DEFAULT_CACHE_SIZE = "256M"
#: Oplog entries kept unless NEWSCRAWL_DB_OPLOG_MAX_ENTRIES says otherwise. The oplog is held
#: in the daemon's memory; SecantusDB keeps 100,000 by default.
DEFAULT_OPLOG_MAX_ENTRIES = 1000


def embedded_installed() -> bool:
    """Whether the ``newscrawl[embedded]`` extra (the ``secantus`` package) is importable."""
    return importlib.util.find_spec("secantus") is not None


def server_flags() -> list[str]:
    """Memory caps for the embedded daemon's command line, from the environment or defaults.

    ``NEWSCRAWL_DB_CACHE_SIZE`` (``256M``, ``1G``: SecantusDB's ``--cache-size``) and
    ``NEWSCRAWL_DB_OPLOG_MAX_ENTRIES`` (``--oplog-max-entries``). The oplog bounds how far back a
    change-stream consumer can resume (docs/consumers.md); raise it for consumers that stop
    for long.
    """
    cache = os.environ.get("NEWSCRAWL_DB_CACHE_SIZE", "").strip() or DEFAULT_CACHE_SIZE
    oplog = os.environ.get("NEWSCRAWL_DB_OPLOG_MAX_ENTRIES", "").strip() or str(
        DEFAULT_OPLOG_MAX_ENTRIES
    )
    return ["--cache-size", cache, "--oplog-max-entries", oplog]


class EmbeddedServerError(RuntimeError):
    """The embedded server could not be started or reached."""


@dataclass(frozen=True)
class ServerState:
    """What ``server.json`` records about a running daemon."""

    pid: int
    port: int
    host: str = "127.0.0.1"

    @property
    def uri(self) -> str:
        """The connection string for this daemon."""
        return f"mongodb://{self.host}:{self.port}/"


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nobody listens on right now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        port: int = sock.getsockname()[1]
        return port


def port_free(port: int, host: str = "127.0.0.1") -> bool:
    """Whether nobody listens on ``port`` (a bind succeeds)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        # SO_REUSEADDR as servers set it: a port in TIME_WAIT after a stop is free to them.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def ping(uri: str, timeout_ms: int = 2000) -> bool:
    """Whether a MongoDB-compatible server answers at ``uri``."""
    client: pymongo.MongoClient[dict[str, object]] = pymongo.MongoClient(
        uri, serverSelectionTimeoutMS=timeout_ms, connectTimeoutMS=timeout_ms
    )
    try:
        client.admin.command("ping")
    except PyMongoError:
        return False
    finally:
        client.close()
    return True


class EmbeddedServer:
    """Start, find and stop the SecantusDB daemon whose data lives under ``home/db``."""

    def __init__(self, home: Path | None = None) -> None:
        self.home = (home or newscrawl_home()) / "db"
        self.data_dir = self.home / "data"
        self.state_file = self.home / "server.json"
        self.log_file = self.home / "secantusd.log"
        self.lock_file = self.home / ".lock"
        self.port_file = self.home / "port"

    def state(self) -> ServerState | None:
        """The recorded daemon, if its process is still alive."""
        try:
            raw = json.loads(self.state_file.read_text())
            state = ServerState(pid=int(raw["pid"]), port=int(raw["port"]), host=raw["host"])
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return state if pid_alive(state.pid) else None

    def running_uri(self) -> str | None:
        """The URI of a live, answering daemon, else None."""
        state = self.state()
        if state and ping(state.uri):
            return state.uri
        return None

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        # Two crawls started together by cron must not start two daemons on one data dir.
        self.home.mkdir(parents=True, exist_ok=True)
        with self.lock_file.open("w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def ensure(self) -> str:
        """Return the URI of the daemon, starting it first if none is running."""
        uri = self.running_uri()
        if uri:
            return uri
        with self._locked():
            uri = self.running_uri()
            if uri:
                return uri
            return self._start()

    def recorded_port(self) -> int | None:
        """The port the daemon had last time, if one was recorded."""
        try:
            port = int(self.port_file.read_text().strip())
        except (OSError, ValueError):
            return None
        return port if 0 < port < 65536 else None

    def _choose_port(self) -> int:
        port = self.recorded_port()
        if port is not None and port_free(port):
            return port
        port = free_port()
        # Written before the daemon starts, atomically: a crash in between costs nothing.
        tmp = self.port_file.with_suffix(".tmp")
        tmp.write_text(f"{port}\n")
        tmp.replace(self.port_file)
        return port

    def _start(self) -> str:
        if not embedded_installed():
            raise EmbeddedServerError(INSTALL_HINT)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        port = self._choose_port()
        command = [
            sys.executable,
            "-m",
            "secantus",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--storage-path",
            str(self.data_dir),
            "--log-level",
            "WARNING",
            *server_flags(),
        ]
        with self.log_file.open("ab") as log:
            # A new session detaches the daemon from the crawl's process group, so Ctrl-C on
            # a crawl (or cron killing it) leaves the database running for the next one.
            process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                close_fds=True,
            )
        state = ServerState(pid=process.pid, port=port)
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise EmbeddedServerError(
                    f"embedded SecantusDB exited with code {process.returncode}; "
                    f"see {self.log_file}"
                )
            if ping(state.uri, timeout_ms=500):
                self.state_file.write_text(
                    json.dumps({"pid": state.pid, "port": state.port, "host": state.host})
                )
                return state.uri
            time.sleep(0.2)
        process.terminate()
        raise EmbeddedServerError(
            f"embedded SecantusDB did not answer within {START_TIMEOUT_S:.0f}s; see {self.log_file}"
        )

    def stop(self, timeout: float = 30.0) -> bool:
        """Stop the daemon (SIGTERM, then SIGKILL after ``timeout``); False if none ran."""
        state = self.state()
        if state is None:
            self.state_file.unlink(missing_ok=True)
            return False
        os.kill(state.pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and pid_alive(state.pid):
            time.sleep(0.1)
            _reap(state.pid)
        if pid_alive(state.pid):
            os.kill(state.pid, signal.SIGKILL)
            _reap(state.pid)
        self.state_file.unlink(missing_ok=True)
        return True


def _reap(pid: int) -> None:
    # The daemon is our child only when this process started it; reap it so that it does
    # not linger as a zombie that still "exists" for os.kill(pid, 0).
    with contextlib.suppress(ChildProcessError, OSError):
        os.waitpid(pid, os.WNOHANG)
