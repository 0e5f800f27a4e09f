"""Keys from scraped data made safe to store in MongoDB.

A key starting with ``$`` is read as an operator, and a ``.`` addresses a nested field: a
JSON-LD block with ``{"$where": …}`` or ``{"author.name": …}`` must neither be interpreted nor
rejected. Such characters are replaced by their full-width forms (``＄``, ``．``), MongoDB's
own advice: the key stays readable and distinct, and nothing is lost.
"""

from __future__ import annotations

from typing import Any

_DOLLAR = "\uff04"
_DOT = "\uff0e"


def safe_key(key: str) -> str:
    """``key`` without a leading ``$``, a ``.`` or a NUL character."""
    if key.startswith("$"):
        key = _DOLLAR + key[1:]
    return key.replace(".", _DOT).replace("\x00", "")


def sanitize_keys(value: Any) -> Any:
    """A copy of ``value`` with every mapping key made safe, at any depth."""
    if isinstance(value, dict):
        return {safe_key(str(k)): sanitize_keys(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [sanitize_keys(v) for v in value]
    return value
