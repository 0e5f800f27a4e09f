"""``scrapy shell URL``: an interactive session on a page, with the spider claiming its host."""

from __future__ import annotations

import argparse

from scrapy.commands.shell import Command as ScrapyShellCommand

from newscrawl.debugging import keep_database_out


class Command(ScrapyShellCommand):
    """Scrapy's ``shell``, as a debugging command: no ``crawl_runs`` record, no monitors,
    nothing stored (see :mod:`newscrawl.debugging`)."""

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        """Scrapy's options, then the debugging-command settings."""
        super().process_options(args, opts)
        assert self.settings is not None
        keep_database_out(self.settings, "shell")
