"""Content fingerprints: what counts as "the same article text"."""

from __future__ import annotations

import hashlib
import unicodedata


def content_hash(title: str, body: str) -> str:
    """SHA-256 over the normalized title and boilerplate-free body.

    Unicode NFC and whitespace runs are normalized first, so a re-crawl that only differs in
    markup or spacing hashes the same; any change of words changes the hash.
    """
    text = f"{title}\n\n{body}"
    # str.split() splits on the characters \s matches (both are Py_UNICODE_ISSPACE), so this is
    # the sub(r"\s+", " ").strip() it replaced, without a match object per space.
    normalized = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(normalized.encode("utf-8")).hexdigest()


#: Default cap on a stored body, in UTF-8 bytes: far above any article, far below MongoDB's
#: 16 MB document limit (the title, lead and structured data share that limit).
MAX_BODY_BYTES = 4 * 1024 * 1024


def cap_text(text: str, max_bytes: int = MAX_BODY_BYTES) -> tuple[str, bool]:
    """``text`` cut to at most ``max_bytes`` of UTF-8, at a paragraph (else word) boundary;
    and whether it was cut."""
    data = text.encode("utf-8")
    if len(data) <= max_bytes:
        return text, False
    head = data[:max_bytes].decode("utf-8", errors="ignore")
    for boundary in ("\n\n", " "):
        cut = head.rfind(boundary)
        if cut > max_bytes // 2:
            return head[:cut].rstrip(), True
    return head, True
