"""Lines inside an article container that are not article text, in English, Russian and Kazakh.

News CMSs put captions, bylines, "Read also" links, share labels and embed placeholders into the
same container as the paragraphs, as paragraphs. :func:`scan_lines` sorts them out: what
carries meaning (a photo credit, the author of an original, a byline) is kept in its own field;
the rest is dropped; the article text stays.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

# Photo credits: "Photo: X", "cover Photo: X", "Фото: X", "Коллаж: X", "Сурет: X".
_CREDIT_LABELLED = re.compile(
    r"^(?:cover\s+photo|photo|cover|фото|фотосурет|сурет|коллаж|иллюстрация|"
    r"illustration|collage)\s*:\s*(?P<value>.+)$",
    re.IGNORECASE,
)
# "©️ Depositphotos.com", "© Reuters", "Фото с сайта ortcom.kz", "Photo from kremlin.ru".
_CREDIT_FREE = re.compile(
    r"^(?:©\ufe0f?\s*|фото\s+с\s+сайта\s+|фото\s+из\s+|photo\s+(?:from|by|courtesy\s+of)\s+|"
    r"сурет\s+)(?P<value>.+)$",
    re.IGNORECASE,
)
_ORIGINAL_AUTHOR = re.compile(
    r"^(?:original\s+author|автор\s+оригинала|түпнұсқа\s+авторы)\s*:\s*(?P<value>.+)$",
    re.IGNORECASE,
)
_BYLINE = re.compile(r"^(?:автор|авторы|авторлар|author|authors|by)\s*:\s*(?P<value>.+)$", re.I)
_READ_ALSO = re.compile(
    r"^(?:read\s+also|also\s+read|see\s+also|read\s+more|читайте\s+также|читайте\s+ещ[её]|"
    r"по\s+теме|сондай-ақ\s+оқыңыз|оқи\s+отырыңыз|тағы\s+оқыңыз|sonda[ıi]-aq\s+oq[yı]ń[yı]z|"
    r"sondai-aq\s+oqynyz)\b",
    re.IGNORECASE,
)
_SHARE = re.compile(r"^(?:share|поделиться|бөлісу|скопировать ссылку)\s*:?$", re.IGNORECASE)
_EMBED = re.compile(
    r"^(?:view this post on instagram|a post shared by\b.*|смотреть этот пост в instagram|"
    r"публикация от\b.*|this content is not available)",
    re.IGNORECASE,
)
_END = re.compile(r"^(?:latest news|последние новости|соңғы жаңалықтар)\s*:?$", re.IGNORECASE)
# Calls to subscribe or follow that CMSs append to the text ("Подписывайтесь на наш
# Telegram-канал…"): never article text when they close it.
_PROMO = re.compile(
    r"подписывайтесь|подпишитесь|присоединяйтесь|добавляйтесь|присылайте|следите\s+за\s+нами|"
    r"жазылыңыз|қосылыңыз|subscribe\s+to|follow\s+us|join\s+our|send\s+us|ctrl\s*\+\s*enter",
    re.IGNORECASE,
)
#: A closing paragraph longer than this is prose even if it mentions a social network.
MAX_PROMO_CHARS = 300
# A stray backslash the CMS left in a credit ("Akorda\ press service").
_STRAY_BACKSLASH = re.compile(r"\s*\\+\s*")

#: Captions and credits are short; a longer line starting "Фото:" is prose.
MAX_CREDIT_CHARS = 150
MAX_BYLINE_CHARS = 100


@dataclass
class LineScan:
    """Article paragraphs and the meaningful non-text lines found among them."""

    paragraphs: list[str] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)
    original_authors: list[str] = field(default_factory=list)
    bylines: list[str] = field(default_factory=list)
    dropped: int = 0


def clean_credit(value: str) -> str:
    """A credit without a stray backslash or trailing punctuation."""
    return _STRAY_BACKSLASH.sub(" ", value).strip(" .")


def credit_of(line: str) -> str | None:
    """The credited source if ``line`` is a photo credit or caption credit, else None."""
    line = line.strip()
    if len(line) > MAX_CREDIT_CHARS:
        return None
    match = _CREDIT_LABELLED.match(line) or _CREDIT_FREE.match(line)
    return clean_credit(match.group("value")) if match else None


def is_noise(line: str) -> bool:
    """Share labels, embed placeholders and "Read also" links."""
    line = line.strip()
    return bool(_SHARE.match(line) or _EMBED.match(line) or _READ_ALSO.match(line))


def is_promo(line: str) -> bool:
    """A short "subscribe to our channel" line, as CMSs append to articles."""
    return len(line) <= MAX_PROMO_CHARS and bool(_PROMO.search(line))


def drop_trailing_promo(paragraphs: list[str]) -> list[str]:
    """``paragraphs`` without the promotional lines at their end."""
    end = len(paragraphs)
    while end > 1 and is_promo(paragraphs[end - 1]):
        end -= 1
    return paragraphs[:end]


def scan_lines(lines: Iterable[str]) -> LineScan:
    """Sort a container's lines into article text and the rest.

    Stops at a "Latest news" heading: everything after it belongs to the page, not the
    article. A byline line is only taken after the first paragraph, where CMSs put it;
    an "Автор:" at the top would be indistinguishable from a quote.
    """
    scan = LineScan()
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if _END.match(line):
            break
        if is_noise(line):
            scan.dropped += 1
            continue
        credit = credit_of(line)
        if credit is not None:
            scan.credits.append(credit)
            continue
        match = _ORIGINAL_AUTHOR.match(line)
        if match:
            scan.original_authors.append(match.group("value").strip().rstrip("."))
            continue
        match = _BYLINE.match(line)
        if match and scan.paragraphs and len(line) <= MAX_BYLINE_CHARS:
            scan.bylines.append(match.group("value").strip().rstrip("."))
            continue
        scan.paragraphs.append(line)
    return scan
