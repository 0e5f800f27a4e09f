"""Command-line options shared by every ``newscrawl`` command that opens the database."""

from __future__ import annotations

import argparse
import os

from newscrawl.store.uri import DEFAULT_DATABASE, MongoTarget, resolve_target


def add_database_options(parser: argparse.ArgumentParser) -> None:
    """``--uri`` and ``--database``, in a "database" group of ``parser``'s help."""
    group = parser.add_argument_group("database")
    group.add_argument(
        "--uri", help="MongoDB URI (default: $MONGO_URI, else the embedded SecantusDB server)"
    )
    group.add_argument(
        "--database",
        help=f"database name (default: $MONGO_DATABASE, else {DEFAULT_DATABASE})",
    )


def database_target(args: argparse.Namespace) -> MongoTarget:
    """Where the options point: the options first, then the environment, as crawls read it."""
    return resolve_target(
        args.uri or os.environ.get("MONGO_URI"), args.database or os.environ.get("MONGO_DATABASE")
    )
