"""The article page base class: a layered extraction cascade, one method per field.

Modelled on web-poet page objects. A site's page class (``newscrawl.sites.<site>``) sets its
selectors and overrides the few fields where the site has quirks; everything else falls back
through the same layers, most trustworthy first:

1. JSON-LD (``NewsArticle`` and relatives),
2. OpenGraph / ``article:*`` / other ``<meta>`` tags,
3. the site's own selectors for the visible page,
4. generic heuristics (``<h1>``, the densest text container, ``<time>``),
5. for dates only: what the sitemap or the feed said about the URL.

A redesign of the site therefore degrades a field (visible as a provenance change and a
coverage drop) instead of breaking the crawl. Every field records which layer produced it in
``Article.provenance``.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from typing import Any, ClassVar, Generic, TypeVar

from lxml import etree
from lxml.html import HtmlComment, HtmlElement, HtmlEntity, HtmlProcessingInstruction
from parsel import Selector

from newscrawl.extraction.css import PageSelector, select
from newscrawl.extraction.metadata import (
    PageMetadata,
    jsonld_names,
    jsonld_text,
    jsonld_urls,
    read_metadata,
)
from newscrawl.extraction.text import (
    Block,
    element_text,
    fix_glued_sentences,
    join_paragraphs,
    leaf_blocks,
    normalize_space,
)
from newscrawl.items import Article, DateSource, Image, ListingHint
from newscrawl.normalize.urls import url_host
from newscrawl.sites.base import SiteProfile

T = TypeVar("T")

#: Larger JSON-LD objects are not stored (they are usually whole site graphs).
MAX_STRUCTURED_DATA_CHARS = 20_000
#: og:type values of pages that are not articles.
NON_ARTICLE_OG_TYPES = frozenset({"website", "profile", "video.other", "book"})
_DOCUMENT_TITLE = etree.XPath("//title/text()", smart_strings=False)


@dataclass(frozen=True)
class Extracted(Generic[T]):
    """A field value and the extraction layer it came from (None when nothing was found)."""

    value: T
    source: str | None


@dataclass(frozen=True)
class DateCandidate:
    """A date string found somewhere, with its provenance; the date pipeline parses it."""

    raw: str
    source: DateSource


@dataclass(frozen=True)
class PageInput:
    """What a page class needs from a fetch: decoupled from Scrapy so tests can build it."""

    url: str
    text: str
    status: int = 200
    headers: dict[str, str] | None = None
    requested_url: str | None = None
    redirect_urls: tuple[str, ...] = ()


_PARSERS = threading.local()

#: Every element an ``HtmlElement``, chosen in C. lxml.html's own parsers choose each proxy's
#: class in a Python method (``HtmlElementClassLookup.lookup``, for the form-control classes
#: nothing here or in trafilatura uses): about 5,000 calls a page, once for every element
#: trafilatura, htmldate and the field methods touch, and again on each of trafilatura's copies
#: (they keep the parser), 1.7 ms of a generic page's 32. The tree itself is the same.
_HTML_CLASSES = etree.ElementDefaultClassLookup(
    element=HtmlElement, comment=HtmlComment, pi=HtmlProcessingInstruction, entity=HtmlEntity
)


def _parser(*, remove_comments: bool) -> etree.HTMLParser:
    # One parser per thread and comment mode (an lxml parser must not parse in two threads at
    # once), without the ID table nothing here reads (trafilatura's and htmldate's parsers
    # skip it too: no selector uses XPath's id()).
    name = "uncommented" if remove_comments else "commented"
    parser: etree.HTMLParser | None = getattr(_PARSERS, name, None)
    if parser is None:
        parser = etree.HTMLParser(
            recover=True,
            encoding="utf-8",
            huge_tree=True,
            remove_comments=remove_comments,
            collect_ids=False,
        )
        parser.set_element_class_lookup(_HTML_CLASSES)
        setattr(_PARSERS, name, parser)
    return parser


def parsed_markup(text: str) -> str:
    """The markup :func:`page_selector` hands the parser: parsel's strip and NUL removal."""
    return text.strip().replace("\x00", "")


