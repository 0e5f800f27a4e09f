"""Every page class survives truncated, malformed, binary and huge pages.

Each either returns an item or a typed "not an article" reason (which the spider counts);
none raises.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newscrawl.extraction.page import ArticlePage, PageInput
from newscrawl.sites import orda, tengrinews
from newscrawl.spiders.generic import _edition
from tests.conftest import SITES

PAGE_CLASSES: list[tuple[type[ArticlePage], str]] = [
    (edition.page_class, f"https://{edition.profile.site}/some-article-title-123456/")
    for edition in (*orda.EDITIONS, *tengrinews.EDITIONS)
]
PAGE_CLASSES.append((_edition("example.kz", None).page_class, "https://example.kz/news/a-1/"))

SAMPLES = sorted(SITES.glob("*/*/index.html"))[::4] + sorted(SITES.glob("*/*/*/index.html"))[::4]


def check(page_class: type[ArticlePage], url: str, text: str) -> None:
    page = page_class(PageInput(url=url, text=text), [])
    reason = page.not_article_reason()
    if reason is None:
        item = page.to_item(spider="test", fetched_at=datetime.now(UTC))
        assert item.title
        assert item.body
    else:
        assert isinstance(reason, str) and reason


@pytest.mark.parametrize(("page_class", "url"), PAGE_CLASSES)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sample=st.sampled_from(SAMPLES), cut=st.floats(min_value=0.0, max_value=1.0))
def test_truncated_real_pages(
    page_class: type[ArticlePage], url: str, sample: Path, cut: float
) -> None:
    # a page in the wrong charset is bad input too: decode everything as UTF-8
    html = sample.read_bytes().decode("utf-8", errors="replace")
    check(page_class, url, html[: int(len(html) * cut)])


@pytest.mark.parametrize(("page_class", "url"), PAGE_CLASSES)
@settings(max_examples=60, deadline=None)
@given(
    text=st.one_of(
        st.text(max_size=2000),
        st.binary(max_size=2000).map(lambda b: b.decode("latin-1")),
        st.lists(
            st.sampled_from(
                [
                    "<p>",
                    "</p>",
                    "<div class='post-content'>",
                    "</div>",
                    "<h1>",
                    "</h1>",
                    "<script type='application/ld+json'>{",
                    '"@type":"NewsArticle","headline":',
                    "</script>",
                    "<meta property='og:title' content='x'>",
                    "Photo: ",
                    "Original Author: ",
                    "Latest news",
                    "текст статьи ",
                    "\x00",
                    "<!--",
                    "<![CDATA[",
                ]
            ),
            max_size=80,
        ).map("".join),
    )
)
def test_malformed_and_binary_pages(page_class: type[ArticlePage], url: str, text: str) -> None:
    check(page_class, url, text)


@pytest.mark.parametrize(("page_class", "url"), PAGE_CLASSES)
def test_huge_page(page_class: type[ArticlePage], url: str) -> None:
    paragraph = "<p>" + "Kazakhstan's economy grew by 4.8 percent this year. " * 20 + "</p>\n"
    html = (
        "<html><head><title>Huge</title></head><body><article><h1>Huge page</h1>"
        "<div class='post-content'>" + paragraph * 5000 + "</div></article></body></html>"
    )
    assert len(html) > 5_000_000
    check(page_class, url, html)


@pytest.mark.parametrize(("page_class", "url"), PAGE_CLASSES)
def test_deeply_nested_page(page_class: type[ArticlePage], url: str) -> None:
    html = "<html><body>" + "<div>" * 5000 + "<p>deep text</p>" + "</div>" * 5000 + "</body></html>"
    check(page_class, url, html)
