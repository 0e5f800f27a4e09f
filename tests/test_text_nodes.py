"""The lazy text-node walks against the XPath axes they replace (``text_nodes``)."""

from __future__ import annotations

import pytest
from lxml import etree

from newscrawl.extraction.page import page_selector
from newscrawl.extraction.text_nodes import HIDDEN_TAGS, following_texts, preceding_texts
from tests.conftest import SITE_PAGES as PAGES
from tests.conftest import site_page_text

_VISIBLE = "text()[normalize-space()][not({})]".format(
    " or ".join(f"ancestor::{tag}" for tag in sorted(HIDDEN_TAGS))
)
_FOLLOWING = etree.XPath(f"following::{_VISIBLE}")
_PRECEDING = etree.XPath(f"preceding::{_VISIBLE}")


def _by_xpath(xpath: etree.XPath, element: etree._Element) -> list[tuple[str, etree._Element]]:
    return [(str(text), text.getparent()) for text in xpath(element)]


def _check(root: etree._Element, every: int = 1) -> int:
    # Every element's walks, or every ``every``-th element's and every heading's (the
    # elements the date line starts from).
    checked = 0
    elements = list(root.iter(etree.Element))  # XPath takes no comment as its context
    for index, element in enumerate(elements):
        if index % every and element.tag not in ("h1", "h2"):
            continue
        following = [(node.text, node.owner) for node in following_texts(element)]
        preceding = [(node.text, node.owner) for node in preceding_texts(element)]
        assert following == _by_xpath(_FOLLOWING, element), element
        assert preceding == _by_xpath(_PRECEDING, element), element
        checked += 1
    return checked


# Hidden elements around and inside the element, tails of comments and hidden elements,
# whitespace XPath keeps as text (a no-break space) and whitespace it does not.
_HOSTILE = """<html><head><title>T</title><style>p {}</style></head><body>
  lead text<nav><h1>In nav</h1>nav tail<p>in nav</p></nav>after nav
  <div><!-- c -->comment tail<aside><p>aside <b>bold</b> tail</p></aside>
  <h1 id="h">Headline <span>inner</span> end</h1>headline tail
  <script>var x = 1;</script>script tail\u00a0<p>\t\r\n</p><p>\u00a0</p>
  <p>Published <time>1 May 2024</time>.</p></div>last<?pi x?>pi tail
</body></html>"""


@pytest.mark.parametrize("drop_comments", [True, False])
def test_the_walks_match_the_xpath_axes_on_hostile_markup(drop_comments: bool) -> None:
    if drop_comments:
        root = page_selector(_HOSTILE, drop_comments=True).root
    else:
        root = etree.fromstring(_HOSTILE, etree.HTMLParser())
    assert _check(root) > 15


def test_the_walks_match_the_xpath_axes_on_every_fixture_page() -> None:
    checked = 0
    for path in PAGES:
        text = site_page_text(path)
        checked += _check(page_selector(text, drop_comments=True).root, every=10)
    assert checked > 1_000


def test_a_reader_that_stops_early_reads_only_what_it_needs() -> None:
    root = page_selector(_HOSTILE, drop_comments=True).root
    headline = root.xpath("//h1[@id='h']")[0]
    walk = following_texts(headline)
    # The headline's own words are not after it; the script's text is hidden, its tail is not.
    assert [next(walk).text.strip() for _ in range(2)] == ["headline tail", "script tail"]
    assert walk.gi_frame is not None  # suspended, the rest of the page not yet read
    assert [node.text.strip() for node in preceding_texts(headline)] == [
        "T",
        "lead text",
        "after nav",
        "comment tail",
    ]
