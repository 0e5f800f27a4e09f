"""Structured metadata a page declares about itself: JSON-LD, OpenGraph, meta tags, links.

This is the first layer of every extraction cascade: what the publisher states in machine-readable
form beats anything guessed from the visible markup. Parsing is tolerant by design: a broken
JSON-LD block is skipped (and reported through :attr:`PageMetadata.errors`), never fatal.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import etree
from parsel import Selector

#: schema.org types that describe an article (NewsArticle and its relatives).
ARTICLE_TYPES = frozenset(
    {
        "Article",
        "NewsArticle",
        "ReportageNews",
        "AnalysisNewsArticle",
        "OpinionNewsArticle",
        "BackgroundNewsArticle",
        "BlogPosting",
        "LiveBlogPosting",
        "Report",
        "ScholarlyArticle",
    }
)

# Control characters are not valid in JSON strings but publishers emit them anyway.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# Trailing commas before a closing bracket are the other common JSON-LD defect.
_TRAILING_COMMA = re.compile(r",\s*([\]}])")


@dataclass
class PageMetadata:
    """Everything a page declares in its ``<head>`` and JSON-LD, parsed once per page."""

    jsonld: list[dict[str, Any]] = field(default_factory=list)
    meta: dict[str, list[str]] = field(default_factory=dict)
    canonical: str | None = None
    html_lang: str | None = None
    amphtml: str | None = None
    errors: list[str] = field(default_factory=list)

    def first(self, *names: str) -> str | None:
        """The first non-empty value among meta tags ``names`` (property, name or itemprop)."""
        for name in names:
            for value in self.meta.get(name.lower(), ()):
                if value.strip():
                    return value.strip()
        return None

    def all(self, name: str) -> list[str]:
        """Every non-empty value of a repeatable meta tag such as ``article:tag``."""
        return [v.strip() for v in self.meta.get(name.lower(), ()) if v.strip()]

    def article(self) -> dict[str, Any] | None:
        """The JSON-LD object describing the article, if the page has one.

        When several qualify (a page listing related stories in JSON-LD), the one with an
        ``articleBody`` or the longest headline wins, as it is most likely the main item.
        """
        candidates = [obj for obj in self.jsonld if _types(obj) & ARTICLE_TYPES]
        if not candidates:
            return None
        return max(
            candidates,
            key=lambda o: (bool(o.get("articleBody")), len(str(o.get("headline") or ""))),
        )

    def webpage(self) -> dict[str, Any] | None:
        """The JSON-LD ``WebPage`` object, which Yoast puts dates on when there is no article."""
        for obj in self.jsonld:
            if _types(obj) & {"WebPage", "ItemPage"}:
                return obj
        return None


def _types(obj: dict[str, Any]) -> set[str]:
    value = obj.get("@type")
    if isinstance(value, str):
        return {value}
    if isinstance(value, list):
        return {v for v in value if isinstance(v, str)}
    return set()


def _flatten(node: Any) -> Iterator[dict[str, Any]]:
    """Yield every JSON-LD object, descending into ``@graph`` arrays and plain lists."""
    if isinstance(node, list):
        for child in node:
            yield from _flatten(child)
    elif isinstance(node, dict):
        graph = node.get("@graph")
        if graph is not None:
            yield from _flatten(graph)
        if "@type" in node:
            yield node


#: :attr:`PageMetadata.errors` entry of a JSON-LD block nested too deeply to parse.
JSONLD_TOO_DEEP = "json-ld: nested too deeply"


def parse_jsonld(text: str) -> Any:
    """Parse one ``<script type="application/ld+json">`` body, repairing common defects.

    Raises ``ValueError`` when the text is not JSON even after repair.
    """
    text = text.strip()
    # Some CMSs wrap the block in an HTML comment or CDATA.
    text = text.removeprefix("<!--").removesuffix("-->").strip()
    text = text.removeprefix("//<![CDATA[").removesuffix("//]]>").strip()
    try:
        return json.loads(text)
    except ValueError:
        repaired = _TRAILING_COMMA.sub(r"\1", _CONTROL_CHARS.sub(" ", text))
        return json.loads(repaired)


#: The ``<link rel>`` values read_metadata keeps.
_HEAD_LINKS = frozenset({"canonical", "amphtml"})


def _metadata_nodes(root: etree._Element) -> Iterator[etree._Element]:
    """Every node read_metadata needs, in document order, in one pass over the page (JSON-LD
    and microdata meta tags may sit in ``<body>``): JSON-LD scripts, meta tags with content,
    canonical and AMP links.

    lxml's tag-filtered ``iter`` walks the tree in C and makes Python objects only for the
    three tags; the equivalent XPath union (three ``//`` scans, predicates on every node, a
    merge) took twice as long on 55 KB pages."""
    for node in root.iter("script", "meta", "link"):
        tag = node.tag
        if tag == "script":
            if "ld+json" in (node.get("type") or ""):
                yield node
        elif tag == "meta":
            if node.get("content") is not None:
                yield node
        elif node.get("href") is not None and node.get("rel") in _HEAD_LINKS:
            yield node


def read_metadata(sel: Selector) -> PageMetadata:
    """Collect JSON-LD objects, meta tags and head links from a parsed HTML page."""
    md = PageMetadata()
    root = sel.root
    if not isinstance(root, etree._Element):
        return md
    links: dict[str, str] = {}
    document = root.getroottree().getroot()
    for node in _metadata_nodes(document):
        tag = node.tag
        if tag == "script":
            if node.text is None:
                continue
            try:
                md.jsonld.extend(_flatten(parse_jsonld(node.text)))
            except ValueError as exc:
                md.errors.append(f"json-ld: {exc}")
            except RecursionError:
                # Nesting deeper than Python's stack (a hostile or broken block): this block
                # is skipped and counted, the page's other evidence still makes the article.
                md.errors.append(JSONLD_TOO_DEEP)
        elif tag == "meta":
            key = (node.get("property") or node.get("name") or node.get("itemprop") or "").lower()
            if key:
                md.meta.setdefault(key, []).append(node.get("content"))
        else:
            # the first of each, as a browser and a search engine take it
            links.setdefault(node.get("rel"), node.get("href"))
    md.canonical = _clean(links.get("canonical"))
    md.amphtml = _clean(links.get("amphtml"))
    md.html_lang = _clean(document.get("lang")) if document.tag == "html" else None
    return md


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    return value or None


def jsonld_text(value: Any) -> str | None:
    """A JSON-LD property as text (entities decoded), ``{"name": …}`` objects by name."""
    if isinstance(value, str):
        # Publishers double-encode: "Arnault&#8217;s" inside a JSON string is an apostrophe.
        text = html.unescape(value) if "&" in value else value
        return text.strip() or None
    if isinstance(value, dict):
        return jsonld_text(value.get("name") or value.get("@value"))
    if isinstance(value, list) and value:
        return jsonld_text(value[0])
    return None


def jsonld_names(value: Any) -> list[str]:
    """Names from a JSON-LD ``author``-like property (string, object, or a list of either)."""
    items = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in items:
        name = jsonld_text(item)
        if name:
            names.append(name)
    return names


def jsonld_urls(value: Any) -> list[str]:
    """URLs from a JSON-LD ``image``-like property (string, ImageObject, or a list)."""
    items = value if isinstance(value, list) else [value]
    urls: list[str] = []
    for item in items:
        if isinstance(item, str) and item.strip():
            urls.append(item.strip())
        elif isinstance(item, dict):
            url = item.get("url") or item.get("contentUrl")
            if isinstance(url, str) and url.strip():
                urls.append(url.strip())
    return urls
