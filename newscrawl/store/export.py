"""Writing stored articles out as JSON lines or CSV, one document at a time.

Both writers take any iterable of documents (a pymongo cursor from
:func:`~newscrawl.store.query.find_articles`, a list, a generator) and write each one before
asking for the next, so exporting a million articles needs the memory of one.
"""

from __future__ import annotations

import base64
import csv
import json
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any, Final, Literal, TextIO

from bson import ObjectId

__all__ = [
    "CSV_COLUMNS",
    "FORMATS",
    "ExportFormat",
    "cited_outlet_ids",
    "csv_row",
    "export_articles",
    "iso_utc",
    "json_line",
]

ExportFormat = Literal["jsonl", "csv"]
FORMATS: Final[tuple[ExportFormat, ...]] = ("jsonl", "csv")

#: The CSV columns, in order. Lists are joined with "; ", dates are ISO 8601 UTC
#: (``2024-09-03T05:15:00Z``), booleans ``true``/``false``, a missing value is empty.
#: ``cited_outlets`` holds the registry ids of ``cited_sources`` (each once, in order);
#: sources without a registry id, the body, images and provenance are in JSON lines only.
CSV_COLUMNS: Final = (
    "url",
    "site",
    "language",
    "published_at",
    "title",
    "clean_title",
    "lead",
    "authors",
    "original_authors",
    "cited_outlets",
    "is_translation",
    "translation_of_url",
    "photo_credit",
    "section",
    "tags",
    "content_hash",
    "first_seen_at",
    "last_seen_at",
    "crawl_count",
)
LIST_SEPARATOR: Final = "; "


def iso_utc(value: datetime) -> str:
    """``value`` as ISO 8601 in UTC with a ``Z`` (naive values are taken to be UTC already).

    Seconds unless the value has a fraction; BSON dates carry milliseconds at most.
    """
    aware = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    timespec = "milliseconds" if aware.microsecond else "seconds"
    return aware.replace(tzinfo=None).isoformat(timespec=timespec) + "Z"


def _json_default(value: object) -> object:
    # Called by json for what it cannot encode: BSON's types beyond JSON's.
    if isinstance(value, datetime):
        return iso_utc(value)
    if isinstance(value, ObjectId):
        return str(value)
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    return str(value)  # Decimal128, Timestamp, Regex…: none is in the schema


def json_line(doc: Mapping[str, Any]) -> str:
    """One document as a JSON object on one line (no newline), without its ``_id``.

    Dates become ISO 8601 UTC strings; text stays readable (no ``\\u`` escapes).
    """
    plain = {key: value for key, value in doc.items() if key != "_id"}
    return json.dumps(plain, ensure_ascii=False, default=_json_default)


def cited_outlet_ids(doc: Mapping[str, Any]) -> list[str]:
    """Registry ids of the document's ``cited_sources``, each once, in order of citation."""
    ids: list[str] = []
    for source in doc.get("cited_sources") or []:
        outlet_id = source.get("outlet_id") if isinstance(source, Mapping) else None
        if outlet_id and outlet_id not in ids:
            ids.append(outlet_id)
    return ids


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return iso_utc(value)
    if isinstance(value, list | tuple):
        return LIST_SEPARATOR.join(_cell(item) for item in value)
    return str(value)


def csv_row(doc: Mapping[str, Any]) -> list[str]:
    """The :data:`CSV_COLUMNS` cells of one document."""
    translation = doc.get("translation_of")
    derived = {
        "cited_outlets": cited_outlet_ids(doc),
        "translation_of_url": translation.get("url") if isinstance(translation, Mapping) else None,
    }
    return [_cell(derived[col] if col in derived else doc.get(col)) for col in CSV_COLUMNS]


def export_articles(
    cursor_or_iterable: Iterable[Mapping[str, Any]], fmt: ExportFormat, out: TextIO
) -> int:
    """Write every document to ``out`` in ``fmt`` and return how many were written.

    ``jsonl``: one JSON object per line (see :func:`json_line`). ``csv``: a header row of
    :data:`CSV_COLUMNS`, then one row per document, RFC 4180 quoting (fields with commas,
    quotes or line breaks are quoted) and CRLF row ends; open a file for it with
    ``newline=""`` so that line breaks inside fields are not translated. The output is not
    flushed or closed. A projection that leaves out a column's field gives empty cells.
    """
    count = 0
    if fmt == "jsonl":
        for doc in cursor_or_iterable:
            out.write(json_line(doc))
            out.write("\n")
            count += 1
        return count
    if fmt == "csv":
        writer = csv.writer(out)
        writer.writerow(CSV_COLUMNS)
        for doc in cursor_or_iterable:
            writer.writerow(csv_row(doc))
            count += 1
        return count
    raise ValueError(f"unknown export format {fmt!r}; expected one of {', '.join(FORMATS)}")
