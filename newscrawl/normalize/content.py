"""Content fingerprints: what counts as "the same article text"."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_WS = re.compile(r"\s+")


def content_hash(title: str, body: str) -> str:
    """SHA-256 over the normalized title and boilerplate-free body.

    Unicode NFC and whitespace runs are normalized first, so a re-crawl that only differs in
    markup or spacing hashes the same; any change of words changes the hash.
    """
    text = f"{title}\n\n{body}"
    normalized = _WS.sub(" ", unicodedata.normalize("NFC", text)).strip()
    return hashlib.sha256(normalized.encode("utf-8")).hexdigest()
