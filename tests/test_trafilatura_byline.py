"""``byline_search`` returns what ``trafilatura.metadata.extract_author`` returns.

trafilatura's own function runs beside it on every fixture page (parsed with and without
comments) and on pages written to hit each predicate of trafilatura's byline expressions and
each way its deletion of comment sections, dates and figures changes what a byline reads.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree
from lxml.html import HtmlElement
from trafilatura.metadata import extract_author

from newscrawl.extraction import trafilatura_byline
from newscrawl.extraction.page import page_selector
from newscrawl.extraction.trafilatura_byline import byline_search
from tests.conftest import SITE_PAGES as PAGES
from tests.conftest import SITES, parsel_tree, site_page_text

_FILLER = "<p>" + "Body text of the article, long enough to read. " * 6 + "</p>"


def _page(inner: str, head: str = "") -> str:
    return (
        f"<html><head><title>A page</title>{head}</head><body><main><h1>A headline</h1>"
        f"{inner}{_FILLER}</main></body></html>"
    )


@pytest.mark.parametrize("path", PAGES, ids=lambda p: str(p.relative_to(SITES)))
@pytest.mark.parametrize("drop_comments", [True, False])
def test_fixture_pages_get_trafilaturas_byline(path: Path, drop_comments: bool) -> None:
    tree = page_selector(site_page_text(path), drop_comments=drop_comments).root
    assert byline_search(tree) == extract_author(tree)


# Each: the markup, and the byline trafilatura's expressions read from it (checked by hand
# against the expressions and the deletion, not copied from either function's output).
CASES = [
    # one per predicate of the three expressions
    ('<span class="author">Dana Bekova</span>', "Dana Bekova"),
    ('<a rel="author" href="/team/dana">Dana Bekova</a>', "Dana Bekova"),
    ('<div id="author">Dana Bekova</div>', "Dana Bekova"),
    ('<span itemprop="author name">Dana Bekova</span>', "Dana Bekova"),
    ('<div data-testid="AuthorURL">Dana Bekova</div>', "Dana Bekova"),
    ('<p class="post-authorName">Dana Bekova</p>', "Dana Bekova"),
    ('<span class="byl">Dana Bekova</span>', "Dana Bekova"),
    ('<span class="BBL">Dana Bekova</span>', "Dana Bekova"),
    ('<h4 itemprop="creator author">Dana Bekova</h4>', "Dana Bekova"),
    ('<div id="xiaobian-box">Dana Bekova</div>', "Dana Bekova"),
    ('<span class="posted-by">Dana Bekova</span>', "Dana Bekova"),
    ('<section data-component="TopByline">Dana Bekova</section>', "Dana Bekova"),
    ('<li id="Author-1">Dana Bekova</li>', "Dana Bekova"),
    ('<em class="screenname">Dana Bekova</em>', "Dana Bekova"),
    ("<author>Dana Bekova</author>", "Dana Bekova"),
    # class matches no predicate (case matters where trafilatura's regex has no [Aa])
    ('<span class="BYLINE">Dana Bekova</span>', None),
    ('<li class="post-Writer">Dana Bekova</li>', None),
    # the first expression's match wins over an earlier match of a later expression
    (
        '<li class="Author-box">Arman Seitov</li><span class="author">Dana Bekova</span>',
        "Dana Bekova",
    ),
    (
        '<span class="byline">Arman Seitov</span><p class="post-authorName">Dana Bekova</p>',
        "Dana Bekova",
    ),
    # deleted with an ancestor: a comment section, a date line, a sidebar, a figure
    (
        '<span class="date"><span class="author">Arman Seitov</span></span>'
        '<span class="byline">Dana Bekova</span>',
        "Dana Bekova",
    ),
    (
        '<div id="comments"><span class="author">Arman Seitov</span></div>'
        '<span class="byline">Dana Bekova</span>',
        "Dana Bekova",
    ),
    ('<div class="sidebar-box"><span class="author">Arman Seitov</span></div>', None),
    ('<figure><span class="author">Arman Seitov</span></figure>', None),
    # the candidate itself deleted: <time class="author">, a span of class "date"
    ('<time class="author">Arman Seitov</time><p class="byline">Dana Bekova</p>', "Dana Bekova"),
    # a deleted child's tail joins the text before it without a space
    ('<span class="author">Dana<time>3 May</time>Bekova</span>', "DanaBekova"),
    # (trafilatura's normalize_authors then drops "By" and the initial's dot)
    ('<span class="author">Dana <b>B.</b><time>3 May</time> Bekova</span>', "Dana B Bekova"),
    # (joined to the previous sibling's tail, a piece of its own, not to its text)
    ('<span class="author">Dana<b>B</b><time>3 May</time>ekova</span>', "Dana B ekova"),
    ('<span class="author">By<figure>x</figure><time>y</time> Dana Bekova</span>', "Dana Bekova"),
    # an entity reads as its text; a comment is not read, its tail is
    (
        '<span class="author">Dana Bekova<!-- staff --> and Arman Seitov</span>',
        "Dana Bekova; Arman Seitov",
    ),
    # too long to be a byline: the next candidate is read
    (
        f'<div class="author-box">{"Dana Bekova writes about energy. " * 5}</div>'
        '<span class="author-name">Arman Seitov</span>',
        "Arman Seitov",
    ),
    ('<span class="author">AB</span>', None),
]


@pytest.mark.parametrize(("markup", "expected"), CASES)
def test_each_predicate_and_deletion_reads_what_trafilatura_reads(
    markup: str, expected: str | None
) -> None:
    tree = parsel_tree(_page(markup))
    assert extract_author(tree) == expected
    assert byline_search(tree) == expected


def test_an_entity_reads_as_its_text() -> None:
    tree = parsel_tree(_page('<span class="author">Dana Bekova</span>'))
    span = tree.find(".//span")
    assert span is not None
    span.text = "Dana"
    entity = etree.Entity("nbsp")
    entity.tail = "Bekova"
    span.append(entity)
    # "Dana &nbsp; Bekova", which normalize_authors splits at the "&".
    assert byline_search(tree) == extract_author(tree) == "Dana; Nbsp; Bekova"


def test_a_rel_element_and_a_subtree_are_left_to_trafilatura(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[HtmlElement] = []

    def counting(tree: HtmlElement) -> str | None:
        calls.append(tree)
        return extract_author(tree)

    monkeypatch.setattr(trafilatura_byline, "extract_author", counting)
    with_rel = parsel_tree(_page("<p><rel>me</rel>Dana Bekova</p>"))
    assert byline_search(with_rel) == extract_author(with_rel)
    main = parsel_tree(_page('<span class="author">Dana Bekova</span>')).find(".//main")
    assert main is not None
    assert byline_search(main) == extract_author(main) == "Dana Bekova"
    assert calls == [with_rel, main]


def test_the_installed_expressions_are_the_transcribed_ones(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if not trafilatura_byline._SAME_EXPRESSIONS:
        pytest.skip("this trafilatura's byline expressions differ: extract_author runs")

    def unexpected(tree: HtmlElement) -> str | None:
        raise AssertionError("the transcribed predicates should have answered")

    monkeypatch.setattr(trafilatura_byline, "extract_author", unexpected)
    assert byline_search(parsel_tree(_page('<span class="author">Dana Bekova</span>'))) == (
        "Dana Bekova"
    )
