"""``scrapy parse URL``: the spider chosen by host, the article page class as the callback."""

from __future__ import annotations

import argparse
import logging

from scrapy.commands.parse import Command as ScrapyParseCommand
from scrapy.http import Request
from scrapy.utils.spider import spidercls_for_request

from newscrawl.debugging import keep_database_out

logger = logging.getLogger(__name__)


class Command(ScrapyParseCommand):
    """Scrapy's ``parse`` for newscrawl's spiders.

    With no ``--spider``, the one spider claiming the URL's host (``orda_en`` for en.orda.kz)
    parses it, and ``generic`` any other host; with no ``--callback``, the spider's ``parse``
    hands the page to its article page class. Writes no ``crawl_runs`` record and stores
    nothing (see :mod:`newscrawl.debugging`); exits 1 when the page yields no item.
    """

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        """Scrapy's options, then the debugging-command settings."""
        super().process_options(args, opts)
        assert self.settings is not None
        keep_database_out(self.settings, "parse")

    def set_spidercls(self, url: str, opts: argparse.Namespace) -> None:
        """The spider claiming the host, else ``generic`` (Scrapy would give up)."""
        if not opts.spider:
            assert self.crawler_process is not None
            loader = self.crawler_process.spider_loader
            if spidercls_for_request(loader, Request(url)) is None:
                opts.spider = "generic"
        super().set_spidercls(url, opts)
        if self.spidercls is None:
            self.exitcode = 2

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        """Parse, print, and exit 1 when nothing was extracted."""
        super().run(args, opts)
        if self.exitcode == 0 and self.spidercls is not None and not self.items:
            self.exitcode = 1
