"""newscrawl.extract and ``newscrawl extract``: one page in, the stored document out."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

import newscrawl
from newscrawl.cli import main
from tests.conftest import ROOT

EXPECTED = ROOT / "fixtures" / "expected"
SITES = ROOT / "fixtures" / "sites"


def _first_absolute_case(site: str) -> dict[str, Any]:
    # A case whose expected date is absolute (relative ones depend on the fetch time).
    for path in sorted((EXPECTED / site).glob("*.json")):
        if path.name.startswith("_"):
            continue
        case: dict[str, Any] = json.loads(path.read_text(encoding="utf8"))
        if not case["expected"].get("published_relative"):
            return case
    raise AssertionError(f"no absolute case for {site}")


SITE_NAMES = sorted(p.name for p in EXPECTED.iterdir() if p.is_dir())


@pytest.mark.parametrize("site", SITE_NAMES)
def test_extract_command_prints_the_fields_of_a_fixture_page(
    site: str, capsys: pytest.CaptureFixture[str]
) -> None:
    case = _first_absolute_case(site)
    page = SITES / site / case["page"]
    assert main(["extract", str(page), "--url", case["url"]]) == 0
    printed = json.loads(capsys.readouterr().out)
    expected = case["expected"]
    assert printed["title"] == expected["title"]
    assert case["body_contains"][0] in printed["body"]
    for absent in case.get("body_not_contains", []):
        assert absent not in printed["body"]
    assert printed["not_article"] is None
    assert {"published_at", "published_precision"} <= set(printed)
    # en.orda.kz pages carry no date: a crawl takes it from the sitemap, which a lone page lacks.
    if "published_at" in expected and expected.get("published_source") not in ("sitemap", "feed"):
        wanted = datetime.fromisoformat(expected["published_at"])
        assert datetime.fromisoformat(printed["published_at"]) == wanted
        assert printed["published_precision"] in ("day", "minute", "second")


def test_extract_json_prints_the_whole_document(capsys: pytest.CaptureFixture[str]) -> None:
    case = _first_absolute_case("tengrinews.kz")
    assert (
        main(
            ["extract", str(SITES / "tengrinews.kz" / case["page"]), "--url", case["url"], "--json"]
        )
        == 0
    )
    printed = json.loads(capsys.readouterr().out)
    for key in ("content_hash", "published_tz_source", "published_day", "provenance", "authors"):
        assert key in printed
    assert printed["spider"] == "tengrinews"
    assert printed["site"] == "tengrinews.kz"


def test_bad_path_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["extract", str(tmp_path / "missing.html")]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert len(captured.err.strip().splitlines()) == 1
    assert "missing.html" in captured.err


def test_non_html_input_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    binary = tmp_path / "photo.jpg"
    binary.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 8)
    assert main(["extract", str(binary)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert len(captured.err.strip().splitlines()) == 1


def test_package_attribute_is_lazy_and_is_the_entry_point() -> None:
    assert callable(newscrawl.extract)
    with pytest.raises(AttributeError):
        _ = newscrawl.no_such_thing  # type: ignore[attr-defined]


def test_unknown_host_uses_the_generic_page_and_keeps_the_written_day() -> None:
    html = (
        """<!doctype html><html lang="en"><head><title>Bridge reopens - Valley Post</title>
    <meta property="og:site_name" content="Valley Post">
    <meta name="author" content="Valley Post">
    <meta property="article:published_time" content="2024-03-01">
    </head><body><nav><a href="/">Home</a> <a href="/news/">News</a></nav>
    <article><h1>Bridge reopens after a year of repairs</h1>
    <p class="byline">By <a rel="author" href="/staff/mara-lind">Mara Lind</a></p>
    """
        + "".join(
            f"<p>Paragraph {i} about the bridge, its repairs, the detours drivers took and "
            f"what the council said about the cost of the work over the year.</p>"
            for i in range(8)
        )
        + """</article><aside><h2>Latest news</h2><ul><li><a href="/x">Other story</a></li>
    </ul></aside><footer>© Valley Post</footer></body></html>"""
    )
    doc = newscrawl.extract(
        html,
        "https://valleypost.example/news/bridge-reopens-after-a-year-of-repairs",
        fetched_at=datetime(2026, 1, 1, tzinfo=UTC),
    )
    assert doc["not_article"] is None
    assert doc["spider"] == "generic"
    # Date only: 1 March, 00:00 UTC, never the evening of 29 February.
    assert doc["published_at"] == datetime(2024, 3, 1, tzinfo=UTC)
    assert (doc["published_precision"], doc["published_day"]) == ("day", "2024-03-01")
    # The meta author is the site's own name: the visible byline wins.
    assert doc["authors_raw"] == ["Mara Lind"]
    assert "Other story" not in doc["body"]
    assert "Paragraph 7" in doc["body"]
