"""URL normalization: one key per article, whatever form a link or a sitemap used."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

# Parameters that identify a campaign or a click, never a different page.
_TRACKING_PARAMS = re.compile(
    r"^(utm_\w+|fbclid|gclid|yclid|dclid|msclkid|mc_cid|mc_eid|_ga|_gl|igshid|ref|ref_src|"
    r"from|share|amp)$",
    re.IGNORECASE,
)
# AMP copies live at …/amp/ or …?amp=1 on the sites we crawl.
_AMP_SUFFIX = re.compile(r"/amp/?$")
# Characters that may stay literal in a path; everything else is percent-encoded.
_PATH_SAFE = "/:@!$&'()*+,;=-._~%"


def canonicalize_url(url: str, *, trailing_slash: bool | None = None) -> str:
    """Return the canonical form of an article URL.

    Lower-cases scheme and host, upgrades ``http`` to ``https`` (every target site serves
    HTTPS, and both forms appear in feeds), drops the fragment, tracking parameters and an
    AMP suffix, and normalizes percent-encoding (so a Cyrillic slug typed raw and the same
    slug percent-encoded give one key; upper-case hex as RFC 3986 recommends). Remaining
    query parameters are sorted. ``trailing_slash`` forces the path's final slash on (True)
    or off (False); None keeps it as given, because only the site knows which form it uses.
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower() or "https"
    if scheme == "http":
        scheme = "https"
    host = (parts.hostname or "").lower().rstrip(".")
    if host.startswith("www."):
        host = host[4:]
    netloc = host if parts.port in (None, 80, 443) else f"{host}:{parts.port}"
    path = quote(unquote(parts.path), safe=_PATH_SAFE) or "/"
    path = _AMP_SUFFIX.sub("/", path)
    if trailing_slash is True and not path.endswith("/") and "." not in path.rsplit("/", 1)[-1]:
        path += "/"
    elif trailing_slash is False and path != "/":
        path = path.rstrip("/")
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)]
    query = sorted((k, v) for k, v in query if not _TRACKING_PARAMS.match(k))
    return urlunsplit((scheme, netloc, path, urlencode(query), ""))


def url_host(url: str) -> str:
    """The lower-cased host of ``url`` without ``www.``."""
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host
