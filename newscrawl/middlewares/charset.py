"""Re-decode pages whose declared charset is wrong, instead of storing U+FFFD mojibake.

A page that declares UTF-8 but is served in windows-1251 (or the reverse) decodes, with
replacement, into text where most non-ASCII characters became U+FFFD. Such a response is
decoded again with each plausible encoding — the HTTP header's, the ``<meta>`` one, UTF-8,
windows-1251 — and the one with the fewest replacement characters wins. Stat
``newscrawl/encoding_fallback`` (and ``…/<encoding>``).
"""

from __future__ import annotations

import logging
import re
from typing import Self

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.http import Response, TextResponse
from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)

REPLACEMENT = "\ufffd"
#: Below this many replacement characters a page is left alone (one stray byte is not a
#: wrong charset).
MIN_REPLACEMENTS = 8
#: Share of the non-ASCII characters that must be U+FFFD for a page to count as mis-decoded.
MOJIBAKE_SHARE = 0.5
#: Tried after the declared encodings: what the sites of this region use.
FALLBACK_ENCODINGS = ("utf-8", "cp1251")
_CHARSET = re.compile(rb"""charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def replacement_count(text: str) -> int:
    """How many characters of ``text`` are U+FFFD."""
    return text.count(REPLACEMENT)


def looks_misdecoded(text: str) -> bool:
    """Whether most non-ASCII characters of ``text`` are U+FFFD (and there are enough)."""
    replaced = replacement_count(text)
    if replaced < MIN_REPLACEMENTS:
        return False
    non_ascii = sum(1 for char in text if ord(char) > 127)
    return replaced >= MOJIBAKE_SHARE * non_ascii


def candidate_encodings(body: bytes, header: str | None) -> list[str]:
    """The header's and the page's declared charsets, then the fallbacks, each once."""
    found: list[str] = []
    if header:
        found += [m.decode("ascii") for m in _CHARSET.findall(header.encode("latin-1"))]
    found += [m.decode("ascii") for m in _CHARSET.findall(body[:4096])]
    found += FALLBACK_ENCODINGS
    unique: list[str] = []
    for name in found:
        try:
            canonical = "".join(name.lower().split())
            b"".decode(canonical)
        except LookupError:
            continue
        if canonical not in unique:
            unique.append(canonical)
    return unique


def best_encoding(body: bytes, candidates: list[str]) -> tuple[str, int] | None:
    """The candidate decoding ``body`` with the fewest U+FFFD (and that count)."""
    best: tuple[str, int] | None = None
    for name in candidates:
        count = replacement_count(body.decode(name, errors="replace"))
        if best is None or count < best[1]:
            best = (name, count)
    return best


class CharsetFallbackMiddleware:
    """Downloader middleware; see the module docstring."""

    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Build from the crawler's stats."""
        assert crawler.stats is not None
        return cls(crawler.stats)

    def process_response(self, request: Request, response: Response, spider: Spider) -> Response:
        """The response, re-decoded when its text is mostly replacement characters."""
        if not isinstance(response, TextResponse) or not looks_misdecoded(response.text):
            return response
        header = response.headers.get("Content-Type")
        candidates = candidate_encodings(
            response.body, header.decode("latin-1") if header else None
        )
        best = best_encoding(response.body, candidates)
        current = replacement_count(response.text)
        if best is None or best[1] >= current:
            return response
        self.stats.inc_value("newscrawl/encoding_fallback")
        self.stats.inc_value(f"newscrawl/encoding_fallback/{best[0]}")
        logger.warning(
            "Declared charset %s is wrong for %s: decoded as %s (%d replacement characters "
            "instead of %d)",
            response.encoding,
            response.url,
            best[0],
            best[1],
            current,
        )
        return response.replace(encoding=best[0])