def page_selector(text: str, *, drop_comments: bool = False) -> Selector:
    """``Selector(text=text)``'s tree, optionally without comments, all ``HtmlElement``.

    parsel's own steps for text (strip, drop NUL, UTF-8 for lxml's HTML parser in recovery
    mode, ``<html/>`` for nothing). With ``drop_comments`` libxml2 skips comments as it reads:
    the same tree as ``etree.strip_tags(root, etree.Comment)`` on parsel's, without the
    comment nodes being built and then walked again to remove them. ``<form>``, ``<input>``
    and the other form controls are plain ``HtmlElement`` here, not lxml.html's
    ``FormElement``/``InputElement`` (no page class reads a form).
    """
    return markup_selector(parsed_markup(text), drop_comments=drop_comments)


def markup_selector(markup: str, *, drop_comments: bool = False) -> Selector:
    """:func:`page_selector` for text :func:`parsed_markup` already prepared."""
    parser = _parser(remove_comments=drop_comments)
    body = markup.encode("utf-8") or b"<html/>"
    root = etree.fromstring(body, parser=parser)
    if root is None:
        root = etree.fromstring(b"<html/>", parser=parser)
    return Selector(root=root, type="html")


class ArticlePage:
    """Extracts one :class:`~newscrawl.items.Article` from one fetched HTML page.

    Subclasses set :attr:`profile` and the selector tuples; each selector tuple is tried in
    order and the first match wins. Field methods are public so tests (and the generic
    spider's debugging command) can call them one at a time.
    """

    profile: ClassVar[SiteProfile]
    title_selectors: ClassVar[tuple[str, ...]] = ("h1",)
    #: Containers holding the article text, most specific first.
    body_selectors: ClassVar[tuple[str, ...]] = (
        '[itemprop="articleBody"]',
        ".entry-content",
        ".post-content",
        ".article-content",
        ".article__text",
        "article",
    )
    #: Elements inside the body container that are never article text.
    body_exclude: ClassVar[tuple[str, ...]] = (
        "script",
        "style",
        "aside",
        "nav",
        "form",
        ".share",
        ".sharing",
        ".social",
        ".related",
        ".comments",
    )
    #: Visible publication dates; a header's "today" date line is why bare ``<time>`` is not.
    date_selectors: ClassVar[tuple[str, ...]] = (
        "time[itemprop=datePublished]::attr(datetime)",
        "article time::attr(datetime)",
        "time.entry-date::attr(datetime)",
        "time.published::attr(datetime)",
        "time[pubdate]::attr(datetime)",
        ".post-date time::attr(datetime)",
    )
    author_selectors: ClassVar[tuple[str, ...]] = ('[rel="author"]', '[itemprop="author"]')
    #: Parse without HTML comments (their neighbouring texts joined, as trafilatura's own
    #: parser does), for page classes whose extraction reads no comment.
    drop_comments: ClassVar[bool] = False

    def __init__(self, page: PageInput, hints: Sequence[ListingHint] = ()) -> None:
        self.page = page
        self.hints = list(hints)
        markup = parsed_markup(page.text)
        self.sel = markup_selector(markup, drop_comments=self.drop_comments)
        #: The parsed page's root element, which the compiled selectors run on.
        self.root: etree._Element = self.sel.root
        #: Compiled selectors on the page root, skipping those naming tags the page lacks.
        self.query = PageSelector(self.root, markup)

    # ----------------------------------------------------------------- shared parses

    @cached_property
    def metadata(self) -> PageMetadata:
        """JSON-LD and meta tags, parsed once."""
        return read_metadata(self.sel)

    @cached_property
    def article_ld(self) -> dict[str, Any]:
        """The JSON-LD article object, or an empty dict."""
        return self.metadata.article() or {}

    @cached_property
    def body_container(self) -> Selector | None:
        """The element holding the article text: site selectors, then the densest block."""
        for css in self.body_selectors:
            found = self.query.select(css)
            if found and element_text(found[0]):
                return Selector(root=found[0])
        return self._densest_container()

    def _densest_container(self) -> Selector | None:
        # The element whose direct <p> children carry the most text is the article body on
        # nearly every news template; nav, footers and link lists have short or no <p>.
        best: Selector | None = None
        best_len = 0
        for parent in self.sel.xpath("//*[p]"):
            size = sum(len(t) for t in parent.xpath("./p//text()").getall())
            if size > best_len:
                best, best_len = parent, size
        return best

    @cached_property
    def blocks(self) -> list[Block]:
        """Text blocks of the body container, page chrome removed, glued sentences split."""
        container = self.body_container
        if container is None:
            return []
        # One query for every excluded element; the set keeps their lxml proxies alive, so
        # membership (by identity) is exact.
        excluded = (
            set(select(container.root, ", ".join(self.body_exclude)))
            if self.body_exclude
            else set()
        )
        blocks = []
        for node, block in leaf_blocks(container):
            if excluded and (node in excluded or any(a in excluded for a in node.iterancestors())):
                continue
            blocks.append(Block(block.tag, fix_glued_sentences(block.text), block.classes))
        return blocks

    # ----------------------------------------------------------------- identity

    def url(self) -> str:
        """Canonical URL: the page's ``rel=canonical`` when it is an article URL of this site."""
        return self._url

    @cached_property
    def _url(self) -> str:
        canonical = self.metadata.canonical
        if canonical and url_host(canonical) == self.profile.site:
            return self.profile.canonical(canonical)
        return self.profile.canonical(self.page.url)

    def url_aliases(self) -> list[str]:
        """Other URLs under which the same article was reached or is announced."""
        main = self.url()
        seen: list[str] = []
        candidates = [
            self.page.requested_url,
            *self.page.redirect_urls,
            self.page.url,
            self.metadata.first("og:url"),
            self.metadata.amphtml,
            *(h.url for h in self.hints),
        ]
        for candidate in candidates:
            if not candidate:
                continue
            alias = candidate.strip()
            if alias and alias != main and alias not in seen:
                seen.append(alias)
        return seen

    def not_article_reason(self) -> str | None:
        """Why this page is not an article (a typed reason the spider counts), or None."""
        if self.page.status >= 400:
            return f"http_{self.page.status}"
        if not self.profile.is_article_url(self.url()):
            return "not_article_url"
        og_type = (self.metadata.first("og:type") or "").lower()
        if og_type in NON_ARTICLE_OG_TYPES and not self.article_ld:
            return "not_article_og_type"
        if not self.title().value:
            return "no_title"
        if not self.body():
            return "no_body"
        return None

    # ----------------------------------------------------------------- text fields

    def title(self) -> Extracted[str]:
        """Headline: JSON-LD, then OpenGraph, then the site's ``<h1>``, then ``<title>``."""
        headline = jsonld_text(self.article_ld.get("headline"))
        if headline:
            return Extracted(normalize_space(headline), "json-ld")
        og_title = self.metadata.first("og:title", "twitter:title")
        if og_title:
            return Extracted(self._strip_site_name(normalize_space(og_title)), "meta")
        for css in self.title_selectors:
            node = self.query.select(css)
            if node:
                text = element_text(node[0])
                if text:
                    return Extracted(text, "page")
        doc_title = self.document_title
        return Extracted(self._strip_site_name(doc_title), "page" if doc_title else None)

    @cached_property
    def document_title(self) -> str:
        """The first ``<title>`` text, spaces normalized ("" without one)."""
        titles = _DOCUMENT_TITLE(self.root)
        return normalize_space(str(titles[0]) if isinstance(titles, list) and titles else "")

    def _strip_site_name(self, title: str) -> str:
        site_name = self.metadata.first("og:site_name")
        for name in filter(None, (site_name, self.profile.site)):
            for sep in (" - ", " | ", " — ", " – "):
                suffix = f"{sep}{name}"
                if title.lower().endswith(suffix.lower()):
                    return title[: -len(suffix)].strip()
        return title

    def paragraphs(self) -> list[str]:
        """Article paragraphs in order (lead first), after the site's line rules."""
        return [b.text for b in self.blocks]

    def lead(self) -> Extracted[str | None]:
        """The opening paragraph that summarizes the story."""
        paragraphs = self.paragraphs()
        if paragraphs:
            return Extracted(paragraphs[0], "page")
        description = self.metadata.first("og:description", "description")
        return Extracted(description, "meta" if description else None)

    def body(self) -> str:
        """Plain text of the article, lead included, paragraphs separated by a blank line."""
        return join_paragraphs(self.paragraphs())

    def photo_credit(self) -> Extracted[str | None]:
        """Who made the cover picture, as credited on the page."""
        return Extracted(None, None)

    def is_translation(self) -> bool | None:
        """True on an edition of translations, false on one of originals, None when the site
        does not say (a generic site, an edition that publishes both)."""
        if self.profile.translated_from:
            return True
        return False if self.profile.publishes_originals else None

    def original_authors(self) -> list[str]:
        """Authors of the original a translation was made from, as credited on the page."""
        return []

    def authors(self) -> Extracted[list[str]]:
        """Bylines as written (split into persons later by the attribution normalizer)."""
        from_ld = jsonld_names(self.article_ld.get("author"))
        publisher = jsonld_text(self.article_ld.get("publisher"))
        # Publishers often put their own name in "author": that is not a byline.
        from_ld = [a for a in from_ld if a != publisher]
        if from_ld:
            return Extracted(from_ld, "json-ld")
        meta = self.metadata.all("article:author") or self.metadata.all("author")
        meta = [m for m in meta if not m.startswith("http")]
        if meta:
            return Extracted(meta, "meta")
        for css in self.author_selectors:
            names = [element_text(n) for n in self.query.select(css)]
            names = [n for n in names if n]
            if names:
                return Extracted(names, "page")
        return Extracted([], None)

    def section(self) -> Extracted[str | None]:
        """The site section the article is filed under."""
        value = jsonld_text(self.article_ld.get("articleSection"))
        if value:
            return Extracted(value, "json-ld")
        value = self.metadata.first("article:section")
        return Extracted(value, "meta" if value else None)

    def tags(self) -> Extracted[list[str]]:
        """Keywords and tags the publisher attached."""
        keywords = self.article_ld.get("keywords")
        if isinstance(keywords, str):
            values = [k.strip() for k in keywords.split(",") if k.strip()]
        elif isinstance(keywords, list):
            values = [k.strip() for k in keywords if isinstance(k, str) and k.strip()]
        else:
            values = []
        if values:
            return Extracted(values, "json-ld")
        values = self.metadata.all("article:tag")
        return Extracted(values, "meta" if values else None)

    def images(self) -> list[Image]:
        """Cover image first (JSON-LD, then og:image), without duplicates."""
        urls = jsonld_urls(self.article_ld.get("image"))
        urls += self.metadata.all("og:image")
        images: list[Image] = []
        for url in urls:
            if url not in {i.url for i in images}:
                images.append(Image(url=url))
        return images

    def declared_language(self) -> str | None:
        """The language the page declares; the edition's language wins over a CMS default.

        WordPress themes often keep ``en-US`` on every edition, so the page's own
        declaration only counts when the site profile has none.
        """
        if self.profile.language:
            return self.profile.language
        lang = jsonld_text(self.article_ld.get("inLanguage")) or self.metadata.html_lang
        return lang.split("-")[0].lower() if lang else None

    def structured_data(self) -> dict[str, Any] | None:
        """The JSON-LD article object without its ``articleBody``, if it is not huge."""
        if not self.article_ld:
            return None
        data = {k: v for k, v in self.article_ld.items() if k != "articleBody"}
        # A page can declare anything; a pathological block must not bloat the document.
        if len(repr(data)) > MAX_STRUCTURED_DATA_CHARS:
            return None
        return data

    # ----------------------------------------------------------------- dates

    def published_candidates(self) -> list[DateCandidate]:
        """Publication date strings, most trustworthy first; the date pipeline picks one."""
        found: list[DateCandidate] = []
        for key in ("datePublished", "dateCreated"):
            value = jsonld_text(self.article_ld.get(key))
            if value:
                found.append(DateCandidate(value, "json-ld"))
        meta = self.metadata.first(
            "article:published_time",
            "og:article:published_time",
            "datepublished",
            "pubdate",
            "publish-date",
            "date",
        )
        if meta:
            found.append(DateCandidate(meta, "meta"))
        for css in self.date_selectors:
            value = self.query.first_string(css)
            if value and normalize_space(value):
                found.append(DateCandidate(normalize_space(value), "page"))
                break
        found.extend(self._hint_dates())
        return found

    def updated_candidates(self) -> list[DateCandidate]:
        """Last-modification date strings, most trustworthy first."""
        found: list[DateCandidate] = []
        value = jsonld_text(self.article_ld.get("dateModified"))
        if value:
            found.append(DateCandidate(value, "json-ld"))
        meta = self.metadata.first("article:modified_time", "og:updated_time")
        if meta:
            found.append(DateCandidate(meta, "meta"))
        return found

    def _hint_dates(self) -> list[DateCandidate]:
        # The sitemap's <lastmod> is preferred to the feed's pubDate: it is per-URL data the
        # site maintains, while feeds are rewritten by plugins.
        order = {"sitemap": 0, "feed": 1, "listing": 2}
        hints = sorted((h for h in self.hints if h.date_raw), key=lambda h: order[h.source])
        candidates: list[DateCandidate] = []
        for hint in hints:
            assert hint.date_raw is not None
            source: DateSource = "sitemap" if hint.source == "sitemap" else "feed"
            candidates.append(DateCandidate(hint.date_raw, source))
        return candidates

    # ----------------------------------------------------------------- assembly

    def to_item(self, *, spider: str, fetched_at: datetime) -> Article:
        """Build the item; call only when :meth:`not_article_reason` returned None."""
        title = self.title()
        lead = self.lead()
        credit = self.photo_credit()
        authors = self.authors()
        section = self.section()
        tags = self.tags()
        provenance = {
            name: source
            for name, source in (
                ("title", title.source),
                ("lead", lead.source),
                ("photo_credit", credit.source),
                ("authors", authors.source),
                ("section", section.source),
                ("tags", tags.source),
                ("body", "page" if self.body() else None),
            )
            if source
        }
        headers = self.page.headers or {}
        return Article(
            url=self.url(),
            url_aliases=self.url_aliases(),
            site=self.profile.site,
            spider=spider,
            outlet_id=self.profile.outlet_id,
            title=title.value,
            lead=lead.value,
            body=self.body(),
            photo_credit=credit.value,
            authors_raw=authors.value,
            original_authors=self.original_authors(),
            section=section.value,
            tags=tags.value,
            images=self.images(),
            declared_language=self.declared_language(),
            is_translation=self.is_translation(),
            original_language=self.profile.translated_from,
            fetched_at=fetched_at,
            http_status=self.page.status,
            etag=headers.get("etag"),
            last_modified=headers.get("last-modified"),
            provenance=provenance,
            structured_data=self.structured_data(),
            listing_hints=list(self.hints),
            published_candidates=[(c.raw, c.source) for c in self.published_candidates()],
            updated_candidates=[(c.raw, c.source) for c in self.updated_candidates()],
            date_zone=self.profile.zone,
        )
