"""Storage: the article schema, the writer the crawl uses, and the reading API consumers use.

``ArticleStore``, ``ArticleFilter`` and ``find_articles`` (``newscrawl.store.query``) are the
public entry points for reading; see docs/consumers.md.
"""

from newscrawl.store.query import ArticleFilter, ArticleStore, find_articles

__all__ = ["ArticleFilter", "ArticleStore", "find_articles"]
