"""``trafilatura.metadata.extract_author`` without its deep copy and its regex callbacks.

:func:`may_hold_byline` tells, from one walk of the attribute axis, whether the search can
find anything at all; :func:`byline_search` then answers for ``extract_author``.

trafilatura's byline search copies the whole tree, deletes comment sections, dates and
figures from the copy (``AUTHOR_DISCARD_XPATHS``), then runs three expressions
(``AUTHOR_XPATHS``) whose ``re:test`` predicates call back into Python for every element:
about 7 ms on a news page. :func:`byline_search` answers the same on the parsed tree itself:
it reads the attributes of the elements that have any of the attributes those expressions
test, applies the same predicates in Python to them (in document order, one expression after
the other, as ``extract_metainfo`` does), skips an element the deletion would have removed,
and reads a candidate's text as it would read in the pruned copy (a deleted child's tail
joined to the text before it, as ``delete_element`` joins it). The tree is not modified.

The predicates are transcribed from trafilatura's expressions; :data:`TRANSCRIBED` holds
the expressions they were transcribed from, and when the installed trafilatura's differ
(another version), :func:`byline_search` is ``extract_author`` itself.
"""

from __future__ import annotations

import re
from typing import Final

from lxml import etree
from lxml.html import HtmlElement
from trafilatura.json_metadata import normalize_authors
from trafilatura.metadata import extract_author
from trafilatura.utils import trim
from trafilatura.xpaths import AUTHOR_DISCARD_XPATHS, AUTHOR_XPATHS

__all__ = ["TRANSCRIBED", "byline_search", "may_hold_byline"]

#: The whitespace-normalized text of the expressions the predicates below transcribe
#: (trafilatura 2.3.1's ``AUTHOR_XPATHS`` and ``AUTHOR_DISCARD_XPATHS``).
TRANSCRIBED: Final = (
    "//*[self::a or self::address or self::div or self::link or self::p or self::span or "
    "self::strong][ @rel='author' or @id='author' or @class='author' or @itemprop='author "
    "name' or rel='me' or @data-testid='AuthorCard' or @data-testid='AuthorURL' or "
    "re:test(@class, 'author-?name|AuthorName|authorName')]|//author",
    "//*[self::a or self::div or self::h3 or self::h4 or self::p or self::span][ "
    "@class='byline' or @class='username' or @class='byl' or @class='BBL' or "
    "contains(@itemprop, 'author') or re:test(@id, 'author|zuozhe|bianji|xiaobian') or "
    "re:test(@class, 'author|channel-name|zuozhe|bianji|xiaobian|submitted-by|posted-by|"
    "journalist-name')]",
    "//*[ contains(@data-component, 'Byline') or contains(@itemprop, 'author') or "
    "re:test(@id, '[Aa]uthor') or re:test(@class, '[Aa]uthor|screenname|writer|[Bb]yline')]",
    ".//*[self::a or self::div or self::section or self::span][ @id='comments' or "
    "@class='comments' or @class='title' or @class='date' or re:test(@id, "
    "'^comments|comment-?list|ProductReviews') or re:test(@class, '^[Cc]omments|commentlist|"
    "comments-list|sidebar|is-hidden|quote|embedly-instagram|article-(?:share|support)|print|"
    "category|meta-date|meta-reviewer') or contains(@data-component, 'Figure')]",
    "//time|//figure",
)


def _installed() -> tuple[str, ...]:
    return tuple(
        " ".join(expression.path.split()) for expression in (*AUTHOR_XPATHS, *AUTHOR_DISCARD_XPATHS)
    )


_SAME_EXPRESSIONS: Final = _installed() == TRANSCRIBED

# The attribute values ``trafilatura.xpaths.AUTHOR_XPATHS`` test, gathered as plain strings
# in one walk of the attribute axis (their own expressions test a dozen predicates on every
# element, 1.5 ms each on a news page), plus the two element names they accept whatever the
# attributes: ``//author`` and the ``rel`` child that ``rel='me'`` (an element test, not an
# attribute one) asks for.
_BYLINE_ATTRIBUTES = etree.XPath(
    "//@class | //@id | //@rel | //@itemprop | //@data-testid | //@data-component",
    smart_strings=False,
)
_BYLINE_ELEMENTS = etree.XPath("boolean(//author | //rel)")
#: Every word those expressions look for, lowercased: a superset of each test (``[Aa]uthor``,
#: ``@class='BBL'``, ``'byl'``, ``contains(@data-component, 'Byline')``…).
_BYLINE_WORDS = re.compile(
    "author|byl|bbl|username|zuozhe|bianji|xiaobian|channel-name|submitted-by|posted-by"
    "|journalist-name|screenname|writer"
)
#: Every element any of the expressions can select: those with an attribute they test, and
#: ``<author>``; and ``<rel>``: ``rel='me'`` tests the text of a child *element* named
#: ``rel``, which the deletion can change, so a page with one is left to trafilatura. Those
#: whose attribute values hold none of :data:`_BYLINE_WORDS` are not tested further.
_CANDIDATES = etree.XPath(
    "//*[@class or @id or @rel or @itemprop or @data-testid or @data-component] | //author | //rel"
)
_SPECIFIC_TAGS: Final = frozenset({"a", "address", "div", "link", "p", "span", "strong"})
_SPECIFIC_CLASS = re.compile("author-?name|AuthorName|authorName")
_GENERIC_TAGS: Final = frozenset({"a", "div", "h3", "h4", "p", "span"})
_GENERIC_CLASSES: Final = frozenset({"byline", "username", "byl", "BBL"})
_GENERIC_ID = re.compile("author|zuozhe|bianji|xiaobian")
_GENERIC_CLASS = re.compile(
    "author|channel-name|zuozhe|bianji|xiaobian|submitted-by|posted-by|journalist-name"
)
_LAST_RESORT_ID = re.compile("[Aa]uthor")
_LAST_RESORT_CLASS = re.compile("[Aa]uthor|screenname|writer|[Bb]yline")
_DISCARD_TAGS: Final = frozenset({"a", "div", "section", "span"})
_DISCARD_ID = re.compile("^comments|comment-?list|ProductReviews")
_DISCARD_CLASS = re.compile(
    "^[Cc]omments|commentlist|comments-list|sidebar|is-hidden|quote|embedly-instagram"
    "|article-(?:share|support)|print|category|meta-date|meta-reviewer"
)
_ALWAYS_DISCARDED: Final = frozenset({"time", "figure"})
#: ``extract_author``'s ``len_limit``.
_MAX_CHARS = 120


