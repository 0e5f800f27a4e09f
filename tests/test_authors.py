"""Bylines of generic pages: the checks a candidate passes, and the visible byline finder.

The pages are written here (a made-up local paper, "Riverside Courier"), as a news site serves
them: head with meta tags and JSON-LD, navigation with links to the staff pages, the article,
share buttons, related stories with their own bylines, a sidebar and reader comments. Each test
asserts the byline that must be found and the names that must not be.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from parsel import Selector

import newscrawl
from newscrawl.extraction.authors import (
    byline_names,
    checked_authors,
    is_plausible_author,
    labelled_meta_authors,
    site_names,
    visible_bylines,
)

HOST = "www.riverside-courier.example"
URL = f"https://{HOST}/2024/05/03/city-council-approves-new-bridge-over-the-river/"
FETCHED = datetime(2024, 5, 4, tzinfo=UTC)
SITES = site_names(HOST, "Riverside Courier")


def page(
    article_head: str,
    *,
    meta: str = "",
    jsonld: dict[str, Any] | None = None,
    article_tail: str = "",
) -> str:
    """A full article page of the made-up paper; ``article_head`` sits under the headline."""
    ld = json.dumps(jsonld) if jsonld is not None else "{}"
    return f"""<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>City council approves new bridge over the river | Riverside Courier</title>
