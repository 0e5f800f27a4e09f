"""One page in, the document a crawl would store out: ``newscrawl.extract``.

Everything that extracts without crawling (the ``newscrawl extract`` command, the evaluation
adapter, benchmarks, notebooks) goes through :func:`extract`, which runs the same code path as
a crawl: the bytes decoded as Scrapy decodes a response, the page class of the host's edition
(Orda.kz, Tengrinews.kz editions; the generic page class for any other host), then the
normalization pipelines a crawl runs before storing (dates, language, attribution, content
hash). Nothing is written anywhere.
"""

from __future__ import annotations

import sys
import types
from collections.abc import Mapping
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from scrapy.http import Headers, Response, TextResponse
from scrapy.responsetypes import responsetypes

from newscrawl.extraction.page import PageInput
from newscrawl.normalize.urls import url_host
from newscrawl.pipelines.attribution import AttributionPipeline
from newscrawl.pipelines.content import ContentHashPipeline
from newscrawl.pipelines.dates import DatesPipeline
from newscrawl.pipelines.language import LanguagePipeline
from newscrawl.sites import orda, tengrinews
from newscrawl.sites.edition import Edition
from newscrawl.sites.generic import generic_edition
from newscrawl.store.documents import article_document

__all__ = ["NotHTMLError", "edition_for_host", "extract"]


class NotHTMLError(ValueError):
    """The input is not an HTML page (a PDF, an image, a binary file)."""


#: The editions newscrawl has page classes for, by host.
KNOWN_EDITIONS: dict[str, Edition] = {
    e.profile.site: e for e in (*orda.EDITIONS, *tengrinews.EDITIONS)
}


@lru_cache(maxsize=4096)
def edition_for_host(host: str) -> Edition:
    """The edition whose page class reads ``host``: a known site's, else a generic one."""
    return KNOWN_EDITIONS.get(host) or generic_edition(host, None)


def _spider_name(edition: Edition) -> str:
    # The spider a crawl of this host runs under (``orda``, ``tengrinews``, ``generic``).
    known = KNOWN_EDITIONS.get(edition.profile.site)
    return known.profile.outlet_id or "generic" if known is not None else "generic"


def _decode(html: str | bytes, url: str, headers: Mapping[str, str]) -> str:
    if isinstance(html, str):
        return html
    scrapy_headers = Headers(dict(headers))
    cls = responsetypes.from_args(headers=scrapy_headers, url=url)
    if cls is Response:
        cls = response_class_from_body(html)
    if not issubclass(cls, TextResponse) or _looks_binary(html):
        raise NotHTMLError(f"not an HTML page ({cls.__name__})")
    response = cls(url=url, body=html, headers=scrapy_headers, status=200)
    assert isinstance(response, TextResponse)
    text: str = response.text
    return text


#: The bytes ``scrapy.utils.python.binary_is_text`` counts as binary: controls but NUL, tab,
#: line feed and carriage return.
_CONTROL_BYTES = bytes(i for i in range(32) if i not in (0, 9, 10, 13))


def response_class_from_body(body: bytes) -> type[Response]:
    """``responsetypes.from_body(body)``, with its control-byte test done in one C call.

    Scrapy tests the first 5,000 bytes one by one in a generator (0.1 ms a page, on every
    page without a ``Content-Type``); ``bytes.translate`` deleting those bytes answers the
    same question. The rest is ``from_body``'s own order of markers.
    """
    chunk = body[:5000]
    if len(chunk.translate(None, _CONTROL_BYTES)) != len(chunk):
        return responsetypes.from_mimetype("application/octet-stream")
    lowered = chunk.lower()
    if b"<html>" in lowered:
        return responsetypes.from_mimetype("text/html")
    if b"<?xml" in lowered:
        return responsetypes.from_mimetype("text/xml")
    if b"<!doctype html>" in lowered:
        return responsetypes.from_mimetype("text/html")
    return responsetypes.from_mimetype("text")


def _looks_binary(data: bytes) -> bool:
    # Scrapy reads an unknown body as text when nothing says otherwise; NUL bytes in the first
    # kilobytes (outside UTF-16, which has a BOM) mean it is not markup.
    head = data[:4096]
    return b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff"))


#: The pipelines a crawl runs before validation and storage, in ITEM_PIPELINES order. They
#: hold no per-item state, so one instance of each serves every call.
_STAGES = (DatesPipeline(), LanguagePipeline(), AttributionPipeline(), ContentHashPipeline())


def extract(
    html: str | bytes,
    url: str,
    *,
    headers: Mapping[str, str] | None = None,
    fetched_at: datetime | None = None,
) -> dict[str, Any]:
    """The document a crawl of ``url`` would store for this page, without a database.

    ``html`` is the response body (bytes are decoded as Scrapy decodes a response: BOM, the
    ``Content-Type`` charset in ``headers``, ``<meta charset>``, then detection). ``fetched_at``
    (default: now) is what relative dates ("Вчера, 06:20") resolve against. The result has the
    stored fields (``title``, ``body``, ``published_at`` as an aware UTC datetime,
    ``published_precision``…, see docs/schema.md) plus ``not_article``: None for an article, else
    the reason a crawl would record instead of storing it (the fields are still filled, so the
    page can be inspected). Raises :class:`NotHTMLError` for input that is not a text page.
    """
    lowered = {k.lower(): v for k, v in (headers or {}).items()}
    text = _decode(html, url, lowered)
    edition = edition_for_host(url_host(url))
    page = edition.page_class(PageInput(url=url, text=text, headers=lowered))
    reason = page.not_article_reason()
    item = page.to_item(spider=_spider_name(edition), fetched_at=fetched_at or datetime.now(UTC))
    for stage in _STAGES:
        item = stage.process_item(item)
    document = article_document(item)
    document["not_article"] = reason
    return document


class _CallableModule(types.ModuleType):
    """This module, callable as :func:`extract`.

    ``newscrawl.extract`` is both this submodule and the public function: importing the
    submodule makes Python set the package attribute to the module, so the module itself
    must answer ``newscrawl.extract(html, url)``, whichever was imported first.
    """

    def __call__(
        self,
        html: str | bytes,
        url: str,
        *,
        headers: Mapping[str, str] | None = None,
        fetched_at: datetime | None = None,
    ) -> dict[str, Any]:
        return extract(html, url, headers=headers, fetched_at=fetched_at)


sys.modules[__name__].__class__ = _CallableModule
