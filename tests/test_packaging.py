"""What ``pip install .`` brings, and what newscrawl says when the embedded extra is missing.

SecantusDB is GPL-2.0-only and newscrawl BSD-3-Clause: the plain package must not depend on it,
only the ``embedded`` extra may.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

from newscrawl.fixtures.server import FixtureHTTPServer
from tests.conftest import ROOT

# Run newscrawl as if the extra were not installed: an import of ``secantus`` finds nothing.
WITHOUT_SECANTUS = "import sys; sys.modules['secantus'] = None; "


@pytest.fixture(scope="module")
def wheel_metadata(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The ``Requires-Dist`` lines of a wheel built from the checkout, offline."""
    source = tmp_path_factory.mktemp("source")
    # A copy, so that the build leaves no build/ or egg-info behind in the checkout.
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    shutil.copytree(
        ROOT / "newscrawl", source / "newscrawl", ignore=shutil.ignore_patterns("__pycache__")
    )
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            *(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps"),
            *("--no-build-isolation", "--no-index", "--wheel-dir", str(out), str(source)),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = out.glob("newscrawl-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        (name,) = (n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        metadata = Parser().parsestr(archive.read(name).decode())
    return metadata.get_all("Requires-Dist") or []


def _requirement_name(line: str) -> str:
    match = re.match(r"[A-Za-z0-9._-]+", line)
    assert match, line
    return match.group(0).lower()


def test_plain_install_does_not_bring_secantusdb(wheel_metadata: list[str]) -> None:
    plain = [line for line in wheel_metadata if "extra ==" not in line]
    assert "scrapy" in {_requirement_name(line) for line in plain}  # the list is the real one
    assert "secantusdb" not in {_requirement_name(line) for line in plain}


def test_the_embedded_extra_brings_secantusdb(wheel_metadata: list[str]) -> None:
    secantus = [line for line in wheel_metadata if _requirement_name(line) == "secantusdb"]
    assert secantus
    assert all(re.search(r"""extra\s*==\s*["']embedded["']""", line) for line in secantus)


def _without_secantus(code: str, *argv: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NEWSCRAWL_HOME": str(home)}
    env.pop("MONGO_URI", None)
    return subprocess.run(
        [sys.executable, "-c", WITHOUT_SECANTUS + code, *argv],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("command", [["db", "start"], ["demo"]])
def test_without_the_extra_one_line_says_what_to_install(
    command: list[str], tmp_path: Path
) -> None:
    done = _without_secantus(
        "from newscrawl.cli import main; sys.exit(main(sys.argv[1:]))", *command, home=tmp_path
    )
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "pip install 'newscrawl[embedded]'" in lines[0]
    assert "MONGO_URI" in lines[0]
    assert not (tmp_path / "db" / "server.json").exists()


def test_a_crawl_without_the_extra_or_mongo_uri_fails_with_the_hint(
    fixture_server: FixtureHTTPServer, tmp_path: Path
) -> None:
    done = _without_secantus(
        "from scrapy.cmdline import execute; execute()",
        *("crawl", "orda_en", "-s", f"HOST_ROUTER_URL={fixture_server.url}"),
        *("-s", "MONGO_URI=", "-s", "LOG_LEVEL=INFO"),
        home=tmp_path,
    )
    assert done.returncode != 0
    errors = [line for line in done.stderr.splitlines() if "ERROR" in line]
    assert len(errors) == 1, done.stderr[-3000:]
    assert "pip install 'newscrawl[embedded]'" in errors[0]
    assert "'item_scraped_count'" not in done.stderr
