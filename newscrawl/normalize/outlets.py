"""The outlet registry: which names in running text denote which news outlet.

The registry is a TOML data file shipped as package data (``newscrawl/data/outlets.toml``, whose
header documents the format) plus optional user files merged over it, so users add outlets and
spellings without code. It answers three questions:

* ``lookup(name)``: is this whole string a known outlet name? (dict lookup on a normalized key)
* ``match_at(text, pos)`` / ``match_end(text, start, end)`` / ``find_all(text)``: where does a
  known name occur? One compiled, trie-shaped alternation of every alias, longest first, so the
  cost does not grow with one regex per alias.
* ``site_for_host(host)`` / ``outlet_for_url(url)``: which outlet does a crawled site belong to?

Normalization (``alias_key``) ignores case, quotes, dash style, whitespace runs, a leading
English "the", an English possessive and a hyphenated Kazakh case ending ("Reuters-ке"), and
folds scripts (``newscrawl.normalize.translit``: Cyrillic, 2021 Kazakh Latin and Arabic-script
Kazakh share one key for names of four letters or more; shorter ones keep their script, so
"КТК" stays apart from "KTK"). The matcher runs on the letter-folded text, so one literal trie
finds a name in any script or case; glued Kazakh endings ("ҚазАқпаратқа") are matched from the
table in ``newscrawl.normalize.morphology``, and the Russian case forms of registered names are
generated with pymorphy3 when the registry is built (forms of a weak alias stay weak).
"""

from __future__ import annotations

import functools
import re
import tomllib
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Final
from urllib.parse import urlsplit

from newscrawl.normalize.morphology import KAZAKH_ENDINGS, russian_forms
from newscrawl.normalize.translit import ARABIC_HAMZA, fold, is_cross_script, match_fold, to_latin

__all__ = [
    "KINDS",
    "TITLE_PREFIX_KINDS",
    "Outlet",
    "OutletMention",
    "OutletRegistry",
    "RegistryError",
    "Site",
    "alias_key",
    "default_registry",
    "load_registry",
    "registry_with",
]

KINDS: Final = frozenset(
    {
        "news-outlet",
        "agency",
        "tv",
        "radio",
        "newspaper",
        "site",
        "telegram-channel",
        "press-service",
        "organization",
    }
)
# Kinds that publish news. A title prefix "X: …" names a source only for these: "CPC: …" is
# a headline about CPC, while "… - CPC" credits CPC's release.
TITLE_PREFIX_KINDS: Final = frozenset(
    {"news-outlet", "agency", "tv", "radio", "newspaper", "site", "telegram-channel"}
)

_ID_RE: Final = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_DASHES: Final = "-‐‑‒–—―"
_DASH_CLASS: Final = "[-‐‑‒–—―]"
_QUOTES: Final = '«»"“”„‟‹›'
_QUOTE_CLASS: Final = '[«»"“”„‟‹›]'
_APOSTROPHES: Final = "'’ʼ`"
# Kazakh case endings written after a hyphen on foreign names ("Reuters-ке", "РБК-ның",
# "Reuters-qa"), plus the Russian "-а"/"-у" seen on Latin brand names. Lower-case only: an
# upper-case part after a hyphen belongs to the name ("Interfax-Kazakhstan", "РБК-ТВ").
_CASE_SUFFIX: Final = (
    r"(?:ның|нің|дың|дің|тың|тің|ға|ге|қа|ке|на|не|ны|ні|ды|ді|ты|ті|да|де|та|те|нда|нде"
    r"|дан|ден|тан|тен|нан|нен|мен|бен|пен|ша|ше|тағы|дағы|ом|а|е|у"
    r"|nyń|niń|dyń|diń|tyń|tiń|nyng|ning|dyng|ding|tyng|ting|qa|ke|ga|ge|na|ne|ny|ni|dy|di"
    r"|ty|ti|da|de|ta|te|nda|nde|dan|den|tan|ten|nan|nen|men|ben|pen|sha|she|a|e)"
)
# Kazakh endings glued to a name ("ҚазАқпаратқа", "QazAqparatqa"): two letters or more, since
# a one-letter ending would turn names into other words ("Mash" + "a").
_GLUED_SUFFIX: Final = (
    "(?:"
    + "|".join(sorted({e for e in KAZAKH_ENDINGS if len(e) > 1}, key=lambda e: (-len(e), e)))
    + ")"
)
# "Tengrinews.kz –ke": a dative or genitive after a spaced or doubled dash.
_SPACED_SUFFIX: Final = r"(?:ке|ге|қа|ға|ның|нің|ke|ge|qa|ga|ǵa|nyń|niń)(?!\w)"
_SP: Final = r"[^\S\n]"
_SUFFIX_RE: Final = re.compile(rf"(?<=\w)[{_DASHES}]{_CASE_SUFFIX}$")
_POSSESSIVE_RE: Final = re.compile(rf"(?<=\w)[{_APOSTROPHES}]s?$")
_SPACE_RE: Final = re.compile(r"\s+")


