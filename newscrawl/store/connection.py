"""Opening a MongoDB connection the one way every part of newscrawl does it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pymongo
from pymongo.database import Database
from pymongo.errors import ConfigurationError, OperationFailure, PyMongoError

from newscrawl.store.embedded import EmbeddedServer, EmbeddedServerError
from newscrawl.store.uri import MongoTarget, mask_uri


class DatabaseUnavailableError(RuntimeError):
    """The database cannot be used; the message is one line, password masked."""


def connect(target: MongoTarget, *, timeout_s: float = 5.0) -> pymongo.MongoClient[dict[str, Any]]:
    """A connected, tz-aware client for ``target`` (starting the embedded server if needed).

    Raises :class:`DatabaseUnavailableError` with one actionable line when the server cannot
    be reached, the URI is malformed or the credentials are refused.
    """
    uri = target.uri
    try:
        if uri is None:
            uri = EmbeddedServer().ensure()
        timeout_ms = int(timeout_s * 1000)
        client: pymongo.MongoClient[dict[str, Any]] = pymongo.MongoClient(
            uri,
            serverSelectionTimeoutMS=timeout_ms,
            connectTimeoutMS=timeout_ms,
            tz_aware=True,
            appname="newscrawl",
        )
    except (ConfigurationError, EmbeddedServerError, ValueError) as exc:
        shown = mask_uri(uri) if uri else target.display()
        raise DatabaseUnavailableError(f"Cannot use MongoDB at {shown}: {_reason(exc)}") from None
    try:
        client.admin.command("ping")
    except PyMongoError as exc:
        client.close()
        raise DatabaseUnavailableError(
            f"Cannot use MongoDB at {mask_uri(uri)}: {_reason(exc)}"
        ) from None
    return client


@contextmanager
def opened_database(
    target: MongoTarget, *, timeout_s: float = 5.0
) -> Iterator[Database[dict[str, Any]]]:
    """``target``'s database for the length of a ``with`` block; the client is closed after.

    For commands that report failures as one line: a server that cannot be used on entry, and
    a :class:`~pymongo.errors.PyMongoError` raised inside the block (a server that went away
    mid-query, or refused it), both come out as :class:`DatabaseUnavailableError` naming the
    server with its password masked.
    """
    client = connect(target, timeout_s=timeout_s)
    try:
        yield client[target.database]
    except PyMongoError as exc:
        raise database_error(target.uri, exc) from None
    finally:
        client.close()


def database_error(uri: str | None, exc: PyMongoError) -> DatabaseUnavailableError:
    """A failure while using the database at ``uri`` (None: the embedded one), as one line."""
    where = mask_uri(uri) if uri else "the embedded database"
    return DatabaseUnavailableError(f"database error at {where}: {_reason(exc)}")


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OperationFailure) and exc.code in (13, 18):
        return "authentication failed (check the user name and password in MONGO_URI)"
    text = str(exc).strip() or type(exc).__name__
    # pymongo appends timeouts and a topology dump; the first clause is the cause.
    for cut in (" (configured timeouts", ", Timeout:"):
        text = text.split(cut, 1)[0]
    return text.splitlines()[0][:300]
