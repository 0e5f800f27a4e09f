"""What tells components that a crawler runs for a debugging command, not a crawl.

``scrapy parse``, ``shell``, ``check``, ``fetch`` and ``view`` (newscrawl's versions in
``newscrawl.commands``) set :data:`DEBUG_COMMAND` to their name. A crawler under one of them
fetches a page or two for a person looking at them: it writes no ``crawl_runs`` record, runs no
monitors and stores nothing, so ``newscrawl status``, the report and the monitors' baselines
only ever see real crawls.
"""

from __future__ import annotations

from scrapy.settings import SETTINGS_PRIORITIES, BaseSettings

#: Setting holding the debugging command's name; empty for crawls.
DEBUG_COMMAND = "NEWSCRAWL_DEBUG_COMMAND"
#: Pipelines that write to or read from the database; left out under a debugging command so
#: that ``scrapy parse -o`` shows normalized items without storing them.
DATABASE_PIPELINES = (
    "newscrawl.pipelines.translation.TranslationLinkPipeline",
    "newscrawl.pipelines.mongo.MongoPipeline",
)


def debug_command(settings: BaseSettings) -> str:
    """The debugging command a crawler runs under, or ``""`` for a crawl."""
    return str(settings.get(DEBUG_COMMAND) or "")


def keep_database_out(settings: BaseSettings, command: str) -> None:
    """Mark ``settings`` as a debugging command's and drop the database pipelines.

    Between the spider's and the command line's priority, like Scrapy's own ``check`` does
    for its pipelines: above ``settings.py``, while ``-s`` can still set anything back.
    """
    priority = (SETTINGS_PRIORITIES["spider"] + SETTINGS_PRIORITIES["cmdline"]) // 2
    settings.set(DEBUG_COMMAND, command, priority=priority)
    pipelines = {
        name: order
        for name, order in settings.getdict("ITEM_PIPELINES").items()
        if name not in DATABASE_PIPELINES
    }
    settings.set("ITEM_PIPELINES", pipelines, priority=priority)