class RegistryError(ValueError):
    """The registry data is inconsistent (bad field, unknown kind, alias claimed twice, ...)."""


@dataclass(frozen=True, slots=True)
class Outlet:
    """One registry entry. ``aliases`` maps a language code (en, ru, kk, any) to spellings."""

    id: str
    name: str
    kind: str
    country: str | None = None
    domains: tuple[str, ...] = ()
    aliases: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    weak: tuple[str, ...] = ()

    def all_names(self) -> Iterator[str]:
        """Every spelling that denotes this outlet: name, aliases, weak aliases and domains."""
        yield self.name
        for names in self.aliases.values():
            yield from names
        yield from self.weak
        yield from self.domains

    def to_dict(self) -> dict[str, Any]:
        """A plain-data form for storage or JSON."""
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "country": self.country,
            "domains": list(self.domains),
            "aliases": {lang: list(v) for lang, v in self.aliases.items()},
            "weak": list(self.weak),
        }


@dataclass(frozen=True, slots=True)
class Site:
    """A crawled host: the outlet that owns it and the edition's declared language."""

    host: str
    outlet_id: str
    language: str


@dataclass(frozen=True, slots=True)
class OutletMention:
    """A registry name found in text.

    ``text`` is the name as written, without quotes or a hyphenated case ending; ``start`` and
    ``end`` span the whole mention including those. ``weak`` is true when the spelling is one of
    the outlet's ordinary-word aliases written unquoted: callers decide whether the context is
    strong enough (an attribution phrase) to count it.
    """

    outlet_id: str
    text: str
    start: int
    end: int
    quoted: bool
    weak: bool


@functools.lru_cache(maxsize=65536)
def alias_key(name: str) -> str:
    """The normalized form under which a name is looked up (see the module docstring)."""
    s = unicodedata.normalize("NFKC", name)
    s = _SPACE_RE.sub(" ", s).strip()
    s = s.strip(_QUOTES + " ")
    # Case endings are lower-case by definition: strip them before case folding.
    s = _SUFFIX_RE.sub("", s)
    s = _POSSESSIVE_RE.sub("", s)
    # Short names keep their script, as the matcher does: "КТК" (CPC) is not "KTK" (a channel).
    s = fold(s) if is_cross_script(s) else s.casefold().replace("ё", "е")
    s = s.translate(_KEY_TRANSLATION)
    s = _SPACE_RE.sub(" ", s).strip(" .,:;!?")
    if s.startswith("the "):
        s = s[4:]
    return s


_KEY_TRANSLATION: Final = str.maketrans(
    {**dict.fromkeys(_DASHES, "-"), **dict.fromkeys(_QUOTES, ""), "’": "'", "ʼ": "'", "`": "'"}
)


def _weak_form(name: str) -> str:
    # Weakness is judged case-sensitively: "Orda" is a word (horde), "ORDA" is the brand.
    return _SPACE_RE.sub(" ", unicodedata.normalize("NFKC", name)).strip().replace("ё", "е")


# ---------------------------------------------------------------------------------------------
# Matcher: all aliases as one trie-shaped regular expression.
# ---------------------------------------------------------------------------------------------


