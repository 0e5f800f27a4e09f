"""The examples of README.md and docs/ marked ``<!-- runnable -->`` run, and succeed.

A marked fenced block (```` ```python ```` or ```` ```sh ````) is run against the crawl of the
Orda.kz fixture editions in the embedded SecantusDB server: Python blocks of one file in
order, in one namespace (a later block uses what an earlier one defined), with ``MONGO_URI``
and ``MONGO_DATABASE`` in the environment; shell blocks with ``bash -e``, the same
environment, ``HOST_ROUTER_URL`` pointing at the fixture sites, and ``.venv/bin/`` meaning
this interpreter's scripts directory. A block that raises or exits non-zero fails its file.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from newscrawl.fixtures.server import FixtureHTTPServer
from tests.conftest import ROOT, MongoServer

pytestmark = pytest.mark.crawl

DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
_BLOCK = re.compile(r"<!-- runnable -->\s*\n```(python|sh)\n(.*?)\n```", re.DOTALL)


def runnable_blocks(path: Path) -> list[tuple[str, str]]:
    """``(language, code)`` of every marked block of ``path``, in order."""
    return _BLOCK.findall(path.read_text(encoding="utf-8"))


DOCUMENTED = [path for path in DOCUMENTS if runnable_blocks(path)]


@pytest.fixture(scope="module")
def crawled(orda_editions_database: str) -> str:
    """Both Orda editions, crawled once per session (the examples only read them)."""
    return orda_editions_database


def test_some_examples_are_marked() -> None:
    """Guard against the marker silently matching nothing."""
    names = {path.name for path in DOCUMENTED}
    assert {"consumers.md"} <= names


@pytest.fixture
def docs_env(
    crawled: str, mongo_server: MongoServer, fixture_server: FixtureHTTPServer, tmp_path: Path
) -> dict[str, str]:
    """Where the examples find the database, the sites and their home directory."""
    return {
        "MONGO_URI": mongo_server.uri,
        "MONGO_DATABASE": crawled,
        "HOST_ROUTER_URL": fixture_server.url,
        "NEWSCRAWL_HOME": str(tmp_path),
    }


@pytest.mark.parametrize("path", DOCUMENTED, ids=lambda p: p.name)
def test_runnable_examples(
    path: Path, docs_env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    env = docs_env
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    scripts = str(Path(sys.executable).parent) + "/"
    namespace: dict[str, object] = {"__name__": f"docs_{path.stem}"}
    for number, (language, code) in enumerate(runnable_blocks(path), start=1):
        where = f"{path.name} runnable block {number}"
        if language == "python":
            exec(compile(code, where, "exec"), namespace)
            continue
        proc = subprocess.run(
            ["bash", "-e", "-o", "pipefail", "-c", code.replace(".venv/bin/", scripts)],
            cwd=ROOT,
            env={**os.environ, **env},
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert proc.returncode == 0, f"{where}:\n{code}\n{proc.stderr[-3000:]}"
        assert proc.stdout.strip(), f"{where} printed nothing"
