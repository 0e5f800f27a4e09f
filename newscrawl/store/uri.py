"""MongoDB connection settings: where they come from and how they are shown."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

DEFAULT_DATABASE = "newscrawl"

# user:password@ in a mongodb:// or mongodb+srv:// URI.
_CREDENTIALS = re.compile(r"^(mongodb(?:\+srv)?://)([^@/]+)@")


def mask_uri(uri: str) -> str:
    """The URI with its password replaced by ``***``, safe for logs and ``crawl_runs``."""

    def _mask(match: re.Match[str]) -> str:
        user, _, _password = match.group(2).partition(":")
        return f"{match.group(1)}{user}:***@"

    return _CREDENTIALS.sub(_mask, uri)


def newscrawl_home() -> Path:
    """Where local state lives: ``$NEWSCRAWL_HOME``, else ``./var``."""
    return Path(os.environ.get("NEWSCRAWL_HOME") or "var").resolve()


@dataclass(frozen=True)
class MongoTarget:
    """The database a crawl writes to. ``uri`` None means the embedded server."""

    uri: str | None
    database: str

    @property
    def embedded(self) -> bool:
        """Whether newscrawl must start (or reuse) its embedded SecantusDB server."""
        return self.uri is None

    def display(self) -> str:
        """A human-readable, password-free description."""
        return mask_uri(self.uri) if self.uri else "embedded SecantusDB"


def resolve_target(setting_uri: str | None, setting_db: str | None) -> MongoTarget:
    """Combine Scrapy settings with the environment.

    ``MONGO_URI`` / ``MONGO_DATABASE`` in the environment override the settings module, and
    ``-s MONGO_URI=…`` on the command line overrides both (Scrapy's own priorities put
    command-line settings above the project's, and the settings module reads the
    environment). An empty URI selects the embedded server.
    """
    uri = (setting_uri or "").strip() or None
    database = (setting_db or "").strip() or DEFAULT_DATABASE
    return MongoTarget(uri=uri, database=database)