def may_hold_byline(tree: HtmlElement) -> bool:
    """False only when ``trafilatura.metadata.extract_author(tree)`` is sure to find nothing.

    Its expressions select elements by ``class``, ``id``, ``rel``, ``itemprop``,
    ``data-testid`` and ``data-component`` values holding one of a few words; when no such
    attribute on the page holds any of them (case aside) and there is no ``<author>`` or
    ``<rel>`` element, no expression can match, and even :func:`byline_search` (which
    answers for ``extract_author`` without its copy and regex callbacks) is skipped.
    """
    if _BYLINE_ELEMENTS(tree):
        return True
    values = _BYLINE_ATTRIBUTES(tree)
    return bool(values) and _BYLINE_WORDS.search("\n".join(values).lower()) is not None


# The three expressions' predicates, in trafilatura's order. XPath's @a is "" when the
# attribute is missing, for contains() and re:test() alike.


def _specific(element: etree._Element) -> bool:
    tag = element.tag
    if tag == "author":
        return True
    if tag not in _SPECIFIC_TAGS:
        return False
    get = element.get
    cls = get("class", "")
    return (
        get("rel") == "author"
        or get("id") == "author"
        or cls == "author"
        or get("itemprop") == "author name"
        or get("data-testid") in ("AuthorCard", "AuthorURL")
        or _SPECIFIC_CLASS.search(cls) is not None
    )


def _generic(element: etree._Element) -> bool:
    if element.tag not in _GENERIC_TAGS:
        return False
    get = element.get
    cls = get("class", "")
    return (
        cls in _GENERIC_CLASSES
        or "author" in get("itemprop", "")
        or _GENERIC_ID.search(get("id", "")) is not None
        or _GENERIC_CLASS.search(cls) is not None
    )


def _last_resort(element: etree._Element) -> bool:
    get = element.get
    return (
        "Byline" in get("data-component", "")
        or "author" in get("itemprop", "")
        or _LAST_RESORT_ID.search(get("id", "")) is not None
        or _LAST_RESORT_CLASS.search(get("class", "")) is not None
    )


_EXPRESSIONS: Final = (_specific, _generic, _last_resort)


def _discarded(element: etree._Element) -> bool:
    # Whether AUTHOR_DISCARD_XPATHS select the element itself (not an ancestor).
    tag = element.tag
    if tag in _ALWAYS_DISCARDED:
        return True
    if tag not in _DISCARD_TAGS:
        return False
    get = element.get
    cls = get("class", "")
    ident = get("id", "")
    return (
        ident == "comments"
        or cls in ("comments", "title", "date")
        or _DISCARD_ID.search(ident) is not None
        or _DISCARD_CLASS.search(cls) is not None
        or "Figure" in get("data-component", "")
    )


def _pieces(element: etree._Element, out: list[str]) -> None:
    # itertext() of the element in the pruned copy: its text, each kept child's pieces and
    # tail; a deleted child's tail joined to the piece before it (delete_element appends it
    # to the previous sibling's tail or to the parent's text). As in itertext(), an entity
    # gives its text ("&nbsp;") and tail, a comment or processing instruction its tail only.
    out.append(element.text or "")
    for child in element:
        if not isinstance(child.tag, str):
            if child.tag is etree.Entity:
                out.append(child.text or "")
            out.append(child.tail or "")
        elif _discarded(child):
            out[-1] += child.tail or ""
        else:
            _pieces(child, out)
            out.append(child.tail or "")


def _kept(element: etree._Element, root: etree._Element) -> bool:
    # Not deleted with itself or an ancestor; the discard expressions select descendants of
    # the root (".//*"; "//time" cannot be the <html> root).
    node: etree._Element | None = element
    while node is not None and node is not root:
        if _discarded(node):
            return False
        node = node.getparent()
    return True


def byline_search(tree: HtmlElement) -> str | None:
    """What ``trafilatura.metadata.extract_author(tree)`` returns, without copying the tree."""
    # trafilatura searches a copy of ``tree``: the same scope only when ``tree`` is the root.
    if not _SAME_EXPRESSIONS or tree.getparent() is not None:
        return extract_author(tree)
    candidates = []
    for element in _CANDIDATES(tree):
        tag = element.tag
        if tag == "rel":
            return extract_author(tree)
        marks = " ".join(value for _, value in element.items()).lower()
        if tag == "author" or _BYLINE_WORDS.search(marks):
            candidates.append(element)
    kept: dict[etree._Element, bool] = {}
    for matches in _EXPRESSIONS:
        for element in candidates:
            if not matches(element):
                continue
            if element not in kept:
                kept[element] = _kept(element, tree)
            if not kept[element]:
                continue
            pieces: list[str] = []
            _pieces(element, pieces)
            content = trim(" ".join(pieces))
            if content and 2 < len(content) < _MAX_CHARS:
                return normalize_authors(None, content)
    return None
