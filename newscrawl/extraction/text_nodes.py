"""The visible text nodes before and after an element, read lazily in document order.

``(following::text()[normalize-space()][not(ancestor::script …)])[position() <= 400]`` is
what the generic page's date line reads after the headline, but libxml2 evaluates the
predicates on every text node to the end of the document before the position limit applies
(0.45 ms on a news page), and the ``preceding::`` expression walks everything before the
headline (0.25 ms). The line is usually among the first twenty nodes. These generators
yield the same nodes in the same order one at a time, so a reader that stops early pays only
for what it read.

A node is a :class:`TextNode`: its text and the element lxml's ``getparent()`` gives for the
same XPath result (the element holding the text, or the element whose tail it is).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from lxml import etree

#: Elements whose text readers do not see.
HIDDEN_TAGS = frozenset({"script", "style", "aside", "nav"})
# XPath's whitespace (``normalize-space``): space, tab, carriage return, line feed only.
_XPATH_SPACE = " \t\r\n"
_EVENTS = ("start", "end", "comment", "pi")


class TextNode(NamedTuple):
    """One text node: its text, and the element it belongs to (see the module docstring)."""

    text: str
    owner: etree._Element


def _visible(text: str | None) -> str | None:
    # The text when XPath's normalize-space() of it is not empty.
    return text if text and text.strip(_XPATH_SPACE) else None


def _subtree(node: etree._Element, covered: bool) -> Iterator[TextNode]:
    # ``node``'s text nodes, its own tail last; ``covered``: a hidden element is above it.
    if not isinstance(node.tag, str):  # a comment or processing instruction: its tail only
        tail = _visible(node.tail)
        if tail is not None and not covered:
            yield TextNode(tail, node)
        return
    depth = 0  # hidden elements open inside the subtree
    for event, el in etree.iterwalk(node, events=_EVENTS):
        if event == "start":
            if el.tag in HIDDEN_TAGS:
                depth += 1
            text = None if covered or depth else _visible(el.text)
            if text is not None:
                yield TextNode(text, el)
            continue
        if event == "end" and el.tag in HIDDEN_TAGS:
            depth -= 1
        tail = None if covered or depth else _visible(el.tail)
        if tail is not None:
            yield TextNode(tail, el)


def following_texts(element: etree._Element) -> Iterator[TextNode]:
    """``following::text()[normalize-space()][not(ancestor::script or ancestor::style or
    ancestor::aside or ancestor::nav)]``, in document order, computed as it is read."""
    ancestors = list(element.iterancestors())
    # covered[i]: whether ancestors[i] or an element above it is hidden.
    covered = [False] * (len(ancestors) + 1)
    for i in range(len(ancestors) - 1, -1, -1):
        covered[i] = covered[i + 1] or ancestors[i].tag in HIDDEN_TAGS
    node = element
    for level in range(len(ancestors) + 1):
        above = covered[level]  # for the nodes after ``node`` and before its parent's end
        tail = None if above else _visible(node.tail)
        if tail is not None:
            yield TextNode(tail, node)
        for sibling in node.itersiblings():
            yield from _subtree(sibling, above)
        if level < len(ancestors):
            node = ancestors[level]


def preceding_texts(element: etree._Element) -> Iterator[TextNode]:
    """``preceding::text()[normalize-space()][not(ancestor::…)]`` (the hidden elements of
    :func:`following_texts`), in document order from the start of the document, computed as
    it is read."""
    root = element.getroottree().getroot()
    depth = 0
    for event, el in etree.iterwalk(root, events=_EVENTS):
        if event == "start":
            if el is element:
                return
            if el.tag in HIDDEN_TAGS:
                depth += 1
            text = None if depth else _visible(el.text)
            if text is not None:
                yield TextNode(text, el)
            continue
        if event == "end" and el.tag in HIDDEN_TAGS:
            depth -= 1
        tail = None if depth else _visible(el.tail)
        if tail is not None:
            yield TextNode(tail, el)
