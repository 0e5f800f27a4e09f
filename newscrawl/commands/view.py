"""``scrapy view URL``: the downloaded page in a browser."""

from __future__ import annotations

import argparse

from scrapy.commands.view import Command as ScrapyViewCommand

from newscrawl.debugging import keep_database_out


class Command(ScrapyViewCommand):
    """Scrapy's ``view``, as a debugging command: no ``crawl_runs`` record, no monitors,
    nothing stored (see :mod:`newscrawl.debugging`)."""

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        """Scrapy's options, then the debugging-command settings."""
        super().process_options(args, opts)
        assert self.settings is not None
        keep_database_out(self.settings, "view")
