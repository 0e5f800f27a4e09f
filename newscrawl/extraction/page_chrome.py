"""Lines of page chrome that a main-text extractor leaves in a generic page's article text.

trafilatura keeps what sits inside the article container: the headline repeated above the
text, a bare link, the newsletter box ("Thanks for signing up!"), "Follow us on Instagram"
calls, a "Related:" line with its list of links, and the heading of a "Most read" box.
:func:`without_chrome` drops them and keeps every sentence of the article. The rules are
phrase shapes that recur across CMSs, in the languages of the sites crawled and the common
others; a long line is prose and is always kept.
"""

from __future__ import annotations

import re
from typing import Final

__all__ = ["without_chrome"]

_WORDS: Final = re.compile(r"\w+")
#: A chrome line is short; a longer one is prose, whatever words it uses.
MAX_CHROME_CHARS: Final = 200
#: The headline is repeated among the first lines only.
_HEADLINE_LINES: Final = 3
# A paragraph that is only an address (the canonical URL printed under the headline).
_BARE_URL: Final = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)
# Newsletter boxes, subscription offers, "follow us", "tell us what you think".
_WIDGET: Final = re.compile(
    r"^(?:thanks?\s+(?:you\s+)?for\s+(?:signing\s+up|subscribing)"
    r"|keep\s+an\s+eye\s+on\s+your\s+inbox"
    r"|(?:sorry!?\s+)?there\s+was\s+an\s+error\s+processing\s+your\s+(?:subscription|request)"
    r"|sign\s+up\s+(?:for|to)\s+(?:our|the)\b.*newsletter"
    r"|(?:get|subscribe\s+to)\b.*\bnewsletter\b"
    r"|follow\s+(?:us|[\w&.' -]{1,40}?)\s+on\s+(?:instagram|facebook|twitter|x|youtube|tiktok"
    r"|telegram|linkedin)\b.*"
    r"|tell\s+us\s+what\s+you\s+think"
    r"|click\s+here\s+(?:for|to)\s+(?:more\s+information|subscribe)"
    r"|get\s+access\s+to\b.*\bsubscription"
    r"|comments?|\d+\s+comments?|sorry!?"
    # Paywall and app notices.
    r"|to\s+(?:view|read|continue\s+reading)\b.*\bsubscribe\b.*"
    r"|subscribe\s+now\b.*\bfull\s+story\b.*|first-time\s+subscribers\b.*"
    r"|if\s+you['’]re\s+(?:seeing\s+this\s+message|already\s+a\s+subscriber)\b.*"
    r"|(?:you\s+are|sie\s+sind)\s+(?:currently\s+|aktuell\s+)?(?:not\s+logged\s+in"
    r"|nicht\s+eingeloggt)"
    r"|.*\bdownload\s+(?:the|our)\b.*\bapps?\b.*\b(?:ios|android)\b.*"
    # Labels standing alone: image, contents and tag-list labels, "learn more".
    r"|(?:beitragsbild|titelbild|headerbild|inhaltsverzeichnis|table\s+of\s+contents"
    r"|temas|tags|schlagw(?:ö|oe)rter|meist-?diskutiert|learn\s+more|dowiedz\s+się\s+więcej"
    r"|en\s+savoir\s+plus|saiba\s+mais)(?:\s*:.*)?"
    r")\W*$",
    re.IGNORECASE,
)
# A "Related:" lead-in: the line and the list of links under it belong to other articles.
_RELATED: Final = re.compile(
    r"^(?:related|related\s+(?:articles?|stories|content|coverage|posts?)|more\s+on\s+this"
    r"|mehr\s+zum\s+thema|lesen\s+sie\s+auch|à\s+lire\s+aussi|lire\s+aussi|leia\s+também"
    r"|(?:lee|vea|mira)\s+también)\s*:",
    re.IGNORECASE,
)
# Headings of the page's own boxes ("Most read in world news"): trafilatura drops the box's
# links but keeps its heading, at the end of the text or in the middle where the box sat.
_BOX_HEADING: Final = re.compile(
    r"^(?:most\s+(?:read|popular|viewed|shared)(?:\s+in\s+[\w ]+)?|more\s+from\s+[\w ]+"
    r"|you\s+(?:may|might)\s+also\s+like|recommended(?:\s+for\s+you)?|trending(?:\s+now)?"
    r"|related\s+(?:articles|stories|posts)|meistgelesen|am\s+meisten\s+gelesen"
    r"|les\s+plus\s+lus|lo\s+más\s+leído|mais\s+lidas)\s*:?$",
    re.IGNORECASE,
)


def _is_list_item(line: str) -> bool:
    return line.startswith(("- ", "• ", "* "))


def _is_chrome(line: str) -> bool:
    return bool(_BARE_URL.match(line) or _WIDGET.match(line) or _BOX_HEADING.match(line))


def without_chrome(lines: list[str], headline: str | None) -> list[str]:
    """``lines`` (the article text, one paragraph a line) without the page's chrome."""
    title_words = _WORDS.findall(headline.casefold()) if headline else []
    kept: list[str] = []
    in_related = False
    for index, line in enumerate(lines):
        if len(line) > MAX_CHROME_CHARS:
            kept.append(line)
            in_related = False
            continue
        if in_related and _is_list_item(line):
            continue
        in_related = False
        words = _WORDS.findall(line.casefold())
        if (title_words and index < _HEADLINE_LINES and words == title_words) or _is_chrome(line):
            continue
        if _RELATED.match(line):
            in_related = True
            continue
        kept.append(line)
    return kept
