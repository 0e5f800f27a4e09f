"""A static server for the generated site that is never the bottleneck, and its own speed.

nginx (Debian's ``nginx-light``; installed with apt-get when missing and running as root)
serves one or more site roots on loopback ports, one ``server`` block per root, from a
configuration in a temporary prefix (``daemon off``, no access log, ``sendfile``, keep-alive).
``/en.orda.kz/slug-123/`` is served from ``index.html`` and ``/en.orda.kz/feed/`` from
``index.xml`` inside the directory, as :mod:`newscrawl.fixtures.server` does.

Without nginx, a small asyncio server (``python -m bench.server ROOT``: keep-alive,
``sendfile``) in its own process takes its place.

:func:`load_test` measures what the server sustains alone: ``wrk`` (Debian's ``wrk``, installed
like nginx) cycling through article pages, or, without it, an asyncio client (slower than the
server, so its figure is a lower bound)::

    python -m bench.server ROOT --measure /en.orda.kz/some-article-100000/
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from newscrawl.store.embedded import free_port

NGINX_CONF = """\
worker_processes 1;
daemon off;
master_process on;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    sendfile on;
    tcp_nopush on;
    tcp_nodelay on;
    keepalive_timeout 65;
    keepalive_requests 1000000;
    charset off;
    server_tokens off;
    types {{ text/html html; application/xml xml; text/plain txt; }}
    default_type application/octet-stream;
    client_body_temp_path {prefix}/client_body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
{servers}
}}
"""
NGINX_SERVER = """\
    server {{
        listen 127.0.0.1:{port};
        root {root};
        index index.html index.xml;
        location / {{ try_files $uri $uri/index.html $uri/index.xml =404; }}
    }}
"""


@dataclass(frozen=True)
class Served:
    """A running static server: which implementation and the base URL of each root."""

    kind: str
    urls: tuple[str, ...]
    pids: tuple[int, ...]


def find_tool(name: str) -> str | None:
    """A Debian tool's path (``/usr/sbin`` is not on every PATH)."""
    return shutil.which(name) or next(
        (str(p) for p in (Path("/usr/sbin") / name, Path("/usr/bin") / name) if p.exists()), None
    )


def ensure_tools(packages: dict[str, str], *, install: bool = True) -> dict[str, str | None]:
    """Paths of the tools named (tool -> Debian package); missing ones installed if root."""
    found = {tool: find_tool(tool) for tool in packages}
    missing = [packages[tool] for tool, path in found.items() if path is None]
    if missing and install and os.geteuid() == 0 and shutil.which("apt-get"):
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        command = ["apt-get", "install", "-y", "-q", "--no-install-recommends", *missing]
        print(f"server: installing {' '.join(missing)} with apt-get", flush=True)
        done = subprocess.run(command, env=env, capture_output=True, check=False)
        if done.returncode != 0:
            subprocess.run(["apt-get", "update", "-q"], env=env, capture_output=True, check=False)
            subprocess.run(command, env=env, capture_output=True, check=False)
        found = {tool: find_tool(tool) for tool in packages}
    return found


