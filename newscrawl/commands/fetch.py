"""``scrapy fetch URL``: the page as the spider claiming its host downloads it."""

from __future__ import annotations

import argparse

from scrapy.commands.fetch import Command as ScrapyFetchCommand

from newscrawl.debugging import keep_database_out


class Command(ScrapyFetchCommand):
    """Scrapy's ``fetch``, as a debugging command: no ``crawl_runs`` record, no monitors,
    nothing stored (see :mod:`newscrawl.debugging`)."""

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        """Scrapy's options, then the debugging-command settings."""
        super().process_options(args, opts)
        assert self.settings is not None
        keep_database_out(self.settings, "fetch")
