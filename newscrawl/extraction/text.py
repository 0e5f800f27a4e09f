"""Turning markup into clean text blocks: whitespace, inline tags, glued sentences."""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree
from parsel import Selector

#: Elements that hold one paragraph-like block of article text.
BLOCK_TAGS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "li", "pre", "figcaption")
#: Elements that are never article text, wherever they appear.
SKIP_TAGS = ("script", "style", "noscript", "template", "svg", "iframe", "form", "button")

_BLOCK_XPATH = " or ".join(f"self::{t}" for t in BLOCK_TAGS)
_INNER_BLOCK = " or ".join(f"self::{t}" for t in BLOCK_TAGS if t != "figcaption")
_SKIP_ANCESTOR = " or ".join(f"ancestor::{t}" for t in SKIP_TAGS)
# Leaf blocks only: a <blockquote><p>…</p></blockquote> yields the <p>, not the text twice.
LEAF_BLOCKS = f".//*[({_BLOCK_XPATH}) and not(.//*[{_INNER_BLOCK}]) and not({_SKIP_ANCESTOR})]"
_TEXT_NODES = f".//text()[not({_SKIP_ANCESTOR})] | .//br"
# Compiled once; evaluated on lxml elements directly (no parsel wrapper per node).
_LEAF_BLOCKS_XPATH = etree.XPath(LEAF_BLOCKS)
_TEXT_NODES_XPATH = etree.XPath(_TEXT_NODES)

_SPACES = r" \t\r\f\v\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
# Only the runs that change: two or more spaces, or one space other than " ". Matching every
# single " " of a paragraph (and replacing it by itself) was most of the function's cost.
_WS = re.compile(rf"[{_SPACES}]{{2,}}|[{_SPACES[1:]}]")
_ZERO_WIDTH = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
_NEWLINES = re.compile(r"\s*\n\s*")
# A sentence end glued to the next sentence ("…he said.The minister…", "…»Он…"): the CMS lost
# the space. Only a lower-case letter before the stop and an upper-case word after it count,
# so "U.S." and "Orda.kz" stay intact.
_GLUED_SENTENCE = re.compile(
    r"(?<=[a-zа-яёәғқңөұүһі][.!?])(?=[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][a-zа-яёәғқңөұүһі])"
    r"|(?<=[.!?,][\"”»])(?=[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ])"
)


def normalize_space(text: str) -> str:
    """Collapse runs of spaces (including NBSP and friends), drop zero-width characters."""
    text = _WS.sub(" ", _ZERO_WIDTH.sub("", text))
    if "\n" in text:
        text = _NEWLINES.sub("\n", text)
    return text.strip()


def fix_glued_sentences(text: str) -> str:
    """Re-insert the space a CMS dropped between two sentences."""
    return _GLUED_SENTENCE.sub(" ", text)


def element_text(sel: Selector | etree._Element | str) -> str:
    """Visible text of one element: inline tags joined without spaces, ``<br>`` as newline.

    A string (what a ``::text`` or ``::attr()`` selector finds) is its own text."""
    root = sel.root if isinstance(sel, Selector) else sel
    if isinstance(root, str):
        return normalize_space(root)
    parts = [n if isinstance(n, str) else "\n" for n in _TEXT_NODES_XPATH(root)]
    return normalize_space("".join(parts))


@dataclass(frozen=True)
class Block:
    """One paragraph-like piece of text with the tag and classes it came from."""

    tag: str
    text: str
    classes: str = ""

    @property
    def is_heading(self) -> bool:
        """Sub-headings are kept in the body as their own paragraph."""
        return self.tag in {"h1", "h2", "h3", "h4", "h5", "h6"}


def leaf_blocks(container: Selector) -> list[tuple[etree._Element, Block]]:
    """Text blocks under ``container`` in document order, each with its (lxml) node.

    Scripts, forms and the like are skipped. A container with text but no block children
    (some CMSs emit ``<br>``-separated text) yields one block per line.
    """
    pairs: list[tuple[etree._Element, Block]] = []
    for node in _LEAF_BLOCKS_XPATH(container.root):
        text = element_text(node)
        if text:
            tag = node.tag if isinstance(node.tag, str) else "p"
            pairs.append((node, Block(tag=tag, text=text, classes=node.get("class", ""))))
    if not pairs:
        text = element_text(container)
        pairs = [(container.root, Block(tag="p", text=line)) for line in text.split("\n") if line]
    return pairs


def join_paragraphs(paragraphs: list[str]) -> str:
    """The stored body form: paragraphs separated by one blank line."""
    return "\n\n".join(p for p in paragraphs if p)