def wait_for_port(port: int, timeout: float = 20.0) -> None:
    """Block until something accepts connections on the loopback port."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError(f"nothing listens on 127.0.0.1:{port}") from None
            time.sleep(0.05)


@contextlib.contextmanager
def serve(roots: Sequence[Path], *, kind: str = "auto", install: bool = True) -> Iterator[Served]:
    """Serve each root on its own loopback port until the block ends.

    ``kind``: ``nginx``, ``python`` or ``auto`` (nginx when available or installable).
    """
    nginx = ensure_tools({"nginx": "nginx-light"}, install=install)["nginx"]
    if kind == "nginx" and nginx is None:
        raise RuntimeError("nginx is not installed (apt-get install nginx-light)")
    ports = [free_port() for _ in roots]
    urls = tuple(f"http://127.0.0.1:{port}" for port in ports)
    with tempfile.TemporaryDirectory(prefix="newscrawl-bench-www-") as prefix:
        processes: list[subprocess.Popen[bytes]] = []
        try:
            if kind != "python" and nginx is not None:
                servers = "".join(
                    NGINX_SERVER.format(port=port, root=Path(root).resolve())
                    for port, root in zip(ports, roots, strict=True)
                )
                conf = Path(prefix) / "nginx.conf"
                conf.write_text(NGINX_CONF.format(prefix=prefix, servers=servers))
                command = [nginx, "-p", prefix, "-c", str(conf), "-e", f"{prefix}/error.log"]
                processes.append(subprocess.Popen(command, stderr=subprocess.DEVNULL))
                used = "nginx"
            else:
                for port, root in zip(ports, roots, strict=True):
                    command = [sys.executable, "-m", "bench.server", str(root), "--port", str(port)]
                    processes.append(subprocess.Popen(command, cwd=Path(__file__).parents[1]))
                used = "python-asyncio"
            for port in ports:
                wait_for_port(port)
            yield Served(used, urls, tuple(p.pid for p in processes))
        finally:
            for process in processes:
                process.terminate()
            for process in processes:
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


# ---------------------------------------------------------------------- fallback server

_CONTENT_TYPES = {".html": "text/html", ".xml": "application/xml", ".txt": "text/plain"}


def _resolve(root: Path, target: str) -> Path | None:
    path = unquote(urlsplit(target).path)
    if "/../" in path or path.endswith("/.."):
        return None
    candidate = root / path.lstrip("/")
    if candidate.is_dir():
        for name in ("index.html", "index.xml"):
            if (candidate / name).is_file():
                return candidate / name
        return None
    return candidate if candidate.is_file() and not path.endswith("/") else None


async def _handle(root: Path, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    loop = asyncio.get_running_loop()
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            method, target, _ = head.split(b"\r\n", 1)[0].decode("latin-1").split(" ", 2)
            close = re.search(rb"(?im)^connection:\s*close", head) is not None
            path = _resolve(root, target)
            if path is None:
                body = b"<html><body><h1>Page not found</h1></body></html>"
                writer.write(
                    b"HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n"
                    b"Content-Length: %d\r\n\r\n%s" % (len(body), body)
                )
            else:
                size = path.stat().st_size
                kind = _CONTENT_TYPES.get(path.suffix, "application/octet-stream")
                writer.write(
                    f"HTTP/1.1 200 OK\r\nContent-Type: {kind}\r\n"
                    f"Content-Length: {size}\r\n\r\n".encode()
                )
                if method != "HEAD":
                    with path.open("rb") as file:
                        await loop.sendfile(writer.transport, file)
            await writer.drain()
            if close:
                break
    except (asyncio.IncompleteReadError, ConnectionError, ValueError):
        pass
    finally:
        writer.close()


async def _serve_forever(root: Path, port: int) -> None:
    server = await asyncio.start_server(
        lambda r, w: _handle(root, r, w), "127.0.0.1", port, backlog=1024
    )
    async with server:
        await server.serve_forever()


# ---------------------------------------------------------------------- load test


@dataclass(frozen=True)
class LoadResult:
    """What the server sustained: requests/s and MB/s, and which client measured it."""

    client: str
    requests_per_s: float
    megabytes_per_s: float


def load_test(
    base_url: str, paths: Sequence[str], *, seconds: float = 4.0, connections: int = 32
) -> LoadResult:
    """Hammer ``base_url`` with GETs of ``paths`` (cycled) on keep-alive connections."""
    wrk = ensure_tools({"wrk": "wrk"})["wrk"]
    if wrk is not None:
        return _wrk(wrk, base_url, paths, seconds, connections)
    return asyncio.run(_python_client(base_url, paths, seconds, connections))


def _wrk(
    wrk: str, base_url: str, paths: Sequence[str], seconds: float, connections: int
) -> LoadResult:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        listed = ",".join(f'"{p}"' for p in paths[:5000])
        script.write(
            f"paths = {{{listed}}}\ni = 0\n"
            "request = function()\n  i = i % #paths + 1\n"
            '  return wrk.format("GET", paths[i])\nend\n'
        )
    try:
        threads = str(min(2, os.cpu_count() or 1))
        command = [wrk, "-t", threads, "-c", str(connections), "-d", f"{seconds:g}s"]
        done = subprocess.run(
            [*command, "-s", script.name, base_url],
            capture_output=True,
            text=True,
            check=True,
        )
    finally:
        Path(script.name).unlink()
    failed = re.search(r"Non-2xx or 3xx responses:\s*(\d+)", done.stdout)
    if failed:
        raise RuntimeError(f"the server answered {failed.group(1)} requests with errors")
    rate = re.search(r"Requests/sec:\s*([\d.]+)", done.stdout)
    transfer = re.search(r"Transfer/sec:\s*([\d.]+)([KMG]?B)", done.stdout)
    if rate is None or transfer is None:
        raise RuntimeError(f"unexpected wrk output: {done.stdout}")
    scale = {"B": 1e-6, "KB": 1e-3, "MB": 1.0, "GB": 1e3}[transfer.group(2)]
    return LoadResult("wrk", float(rate.group(1)), float(transfer.group(1)) * scale)


async def _python_client(
    base_url: str, paths: Sequence[str], seconds: float, connections: int
) -> LoadResult:
    parts = urlsplit(base_url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    deadline = time.monotonic() + seconds
    counts = [0, 0]  # requests, bytes

    async def worker(offset: int) -> None:
        reader, writer = await asyncio.open_connection(host, port)
        n = offset
        while time.monotonic() < deadline:
            path = paths[n % len(paths)]
            n += connections
            writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
            head = await reader.readuntil(b"\r\n\r\n")
            if not head.startswith(b"HTTP/1.1 200"):
                status = head.split(b"\r\n", 1)[0]
                raise RuntimeError(f"{path}: {status!r}")
            found = re.search(rb"(?i)content-length:\s*(\d+)", head)
            length = int(found.group(1)) if found else 0
            await reader.readexactly(length)
            counts[0] += 1
            counts[1] += length
        writer.close()

    started = time.monotonic()
    await asyncio.gather(*(worker(i) for i in range(connections)))
    elapsed = time.monotonic() - started
    return LoadResult("python-asyncio", counts[0] / elapsed, counts[1] / elapsed / 1e6)


def main() -> int:
    """Serve a root with the fallback server, or measure a server with ``--measure``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", type=Path)
    # Not 8801, the README's `newscrawl fixtures serve` port: both may run side by side.
    parser.add_argument("--port", type=int, default=8811, help="port to serve on (default 8811)")
    parser.add_argument("--measure", nargs="*", metavar="PATH", help="load-test these paths")
    parser.add_argument("--kind", default="auto", choices=("auto", "nginx", "python"))
    args = parser.parse_args()
    if args.measure is None:
        asyncio.run(_serve_forever(args.root, args.port))
        return 0
    with serve([args.root], kind=args.kind) as served:
        result = load_test(served.urls[0], args.measure or ["/"])
    print(
        f"server: {served.kind} serves {result.requests_per_s:,.0f} requests/s "
        f"({result.megabytes_per_s:,.0f} MB/s) to {result.client}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
