"""Bylines: the checks a candidate passes before it can be an article's author, and where to
find the byline a reader sees when the declared one fails them.

Declared authors (JSON-LD ``author``, ``<meta name="author">``) are often not people: the site's
or another outlet's name ("El Mostrador", "EFC Example Club"), a social handle ("@NatGeoUK"),
a profile path ("/@timoreilly"), a URL, a placeholder ("admin"), an organisation with its legal
form ("Example Union e.V."), or the whole reference list of a paper. A candidate list that fails
is dropped, so a byline further down the cascade can win.

The visible byline (:func:`visible_bylines`) is read from the page the way readers see it: an
element marked as the author (microdata, ``rel``/``itemprop``/class/id/``data-testid`` naming
an author or byline), a link to an author's page (``/author/…``, ``/autor/…``), or a short line
that starts with a byline label ("By", "Von", "Posted by", "Par", "Автор:"). Its text is cut to
the names: the label, a date or time after them, a role in brackets and trailing words that
are not part of a name ("en Sección", "am 07.08.2013") are left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final
from urllib.parse import urlsplit

from lxml import etree

from newscrawl.normalize.outlets import alias_key, default_registry

__all__ = [
    "MAX_AUTHORS",
    "byline_names",
    "checked_authors",
    "is_plausible_author",
    "labelled_meta_authors",
    "site_names",
    "visible_bylines",
]

#: More names than this is a reference list or a contributor dump, not a byline.
MAX_AUTHORS: Final = 12
#: Longer than this is a sentence or a bio, not a name.
_MAX_NAME_CHARS: Final = 80
#: Capitalized words in one person's name at most ("Les Membres du Choeur de Radio France").
_MAX_NAME_WORDS: Final = 6
_URL_LIKE: Final = re.compile(r"^(?:https?:|www\.|/)|/|\.(?:com|org|net|co|io|news)\b", re.I)
_HANDLE: Final = re.compile(r"^@\w")
_LETTER: Final = re.compile(r"[^\W\d_]")
# Legal forms name organisations, never persons.
_LEGAL_FORM: Final = re.compile(
    r"(?:^|\s)(?:e\.\s?V\.|g?GmbH|AG|Inc\.?|Ltd\.?|LLC|S\.A\.|SARL|KG|Corp\.?|plc)(?:\s|,|$)"
)
# CMS defaults and widget labels that land in author fields.
_PLACEHOLDERS: Final = frozenset(
    {"admin", "administrator", "webmaster", "no author", "unknown", "follow", "guest", "user"}
)
# Words of a newsroom's collective byline, which names the site on purpose.
_STAFF_WORDS: Final = frozenset(
    {"redaktion", "staff", "team", "newsroom", "desk", "redacción", "rédaction", "редакция"}
)
# Separators between a name and a tagline in one string ("L-MAG – Das Magazin für Lesben").
_NAME_PARTS: Final = re.compile(r"\s+[-|–—:·»]\s+|\s*[|»]\s*")


def site_names(host: str, *names: str | None) -> frozenset[str]:
    """Normalized keys of the names a site goes by: its host, its domain label, given names,
    and the initials of a multi-word name ("LN" for "Lübecker Nachrichten")."""
    keys = {alias_key(n) for n in names if n}
    for name in names:
        words = (name or "").split()
        if len(words) >= 2:
            keys.add(alias_key("".join(w[0] for w in words if w[:1].isalpha())))
    bare = host.lower().removeprefix("www.")
    keys.add(alias_key(bare))
    label = bare.split(".")[-2] if bare.count(".") >= 1 else bare
    keys.add(alias_key(label))
    return frozenset(k for k in keys if len(k) >= 2)


def _is_site_name(text: str, sites: frozenset[str]) -> bool:
    if alias_key(text) in sites:
        return True
    parts = _NAME_PARTS.split(text)
    if len(parts) > 1 and any(alias_key(p) in sites for p in parts):
        return True
    # The site's name inside a longer one ("EFC Example Club Town" on example-club.de,
    # "Examplenews De"); a name equal to the domain's words is kept: a personal site is
    # often named after its author (jane-doe.net, Jane Doe).
    words = alias_key(text).split()
    if _STAFF_WORDS.intersection(words):
        return False  # the newsroom's own byline ("Redaktion Example", "Example Staff")
    for key in sites:
        label = key.replace("-", " ").split()
        if "." in key or not label or len(words) <= len(label):
            continue
        if any(words[i : i + len(label)] == label for i in range(len(words) - len(label) + 1)):
            return True
    return False


def is_plausible_author(name: str, sites: frozenset[str]) -> bool:
    """Whether ``name`` can be a person's byline: not a site or outlet, handle, URL or path,
    placeholder or organisation with a legal form."""
    text = name.strip()
    if not text or len(text) > _MAX_NAME_CHARS or not _LETTER.search(text):
        return False
    if _HANDLE.match(text) or _URL_LIKE.search(text) or _LEGAL_FORM.search(text):
        return False
    if text.casefold() in _PLACEHOLDERS:
        return False
    # Exact keys only: a personal site's domain is often its author's name run together
    # (wolfgangmichal.de), which must not reject "Wolfgang Michal".
    if _is_site_name(text, sites):
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


# ----------------------------------------------------------------- reading a byline's text

# Labels that open a byline, in the languages of the sites crawled and the common others.
_LABEL: Final = re.compile(
    r"^[\s\-–—•·|*:]*(?:"
    r"(?:posted|written|reported|words|story|text|photos?|interview)\s+by"
    r"|(?:geschrieben|verfasst|erstellt)\s+von|ein\s+(?:beitrag|kommentar|artikel)\s+von"
    r"|escrito\s+por|publicado\s+por|scritto\s+da|écrit\s+par|publié\s+par|geschreven\s+door"
    r"|about\s+the\s+author|über\s+(?:den\s+autor|die\s+autorin)|autoreninfo"
    r"|by|von|af|av|door|par|por|escribe|автор(?:ы)?|текст|авторы"
    r"|(?:autor(?:in)?|author|auteur|autore"
    r"|redakteur(?:in)?|text|texte|reporter)\s*[:：]|著者\s*[:：]"
    r")(?=[\s:：]|$)[\s:：]*",
    re.IGNORECASE,
)
# Name particles: lower-case words inside a name ("Jose de la Cruz", "Ursula von der Leyen").
_PARTICLES: Final = frozenset(
    {
        "de", "da", "del", "della", "der", "den", "des", "di", "do", "dos", "das", "du",
        "la", "le", "van", "von", "ter", "ten", "zu", "bin", "ibn", "al", "el", "y", "e",
    }
)  # fmt: skip
# Joiners between two names of one byline.
_JOINERS: Final = frozenset(
    {"and", "und", "et", "y", "&", "и", "және", "e", "i", ",", "/", "、", "，"}
)
_TOKEN: Final = re.compile(r"[^\s,&/()\[\]|•·@、，]+|[,&/、，]|[()\[\]|•·@]")
# Capitalized words that end a name: dates, roles, widget labels ("Jane Doe Thursday",
# "Jane Doe Follow", "Jane Doe Redakteurin", "Jane Doe Über Autorenseite"). Months that are
# also first names (April, May, June, August, Jan) are not in the list.
_STOP_WORDS: Final = frozenset(
    """
    monday tuesday wednesday thursday friday saturday sunday january february march july
    september october november december feb apr jul aug sept oct nov dec montag dienstag
    mittwoch donnerstag freitag samstag sonntag januar februar märz juni juli oktober dezember
    lundi mardi mercredi jeudi vendredi samedi dimanche janvier février mars avril juin juillet
    août septembre octobre novembre décembre lunes martes miércoles jueves viernes sábado
    domingo enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre
    diciembre updated published publiziert veröffentlicht aktualisiert posted follow folgen
    share teilen email e-mail mail twitter facebook linkedin instagram about über more mehr
    edited reporter correspondent korrespondent korrespondentin editor redakteur redakteurin
    contributor columnist kolumnist autorenseite profile profil contact kontakt read lesen view
    see alle all foto photo bild quelle source uhr gmt utc
    today heute gestern yesterday author authors autor autorin autoren auteur auteurs
    """.split()  # noqa: SIM905 (a word list reads better as text)
)
_NAME_WORD: Final = re.compile(r"^[^\W\d_][\w'’.-]*$")


def _is_name_word(token: str) -> bool:
    if not _NAME_WORD.match(token):
        return False
    first = token[0]
    # Upper case, or a script without case (CJK, Arabic…): both start a name word.
    return first.isupper() or not (first.islower() or first.isupper())


@dataclass(frozen=True)
class _Reading:
    names: list[str]
    label: str  # the byline label the text opened with, "" when none
    stop: str  # the token reading stopped at, "" when the text ended


def _read(text: str) -> _Reading:
    text = " ".join(text.split())
    label = _LABEL.match(text)
    rest = text[label.end() :] if label else text
    names: list[str] = []
    current: list[str] = []
    stop = ""
    for token in _TOKEN.findall(rest):
        low = token.casefold()
        if not names and not current and low in _NOT_FIRST:
            stop = token
            break
        if low in _STOP_WORDS:
            stop = token
            break
        if low in _JOINERS:
            if current:
                names.append(" ".join(current))
                current = []
        elif _is_name_word(token) or (current and low in _PARTICLES):
            current.append(token)
        else:
            stop = token
            break
    if current:
        names.append(" ".join(current))
    out = []
    for name in names:
        words = name.split()
        while words and words[-1].casefold() in _PARTICLES:
            words.pop()
        capitalized = [w for w in words if w.casefold() not in _PARTICLES]
        if capitalized and len(capitalized) <= _MAX_NAME_WORDS:
            out.append(" ".join(words).rstrip(",") if len(words) > 1 else words[0].rstrip(".,"))
    return _Reading(out, label.group(0).strip(" :：").casefold() if label else "", stop)


#: Labels too common as plain words to introduce a one-word name ("Von Anfang an").
_BARE_LABELS: Final = frozenset({"by", "von", "af", "av", "door", "par", "por"})
# A bare label inside a byline's text ("Section - 10 May 2020 Af Jane Doe"): the names follow it.
_INNER_LABEL: Final = re.compile(r"(?:^|\s)(?:by|von|af|av|door|par|por)\s+(?=\S)", re.IGNORECASE)
# First words that make a phrase, not a name ("Em São Paulo", "Zur Artikelübersicht").
_NOT_FIRST: Final = frozenset(
    """
    em in im aus from zur zum the die der das am beim vom mit für for with
    """.split()  # noqa: SIM905 (a word list reads better as text)
)


def byline_names(text: str, *, labelled: bool = False) -> list[str]:
    """The person names a byline's text gives ("By Jane Doe and Max Muster, 3 May" → two).

    Reading stops at the first word that cannot be part of a name (a date, a time, a role in
    brackets, "am", "en", "|"). With ``labelled`` the text must start with a byline label
    ("By", "Von", "Posted by"…), as a line of body text must to count as a byline. A single
    word followed by lower-case words is a phrase ("View all posts"), not a name.
    """
    reading = _read(text)
    if labelled and not reading.label:
        return []
    if len(reading.names) == 1 and " " not in reading.names[0]:
        if reading.stop[:1].islower():
            return []
        if labelled and reading.label in _BARE_LABELS:
            return []
    return reading.names


# ----------------------------------------------------------------- finding it on the page

# Class, id, data-testid or itemprop words that mark a byline element ("post-author",
# "article__byline", "entry-content__authors", "wrote_by", "itemPoster"), not "authority".
_MARKER: Final = re.compile(
    r"by-?line|author(?!ity|i[sz])|writer|wrote[_-]?by|posted[_-]?by|submitted[_-]?by|poster"
    r"|autor(?!i[td])|auteur|verfasser"
)
# Cheap first tests (most elements and text nodes fail them) before the full patterns.
_MARKER_HINT: Final = re.compile(r"line|aut|wr|pos|sub|verf")
_AUTHOR_PROP: Final = re.compile(r"author|creator")
_MARK_ATTRIBUTES: Final = frozenset({"class", "id", "data-testid", "itemprop"})
_LABEL_HINT: Final = re.compile(r"[\s\-–—•·|*:]*[bvpwrstiegpéaт著]", re.IGNORECASE)
# A link to an author's page: the path has an author segment before the name.
_AUTHOR_PATH: Final = re.compile(
    r"/(?:authors?|autor(?:en)?|auteurs?|autore|autori|reporters?|journalists?|writers?"
    r"|columnists?|contributors?|editors|signataires|periodistas?|redakteure?|redaktion"
    r"|mitarbeiter|people|staff|profiles?)/[^/?#]+",
    re.IGNORECASE,
)
# Ancestors whose bylines are another article's or a reader's, not this article's: a class
# or id token that starts or ends with one of these words ("comment-author", "jp-relatedposts",
# "widget_recent"), not one that only contains it ("elementor-widget-container" wraps
# everything on some sites).
_FOREIGN_WORDS: Final = (
    r"(?:comments?|commentlist|related\w*|recommend\w*|teasers?|widgets?|sidebar|popular"
    r"|trending|newsletter|menu|breadcrumbs?|promo|more-?stories|read-?more|also-?read"
    r"|carousel|slider|footer-widgets|social|share|sharing|img|image|photo|caption|credits?)"
)
_FOREIGN: Final = re.compile(
    rf"(?:^|\s){_FOREIGN_WORDS}(?=[\s_-]|$)|(?<=[_-]){_FOREIGN_WORDS}(?=\s|$)", re.IGNORECASE
)
_FOREIGN_TAGS: Final = frozenset({"nav", "aside", "select", "option", "figure", "figcaption"})
# Containers whose class may name the author (WordPress "author-jdoe" on <article>): never the
# byline element itself.
_CONTAINER_TAGS: Final = frozenset({"article", "section", "main", "body", "form"})
_SKIPPED_TAGS: Final = frozenset(
    {"script", "style", "noscript", "template", "svg", "img", "link", "input", "button"}
)
_INNER_NAME: Final = etree.XPath(".//*[self::h2 or self::h3 or self::h4 or self::a]")
#: Characters of text a byline element may hold (longer: a bio or a whole block).
_MAX_BYLINE_CHARS: Final = 200
#: Characters of an author box (longer: the whole article, whose class names its author).
_MAX_BOX_CHARS: Final = 1500
#: Characters of a text node that may open a byline line ("Von ", "By").
_MAX_LABEL_NODE_CHARS: Final = 120


_TEXT_NODES: Final = etree.XPath(".//text()[not(ancestor::script or ancestor::style)] | .//br")


def _line_text(node: etree._Element) -> str:
    # Text nodes joined with a space: a byline's parts sit in separate inline elements
    # ("<span>By</span><a>Jane Doe</a><time>3 May</time>"), and gluing them makes one word.
    if node.tag == "meta":
        return node.get("content") or ""
    parts = [t if isinstance(t, str) else "|" for t in _TEXT_NODES(node)]
    return " ".join(" ".join(parts).split())


def _is_foreign(node: etree._Element) -> bool:
    for el in (node, *node.iterancestors()):
        if el.tag in _FOREIGN_TAGS:
            return True
        marks = f"{el.get('class', '')} {el.get('id', '')}"
        if marks.strip() and _FOREIGN.search(marks):
            return True
    return False


@dataclass
class _Candidates:
    """Byline candidates of one page, each kind in document order (one pass collects all)."""

    persons: list[etree._Element] = field(default_factory=list)
    marked: list[etree._Element] = field(default_factory=list)
    links: list[etree._Element] = field(default_factory=list)
    labels: list[etree._Element] = field(default_factory=list)


def _same_site(href: str, host: str | None) -> bool:
    if host is None or not href.startswith(("http:", "https:", "//")):
        return True
    linked = (urlsplit(href).hostname or "").removeprefix("www.")
    site = ".".join(host.removeprefix("www.").split(".")[-2:])
    return linked == site or linked.endswith("." + site)


def _scan(root: etree._Element, host: str | None) -> _Candidates:
    # One walk over the body reading each element's attributes in one call: the byline
    # search runs on every page whose declared author fails, so it must stay cheap.
    found = _Candidates()
    body = root.find("body")
    if body is None:
        return found
    persons: list[etree._Element] = []
    labels, marked = found.labels, found.marked
    hint, label = _LABEL_HINT.match, _LABEL.match
    for el in body.iter(etree.Element):
        tag = el.tag
        skipped = tag in _SKIPPED_TAGS
        text = None if skipped else el.text
        if text and len(text) < _MAX_LABEL_NODE_CHARS and hint(text) and label(text):
            labels.append(el)
        tail = el.tail
        if tail and len(tail) < _MAX_LABEL_NODE_CHARS and hint(tail) and label(tail):
            # A tail belongs to the line of the element's parent.
            line = el.getparent()
            if line is not None:
                labels.append(line)
        if skipped:
            continue
        attributes = el.items()
        if not attributes:
            continue
        marks = ""
        itemprop = ""
        for key, value in attributes:
            if key in _MARK_ATTRIBUTES:
                marks += " " + value
                if key == "itemprop":
                    itemprop = value
            elif key == "rel" and value == "author":
                marks += " author"
            elif (
                key == "href"
                and tag == "a"
                and _AUTHOR_PATH.search(value)
                and _same_site(value, host)
            ):
                # A link to an author page of this site (not a profile on a social network).
                found.links.append(el)
        if not marks:
            continue
        if itemprop:
            # A Person item that is the author ("itemprop=author"), not one the text mentions.
            if "person" in (el.get("itemtype") or "").lower() and _AUTHOR_PROP.search(itemprop):
                persons.append(el)
            elif persons and itemprop == "name" and any(p in el.iterancestors() for p in persons):
                found.persons.append(el)
        if tag not in _CONTAINER_TAGS:
            marks = marks.lower()
            if _MARKER_HINT.search(marks) and _MARKER.search(marks):
                marked.append(el)
    return found


def _from_marked(nodes: list[etree._Element]) -> Iterator[list[str]]:
    for node in nodes:
        text = _line_text(node)
        if not text or len(text) > _MAX_BOX_CHARS or _is_foreign(node):
            continue
        if len(text) > _MAX_BYLINE_CHARS:
            # An author box with a bio: its name is the box's heading or its author link.
            for inner in _INNER_NAME(node):
                if inner.tag == "a" and not _AUTHOR_PATH.search(inner.get("href") or ""):
                    continue
                names = byline_names(_line_text(inner))
                if names:
                    yield names
                    break
            continue
        names = byline_names(text)
        inner = _INNER_LABEL.search(text)
        if inner and inner.start() > 0:
            # "Section - 10 May 2020 Af Jane Doe": the names follow the label.
            names = byline_names(text[inner.end() :]) or names
        if not names and _is_explicit(node) and len(text) <= _MAX_NAME_CHARS:
            # rel=author / itemprop=author text is the name the site shows, even a login
            # name in lower case ("jdoe").
            names = [text]
        yield names


def _is_explicit(node: etree._Element) -> bool:
    return node.get("rel") == "author" or "author" in (node.get("itemprop") or "")


def _from_links(nodes: list[etree._Element]) -> Iterator[list[str]]:
    for node in nodes:
        if _is_foreign(node):
            continue
        names = byline_names(_line_text(node))
        # A one-word link text is a section or a team page ("Verband"), not a name.
        if len(names) != 1 or " " in names[0]:
            yield names


def _from_persons(nodes: list[etree._Element]) -> Iterator[list[str]]:
    for node in nodes:
        if not _is_foreign(node):
            yield byline_names(_line_text(node))


def _from_lines(nodes: Iterable[etree._Element]) -> Iterator[list[str]]:
    for node in nodes:
        element: etree._Element | None = node
        # "<span>By</span> <a>Jane Doe</a>": the label's element alone holds no name; its
        # parent (one or two levels up) holds the whole line.
        for _ in range(3):
            if element is None or _is_foreign(element):
                break
            text = _line_text(element)
            if len(text) > _MAX_BYLINE_CHARS:
                break
            names = byline_names(text, labelled=True)
            if names:
                yield names
                break
            element = element.getparent()


def visible_bylines(
    root: etree._Element, sites: frozenset[str], host: str | None = None
) -> list[str]:
    """The byline a reader sees, checked like a declared one; empty when none passes.

    Sources, most specific first: microdata ``Person`` names, elements marked as the
    author or byline (class, id, ``data-testid``, ``itemprop``, ``rel=author``), links to
    an author's page, then short lines opening with a byline label. Within each, the first
    passing candidate in document order wins; elements in comments, related-article lists,
    sidebars and navigation are not read.
    """
    found = _scan(root, host)
    sources = (
        _from_persons(found.persons),
        _from_marked(found.marked),
        _from_links(found.links),
        _from_lines(found.labels),
    )
    for source in sources:
        for names in source:
            checked = checked_authors(names, sites) if names else []
            if checked:
                return checked
    return []


# Labels of the ``twitter:labelN``/``twitter:dataN`` pairs SEO plugins write ("Written by").
_AUTHOR_LABELS: Final = re.compile(
    r"^(?:written\s+by|author|verfasst\s+von|geschrieben\s+von|autor(?:in)?|écrit\s+par"
    r"|auteur|escrito\s+por|scritto\s+da|geschreven\s+door|автор)$",
    re.IGNORECASE,
)


def labelled_meta_authors(meta: Mapping[str, list[str]]) -> list[str]:
    """The author an SEO plugin states in ``twitter:label1``/``twitter:data1`` pairs."""
    for i in range(1, 5):
        labels = meta.get(f"twitter:label{i}") or []
        data = meta.get(f"twitter:data{i}") or []
        if labels and data and _AUTHOR_LABELS.match(labels[0].strip()):
            return [d.strip() for d in data if d and d.strip()]
    return []
