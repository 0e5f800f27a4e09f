"""Publication dates of generic pages: the visible date line and its cross-checks.

Each page is a whole page as a small publisher serves it (head with meta tags and JSON-LD, a
navigation bar, a logo heading, share buttons, a "Latest news" sidebar with its own dates,
scripts, a comment form), written for these tests; the expected days are read off the page.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import newscrawl

FETCHED = datetime(2026, 1, 1, tzinfo=UTC)
URL = "https://stadtblatt.example/lokales/neue-bruecke-ueber-den-fluss-eroeffnet"
HEADLINE = "Neue Brücke über den Fluss eröffnet"

PARAGRAPHS = "".join(
    f"<p>Absatz {i}: Die Stadt hat die neue Brücke nach zwei Jahren Bauzeit freigegeben, "
    f"Radfahrer und Fußgänger nutzen sie seit dem Morgen, der Verkehr im Zentrum wird "
    f"ruhiger, sagte die Bürgermeisterin bei der Eröffnung vor vielen Gästen.</p>"
    for i in range(8)
)


def page(
    *,
    head: str = "",
    after_headline: str = "",
    lead: str = "",
    after_body: str = "",
    jsonld: dict[str, Any] | None = None,
) -> str:
    """A full article page of the fictional Stadtblatt with the given date markup."""
    ld = (
        f'<script type="application/ld+json">{json.dumps(jsonld, ensure_ascii=False)}</script>'
        if jsonld
        else ""
    )
    return f"""<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8">
