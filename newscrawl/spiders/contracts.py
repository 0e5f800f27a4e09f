"""Spider contracts for ``scrapy check``, and the per-spider ``parse`` callbacks that carry them.

Every spider's ``parse`` is the article page class behind a docstring naming one article URL
of its site, so ``scrapy check`` fetches that page (from the live site, or from the fixture
sites with ``-s HOST_ROUTER_URL=…``) and fails when the page no longer yields a complete
article: the earliest warning that a redesign broke an extractor.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from itemadapter import ItemAdapter, is_item
from scrapy.contracts import Contract
from scrapy.exceptions import ContractFail
from scrapy.http import Response

#: What an article must have for the contract to hold. Not the date: en.orda.kz pages carry
#: none, the sitemap gives it during a crawl.
REQUIRED_FIELDS = ("url", "site", "title", "body")


class FilledContract(Contract):
    """``@filled field …``: every item the callback returns has each field non-empty."""

    name = "filled"

    def post_process(self, output: list[Any]) -> None:
        """Fail on the first item that lacks one of the named fields."""
        for item in output:
            if not is_item(item):
                continue
            adapter = ItemAdapter(item)
            missing = [name for name in self.args if adapter.get(name) in (None, "", [], {})]
            if missing:
                raise ContractFail(f"{adapter.get('url')}: empty {', '.join(missing)}")


def article_callback(url: str) -> Callable[..., Iterator[Any]]:
    """A ``parse`` callback routing any response to the spider's article page class, with
    contracts on ``url`` (one article page of the spider's site)."""

    def parse(self: Any, response: Response, **kwargs: Any) -> Iterator[Any]:
        items: Iterable[Any] = self.parse_article(response)
        yield from items

    parse.__doc__ = (
        "The page as an article, through the site's page class: what ``scrapy parse URL``\n"
        "and ``scrapy shell URL`` use when no callback is named.\n\n"
        f"@url {url}\n"
        "@returns items 1 1\n"
        "@returns requests 0 0\n"
        f"@filled {' '.join(REQUIRED_FIELDS)}\n"
    )
    return parse