def _units(alias: str) -> list[tuple[str, str]]:
    """Split an alias into (trie key, regex) units, so equivalent spellings share trie nodes.

    The matcher runs on ``translit.match_fold`` text, so a letter is its key: one literal that
    stands for the letter in every script and case.
    """
    units: list[tuple[str, str]] = []
    for ch in alias:
        if ch.isspace():
            if units and units[-1][0] == " ":
                continue
            units.append((" ", r"\s+"))
        elif ch in _DASHES:
            units.append(("-", _DASH_CLASS))
        elif ch in _QUOTES:
            # Quotes inside an alias ("Telegram-канал «Orda»") are optional in text.
            units.append(('"', _QUOTE_CLASS + "?"))
        elif ch in _APOSTROPHES:
            units.append(("'", "['’ʼ`]"))
        elif ch.isalpha():
            key = match_fold(ch)
            units.append((key, re.escape(key)))
        else:
            low = ch.lower()
            units.append((low, re.escape(low)))
    # Surrounding quotes are handled by the outer pattern.
    while units and units[0][0] in {'"', " "}:
        units.pop(0)
    while units and units[-1][0] in {'"', " "}:
        units.pop()
    return units


_END: Final = ""  # trie key marking "an alias ends here"


def _trie_regex(aliases: Iterable[str]) -> str:
    trie: dict[str, Any] = {}
    for alias in aliases:
        units = _units(alias)
        if not units:
            continue
        node = trie
        for key, pattern in units:
            node = node.setdefault(key, (pattern, {}))[1]
        node[_END] = None
    return _trie_node(trie)


def _trie_node(node: dict[str, Any]) -> str:
    branches = []
    for key in sorted(k for k in node if k != _END):
        pattern, child = node[key]
        branches.append(pattern + _trie_node(child))
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if _END in node:
        # Try the longer continuations first; fall back to ending here (longest match wins).
        return "(?:" + body + ")?"
    return body


# ---------------------------------------------------------------------------------------------
# Registry
# ---------------------------------------------------------------------------------------------


