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
"""

from __future__ import annotations

import re
from functools import lru_cache

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
