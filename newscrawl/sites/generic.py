"""Any news site: structured data first, trafilatura for what the markup does not declare.

The cascade per field: JSON-LD → OpenGraph/meta → trafilatura (its main-text extraction and
its metadata, including htmldate's date search) → generic heuristics → listing hints. Each
field records which layer won in ``provenance``, so a consumer can tell a declared date from
a guessed one.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cached_property, lru_cache
from typing import Any

import trafilatura
from lxml import etree

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
from newscrawl.normalize.dates import parse_date_details
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

    @cached_property
    def extracted(self) -> dict[str, Any]:
        """trafilatura's main text (tables kept), plus its metadata only for missing fields.

        trafilatura reads the lxml tree parsel already built (it copies before cleaning, so
        the tree stays intact for the other fields): the page is parsed once. Its metadata
        search (htmldate included) only runs when structured data left a title, a byline or
        a date unanswered.
        """
        root = self.sel.root
        # trafilatura's own parser drops comments; in parsel's tree a comment inside a
        # paragraph cuts the text after it. strip_tags keeps each comment's tail text, and
        # no other field reads comments.
        etree.strip_tags(root, etree.Comment)
        options: dict[str, Any] = {
            "url": self.page.url,
            "with_metadata": self._needs_metadata,
            "include_comments": False,
            "include_tables": True,
            "deduplicate": False,
        }
        document = trafilatura.bare_extraction(root, **options)
        if document is None:
            # Rare pages trafilatura only reads from its own parse (it then gives up on the
            # tree); a second parse for them beats losing the page.
            document = trafilatura.bare_extraction(self.page.text, **options)
        if document is None:
            return {}
        if isinstance(document, dict):  # as_dict=True in older trafilatura releases
            return document
        result: dict[str, Any] = document.as_dict()
        return result

    @cached_property
    def _needs_metadata(self) -> bool:
        declared = ("json-ld", "meta")
        return not (
            ArticlePage.title(self).source in declared
            and self._declared_authors.value
            and any(
                c.source in declared and parse_date_details(c.raw, zone=None) is not None
                for c in ArticlePage.published_candidates(self)
            )
        )

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
                bool(ArticlePage.published_candidates(self) or self.extracted.get("date")),
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

    def paragraphs(self) -> list[str]:
        """trafilatura's main text, noise and page chrome removed (the headline repeated,
        newsletter boxes, "Related:" lists, what follows a "Most read" heading); else the
        densest container."""
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
        trafilatura's title, ``<h1>``.
        """
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
        document_title = normalize_space(self.sel.xpath("//title/text()").get() or "")
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
        document_title = normalize_space(self.sel.xpath("//title/text()").get() or "")
        if not document_title:
            return None
        parts = [p.strip() for p in _TITLE_SEPARATORS.split(document_title) if p.strip()]
        keys = {tuple(_WORDS.findall(p.lower())) for p in (document_title, *parts)}
        keys.discard(())
        best: str | None = None
        for node in self.sel.xpath("//h1 | //h2 | //h3")[:_MAX_HEADINGS]:
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
        for node in self.sel.xpath("//h1")[:_MAX_H1]:
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

    def published_candidates(self) -> list[DateCandidate]:
        """Declared dates, then htmldate's (through trafilatura), then listing hints."""
        base = super().published_candidates()
        declared = [c for c in base if c.source not in ("sitemap", "feed")]
        hinted = [c for c in base if c.source in ("sitemap", "feed")]
        date = self.extracted.get("date")
        if date:
            declared.append(DateCandidate(date, "page"))
        return declared + hinted

    def declared_language(self) -> str | None:
        """The page's declaration (``<html lang>``, JSON-LD), as the identifier's prior."""
        return super().declared_language() or None