class OutletRegistry:
    """Outlets, their spellings and the crawled sites. Build it with ``load_registry``."""

    def __init__(self, outlets: Iterable[Outlet], sites: Iterable[Site]) -> None:
        self.outlets: dict[str, Outlet] = {}
        self.sites: dict[str, Site] = {}
        self._keys: dict[str, str] = {}
        self._weak: dict[str, set[str]] = {}
        self._weak_lower: dict[str, set[str]] = {}
        self._last_text: str | None = None
        self._last_folded = ""
        self._domains: dict[str, str] = {}
        for outlet in outlets:
            if outlet.id in self.outlets:
                raise RegistryError(f"outlet id {outlet.id!r} defined twice")
            self.outlets[outlet.id] = outlet
            self._weak[outlet.id] = {_weak_form(w) for w in outlet.weak}
            for name in outlet.all_names():
                key = alias_key(name)
                if not key:
                    raise RegistryError(f"outlet {outlet.id!r}: empty alias {name!r}")
                owner = self._keys.setdefault(key, outlet.id)
                if owner != outlet.id:
                    raise RegistryError(
                        f"alias {name!r} (key {key!r}) claimed by both {owner!r} and {outlet.id!r}"
                    )
            for domain in outlet.domains:
                owner = self._domains.setdefault(domain.lower(), outlet.id)
                if owner != outlet.id:
                    raise RegistryError(
                        f"domain {domain!r} claimed by both {owner!r} and {outlet.id!r}"
                    )
        for site in sites:
            if site.outlet_id not in self.outlets:
                raise RegistryError(
                    f"site {site.host!r} points at unknown outlet {site.outlet_id!r}"
                )
            self.sites[_clean_host(site.host)] = site
        # Spellings the data need not list: Russian case forms (pymorphy3) and the Kazakh
        # Latin spelling of Cyrillic names. One that another outlet claims is left out.
        generated: list[str] = []
        for outlet in self.outlets.values():
            weak = self._weak[outlet.id]
            for name, is_weak in _generated_spellings(outlet):
                owner = self._keys.setdefault(alias_key(name), outlet.id)
                if owner != outlet.id:
                    continue
                generated.append(name)
                if is_weak:
                    weak.add(_weak_form(name))
            self._weak_lower[outlet.id] = {w.casefold() for w in weak}
        all_names = [n for o in self.outlets.values() for n in o.all_names()] + generated
        core = _trie_regex(all_names)
        mention = (
            rf"(?<![{_DASHES}\w.@/])"
            rf"(?P<q1>{_QUOTE_CLASS})?{ARABIC_HAMZA}?"
            rf"(?P<alias>{core})"
            rf"(?P<suf>[{_DASHES}]{match_fold(_CASE_SUFFIX)}|{match_fold(_GLUED_SUFFIX)}"
            rf"|{_SP}?[{_DASHES}]{{1,2}}{_SP}?{match_fold(_SPACED_SUFFIX)}|['’]s\b|['’](?!\w))?"
            rf"(?P<q2>{_QUOTE_CLASS})?"
            rf"(?!\w|\.\w|[{_DASHES}]\w)"
        )
        self._mention_re = re.compile(mention)
        self._end_re = re.compile(mention + r"[\s.,:;!?]*$")

    def __len__(self) -> int:
        return len(self.outlets)

    def __contains__(self, outlet_id: object) -> bool:
        return outlet_id in self.outlets

    def get(self, outlet_id: str) -> Outlet | None:
        """The outlet with this id, or None."""
        return self.outlets.get(outlet_id)

    def alias_keys(self) -> Mapping[str, str]:
        """Every normalized alias and the outlet id that owns it."""
        return self._keys

    def lookup(self, name: str) -> Outlet | None:
        """The outlet whose alias is exactly ``name`` (after ``alias_key``), or None."""
        outlet_id = self._keys.get(alias_key(name))
        return self.outlets[outlet_id] if outlet_id is not None else None

    def is_weak(self, outlet_id: str, written: str) -> bool:
        """Whether ``written`` is one of the outlet's ordinary-word aliases (case-sensitive)."""
        form = _weak_form(written.strip(_QUOTES))
        if form in self._weak.get(outlet_id, set()):
            return True
        # Lower-case is the ordinary word for sure ("власти", "орда").
        return form[:1].islower() and form.casefold() in self._weak_lower.get(outlet_id, set())

    def folded(self, text: str) -> str:
        """``translit.match_fold(text)``, remembered for the last text (asked about many times)."""
        if text is not self._last_text:
            self._last_text, self._last_folded = text, match_fold(text)
        return self._last_folded

    def _mention(self, text: str, m: re.Match[str]) -> OutletMention | None:
        written = text[m.start("alias") : m.end("alias")]
        # The folded key of a short name keeps its script ("КТК" is CPC, "KTK" a channel;
        # "АП" is not "AP"): a folded match whose written key is not registered is no match.
        outlet_id = self._keys.get(alias_key(written))
        if outlet_id is None:
            return None
        suffix = m.group("suf")
        if suffix and any(c.isupper() for c in text[m.start("suf") : m.end("suf")]):
            return None  # "Interfax-Kazakhstan": an upper-case part belongs to a longer name
        q1 = text[m.start("q1") : m.end("q1")] if m.group("q1") is not None else None
        q2 = text[m.start("q2") : m.end("q2")] if m.group("q2") is not None else None
        if q2 and not q1 and sum(written.count(c) for c in "«“„") > written.count("»"):
            # An alias with an inner quote ("Telegram-канал «Orda»"): the closing quote that
            # the outer pattern took belongs to the name.
            written, q2 = written + q2, None
        quoted = bool(q1) and bool(q2)
        weak = not quoted and self.is_weak(outlet_id, written)
        return OutletMention(outlet_id, written, m.start(), m.end(), quoted, weak)

    def match_at(self, text: str, pos: int) -> OutletMention | None:
        """The longest registry name starting exactly at ``pos`` (an opening quote may be there)."""
        m = self._mention_re.match(self.folded(text), pos)
        return self._mention(text, m) if m else None

    def match_end(self, text: str, start: int = 0, end: int | None = None) -> OutletMention | None:
        """The registry name that ends ``text[start:end]`` (trailing punctuation aside), if any.

        When several do, the one starting leftmost (the longest) wins: "The Astana Times"
        rather than "Times".
        """
        m = self._end_re.search(self.folded(text), start, len(text) if end is None else end)
        return self._mention(text, m) if m else None

    def find_all(self, text: str) -> list[OutletMention]:
        """Every registry name in ``text``, left to right, longest at each position."""
        found = []
        for m in self._mention_re.finditer(self.folded(text)):
            mention = self._mention(text, m)
            if mention is not None:
                found.append(mention)
        return found

    def site_for_host(self, host: str) -> Site | None:
        """The crawled-site entry for a host name (``www.`` and a port are ignored)."""
        return self.sites.get(_clean_host(host))

    def outlet_for_host(self, host: str) -> Outlet | None:
        """The outlet owning a host: the site map first, then registered domains and parents."""
        clean = _clean_host(host)
        site = self.sites.get(clean)
        if site is not None:
            return self.outlets[site.outlet_id]
        labels = clean.split(".")
        for i in range(len(labels) - 1):
            outlet_id = self._domains.get(".".join(labels[i:]))
            if outlet_id is not None:
                return self.outlets[outlet_id]
        return None

    def outlet_for_url(self, url: str) -> Outlet | None:
        """The outlet owning the host of ``url`` (None for an empty or host-less URL)."""
        host = urlsplit(url if "//" in url else "//" + url).hostname
        return self.outlet_for_host(host) if host else None