<title>{HEADLINE} | Stadtblatt</title>
<meta property="og:site_name" content="Stadtblatt">
<meta property="og:title" content="{HEADLINE}">
<meta property="og:type" content="article">
<meta name="viewport" content="width=device-width, initial-scale=1">
{head}{ld}
<script>window.dataLayer = window.dataLayer || []; dataLayer.push({{"seite": "artikel"}});</script>
<style>.teaser-date {{ color: #777; }}</style>
</head><body>
<header class="site-header"><h1 class="logo"><a href="/">Stadtblatt</a></h1>
<nav><ul><li><a href="/lokales/">Lokales</a></li><li><a href="/sport/">Sport</a></li>
<li><a href="/kultur/">Kultur</a></li><li><a href="/kontakt/">Kontakt</a></li></ul></nav>
</header>
<main><article class="artikel">
<h1 class="artikel-titel">{HEADLINE}</h1>
{after_headline}
<div class="teilen"><a href="#fb">Teilen</a> <a href="#tw">Twittern</a>
<a href="#mail">E-Mail</a></div>
<div class="artikel-text">{lead}{PARAGRAPHS}</div>
{after_body}
</article>
<section class="kommentare"><h3>Kommentare</h3><form><textarea name="k"></textarea>
<button>Absenden</button></form></section>
</main>
<aside class="sidebar"><h3>Neueste Artikel</h3><ul>
<li><a href="/sport/pokal-sieg">Pokalsieg im Elfmeterschießen</a>
<span class="teaser-date">3. November 2023</span></li>
<li><a href="/kultur/theater">Theater zeigt neues Stück</a>
<span class="teaser-date">1. November 2023</span></li>
</ul></aside>
<footer><p>© 2025 Stadtblatt Verlag</p><a href="/impressum">Impressum</a></footer>
<script src="/static/app.js"></script>
</body></html>"""


def extracted(html: str, url: str = URL) -> dict[str, Any]:
    return newscrawl.extract(html, url, fetched_at=FETCHED)


def rule(doc: dict[str, Any]) -> str | None:
    value: str | None = doc["provenance"].get("published_rule")
    return value


def test_byline_date_under_the_headline_not_the_logo() -> None:
    # The first <h1> is the logo; the date line sits under the headline's <h1>.
    doc = extracted(page(after_headline='<p class="meta">von Jana Beispiel · 18. März 2020</p>'))
    assert doc["not_article"] is None
    assert (doc["published_day"], doc["published_source"]) == ("2020-03-18", "page")
    assert doc["published_precision"] == "day"


def test_the_modified_time_a_theme_prints_first_is_skipped() -> None:
    line = (
        '<div class="entry-meta"><time class="updated" datetime="2021-12-10">'
        "10. Dezember 2021</time>"
        '<time class="entry-date published">9. April 2019</time></div>'
    )
    assert extracted(page(after_headline=line))["published_day"] == "2019-04-09"


def test_a_labelled_line_after_the_article_counts_a_teaser_date_does_not() -> None:
    # No date near the headline; the sidebar's teaser dates are far from it and unlabelled.
    doc = extracted(page(after_body="<p>Veröffentlicht am 16.08.2019<br>Dauer: 4 Minuten</p>"))
    assert doc["published_day"] == "2019-08-16"


def test_an_update_or_event_line_is_not_the_publication_date() -> None:
    lines = "<p>Stand: 11.01.2021, 05:00</p><p>Termin: 21.02.2020, 19 Uhr</p>"
    doc = extracted(page(after_headline=lines, after_body="<p>Erschienen am 03.02.2019</p>"))
    assert doc["published_day"] == "2019-02-03"


def test_a_dateline_opening_the_lead() -> None:
    lead = "<p>Karlsruhe, (12.11.2021). Die Brücke ist offen, teilte die Stadt mit.</p>"
    assert extracted(page(lead=lead))["published_day"] == "2021-11-12"


def test_a_labelled_visible_date_beats_a_lone_meta_date_days_away() -> None:
    doc = extracted(
        page(
            head='<meta name="date" content="2021-10-15">',
            after_body="<p>Erschienen am: 13.10.2021</p>",
        )
    )
    assert doc["published_day"] == "2021-10-13"
    assert rule(doc) == "visible_over_declared"


def test_two_declarations_of_a_day_outweigh_a_teaser_date_under_the_headline() -> None:
    related = '<p class="verwandt"><a href="/alt">Vorgeschichte</a> 3. November 2023</p>'
    doc = extracted(
        page(
            head='<meta property="article:published_time" content="2023-11-06T11:45:20+01:00">',
            jsonld={
                "@context": "https://schema.org",
                "@type": "NewsArticle",
                "headline": HEADLINE,
                "datePublished": "2023-11-06T11:45:20+01:00",
            },
            after_headline=related,
        )
    )
    assert doc["published_day"] == "2023-11-06"
    assert doc["published_source"] == "json-ld"
    assert rule(doc) is None


def test_a_utc_evening_takes_the_next_day_the_page_shows() -> None:
    # The CMS declares 23:15Z on 5 December; readers see 6 December, 00:15 (UTC+1).
    doc = extracted(
        page(
            jsonld={
                "@context": "https://schema.org",
                "@type": "NewsArticle",
                "headline": HEADLINE,
                "datePublished": "2020-12-05T23:15:00Z",
            },
            after_headline='<p class="datum">6. Dezember 2020</p>',
        )
    )
    assert doc["published_at"] == datetime(2020, 12, 5, 23, 15, tzinfo=UTC)
    assert doc["published_day"] == "2020-12-06"
    assert rule(doc) == "visible_day"


def test_a_utc_instant_takes_the_day_of_an_offset_declared_beside_it() -> None:
    doc = extracted(
        page(
            head='<meta name="date" content="Sat, 19 Oct 2019 00:04:00 +0200">',
            jsonld={
                "@context": "https://schema.org",
                "@type": "NewsArticle",
                "headline": HEADLINE,
                "datePublished": "2019-10-18T22:04:00Z",
            },
        )
    )
    assert doc["published_day"] == "2019-10-19"
    assert doc["published_at"] == datetime(2019, 10, 18, 22, 4, tzinfo=UTC)
    assert rule(doc) == "local_day"


def test_microdata_and_react_meta_values_are_read() -> None:
    microdata = (
        '<dl><dt>Erscheinungsdatum</dt><dd itemprop="datePublished" content="2019-04-26">'
        "April 2019</dd></dl>"
    )
    assert extracted(page(after_body=microdata))["published_day"] == "2019-04-26"
    react = '<meta data-react-helmet="true" name="article:published_time" value="12-15-2016">'
    assert extracted(page(head=react))["published_day"] == "2016-12-15"


def test_an_east_asian_date_line() -> None:
    line = '<div class="artdata"><p class="date">2019年04月21日 12時00分</p></div>'
    doc = extracted(page(after_headline=line))
    assert doc["published_day"] == "2019-04-21"
    assert doc["published_precision"] == "minute"


def test_a_label_in_its_own_element_is_read_with_the_date_after_it() -> None:
    box = '<div class="info"><h5 class="label">Datum: </h5>03.02.2022 <span>Autor: jb</span></div>'
    assert extracted(page(after_body=box))["published_day"] == "2022-02-03"


def test_a_long_subtitle_before_the_date_line_is_not_the_article_text() -> None:
    subtitle = (
        "<h2 class='unterzeile'>Wie die Stadt zwei Jahre lang plante, baute und stritt, und "
        "warum die Brücke am Ende doch früher fertig wurde als alle dachten</h2>"
        "<time class='erstellt'> 31.03.2020 </time>"
    )
    assert extracted(page(after_headline=subtitle))["published_day"] == "2020-03-31"
