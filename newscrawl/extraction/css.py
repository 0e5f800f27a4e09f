"""CSS selectors compiled once to lxml XPath, evaluated on lxml elements without parsel.

The page classes declare their selectors in CSS (with parsel's ``::text`` and
``::attr(name)``). ``Selector.css`` translates and evaluates them per call and wraps every
result in a new ``Selector``; here each selector is translated once by parsel's own
translator, compiled, and returns the lxml nodes (or strings) themselves, which
:func:`~newscrawl.extraction.text.element_text` reads directly.

One rewrite makes the common selectors cheaper without changing what they find: a first step
``descendant-or-self::*[@class …]`` or ``descendant-or-self::*[@rel = 'author']`` (a class or
an attribute on any tag, as ``.post-content`` and ``[rel="author"]`` translate) tests its
predicate on every element of a 55 KB page; ``descendant-or-self::*/@class[…]/parent::*``
tests it only on the elements that have that attribute, which libxml2 does in about 60 % of
the time. Both select the same elements, in document order.

:class:`PageSelector` adds one shortcut for a whole page: a selector that names tags
(``time[itemprop=datePublished]``, ``article time``) finds nothing on a page without one of
them, and whether a page has any ``<time>`` at all is one C-level walk, cached per page,
instead of one XPath evaluation per selector (en.orda.kz pages have none, and the base class
tries six ``time`` selectors for the visible date). Given the page's source, it first looks
for the start tag there: a page whose markup never writes ``<time`` has no ``<time>``
element, and searching the text costs a fifth of walking the tree.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import cssselect
from lxml import etree
from parsel.csstranslator import HTMLTranslator

_TRANSLATOR = HTMLTranslator()
_ANY = "descendant-or-self::*"
# The predicate cssselect writes for one class on any tag (names without quotes only).
_CLASS_STEP = re.compile(
    r"descendant-or-self::\*\[@class and contains\(@class, '(?P<name>[\w-]+)'\) and "
    r"contains\(concat\(' ', normalize-space\(@class\), ' '\), ' (?P=name) '\)\]"
)
# ... and for [attr="value"] on any tag.
_ATTRIBUTE_STEP = re.compile(r"descendant-or-self::\*\[@(?P<attr>[\w-]+) = '(?P<value>[\w -]*)'\]")
# What may follow a rewritten first step: nothing, the next step, or the next union member.
_STEP_END = re.compile(r"$|/| \| ")


def _attribute_first(xpath: str) -> str:
    """``xpath`` with each union member's leading any-tag class or attribute test moved onto
    the attribute axis (see the module docstring); anything else is left as it is."""
    rewritten = []
    for member in xpath.split(" | "):
        match = _CLASS_STEP.match(member) or _ATTRIBUTE_STEP.match(member)
        if match is not None and _STEP_END.match(member, match.end()):
            groups = match.groupdict()
            if "name" in groups:
                name = groups["name"]
                step = (
                    f"{_ANY}/@class[contains(., '{name}') and "
                    f"contains(concat(' ', normalize-space(.), ' '), ' {name} ')]/parent::*"
                )
            else:
                step = f"{_ANY}/@{groups['attr']}[. = '{groups['value']}']/parent::*"
            rewritten.append(step + member[match.end() :])
        else:
            rewritten.append(member)
    return " | ".join(rewritten)


@lru_cache(maxsize=512)
def compiled(css: str) -> etree.XPath:
    """The compiled XPath of a CSS selector (parsel's dialect), strings as plain ``str``."""
    return etree.XPath(_attribute_first(_TRANSLATOR.css_to_xpath(css)), smart_strings=False)


def select(node: etree._Element, css: str) -> list[etree._Element | str]:
    """What ``Selector(root=node).css(css)`` finds, as lxml nodes and strings."""
    result = compiled(css)(node)
    assert isinstance(result, list)
    return result


def select_strings(node: etree._Element, css: str) -> list[str]:
    """What ``Selector(root=node).css(css).getall()`` gives: the strings a ``::text`` or
    ``::attr()`` selector finds (an element's markup for a selector without either)."""
    return [_string(found) for found in select(node, css)]


def first_string(node: etree._Element, css: str) -> str | None:
    """What ``Selector(root=node).css(css).get()`` gives: the first of :func:`select_strings`."""
    found = select(node, css)
    return _string(found[0]) if found else None


def _string(found: etree._Element | str) -> str:
    if isinstance(found, str):
        return found
    return str(etree.tostring(found, method="html", encoding="unicode", with_tail=False))


def _named_tags(tree: Any) -> set[str] | None:
    """The tag names every element a parsed selector (cssselect's tree) matches must have
    around it, or None where the selector's form is not one read here."""
    if isinstance(tree, cssselect.parser.CombinedSelector):
        left, right = _named_tags(tree.selector), _named_tags(tree.subselector)
        return None if left is None or right is None else left | right
    if isinstance(tree, cssselect.parser.Element):
        if tree.namespace is not None:
            return None
        return {tree.element.lower()} if tree.element else set()
    if isinstance(
        tree,
        cssselect.parser.Class
        | cssselect.parser.Attrib
        | cssselect.parser.Hash
        | cssselect.parser.Pseudo
        | cssselect.parser.Function
        | cssselect.parser.Negation,
    ):
        # The element part of the compound; a negated part requires nothing.
        return _named_tags(tree.selector)
    return None


@lru_cache(maxsize=512)
def required_tags(css: str) -> frozenset[str]:
    """Tags that must all occur under the context node for ``css`` to match anything (empty
    when unknown, e.g. for a list of selectors)."""
    try:
        parsed = cssselect.parse(css)
    except cssselect.SelectorError:
        return frozenset()
    if len(parsed) != 1:
        return frozenset()
    return frozenset(_named_tags(parsed[0].parsed_tree) or ())


#: Elements libxml2's HTML parser creates without their start tag in the source: the
#: document's frame, and (before libxml2 2.14) the paragraph it opened around loose text.
_IMPLIED_TAGS = frozenset({"html", "head", "body", "p"})


@lru_cache(maxsize=256)
def _start_tag(tag: str) -> re.Pattern[str]:
    # "<time>" or "<TIME/>", not "<timeline>": a name character after it (libxml2's are
    # ASCII letters, digits and "_.:-") makes another tag. Any other match only means the
    # tree is walked.
    return re.compile(rf"<{re.escape(tag)}(?![A-Za-z0-9_.:-])", re.IGNORECASE)


class PageSelector:
    """:func:`select` and friends on one page's root, skipping selectors whose tags the page
    lacks (see the module docstring).

    ``source`` is the markup the tree was parsed from, if known: a tag whose start tag it
    never writes is known absent without walking the tree.
    """

    __slots__ = ("_present", "root", "source")

    def __init__(self, root: etree._Element, source: str | None = None) -> None:
        self.root = root
        self.source = source
        self._present: dict[str, bool] = {}

    def has_tag(self, tag: str) -> bool:
        """Whether the page has an element ``tag`` (cached)."""
        present = self._present.get(tag)
        if present is None:
            written = (
                self.source is None
                or tag in _IMPLIED_TAGS
                or _start_tag(tag).search(self.source) is not None
            )
            present = written and next(self.root.iter(tag), None) is not None
            self._present[tag] = present
        return present

    def select(self, css: str) -> list[etree._Element | str]:
        """:func:`select` on the page root."""
        if not all(self.has_tag(tag) for tag in required_tags(css)):
            return []
        return select(self.root, css)

    def first_string(self, css: str) -> str | None:
        """:func:`first_string` on the page root."""
        found = self.select(css)
        return _string(found[0]) if found else None

    def strings(self, css: str) -> list[str]:
        """:func:`select_strings` on the page root."""
        return [_string(found) for found in self.select(css)]
