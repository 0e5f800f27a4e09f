from __future__ import annotations

from parsel import Selector

from newscrawl.extraction.metadata import read_metadata
from newscrawl.extraction.text import element_text, fix_glued_sentences, leaf_blocks

PAGE = """<!DOCTYPE html><html lang="ru-RU"><head>
<meta property="og:title" content="OG title">
<meta name="description" content="Desc">
<meta property="article:tag" content="a"><meta property="article:tag" content="b">
<link rel="canonical" href="https://orda.kz/x-123456/">
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[
  {"@type":"WebPage","name":"W"},
  {"@type":"NewsArticle","headline":"LD headline","datePublished":"2024-01-02T03:04:05+06:00",}
]}</script>
<script type="application/ld+json">{not json at all</script>
</head><body></body></html>"""


def test_jsonld_graph_is_flattened_and_trailing_commas_repaired() -> None:
    md = read_metadata(Selector(text=PAGE))
    article = md.article()
    assert article is not None
    assert article["headline"] == "LD headline"
    assert md.webpage() == {"@type": "WebPage", "name": "W"}
    # the broken block is reported, not fatal
    assert len(md.errors) == 1


def test_meta_tags_and_links() -> None:
    md = read_metadata(Selector(text=PAGE))
    assert md.first("og:title") == "OG title"
    assert md.all("article:tag") == ["a", "b"]
    assert md.canonical == "https://orda.kz/x-123456/"
    assert md.html_lang == "ru-RU"


def test_inline_tags_do_not_split_words_and_scripts_are_not_text() -> None:
    sel = Selector(text="<div><p>Ka<b>zakh</b>stan<script>var x=1</script> grows</p></div>")
    assert element_text(sel.css("p")[0]) == "Kazakhstan grows"


def test_leaf_blocks_do_not_repeat_nested_text() -> None:
    sel = Selector(text="<div><blockquote><p>Quoted</p></blockquote><p>After</p></div>")
    texts = [b.text for _, b in leaf_blocks(sel.css("div")[0])]
    assert texts == ["Quoted", "After"]


def test_glued_sentences_are_split_but_abbreviations_kept() -> None:
    assert fix_glued_sentences('tenge," he said.The minister') == 'tenge," he said. The minister'
    assert fix_glued_sentences("«Мы готовы.»Он добавил") == "«Мы готовы.» Он добавил"
    assert fix_glued_sentences("the U.S. and Orda.kz said") == "the U.S. and Orda.kz said"
