"""TrafilaturaResult's shortcuts change no result; its warm-up loads what first use would.

``may_hold_byline`` and ``may_hold_category_links`` let :class:`TrafilaturaResult` skip
``extract_author`` and ``extract_catstags`` on pages they cannot match. Here both functions run
on every fixture page and on pages written to hit each branch of their expressions, and
whatever the shortcut decides, the field must be what trafilatura itself returns.
``warm_up`` runs in a subprocess, since the suite's own process has loaded the data already.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree
from lxml.html import HtmlElement
from trafilatura.metadata import extract_author, extract_catstags

from newscrawl.extraction.trafilatura_result import (
    TrafilaturaResult,
    _section_meta,
    may_hold_byline,
    may_hold_category_links,
)
from tests.conftest import SITE_PAGES as PAGES
from tests.conftest import SITES, parsel_tree, site_page_text


def _fields(tree: HtmlElement) -> tuple[object, object]:
    result = TrafilaturaResult({}, tree, url=None, extensive_date=False)
    return result["author"], result["categories"]


def _plain(tree: HtmlElement) -> tuple[object, object]:
    # What _compute returned before the shortcuts (no declared author or category here).
    declared = TrafilaturaResult({}, tree, url=None, extensive_date=False)._declared
    return (
        declared.author or extract_author(tree),
        declared.categories or extract_catstags("category", tree),
    )


def _article(inner: str, head: str = "") -> str:
    return (
        f"<html><head><title>A page</title>{head}</head><body><main><h1>A headline here</h1>"
        f"{inner}<p>{'Body text of the article, long enough to read. ' * 8}</p>"
        "</main></body></html>"
    )


BYLINE_MARKUP = [
    '<span class="author">Dana Bekova</span>',
    '<a rel="author" href="/team/dana">Dana Bekova</a>',
    '<div id="author">Dana Bekova</div>',
    '<span itemprop="author name">Dana Bekova</span>',
    '<div data-testid="AuthorCard">Dana Bekova</div>',
    '<p class="post-AuthorName">Dana Bekova</p>',
    '<span class="byline">Dana Bekova</span>',
    '<span class="BBL">Dana Bekova</span>',
    '<span class="username">dana_b</span>',
    '<h3 class="journalist-name">Dana Bekova</h3>',
    '<section class="screenname">Dana Bekova</section>',
    '<section class="writer-box">Dana Bekova</section>',
    '<section data-component="ArticleByline">Dana Bekova</section>',
    '<div id="zuozhe">Dana Bekova</div>',
    "<author>Dana Bekova</author>",
    "<p><rel>me</rel>Dana Bekova</p>",
]


@pytest.mark.parametrize("markup", BYLINE_MARKUP)
def test_each_kind_of_byline_markup_reaches_trafilatura(markup: str) -> None:
    tree = parsel_tree(_article(markup))
    assert may_hold_byline(tree)
    author, _ = _fields(tree)
    assert author == extract_author(tree)
    assert author == "dana_b" or (author is not None and "Dana" in author)


def test_a_page_without_byline_markup_skips_the_search_and_finds_nothing() -> None:
    tree = parsel_tree(
        _article(
            '<div class="meta"><time>3 May 2023</time></div>',
            head='<meta name="description" content="Notes by the author, a writer">',
        )
    )
    # "author"/"writer" in a meta description is no attribute the byline expressions read.
    assert not may_hold_byline(tree)
    assert extract_author(tree) is None
    assert _fields(tree)[0] is None


def test_category_links_only_when_a_link_has_a_category_path() -> None:
    with_links = parsel_tree(
        _article('<div class="entry-meta"><a href="/category/politics/">Politics</a></div>')
    )
    assert may_hold_category_links(with_links)
    assert _fields(with_links)[1] == ["Politics"] == extract_catstags("category", with_links)
    tag_links = parsel_tree(
        _article('<div class="entry-meta"><a href="/tag/politics/">Politics</a></div>')
    )
    assert not may_hold_category_links(tag_links)
    assert extract_catstags("category", tag_links) == []


def test_without_category_links_the_section_meta_fallback_still_answers() -> None:
    tree = parsel_tree(
        _article(
            "<p>No links at all.</p>",
            head='<meta property="article:section" content=" Economy "><meta name="dc.subject"'
            ' content="Economy">',
        )
    )
    assert not may_hold_category_links(tree)
    assert _fields(tree)[1] == extract_catstags("category", tree) == ["Economy"]


@pytest.mark.parametrize("path", PAGES, ids=lambda p: str(p.relative_to(SITES)))
def test_fixture_pages_get_what_trafilatura_returns(path: Path) -> None:
    tree = parsel_tree(site_page_text(path))
    etree.strip_tags(tree, etree.Comment)
    if not may_hold_byline(tree):
        assert extract_author(tree) is None
    if not may_hold_category_links(tree):
        assert extract_catstags("category", tree) == _section_meta(tree)
    assert _fields(tree) == _plain(tree)


_WARM_UP_PROBE = """
from dateparser.languages.loader import LocaleDataLoader
import tld.utils
from lxml.html import fromstring
from newscrawl.extraction.trafilatura_result import TrafilaturaResult
before = (len(LocaleDataLoader._loaded_locales), len(tld.utils.tld_names))
TrafilaturaResult({}, fromstring("<html><body><p>x</p></body></html>"), url=None,
                  extensive_date=False)
print(*before, len(LocaleDataLoader._loaded_locales), len(tld.utils.tld_names))
"""


def test_the_first_result_loads_the_date_locales_and_the_suffix_list() -> None:
    out = subprocess.run(
        [sys.executable, "-c", _WARM_UP_PROBE], capture_output=True, text=True, check=True
    ).stdout.split()
    locales_before, suffixes_before, locales_after, suffixes_after = map(int, out)
    assert (locales_before, suffixes_before) == (0, 0)
    # dateparser ships some 200 locales; a warm-up that stopped at the first would load one.
    assert locales_after > 150
    assert suffixes_after >= 1
