"""Title and body of generic pages that declare little: old blogs without OpenGraph or JSON-LD.

The pages are written here (a made-up personal blog, "Riverside Notes"), shaped as such blogs
are served: the logo in an ``<h1>`` on every page, the post title in an ``<h2>``, a category
heading, a calendar and recent-comments sidebar, the comment form, and a ``<title>`` that is
"Blog » Archive » Post". Each test asserts the headline that must be chosen and the ones that
must not.
"""

from __future__ import annotations

from datetime import UTC, datetime

import newscrawl

URL = "https://notes.riverside.example/2019/10/21/interning-small-numbers-in-python/"
FETCHED = datetime(2024, 5, 4, tzinfo=UTC)
POST = "Interning small numbers in Python"


def blog_page(title: str, headings: str) -> str:
    """A full blog post page with ``<title>`` ``title`` and ``headings`` above the post."""
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{title}</title>
<meta name="generator" content="WordPress 3.2">
<link rel="stylesheet" href="/wp-content/themes/plain/style.css">
<script type="text/javascript">var _gaq = _gaq || []; _gaq.push(['_trackPageview']);</script>
</head><body>
<div id="header"><div class="wrapper">{headings}</div></div>
<div id="main"><div id="left-block">
<div class="post">
<div class="postdata"><span class="category">Posted by Konrad</span>
<span class="date">21.10.2019</span></div>
<div class="entry">
<p>Small integers in CPython are cached objects: every expression that produces the number
seven hands back the very same object, which is why the identity test succeeds for them.</p>
<p>Larger numbers are created afresh each time, so two equal values computed separately are
usually different objects, and comparing them with the identity operator fails.</p>
<p>With a little help from the ctypes module one can even overwrite the cached object, after
which arithmetic in the whole interpreter starts to give surprising results.</p>
<p>None of this is something a program should rely on; it is a property of one implementation
and can change between versions without notice.</p>
</div>
<p>Posted by Konrad @ 12:00 am</p>
</div>
<h3>No Comments</h3><h3>Leave a comment</h3>
<form action="/wp-comments-post.php" method="post"><textarea name="comment"></textarea>
<input type="submit" value="Submit"></form>
</div>
<div id="right-block"><h3>Calendar</h3><table><tr><td>1</td><td>2</td></tr></table>
<h3>Recent Comments</h3><ul><li>Anna on Closures in loops</li></ul>
<h3>Archives</h3><ul><li><a href="/2019/09/">September 2019</a></li></ul></div></div>
<div id="footer"><span class="copyright">&copy; Konrad Example. All Rights Reserved.</span>
</div>
</body></html>"""


def title_of(html: str) -> str:
    doc = newscrawl.extract(html, URL, fetched_at=FETCHED)
    title: str = doc["title"]
    return title


def test_post_heading_named_in_the_document_title_beats_the_logo_heading() -> None:
    html = blog_page(
        f"Riverside Notes » Blog Archive » {POST}",
        f'<h1><a href="/">Riverside Notes</a></h1><h2 class="title">{POST}</h2>',
    )
    title = title_of(html)
    assert title == POST
    assert "Riverside Notes" not in title and "Blog Archive" not in title


def test_section_heading_does_not_become_the_title() -> None:
    html = blog_page(POST, f"<h3>Suche</h3><h2>Allgemein</h2><h2>{POST}</h2>")
    assert title_of(html) == POST


def test_site_name_is_cut_from_a_document_title_without_headings() -> None:
    html = blog_page(f"{POST} - Riverside Notes", "")
    # The site's name is the shorter part; without a heading the longest part is the post.
    assert title_of(html) == POST
    headline = "武汉的声音：有英勇的你"
    assert title_of(blog_page(f"{headline}-新闻网", "")) == headline


def test_a_headline_heading_the_document_title_does_not_hold_is_kept() -> None:
    # The <title> is an SEO phrasing; the <h1> is the headline readers see.
    headline = "A Breath of Fresh Air: the council's bridge vote, explained"
    html = blog_page("Why the council voted for a second bridge", f"<h1>{headline}</h1>")
    assert title_of(html) == headline


# ----------------------------------------------------------------- body: page chrome left out

NEWS_URL = "https://www.valley-gazette.example/news/2019/11/19/river-ferry-returns-after-repairs/"
HEADLINE = "River ferry returns after two months of repairs"


def news_page() -> str:
    """A news article whose container holds the chrome trafilatura keeps."""
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{HEADLINE} | Valley Gazette</title>
<meta property="og:site_name" content="Valley Gazette">
<meta property="og:type" content="article">
<meta property="og:title" content="{HEADLINE}">
<meta property="article:published_time" content="2019-11-19T08:00:00Z">
<script type="application/ld+json">{{"@context": "https://schema.org", "@type": "NewsArticle",
"headline": "{HEADLINE}", "datePublished": "2019-11-19T08:00:00Z",
"author": {{"@type": "Person", "name": "Nora Example"}}}}</script>
</head><body>
<nav><a href="/">Home</a> <a href="/news/">News</a> <a href="/sport/">Sport</a></nav>
<article class="story">
<h1>{HEADLINE}</h1>
<p>{NEWS_URL}</p>
<div class="story-body">
<p>The ferry between the two banks of the river resumed service on Tuesday morning after two
months in the shipyard, where its engine and both loading ramps were replaced.</p>
<p>About three hundred commuters crossed on the first day, the operator said, fewer than
before the repairs because many had found other ways to work in the meantime.</p>
<div class="newsletter"><h3>Morning Briefing Newsletter</h3>
<p>Thanks for signing up!</p><p>Keep an eye on your inbox for the latest news.</p>
<p>Sorry! There was an error processing your subscription.</p></div>
<h2>Most read in local news</h2>
<p>The operator plans to add an evening crossing in the spring if the numbers recover, and
will offer a reduced monthly ticket to residents of both river towns until then.</p>
<p>Related: Council debates a second bridge</p>
<ul><li><a href="/news/2019/10/02/bridge-debate/">Bridge debate goes on</a></li>
<li><a href="/news/2019/09/12/ferry-closure/">Ferry closes for repairs</a></li></ul>
<p>The crossing takes eight minutes and runs every half hour from six in the morning.</p>
<p>Follow Valley Gazette on Instagram, Facebook and Twitter.</p>
<p>For breaking news updates download our Valley Gazette apps for iOS and Android.</p>
<p>Tags: ferry, river, commuters</p>
<div class="paywall"><p>To continue reading, please subscribe to Valley Gazette.</p>
<p>If you're already a subscriber, you can log in for immediate access.</p></div>
</div></article>
<footer><p>© 2019 Valley Gazette</p></footer>
</body></html>"""


def test_page_chrome_is_left_out_of_the_body_and_the_article_text_kept() -> None:
    doc = newscrawl.extract(news_page(), NEWS_URL, fetched_at=FETCHED)
    body: str = doc["body"]
    for sentence in (
        "The ferry between the two banks of the river resumed service",
        "About three hundred commuters crossed on the first day",
        "The operator plans to add an evening crossing in the spring",
        "The crossing takes eight minutes and runs every half hour",
    ):
        assert sentence in body
    for chrome in (
        NEWS_URL,
        "Thanks for signing up",
        "Keep an eye on your inbox",
        "error processing your subscription",
        "Most read in local news",
        "Related: Council debates",
        "Bridge debate goes on",
        "Ferry closes for repairs",
        "Follow Valley Gazette on Instagram",
        "download our Valley Gazette apps",
        "Tags: ferry",
        "please subscribe to Valley Gazette",
        "already a subscriber",
    ):
        assert chrome not in body, chrome
    # The headline is the title, not the body's first paragraph (nor the lead).
    assert doc["title"] == HEADLINE
    assert not body.startswith(HEADLINE)
    assert doc["lead"].startswith("The ferry between the two banks")
