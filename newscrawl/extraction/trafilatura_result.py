"""trafilatura's reading of a page: its main text at once, its metadata fields on first use.

``trafilatura.bare_extraction(..., with_metadata=True)`` runs the whole metadata search on
every page: meta tags and JSON-LD, a byline search over a copy of the tree, htmldate's date
search, site name, categories, tags, licence. The generic page class asks for a metadata
field only when its own cascade (JSON-LD, meta tags, visible markup) left it unanswered, so
:class:`TrafilaturaResult` computes each field the first time it is read, with the same
trafilatura functions ``extract_metadata`` calls, and never the fields nobody reads.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import suppress
from datetime import datetime
from functools import cached_property
from typing import Any, Final

from htmldate import find_date
from lxml.html import HtmlElement
from trafilatura.metadata import (
    examine_meta,
    extract_author,
    extract_catstags,
    extract_meta_json,
    extract_title,
)
from trafilatura.settings import Document

__all__ = ["METADATA_FIELDS", "TrafilaturaResult"]

#: The metadata fields computed on demand.
METADATA_FIELDS: Final = ("title", "author", "date", "categories")


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
            return self._declared.author or extract_author(self._tree)
        if key == "categories":
            return self._declared.categories or extract_catstags("category", self._tree)
        return find_date(
            self._tree,
            url=self._url,
            original_date=True,
            extensive_search=self._extensive_date,
            max_date=datetime.now().astimezone().strftime("%Y-%m-%d"),
        )
