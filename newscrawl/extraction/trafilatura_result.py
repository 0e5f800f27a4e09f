"""trafilatura's reading of a page: its main text at once, its metadata fields on first use.

``trafilatura.bare_extraction(..., with_metadata=True)`` runs the whole metadata search on
every page: meta tags and JSON-LD, a byline search over a copy of the tree, htmldate's date
search, site name, categories, tags, licence. The generic page class asks for a metadata
field only when its own cascade (JSON-LD, meta tags, visible markup) left it unanswered, so
:class:`TrafilaturaResult` computes each field the first time it is read, with the same
trafilatura functions ``extract_metadata`` calls, and never the fields nobody reads.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from contextlib import suppress
from datetime import datetime
from functools import cached_property, lru_cache
from typing import Any, Final

from courlan import extract_domain
from htmldate import extractors as htmldate_extractors
from htmldate import find_date
from lxml import etree
from lxml.html import HtmlElement
from trafilatura.metadata import (
    examine_meta,
    extract_catstags,
    extract_meta_json,
    extract_title,
)
from trafilatura.settings import Document
from trafilatura.utils import line_processing

from newscrawl.extraction.trafilatura_byline import byline_search, may_hold_byline

__all__ = [
    "METADATA_FIELDS",
    "TrafilaturaResult",
    "may_hold_byline",
    "may_hold_category_links",
    "warm_up",
]

#: The metadata fields computed on demand.
METADATA_FIELDS: Final = ("title", "author", "date", "categories")

_LINK_TARGETS = etree.XPath("//a/@href", smart_strings=False)
#: What ``extract_catstags("category", …)`` requires of a link's ``href``.
_CATEGORY_HREF = re.compile(r"/categor(?:y|ies|s)?/")
_SECTION_META = etree.XPath(
    './/head//meta[@property="article:section" or contains(@name, "subject")][@content]'
)


def may_hold_category_links(tree: HtmlElement) -> bool:
    """False only when no link of the page has the ``/category/`` path that
    ``extract_catstags("category", tree)`` keeps, so its six expressions can find nothing."""
    return _CATEGORY_HREF.search("\n".join(_LINK_TARGETS(tree))) is not None


@lru_cache(maxsize=1)
def warm_up() -> None:
    """Load, once per process, the data trafilatura and htmldate load on first use.

    htmldate's dateparser reads each locale's data the first time a string makes it try that
    locale, and htmldate collects the month names of all locales on first use; courlan reads
    the public suffix list the first time trafilatura's metadata asks for a domain. Together
    about 1.2 s and 45 MB, held for the life of the process either way: loaded here they are
    paid by the first generic page, not by whichever page first reaches them mid-crawl (a
    German press release, an Arabic date line). A string no locale reads makes dateparser
    try them all.
    """
    # A warm-up: the real calls report their own errors.
    with suppress(Exception):
        htmldate_extractors.get_external_parser().get_date_data("0 qqq 0")
    with suppress(Exception):
        month_words = getattr(htmldate_extractors, "month_words", None)  # htmldate >= 1.10
        if month_words is not None:
            month_words()
    with suppress(Exception):
        extract_domain("https://www.example.com/")


def _section_meta(tree: HtmlElement) -> list[str]:
    # extract_catstags' own fallback for "category", for a page its expressions cannot match.
    found = (element.attrib["content"] for element in _SECTION_META(tree))
    return [r for r in dict.fromkeys(line_processing(x) for x in found if x) if r]


class TrafilaturaResult(Mapping[str, Any]):
    """A read-only mapping like ``Document.as_dict()``, metadata computed on first access.

    ``text_fields`` is what ``bare_extraction(..., with_metadata=False)`` returned (the main
    text and its parts). ``tree`` is the page's parsed tree (never modified: the byline
    search and htmldate work on copies). ``extensive_date`` turns on htmldate's extensive
    search (dateparser over the page text), worth its cost only when the page has no date of
    its own.
    """

    def __init__(
        self,
        text_fields: Mapping[str, Any],
        tree: HtmlElement,
        *,
        url: str | None,
        extensive_date: bool,
    ) -> None:
        # The first generic page pays for the libraries' data, not a page mid-crawl.
        warm_up()
        self._fields = {k: v for k, v in text_fields.items() if k not in METADATA_FIELDS}
        self._tree = tree
        self._url = url
        self._extensive_date = extensive_date

    def __getitem__(self, key: str) -> Any:
        if key in METADATA_FIELDS and key not in self._fields:
            self._fields[key] = self._compute(key)
        return self._fields[key]

    def __iter__(self) -> Iterator[str]:
        yield from self._fields
        yield from (k for k in METADATA_FIELDS if k not in self._fields)

    def __len__(self) -> int:
        return len(set(self._fields) | set(METADATA_FIELDS))

    @cached_property
    def _declared(self) -> Document:
        # extract_metadata's first steps: meta tags (an author without a space is dropped
        # there too, as a handle), then JSON-LD over them.
        document = examine_meta(self._tree)
        if document.author and " " not in document.author:
            document.author = None
        # trafilatura guards this call the same way: its JSON-LD reader has bugs of its own.
        with suppress(Exception):
            document = extract_meta_json(self._tree, document)
        return document

    def _compute(self, key: str) -> Any:
        if key == "title":
            return self._declared.title or extract_title(self._tree)
        if key == "author":
            if self._declared.author:
                return self._declared.author
            return byline_search(self._tree) if may_hold_byline(self._tree) else None
        if key == "categories":
            if self._declared.categories:
                return self._declared.categories
            if may_hold_category_links(self._tree):
                return extract_catstags("category", self._tree)
            return _section_meta(self._tree)
        return find_date(
            self._tree,
            url=self._url,
            original_date=True,
            extensive_search=self._extensive_date,
            max_date=datetime.now().astimezone().strftime("%Y-%m-%d"),
        )