def _generated_spellings(outlet: Outlet) -> Iterator[tuple[str, bool]]:
    """(spelling, weak) pairs derived from the outlet's registered names."""
    weak = set(outlet.weak)
    russian = [outlet.name, *outlet.aliases.get("ru", ()), *outlet.weak]
    for name in russian:
        if _RUSSIAN_NAME_RE.search(name) and not _KAZAKH_LETTER_RE.search(name):
            for form in russian_forms(name):
                yield form, name in weak
    kazakh = [
        *outlet.aliases.get("kk", ()),
        *(w for w in outlet.weak if _KAZAKH_LETTER_RE.search(w)),
    ]
    for name in kazakh:
        if _RUSSIAN_NAME_RE.search(name):
            latin = to_latin(name)
            if latin != name:
                yield latin, name in weak


_RUSSIAN_NAME_RE: Final = re.compile(r"[А-Яа-яЁё]")
_KAZAKH_LETTER_RE: Final = re.compile(r"[ӘәҒғҚқҢңӨөҮүҰұҺһІі]")


def _clean_host(host: str) -> str:
    host = host.strip().lower().rstrip(".")
    host = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    for prefix in ("www.", "m.", "amp."):
        if host.startswith(prefix) and host.count(".") > 1:
            host = host[len(prefix) :]
    return host


# ---------------------------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------------------------


def _str_list(value: object, where: str) -> list[str]:
    if isinstance(value, str) or not isinstance(value, list):
        raise RegistryError(f"{where}: expected a list of strings")
    out: list[str] = []
    for item in value:
        if not isinstance(item, str) or not item.strip():
            raise RegistryError(f"{where}: expected non-empty strings, got {item!r}")
        out.append(item)
    return out


def _merge_outlet(base: dict[str, Any], extra: Mapping[str, Any], where: str) -> None:
    for key, value in extra.items():
        if key in {"name", "kind", "country"}:
            base[key] = value
        elif key in {"domains", "weak"}:
            base[key] = [*base.get(key, []), *_str_list(value, f"{where}.{key}")]
        elif key == "aliases":
            if not isinstance(value, dict):
                raise RegistryError(f"{where}.aliases: expected a table of lists")
            aliases: dict[str, list[str]] = base.setdefault("aliases", {})
            for lang, names in value.items():
                listed = _str_list(names, f"{where}.aliases.{lang}")
                aliases[lang] = [*aliases.get(lang, []), *listed]
        elif key != "id":
            raise RegistryError(f"{where}: unknown field {key!r}")