<meta property="og:site_name" content="Riverside Courier">
<meta property="og:type" content="article">
<meta property="og:title" content="City council approves new bridge over the river">
<meta property="article:published_time" content="2024-05-03T09:30:00+02:00">
{meta}
<script type="application/ld+json">{ld}</script>
<script>window.dataLayer = []; dataLayer.push({{"author": "web team"}});</script>
</head><body class="single single-post">
<header class="site-header"><a class="logo" href="/">Riverside Courier</a>
<nav class="main-nav"><ul>
<li><a href="/news/">News</a></li><li><a href="/sport/">Sport</a></li>
<li><a href="/author/peter-editor/">Peter Editor</a></li>
<li><a href="/staff/">Our Staff</a></li></ul></nav></header>
<main><article class="post author-webteam">
<h1 class="entry-title">City council approves new bridge over the river</h1>
{article_head}
<div class="entry-content">
<p>The city council voted on Thursday evening to build a second bridge over the river, ending
a debate that has divided the town for more than a decade. The vote was nine to four.</p>
<p>Construction is expected to begin next spring and to last about two years, the mayor said
after the session, adding that the cost would be shared with the regional government.</p>
<p>Residents of the eastern districts, who have waited years for a shorter way to the centre,
welcomed the decision, while shop owners near the old bridge fear losing customers.</p>
<p>The council will publish the tender documents next month. Opponents said they would ask
for a referendum before the first contracts are signed.</p>
</div>
{article_tail}
<div class="share-buttons"><a href="https://twitter.com/share">Share on Twitter</a>
<a href="https://facebook.com/sharer">Share on Facebook</a></div>
</article>
<section class="related-posts"><h2>Related stories</h2>
<div class="teaser"><a href="/2024/05/01/old-bridge-repairs/">Old bridge repairs delayed</a>
<span class="teaser-author">By <a href="/author/olga-other/">Olga Other</a></span></div>
<div class="teaser"><a href="/2024/04/28/budget-vote/">Budget vote postponed</a>
<span class="byline">By Tom Teaser</span></div></section>
</main>
<aside class="sidebar"><div class="widget"><h3>Most read</h3>
<p class="author">Sidebar Sam</p></div></aside>
<div id="comments" class="comments-area"><ol class="comment-list">
<li class="comment"><div class="comment-author vcard"><b class="fn">Carla Commenter</b>
<span class="says">says:</span></div><p>About time! I cross the old bridge every day.</p></li>
</ol></div>
<footer class="site-footer"><p>© 2024 Riverside Courier. All rights reserved.</p></footer>
<script src="/js/app.js"></script>
</body></html>"""


def visible(html: str) -> list[str]:
    root = Selector(text=html).root
    return visible_bylines(root, SITES, HOST)


def stored_authors(html: str) -> list[str]:
    doc = newscrawl.extract(html, URL, fetched_at=FETCHED)
    assert doc["not_article"] is None
    authors: list[str] = doc["authors_raw"]
    return authors


# ----------------------------------------------------------------- reading a byline's text


def test_byline_text_is_cut_to_the_names() -> None:
    assert byline_names("By Jane Doe and Max Muster, 3 May 2024") == ["Jane Doe", "Max Muster"]
    assert byline_names("Geschrieben von Anna Beispiel am 25.08.2015 22:30") == ["Anna Beispiel"]
    assert byline_names("Posted by Konrad @ 12:00 am") == ["Konrad"]
    assert byline_names("Par Claire Exemple (Bruxelles, bureau européen)") == ["Claire Exemple"]
    assert byline_names("Escribe Lucía Ejemplo en Sociedad") == ["Lucía Ejemplo"]
    assert byline_names("José de la Prueba") == ["José de la Prueba"]
    assert byline_names("Von R. S. am 07.08.2013 um 09:07 Uhr") == ["R. S."]


def test_dates_roles_and_widget_words_end_a_name() -> None:
    assert byline_names("By Jane Doe Thursday, November 9, 2023") == ["Jane Doe"]
    assert byline_names("Inga Beispiel Follow Transformationsbegleiterin") == ["Inga Beispiel"]
    assert byline_names("Birgit Muster Über Autorenseite") == ["Birgit Muster"]


def test_phrases_are_not_names() -> None:
    assert byline_names("View all posts") == []
    assert byline_names("Zur Artikelübersicht") == []
    assert byline_names("Em São Paulo (SP)") == []
    # A body line needs a label, and a bare "Von"/"By" needs more than one word after it.
    assert byline_names("Jane Doe", labelled=True) == []
    assert byline_names("Von Anfang an war klar, dass", labelled=True) == []
    assert byline_names("By 2030 the bridge will carry", labelled=True) == []
    assert byline_names("Von Claudia Beispiel", labelled=True) == ["Claudia Beispiel"]


def test_a_label_inside_the_text_introduces_the_names() -> None:
    root = Selector(
        text=page('<div class="created_and_author">Danmark - 10. marts 2020 Af Karen Prøve</div>')
    ).root
    assert visible_bylines(root, SITES, HOST) == ["Karen Prøve"]


# ----------------------------------------------------------------- candidate checks


def test_organisations_placeholders_and_site_names_are_not_authors() -> None:
    sites = site_names("www.example-club.example", "Lübecker Beispielblatt")
    for bad in (
        "EFC Example Club Regensburg",  # the domain's words inside a longer name
        "Example-Club – Das Magazin für Mitglieder",  # site name, separator, tagline
        "LB",  # the initials of the site's name
        "Beispiel Union der Vereine e.V.",
        "Muster Medien GmbH",
        "admin",
        "No Author",
        "Follow",
    ):
        assert not is_plausible_author(bad, sites), bad
    # The newsroom's own collective byline names the site on purpose.
    assert is_plausible_author("Redaktion Example Club", sites)
    # A personal site named after its author keeps the author.
    assert checked_authors(["Jane Doe"], site_names("jane-doe.example")) == ["Jane Doe"]
    assert is_plausible_author("Jane Doe", sites)


def test_seo_plugin_label_pairs() -> None:
    meta = {"twitter:label1": ["Verfasst von"], "twitter:data1": ["Karla Beispiel"]}
    assert labelled_meta_authors(meta) == ["Karla Beispiel"]
    reading = {"twitter:label1": ["Est. reading time"], "twitter:data1": ["9 minutes"]}
    assert labelled_meta_authors(reading) == []


# ----------------------------------------------------------------- the visible byline


def test_byline_element_wins_over_nav_related_sidebar_and_comments() -> None:
    html = page(
        '<div class="entry-meta"><span class="byline">By <a href="/author/jane-doe/">Jane Doe'
        '</a> and <a href="/author/max-muster/">Max Muster</a></span> | '
        '<time datetime="2024-05-03T09:30:00+02:00">3 May 2024</time></div>'
    )
    names = visible(html)
    assert names == ["Jane Doe", "Max Muster"]
    for other in ("Peter Editor", "Olga Other", "Tom Teaser", "Sidebar Sam", "Carla Commenter"):
        assert other not in names


def test_author_page_link_is_a_byline() -> None:
    html = page(
        '<div class="meta"><span>By</span><a href="/reporters/jose-de-la-prueba">'
        "Jose de la Prueba</a></div>"
    )
    assert visible(html) == ["Jose de la Prueba"]
    # A profile on a social network and a one-word team page are not bylines.
    social = page(
        '<div class="meta"><a href="https://social.example/people/x1">Diaspora Network</a>'
        '<a href="/ueber-uns/mitarbeiter/verband">Verband</a></div>'
    )
    assert visible(social) == []


def test_labelled_line_in_the_body_is_a_byline() -> None:
    html = page("", article_tail='<p><em>Von <span class="name">Cosima Beispiel</span></em></p>')
    assert visible(html) == ["Cosima Beispiel"]


def test_mentioned_persons_are_not_authors_but_the_author_item_is() -> None:
    mention = (
        '<p>Mayor <span itemscope itemtype="http://schema.org/Person">'
        '<meta itemprop="name" content="Dagmar Mayor">Dagmar Mayor</span> said so.</p>'
    )
    author = (
        '<div itemprop="author" itemscope itemtype="https://schema.org/Person">'
        '<meta itemprop="name" content="Heinz Schreiber"></div>'
    )
    assert visible(page(mention + author)) == ["Heinz Schreiber"]
    assert visible(page(mention)) == []


def test_photo_credits_are_not_bylines() -> None:
    html = page(
        '<figure><img src="/bridge.jpg" alt="The bridge"><figcaption>The old bridge. '
        '<span class="img-author">Mike Fotograf/Agency files</span></figcaption></figure>'
    )
    assert visible(html) == []


def test_wordpress_author_class_on_the_article_is_not_read_as_a_byline() -> None:
    # The <article class="post author-webteam"> of every page above holds the whole text.
    assert visible(page("")) == []


# ----------------------------------------------------------------- through newscrawl.extract


def test_visible_byline_beats_a_declared_site_name() -> None:
    html = page(
        '<p class="bodytext">Von Claudia Beispiel</p>',
        meta='<meta name="author" content="Riverside Courier – Your town, every day">',
    )
    assert stored_authors(html) == ["Claudia Beispiel"]


def test_json_ld_author_reference_is_resolved_in_the_graph() -> None:
    person_id = f"https://{HOST}/#/schema/person/abc123"
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {
                "@type": "NewsArticle",
                "headline": "City council approves new bridge over the river",
                "datePublished": "2024-05-03T09:30:00+02:00",
                "author": {"@id": person_id},
                "publisher": {"@type": "Organization", "name": "Riverside Courier"},
            },
            {"@type": "Person", "@id": person_id, "name": "Herr_Beispiel"},
        ],
    }
    html = page('<span class="byline">By Someone Else</span>', jsonld=graph)
    assert stored_authors(html) == ["Herr_Beispiel"]


def test_seo_label_pair_is_a_declared_author() -> None:
    html = page(
        "",
        meta='<meta name="author" content="admin">'
        '<meta name="twitter:label1" content="Written by">'
        '<meta name="twitter:data1" content="Karen Example">',
    )
    assert stored_authors(html) == ["Karen Example"]
