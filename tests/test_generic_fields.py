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
