"""An edition: a site profile with the classes that read its pages."""

from __future__ import annotations

from dataclasses import dataclass

from newscrawl.extraction.listing import ListingPage
from newscrawl.extraction.page import ArticlePage
from newscrawl.sites.base import SiteProfile


@dataclass(frozen=True)
class Edition:
    """One site edition a spider crawls: its profile, page class and listing reader."""

    profile: SiteProfile
    page_class: type[ArticlePage]
    listing_class: type[ListingPage] | None = None

    @property
    def code(self) -> str:
        """The edition's language code, used by ``-a editions=ru,kk,en``."""
        return self.profile.language
