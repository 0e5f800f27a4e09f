"""Any news site: structured data first, trafilatura for what the markup does not declare.

The cascade per field: JSON-LD → OpenGraph/meta → trafilatura (its main-text extraction and
its metadata, including htmldate's date search) → generic heuristics → listing hints. Each
field records which layer won in ``provenance``, so a consumer can tell a declared date from
a guessed one.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from functools import cached_property, lru_cache
from itertools import chain, islice
from typing import Any

import trafilatura
from lxml import etree
from lxml.html import HtmlElement
from trafilatura.settings import set_date_params

from newscrawl.extraction.authors import (
    checked_authors,
    labelled_meta_authors,
    site_names,
    visible_bylines,
)
from newscrawl.extraction.boilerplate import drop_trailing_promo, is_noise
from newscrawl.extraction.listing import ListingPage
from newscrawl.extraction.metadata import jsonld_names, jsonld_text
from newscrawl.extraction.page import NON_ARTICLE_OG_TYPES, ArticlePage, DateCandidate, Extracted
from newscrawl.extraction.page_chrome import without_chrome
from newscrawl.extraction.text import element_text, fix_glued_sentences, normalize_space
from newscrawl.extraction.text_nodes import TextNode, following_texts, preceding_texts
from newscrawl.extraction.trafilatura_result import TrafilaturaResult
from newscrawl.normalize.date_choice import url_date
from newscrawl.normalize.dates import ParsedDate, parse_date_details
from newscrawl.normalize.outlets import alias_key, default_registry
from newscrawl.sites.base import SiteProfile
from newscrawl.sites.edition import Edition

# Path segments of pages that usually list or describe articles (one signal among several).
_NOT_ARTICLE_PATH = re.compile(
    r"/(tag|tags|category|categories|author|authors|search|page|archive|rubric|topics?)"
    r"(/|$)|/(feed|rss)/?$",
    re.IGNORECASE,
)
# Files are never article pages, whatever else they look like.
_FILE_URL = re.compile(r"\.(xml|rss|jpg|jpeg|png|gif|pdf|zip|mp4|mp3)$", re.IGNORECASE)
_WORDS = re.compile(r"\w+")
_TITLE_SEPARATORS = re.compile(r"\s+[-|›»–—:·]\s+|\s*[|›»]\s*|(?<=\S)-(?=[^\x00-\x7f])")


def _is_host(text: str) -> bool:
    return bool(re.fullmatch(r"(?:www\.)?[\w-]+(?:\.[\w-]+)+", text.strip().lower()))


#: Text nodes around the headline where the date line sits (byline, "Veröffentlicht am …",
#: "2019年04月21日"): the document's first few visible ones before it, and more after it.
_DATE_LINE_BEFORE = 2
_DATE_LINE_AFTER = 400
#: Any dated line among this many text nodes after the headline; beyond, a labelled one.
_DATE_LINE_NEAR = 20
_PUBLISHED_LABEL = re.compile(
    r"(?:veröffentlicht|erschienen|published|posted|publié|publicado|pubblicato|gepubliceerd"
    r"|opublikowano|опубликовано|жарияланды|datum:|date:|дата:)",
    re.IGNORECASE,
)
#: A date line is short; longer text is prose that mentions dates ("Le 6 août 2019, le
#: député … a été"): a label, a name and a month fit in this many words.
_MAX_DATE_LINE_CHARS = 100
_MAX_DATE_LINE_WORDS = 7
_LETTER_WORDS = re.compile(r"[^\W\d_]+")
_YEAR = re.compile(r"(?<![0-9])(?:19|20)[0-9]{2}(?![0-9])")
# A press-release or agency dateline opening the lead: "Karlsruhe, (12.11.2021). …",
# "BERLIN, 4. Februar 2022 – …".
_DATELINE = re.compile(
    r"^[^\W\d][\w .'/-]{0,30},\s*\(?([0-9]{1,2}[^()]{3,22}?(?:19|20)[0-9]{2})\)?\s*[.:–—-]\s"
)
# Lines that date something other than the first publication.
_NOT_PUBLISHED_LABEL = re.compile(
    r"updated|modified|aktualisiert|geändert|mis à jour|actualizado|aggiornato|обновлено"
    r"|изменено|last edited|©|copyright|\bstand\b|termin|event",
    re.IGNORECASE,
)
# WordPress and others print the modification date first, marked only in the markup.
_UPDATE_MARKUP = re.compile(r"updat|modif", re.IGNORECASE)


def _as_dict(document: Any) -> dict[str, Any]:
    if isinstance(document, dict):  # as_dict=True in older trafilatura releases
        return document
    result: dict[str, Any] = document.as_dict()
    return result


def _date_line_around(headline: etree._Element) -> str | None:
    """The first short dated line near ``headline`` (or a labelled one further on).

    The text nodes after the headline are read lazily (:mod:`~newscrawl.extraction.
    text_nodes`): most pages have their line among the first few.
    """
    before = list(islice(preceding_texts(headline), _DATE_LINE_BEFORE))
    nearby = len(before) + _DATE_LINE_NEAR
    nodes = chain(before, islice(following_texts(headline), _DATE_LINE_AFTER))
    in_text = False
    node = next(nodes, None)
    index = 0
    while node is not None:
        following = next(nodes, None)  # a label's date may be the next node's text
        current, node, index = node, following, index + 1
        raw = current.text
        if (in_text or index > nearby) and not _PUBLISHED_LABEL.match(raw.lstrip()):
            continue  # (the rule below, checked before the text is normalized)
        line = normalize_space(raw)
        dateline = _DATELINE.match(line) if not in_text else None
        if dateline is not None:
            # "Karlsruhe, (12.11.2021). Traditionell …": the lead opens with place and date.
            line = dateline.group(1)
        elif len(line) > _MAX_DATE_LINE_CHARS and _in_paragraph(current):
            in_text = True
        if _PUBLISHED_LABEL.match(line) and not _YEAR.search(line) and following is not None:
            # A label in its own element ("<h5>Datum:</h5>03.02.2022").
            line = f"{line} {normalize_space(following.text)}"
        if (in_text or index > nearby) and not _PUBLISHED_LABEL.match(line):
            # Once the article text began, or far from the headline, only a labelled line
            # ("Veröffentlicht am …") counts: the rest are dates in prose and teasers.
            continue
        if (
            len(line) > _MAX_DATE_LINE_CHARS
            or len(_LETTER_WORDS.findall(line)) > _MAX_DATE_LINE_WORDS
            or not _YEAR.search(line)
            or _NOT_PUBLISHED_LABEL.search(line)
            or _dates_an_update(current.owner)
        ):
            continue
        parsed = parse_date_details(line, zone=None)
        # The year must be one the line prints: a misread ("à 06h00") invents one.
        if parsed is not None and not parsed.relative and str(parsed.day.year) in line:
            return line
    return None


def _in_paragraph(node: TextNode) -> bool:
    return bool(node.owner.tag == "p")


def _dates_an_update(element: etree._Element | None) -> bool:
    if element is None:
        return False
    marks = f"{element.get('class', '')} {element.get('itemprop', '')}"
    return _UPDATE_MARKUP.search(marks) is not None


_HEADINGS = etree.XPath("//h1 | //h2 | //h3")
#: Headlines among the first few ``<h1>`` only (later ones are widgets and teasers).
_MAX_H1 = 3
_MAX_TITLE_CHARS = 300
#: Headings read to find the one the document title holds (logo, menu and article headings).
_MAX_HEADINGS = 20
#: Text this long is an article-sized text (a signal, not a rule).
ARTICLE_BODY_CHARS = 1000
#: A page with less text than this is a stub, gallery or landing page, not an article.
MIN_BODY_CHARS = 200


@lru_cache(maxsize=1024)
def generic_profile(host: str, language: str | None = None) -> SiteProfile:
    """A profile for a site newscrawl has no specific knowledge of."""
    return SiteProfile(
        site=host,
        outlet_id=None,
        language=language or "",
        article_url=re.compile(rf"^https://{re.escape(host)}/(?!$)"),
        trailing_slash=None,
    )


def generic_edition(host: str, language: str | None = None) -> Edition:
    """The edition the ``generic`` spider builds for a host: a page class bound to its profile."""
    profile = generic_profile(host, language)
    # A site newscrawl has no page class for may still be a registered outlet (kursiv.media,
    # astanatimes.com): its articles then carry the registry id like the site spiders' do.
    outlet = default_registry().outlet_for_host(host)
    if outlet is not None:
        profile = replace(profile, outlet_id=outlet.id)
    page = type(f"GenericPage[{host}]", (GenericArticlePage,), {"profile": profile})
    listing = type(f"GenericListing[{host}]", (ListingPage,), {"profile": profile})
    return Edition(profile, page, listing)


class GenericArticlePage(ArticlePage):
    """An article page of an unknown site; subclassed per host with a generic profile."""

    # trafilatura's own parser drops comments; in a tree with them, a comment inside a
    # paragraph cuts its text in two for trafilatura. No field here reads a comment.
    drop_comments = True

    @cached_property
    def extracted(self) -> Mapping[str, Any]:
        """trafilatura's main text (tables kept); its metadata fields only when read.

        trafilatura reads the lxml tree parsel already built (it copies before cleaning, so
        the tree stays intact for the other fields). Its metadata (title, byline, htmldate's
        date, categories) is computed field by field when the cascade asks for it, which it
        does only for what structured data and the visible markup left unanswered; htmldate's
        extensive search only runs on a page without a date of its own.
        """
        root = self.sel.root
        options: dict[str, Any] = {
            "url": self.page.url,
            "include_comments": False,
            "include_tables": True,
            "deduplicate": False,
        }
        if isinstance(root, HtmlElement):
            document = trafilatura.bare_extraction(root, with_metadata=False, **options)
            if document is not None:
                return TrafilaturaResult(
                    _as_dict(document),
                    root,
                    url=self.page.url,
                    extensive_date=not self._has_own_date,
                )
        # Rare pages trafilatura only reads from its own parse (it gives up on the tree); a
        # second parse for them, metadata included, beats losing the page.
        document = trafilatura.bare_extraction(
            self.page.text,
            with_metadata=True,
            date_extraction_params=set_date_params(extensive=not self._has_own_date),
            **options,
        )
        return _as_dict(document) if document is not None else {}

    @cached_property
    def _declared_date_settled(self) -> bool:
        """Whether no visible date could change the choice, so the date line is not looked for.

        Two declarations with the same clock time's day, not in UTC (whose day the visible
        line may correct), not a 1 January (a placeholder suspect), and the URL's date, if
        any, the same day: no rule of ``choose_date`` lets a visible date overrule that.
        """
        declared = [
            parsed
            for c, parsed in self._parsed_base_candidates
            if c.source in ("json-ld", "meta") and parsed is not None
        ]
        if len(declared) < 2:
            return False
        first = declared[0]
        in_url = url_date(self.url())
        return (
            first.precision != "day"
            and first.utc_offset not in (None, "+00:00")
            and (first.day.month, first.day.day) != (1, 1)
            and sum(1 for p in declared if p.day == first.day) >= 2
            and (in_url is None or in_url == first.day)
        )

    @cached_property
    def _declarations_disagree(self) -> bool:
        days = {
            parsed.day
            for c, parsed in self._parsed_base_candidates
            if c.source in ("json-ld", "meta") and parsed is not None
        }
        return len(days) > 1 and (max(days) - min(days)).days > 1

    @cached_property
    def _parsed_base_candidates(self) -> list[tuple[DateCandidate, ParsedDate | None]]:
        """Each declared, marked-up or hinted date with its reading in no zone, parsed once
        for the three checks that read them."""
        return [(c, parse_date_details(c.raw, zone=None)) for c in self._base_candidates]

    @cached_property
    def _has_own_date(self) -> bool:
        """Whether the page dates itself: declared, in dated markup or in its date line."""
        return any(
            c.source in ("json-ld", "meta", "page") and parsed
            for c, parsed in self._parsed_base_candidates
        ) or bool(self.date_line())

    @cached_property
    def _site_names(self) -> frozenset[str]:
        return site_names(
            self.profile.site,
            self.metadata.first("og:site_name", "application-name", "twitter:site"),
            jsonld_text(self.article_ld.get("publisher")),
        )

    @cached_property
    def _declared_authors(self) -> Extracted[list[str]]:
        """Declared bylines that pass the checks: JSON-LD/meta author, then JSON-LD author
        references (``{"@id": …}`` to a ``Person`` elsewhere in the graph), then the
        ``twitter:label``/``twitter:data`` pair an SEO plugin writes ("Written by")."""
        found = ArticlePage.authors(self)
        if found.source in ("json-ld", "meta"):
            names = checked_authors(found.value, self._site_names)
            if names:
                return Extracted(names, found.source)
        for names, source in (
            (self._referenced_ld_authors(), "json-ld"),
            (labelled_meta_authors(self.metadata.meta), "meta"),
        ):
            checked = checked_authors(names, self._site_names)
            if checked:
                return Extracted(checked, source)
        return Extracted([], None)

    def _referenced_ld_authors(self) -> list[str]:
        value = self.article_ld.get("author")
        items = value if isinstance(value, list) else [value]
        refs = [i["@id"] for i in items if isinstance(i, dict) and "name" not in i and "@id" in i]
        if not refs:
            return []
        by_id = {o.get("@id"): o for o in self.metadata.jsonld if "name" in o}
        return jsonld_names([by_id[r] for r in refs if r in by_id])

    def _signals(self) -> int:
        """How many independent signs say "article": type, text, date, title, URL shape."""
        path = self.url().split("?", 1)[0]
        slug = path.rstrip("/").rsplit("/", 1)[-1]
        return sum(
            (
                bool(self.article_ld),
                len(self.body()) >= ARTICLE_BODY_CHARS,
                bool(self._base_candidates or self.extracted.get("date")),
                bool(self.title().value),
                slug.count("-") >= 2 or bool(re.search(r"\d{4,}", slug)),
            )
        )

    def not_article_reason(self) -> str | None:
        """Why the page is not an article, from several signals together.

        A path word (``/archive/``, ``/tag/``) or ``og:type=website`` alone does not reject a
        page that has most of the article signals (JSON-LD article type, a long text, a date,
        a title, an article-shaped URL); a file URL, a stub or a page without text does.
        """
        if self.page.status >= 400:
            return f"http_{self.page.status}"
        url = self.url().split("?", 1)[0]
        if _FILE_URL.search(url) or not self.profile.is_article_url(self.url()):
            return "not_article_url"
        if not self.title().value:
            return "no_title"
        if not self.body():
            return "no_body"
        og_type = (self.metadata.first("og:type") or "").lower()
        listing_path = _NOT_ARTICLE_PATH.search(url) is not None
        if (listing_path or og_type in NON_ARTICLE_OG_TYPES) and self._signals() < 4:
            return "not_article_url" if listing_path else "not_article_og_type"
        if len(self.body()) < MIN_BODY_CHARS and not self.article_ld:
            return "too_short"
        return None

    def body(self) -> str:
        """The article text, computed once (the article checks and the item all read it)."""
        return self._body

    @cached_property
    def _body(self) -> str:
        return super().body()

    def paragraphs(self) -> list[str]:
        """trafilatura's main text, noise and page chrome removed (the headline repeated,
        newsletter boxes, "Related:" lists, what follows a "Most read" heading); else the
        densest container. Computed once: the body and the lead both read it."""
        return self._paragraphs

    @cached_property
    def _paragraphs(self) -> list[str]:
        text = self.extracted.get("text") or ""
        lines = [normalize_space(line) for line in text.split("\n")]
        paragraphs = [fix_glued_sentences(p) for p in lines if p and not is_noise(p)]
        paragraphs = without_chrome(paragraphs, self.title().value)
        if not paragraphs:
            paragraphs = [b.text for b in self.blocks if not is_noise(b.text)]
        return drop_trailing_promo(paragraphs)

    def title(self) -> Extracted[str]:
        """The visible headline when the declared title contains it; else the cascade.

        Declared titles (JSON-LD, og:title) often carry the site's name around the headline
        ("Headline - Magazine", "Section » Headline") or are the site's name alone; an
        ``<h1>`` whose words run inside the declared title, or that replaces a title equal to
        the site's name, is the headline readers see. Then JSON-LD headline, og:title,
        trafilatura's title, ``<h1>``. Computed once: the article checks, the body's chrome
        filter and the item all read it.
        """
        return self._title

    @cached_property
    def _title(self) -> Extracted[str]:
        found = super().title()
        visible = self._visible_headline(found.value)
        if visible:
            return Extracted(visible, "page")
        if found.source in ("json-ld", "meta"):
            return Extracted(self._without_site_name(found.value), found.source)
        title = normalize_space(self.extracted.get("title") or "")
        from_title = self._headline_from_document_title()
        if from_title and (not title or self._is_site_or_section(title)):
            return Extracted(from_title, "page")
        if title:
            return Extracted(title, "trafilatura")
        return found

    def _is_site_or_section(self, title: str) -> bool:
        # trafilatura's title when there is no declared one is the first heading or the
        # whole <title>: a logo heading equal to a part of the <title> that is not its
        # longest ("Site" of "Site » Headline"), the <title> with the site's name still in
        # it, or a one- or two-word section heading the <title> does not hold ("Themen").
        document_title = self.document_title
        parts = [p.strip() for p in _TITLE_SEPARATORS.split(document_title) if p.strip()]
        words = _WORDS.findall(title.lower())
        part_words = [_WORDS.findall(p.lower()) for p in parts]
        if len(parts) >= 2 and words == _WORDS.findall(document_title.lower()):
            return True
        longest = max(part_words, key=len, default=[])
        if words in part_words and len(parts) >= 2 and len(words) < len(longest):
            return True
        return len(words) <= 2 and words not in part_words

    def _headline_from_document_title(self) -> str | None:
        # No declared title: the <title> is "Site » Section » Headline" or "Headline - Site".
        # The headline is the heading whose words are one of its parts (the longest, as the
        # site's logo heading is another part), else its longest part that is not the site's
        # name: never the logo <h1> alone, which is the same on every page.
        document_title = self.document_title
        if not document_title:
            return None
        parts = [p.strip() for p in _TITLE_SEPARATORS.split(document_title) if p.strip()]
        keys = {tuple(_WORDS.findall(p.lower())) for p in (document_title, *parts)}
        keys.discard(())
        best: str | None = None
        for node in self._headings[:_MAX_HEADINGS]:
            text = element_text(node)
            words = tuple(_WORDS.findall(text.lower()))
            if (
                words in keys
                and alias_key(text) not in self._site_names
                and (best is None or len(text) > len(best))
            ):
                best = text
        if best is not None:
            return best
        named = [p for p in parts if alias_key(p) not in self._site_names and not _is_host(p)]
        if len(parts) >= 2 and named:
            return max(named, key=len)
        return None

    def _without_site_name(self, title: str) -> str:
        # "Headline | Site", "Site » Headline", "Headline -新华网": drop the part that is the
        # site's name (og:site_name, publisher, host) when what remains still has words.
        parts = _TITLE_SEPARATORS.split(title)
        if len(parts) < 2:
            return title
        kept = [p for p in parts if alias_key(p) not in self._site_names and not _is_host(p)]
        if kept and len(kept) < len(parts) and _WORDS.search(" ".join(kept)):
            return " - ".join(kept) if len(kept) > 1 else kept[0].strip()
        return title

    def _visible_headline(self, declared: str) -> str | None:
        words = _WORDS.findall(declared.lower())
        if not words:
            return None
        is_site_name = alias_key(declared) in self._site_names
        joined = " ".join(words)
        for node in self._headings_of("h1"):
            text = element_text(node)
            own = _WORDS.findall(text.lower())
            if not own or len(text) > _MAX_TITLE_CHARS:
                continue
            if is_site_name and len(own) >= 2:
                return text
            inside = f" {' '.join(own)} " in f" {joined} "
            if inside and own != words and len(own) >= max(2, len(words) // 3):
                return text
        return None

    def authors(self) -> Extracted[list[str]]:
        """Declared bylines that pass the checks, then the visible byline, then trafilatura's.

        A declared author that is the site's or an outlet's name, a handle, a URL, a
        placeholder or a reference list is dropped, so the byline readers see wins: a
        microdata ``Person``, an element marked as the author or byline, a link to an
        author's page, a line opening with "By"/"Von"/"Posted by" (``visible_bylines``).
        """
        declared = self._declared_authors
        if declared.value:
            return declared
        root = self.sel.root
        if isinstance(root, etree._Element):
            names = visible_bylines(root, self._site_names, self.profile.site)
            if names:
                return Extracted(names, "page")
        author = self.extracted.get("author")
        if author:
            names = checked_authors(
                [a.strip() for a in author.split(";") if a.strip()], self._site_names
            )
            if names:
                return Extracted(names, "trafilatura")
        return Extracted([], None)

    def section(self) -> Extracted[str | None]:
        """Declared section, else trafilatura's first category."""
        found = super().section()
        if found.value:
            return found
        categories = self.extracted.get("categories") or []
        return Extracted(categories[0], "trafilatura") if categories else found

    #: Base selectors, then microdata and meta tags that carry the date in other attributes
    #: (``<dd itemprop="datePublished" content=…>``, React's ``<meta name=… value=…>``).
    date_selectors = (
        *ArticlePage.date_selectors,
        "[itemprop=datePublished]::attr(content)",
        "[itemprop=datePublished]::attr(datetime)",
        'meta[name="article:published_time"]::attr(value)',
        'meta[property="article:published_time"]::attr(value)',
    )

    def published_candidates(self) -> list[DateCandidate]:
        """Declared dates, the visible date line, dated markup, htmldate's, listing hints.

        The visible date line comes before the other page candidates: it is what readers
        see, and :func:`~newscrawl.normalize.date_choice.choose_date` cross-checks the first
        page candidate against the declared ones.
        """
        base = self._base_candidates
        declared = [c for c in base if c.source in ("json-ld", "meta")]
        marked = [c for c in base if c.source == "page"]
        hinted = [c for c in base if c.source in ("sitemap", "feed")]
        line = None if self._declared_date_settled else self.date_line()
        visible = [DateCandidate(line, "page")] if line else []
        # htmldate's search only for a page that does not date itself, or whose declared
        # dates contradict each other (its finding then takes sides).
        wanted = not self._has_own_date or self._declarations_disagree
        date = self.extracted.get("date") if wanted else None
        found = [DateCandidate(date, "page")] if date else []
        return declared + visible + marked + found + hinted

    @cached_property
    def _base_candidates(self) -> list[DateCandidate]:
        return super().published_candidates()

    def date_line(self) -> str | None:
        """The short dated line around the headline ("von Jana · 31. Oktober 2023"), if any.

        Looks at a few text nodes before the headline ``<h1>`` and a few dozen after it (where
        bylines and "Published on" lines sit), and returns the first short one that holds an
        absolute date with a year, skipping "Updated"/"Aktualisiert" lines.
        """
        return self._date_line

    @cached_property
    def _date_line(self) -> str | None:
        for headline in self._headline_elements:
            line = _date_line_around(headline)
            if line is not None:
                return line
        return None

    @cached_property
    def _headline_elements(self) -> list[etree._Element]:
        """Headings readers see as the headline: the declared title, or inside it.

        The first ``<h1>`` is often the logo, some templates set the headline in an ``<h2>``,
        and sticky headers repeat it; without a match, the longest of the first few ``<h1>``.
        """
        if not self._has_root:
            return []
        declared = " ".join(_WORDS.findall(ArticlePage.title(self).value.lower()))
        h1s = self._headings_of("h1")
        found = []
        for heading in (*h1s, *self._headings_of("h2")):
            own = _WORDS.findall(" ".join(heading.itertext()).lower())
            if len(own) >= 3 and f" {' '.join(own)} " in f" {declared} ":
                found.append(heading)
        if found or not h1s:
            return found
        return [max(h1s, key=lambda h: len(normalize_space("".join(h.itertext()))))]

    @cached_property
    def _headings(self) -> list[etree._Element]:
        """The page's ``<h1>``-``<h3>`` in document order, found in one walk: the title and
        date-line rules read the first few of each level."""
        return _HEADINGS(self.root) if self._has_root else []

    def _headings_of(self, tag: str) -> list[etree._Element]:
        return [h for h in self._headings if h.tag == tag][:_MAX_H1]

    @cached_property
    def _has_root(self) -> bool:
        return isinstance(self.sel.root, etree._Element)

    def declared_language(self) -> str | None:
        """The page's declaration (``<html lang>``, JSON-LD), as the identifier's prior."""
        return super().declared_language() or None
