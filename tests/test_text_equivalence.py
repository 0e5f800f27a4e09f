"""The fast forms of the text, metadata and selector helpers against their plain definitions.

Each helper was rewritten for speed (``bench.extract --profile``); the plain definitions below
are what they must still compute, checked on hostile strings and on every fixture page.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
from lxml import etree
from lxml.html import HtmlComment, HtmlElement
from parsel import Selector
from scrapy.responsetypes import responsetypes

from newscrawl.extract import response_class_from_body
from newscrawl.extraction.css import PageSelector, compiled, first_string, required_tags, select
from newscrawl.extraction.metadata import _metadata_nodes
from newscrawl.extraction.page import page_selector, parsed_markup
from newscrawl.extraction.text import element_text, normalize_space
from tests.conftest import SITE_PAGES as PAGES
from tests.conftest import SITES, site_page_text


def _plain_normalize_space(text: str) -> str:
    """The original three substitutions, every run of spaces replaced."""
    text = re.sub(r"[\u200b-\u200d\u2060\ufeff\u00ad]", "", text)
    text = re.sub(r"[ \t\r\f\v\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+", " ", text)
    return re.sub(r"\s*\n\s*", "\n", text).strip()


def test_normalize_space_matches_the_plain_definition_on_every_short_mix() -> None:
    # Every string of up to four characters from the characters the patterns treat apart:
    # single and double spaces, other spaces, newlines, zero-width, other \s characters.
    alphabet = "a \t\n\r\u00a0\u2002\u3000\u200b\u00ad\u2028\x1c\x85."
    for size in range(5):
        for chars in itertools.product(alphabet, repeat=size):
            text = "".join(chars)
            assert normalize_space(text) == _plain_normalize_space(text), repr(text)


def test_normalize_space_matches_the_plain_definition_on_fixture_text() -> None:
    for path in PAGES[::5]:
        for text in Selector(text=site_page_text(path)).xpath("//body//text()").getall():
            assert normalize_space(text) == _plain_normalize_space(text)


_UNION = etree.XPath(
    '//script[contains(@type, "ld+json")] | //meta[@content]'
    ' | //link[@href and (@rel="canonical" or @rel="amphtml")]'
)


@pytest.mark.parametrize("path", PAGES[::3], ids=lambda p: str(p.relative_to(SITES)))
def test_metadata_nodes_are_the_xpath_union_in_document_order(path: Path) -> None:
    root = Selector(text=site_page_text(path)).root
    assert list(_metadata_nodes(root)) == _UNION(root)


def test_metadata_nodes_keep_only_what_the_union_keeps() -> None:
    root = Selector(
        text="<html><head><script type='text/javascript'>x</script>"
        "<script type='application/ld+json'>{}</script><meta name='a'>"
        "<meta name='b' content=''><link rel='stylesheet' href='s.css'>"
        "<link rel='canonical'><link rel='amphtml' href='/amp/'></head>"
        "<body><meta itemprop='c' content='1'></body></html>"
    ).root
    found = list(_metadata_nodes(root))
    assert found == _UNION(root)
    assert [n.tag for n in found] == ["script", "meta", "link", "meta"]


def _site_selectors() -> set[str]:
    """Every CSS selector the site page classes and the base class evaluate."""
    from newscrawl.extraction.page import ArticlePage
    from newscrawl.sites import orda, tengrinews

    classes = {ArticlePage, *(e.page_class for e in (*orda.EDITIONS, *tengrinews.EDITIONS))}
    found = {"div.content_main_desc", "h1.tn-content-title", "h1", "article", "p"}
    for cls in classes:
        for name in dir(cls):
            value = getattr(cls, name)
            if name.endswith("_selectors") and isinstance(value, tuple):
                found.update(value)
        found.add(", ".join(cls.body_exclude))
    found.update(f"{css} ::text" for css in orda.OrdaArticlePage.credit_selectors)
    return found


SELECTORS = sorted(_site_selectors())


@pytest.mark.parametrize("path", PAGES, ids=lambda p: str(p.relative_to(SITES)))
def test_compiled_selectors_find_what_parsel_finds(path: Path) -> None:
    sel = Selector(text=site_page_text(path))
    # The whole page, and the containers the exclusion query runs inside.
    scopes = [sel, *sel.css(".post-content, div.content_main_text, div.tn-news-text")]
    for scope in scopes:
        for css in SELECTORS:
            expected = [found.root for found in scope.css(css)]
            assert select(scope.root, css) == expected, css
            assert first_string(scope.root, css) == scope.css(css).get(), css
    page = PageSelector(sel.root)
    for css in SELECTORS:
        assert page.select(css) == [found.root for found in sel.css(css)], css
        assert page.strings(css) == sel.css(css).getall(), css


def test_required_tags_are_the_tags_every_match_needs() -> None:
    assert required_tags("time[itemprop=datePublished]::attr(datetime)") == {"time"}
    assert required_tags(".post-date time::attr(datetime)") == {"time"}
    assert required_tags("article TIME") == {"article", "time"}
    assert required_tags("ol.breadCrumb-ls li:last-child span::text") == {"ol", "li", "span"}
    assert required_tags("a:not(b)") == {"a"}
    # Nothing is required of a list of selectors or of a bare class.
    assert required_tags("script, style") == frozenset()
    assert required_tags(".post-content") == frozenset()


def test_a_page_without_the_tag_skips_the_selector_and_one_with_it_does_not() -> None:
    without = PageSelector(Selector(text="<html><body><p datetime='x'>a</p></body></html>").root)
    assert without.select("p::attr(datetime)") == ["x"]
    assert without.select("time::attr(datetime)") == []
    assert not without.has_tag("time")
    with_time = Selector(text="<html><body><article><time datetime='t'>1</time></article></html>")
    page = PageSelector(with_time.root)
    assert page.first_string("article time::attr(datetime)") == "t"
    assert page.has_tag("time")


#: Tags a selector may name, the ones the parser invents without a start tag among them.
SCREENED_TAGS = ("time", "article", "meta", "h1", "h2", "nav", "p", "body", "head", "html", "tbody")


@pytest.mark.parametrize("path", PAGES, ids=lambda p: str(p.relative_to(SITES)))
def test_the_source_screen_answers_has_tag_as_the_tree_does(path: Path) -> None:
    text = site_page_text(path)
    root = page_selector(text).root
    walked, screened = PageSelector(root), PageSelector(root, parsed_markup(text))
    for tag in SCREENED_TAGS:
        assert screened.has_tag(tag) == walked.has_tag(tag), tag


def test_the_source_screen_never_hides_an_element_the_parser_made() -> None:
    cases = {
        # libxml2 opens the document frame around loose text by itself.
        "loose words": {"html": True, "body": True, "time": False},
        "<TIME DATETIME=x>1</TIME>": {"time": True},
        "<div><time/></div>": {"time": True},
        # Another tag's name, a comment's and a script's text make no <time>.
        "<timeline>1</timeline><!-- <time> --><script>'<time>'</script>": {"time": False},
        # NUL bytes are dropped before parsing, so "<ti\0me>" is a <time>.
        "<ti\x00me>1</time>": {"time": True},
    }
    for markup, expected in cases.items():
        root = page_selector(markup).root
        page = PageSelector(root, parsed_markup(markup))
        for tag, present in expected.items():
            assert page.has_tag(tag) is present, (markup, tag)
            assert PageSelector(root).has_tag(tag) is present, (markup, tag)


def test_leading_any_tag_class_and_attribute_steps_move_to_the_attribute_axis() -> None:
    any_class = compiled(".post-content").path
    assert any_class.startswith("descendant-or-self::*/@class[")
    assert compiled('[rel="author"]').path == ("descendant-or-self::*/@rel[. = 'author']/parent::*")
    union = compiled("script, .share ::text").path
    assert union.startswith("descendant-or-self::script | descendant-or-self::*/@class[")
    assert union.endswith("/parent::*/descendant-or-self::text()")
    # A tag, a second class or a second step's class stays as cssselect wrote it.
    assert compiled("div.post-content").path.startswith("descendant-or-self::div[@class")
    assert "@class[" not in compiled(".a.b").path
    assert compiled("article .content").path.startswith("descendant-or-self::article/")


def test_rewritten_selectors_match_on_a_page_of_near_misses() -> None:
    page = Selector(
        text="<html><body><div class='post-content-x'><p class=' post-content '>a</p></div>"
        "<span class='post-contentish share'>b<i rel='author me'>c</i></span>"
        "<a rel='author'>d</a><b itemprop='author'><a rel='Author'>e</a></b></body></html>"
    )
    for css in (".post-content", ".share ::text", '[rel="author"]', '[itemprop="author"] a'):
        assert select(page.root, css) == [found.root for found in page.css(css)], css
    assert [element_text(n) for n in select(page.root, ".post-content")] == ["a"]


def test_content_hash_collapses_exactly_what_a_whitespace_regex_collapses() -> None:
    import hashlib
    import sys
    import unicodedata

    from newscrawl.normalize.content import content_hash

    def plain(title: str, body: str) -> str:
        text = unicodedata.normalize("NFC", f"{title}\n\n{body}")
        return hashlib.sha256(re.sub(r"\s+", " ", text).strip().encode()).hexdigest()

    spaces = "".join(ch for ch in map(chr, range(sys.maxunicode + 1)) if re.fullmatch(r"\s", ch))
    assert content_hash(" T\u00a0", f"a{spaces}b\u200bc e\u0301 ") == plain(
        " T\u00a0", f"a{spaces}b\u200bc e\u0301 "
    )
    for body in ("", " ", "x", spaces, f"{spaces}x{spaces}"):
        assert content_hash("t", body) == plain("t", body)


_BODY_KINDS = [
    b"",
    b"<html><body>x</body></html>",
    b"<!DOCTYPE HTML><p>no html tag</p>",
    b"<?xml version='1.0'?><rss/>",
    b"plain text, nothing else",
    b"%PDF-1.7\n\x01\x02 binary",
    b"tab\tnewline\ncr\r and NUL\x00 only",
    b"\x1b[31m coloured terminal output",
    b"x" * 4999 + b"\x07",  # a control byte at the last position read
    b"x" * 5000 + b"\x07",  # and one just beyond it
    b"<HTML>" + bytes(range(256)),
]


@pytest.mark.parametrize("body", _BODY_KINDS, ids=range(len(_BODY_KINDS)))
def test_response_class_from_body_is_scrapys_on_every_kind_of_body(body: bytes) -> None:
    assert response_class_from_body(body) is responsetypes.from_body(body)


def test_response_class_from_body_is_scrapys_on_every_fixture_page() -> None:
    for path in PAGES:
        body = path.read_bytes()
        assert response_class_from_body(body) is responsetypes.from_body(body), path
    for control in range(32):
        body = b"<html>" + bytes([control])
        assert response_class_from_body(body) is responsetypes.from_body(body), control


@pytest.mark.parametrize("path", PAGES, ids=lambda p: str(p.relative_to(SITES)))
def test_page_selector_without_comments_is_parsels_tree_stripped(
    path: Path,
) -> None:
    text = site_page_text(path)
    plain = Selector(text=text).root
    etree.strip_tags(plain, etree.Comment)
    assert etree.tostring(page_selector(text, drop_comments=True).root) == etree.tostring(plain)


@pytest.mark.parametrize(
    "text",
    ["", "   ", "\x00", "<!-- only a comment -->", "<p>a<!--x-->b<b>c</b>d<!-- y -->e</p>"],
)
def test_page_selector_without_comments_on_degenerate_text(text: str) -> None:
    plain = Selector(text=text).root
    etree.strip_tags(plain, etree.Comment)
    assert etree.tostring(page_selector(text, drop_comments=True).root) == etree.tostring(plain)


@pytest.mark.parametrize("path", PAGES, ids=lambda p: str(p.relative_to(SITES)))
def test_page_selector_keeping_comments_is_parsels_tree(path: Path) -> None:
    text = site_page_text(path)
    mine = page_selector(text).root
    assert etree.tostring(mine) == etree.tostring(Selector(text=text).root)


_FORM = (
    "<html><head><title>t</title></head><body><!-- c --><form action='/s'>"
    "<label for='q'>Q</label><input name='q' value='1'><select><option>a</option></select>"
    "<textarea>x</textarea></form><p>text</p></body></html>"
)


@pytest.mark.parametrize("drop_comments", [True, False])
def test_page_selector_makes_every_element_a_plain_html_element(drop_comments: bool) -> None:
    # lxml.html's parser would make <form>, <input>, <select>, <textarea> and <label>
    # FormElement, InputElement…, chosen in Python per element; trafilatura only needs
    # HtmlElement's methods.
    root = page_selector(_FORM, drop_comments=drop_comments).root
    elements = [el for el in root.iter() if isinstance(el.tag, str)]
    assert {el.tag for el in elements} >= {"form", "input", "select", "textarea", "label"}
    assert {type(el) for el in elements} == {HtmlElement}
    comments = [el for el in root.iter() if isinstance(el, etree._Comment)]
    assert [type(c) for c in comments] == ([] if drop_comments else [HtmlComment])
    assert root.find(".//p").text_content() == "text"
