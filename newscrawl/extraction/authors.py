"""Checks a byline candidate passes before it can be an article's author.

Declared authors (JSON-LD ``author``, ``<meta name="author">``) are often not people: the site's
or another outlet's name ("El Mostrador"), a social handle ("@NatGeoUK"), a profile path
("/@timoreilly"), a URL, or the whole reference list of a paper. A candidate list that fails is
dropped, so a visible byline further down the cascade can win.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Final

from newscrawl.normalize.outlets import alias_key, default_registry

__all__ = ["MAX_AUTHORS", "checked_authors", "is_plausible_author", "site_names"]

#: More names than this is a reference list or a contributor dump, not a byline.
MAX_AUTHORS: Final = 12
#: Longer than this is a sentence or a bio, not a name.
_MAX_NAME_CHARS: Final = 80
_URL_LIKE: Final = re.compile(r"^(?:https?:|www\.|/)|/|\.(?:com|org|net|co|io|news)\b", re.I)
_HANDLE: Final = re.compile(r"^@\w")
_LETTER: Final = re.compile(r"[^\W\d_]")


def site_names(host: str, *names: str | None) -> frozenset[str]:
    """Normalized keys of the names a site goes by: its host, its domain label, given names."""
    keys = {alias_key(n) for n in names if n}
    bare = host.lower().removeprefix("www.")
    keys.add(alias_key(bare))
    label = bare.split(".")[-2] if bare.count(".") >= 1 else bare
    keys.add(alias_key(label))
    return frozenset(k for k in keys if k)


def is_plausible_author(name: str, sites: frozenset[str]) -> bool:
    """Whether ``name`` can be a person's byline: not a site or outlet, handle, URL or path."""
    text = name.strip()
    if not text or len(text) > _MAX_NAME_CHARS or not _LETTER.search(text):
        return False
    if _HANDLE.match(text) or _URL_LIKE.search(text):
        return False
    # Exact keys only: a personal site's domain is often its author's name run together
    # (wolfgangmichal.de), which must not reject "Wolfgang Michal".
    if alias_key(text) in sites:
        return False
    return default_registry().lookup(text) is None


def checked_authors(names: Sequence[str], sites: frozenset[str]) -> list[str]:
    """``names`` when they read as a byline, else an empty list (the cascade moves on)."""
    if len(names) > MAX_AUTHORS:
        return []
    kept = [n.strip() for n in names if is_plausible_author(n, sites)]
    return _unique(kept)


def _unique(names: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for name in names:
        if name.lower() not in seen:
            seen.add(name.lower())
            out.append(name)
    return out