def _build_outlet(raw: Mapping[str, Any], where: str) -> Outlet:
    outlet_id = raw.get("id")
    if not isinstance(outlet_id, str) or not _ID_RE.fullmatch(outlet_id):
        raise RegistryError(f"{where}: id must be a lower-case slug, got {outlet_id!r}")
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise RegistryError(f"{where}: name is required")
    kind = raw.get("kind")
    if kind not in KINDS:
        raise RegistryError(f"{where}: kind must be one of {sorted(KINDS)}, got {kind!r}")
    assert isinstance(kind, str)
    country = raw.get("country")
    if country is not None and not (isinstance(country, str) and re.fullmatch("[A-Z]{2}", country)):
        raise RegistryError(f"{where}: country must be an ISO 3166-1 alpha-2 code")
    aliases = {lang: tuple(names) for lang, names in raw.get("aliases", {}).items()}
    return Outlet(
        id=outlet_id,
        name=name,
        kind=kind,
        country=country,
        domains=tuple(d.lower() for d in raw.get("domains", [])),
        aliases=aliases,
        weak=tuple(raw.get("weak", [])),
    )


def _parse_sites(value: object, where: str) -> dict[str, tuple[str, str]]:
    if not isinstance(value, dict):
        raise RegistryError(f"{where}: [sites] must be a table")
    sites: dict[str, tuple[str, str]] = {}
    for host, entry in value.items():
        if not isinstance(entry, dict):
            raise RegistryError(f"{where}: sites.{host} must be {{ outlet = ..., language = ... }}")
        outlet_id, language = entry.get("outlet"), entry.get("language")
        if not isinstance(outlet_id, str) or not isinstance(language, str):
            raise RegistryError(f"{where}: sites.{host} needs string outlet and language")
        sites[_clean_host(host)] = (outlet_id, language)
    return sites


def _registry_from_documents(documents: Iterable[tuple[str, Mapping[str, Any]]]) -> OutletRegistry:
    raw_outlets: dict[str, dict[str, Any]] = {}
    raw_sites: dict[str, tuple[str, str]] = {}
    for where, doc in documents:
        unknown = set(doc) - {"outlet", "sites"}
        if unknown:
            raise RegistryError(f"{where}: unknown top-level keys {sorted(unknown)}")
        entries = doc.get("outlet", [])
        if not isinstance(entries, list):
            raise RegistryError(f"{where}: outlets must be [[outlet]] tables")
        for i, entry in enumerate(entries):
            entry_where = f"{where}: outlet #{i + 1}"
            if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
                raise RegistryError(f"{entry_where}: every [[outlet]] needs an id")
            base = raw_outlets.setdefault(entry["id"], {"id": entry["id"]})
            _merge_outlet(base, entry, entry_where)
        if "sites" in doc:
            raw_sites.update(_parse_sites(doc["sites"], where))
    outlets = [_build_outlet(raw, f"outlet {oid!r}") for oid, raw in raw_outlets.items()]
    sites = [Site(host, oid, lang) for host, (oid, lang) in raw_sites.items()]
    return OutletRegistry(outlets, sites)


def _read_toml(text: str, where: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RegistryError(f"{where}: {exc}") from exc


def load_registry(*extra: str | Path, include_default: bool = True) -> OutletRegistry:
    """Load the packaged registry, then merge each extra TOML file in order.

    Extra files use the packaged file's format; see its header for the merge rules. Raises
    ``RegistryError`` on malformed or conflicting data and ``OSError`` on unreadable files.
    """
    documents: list[tuple[str, Mapping[str, Any]]] = []
    if include_default:
        packaged = resources.files("newscrawl").joinpath("data/outlets.toml")
        documents.append(("outlets.toml", _read_toml(packaged.read_text("utf-8"), "outlets.toml")))
    for path in extra:
        p = Path(path)
        documents.append((str(p), _read_toml(p.read_text("utf-8"), str(p))))
    return _registry_from_documents(documents)


@functools.cache
def default_registry() -> OutletRegistry:
    """The packaged registry, loaded once per process."""
    return load_registry()


def registry_with(paths: Iterable[str | Path]) -> OutletRegistry:
    """The packaged registry merged with ``paths``, built once per process for each list."""
    files = tuple(str(Path(p).expanduser().resolve()) for p in paths)
    return _registry_with(files) if files else default_registry()


@functools.cache
def _registry_with(files: tuple[str, ...]) -> OutletRegistry:
    return load_registry(*files)
