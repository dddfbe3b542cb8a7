"""Web pages: the main text and its metadata via trafilatura, lxml text as the fallback."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from .failures import ReadError

_BLOCK_TAGS = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
               "section", "article", "blockquote", "pre", "header", "footer", "figure", "figcaption"}
_NOT_TEXT_TAGS = ["script", "style", "noscript", "template", "nav", "aside", "form", "svg", "iframe",
                  "button", "select"]
_BLANK_LINES = re.compile(r"\n\s*\n\s*")


@dataclass
class PageText:
    text: str  # paragraphs separated by blank lines, before furniture removal
    title: Optional[str] = None
    author: Optional[str] = None
    published: Optional[str] = None  # from the page's markup (meta tags, <time>), never guessed
    outlet: Optional[str] = None
    url: Optional[str] = None
    language: Optional[str] = None


def extract_page(markup: str) -> PageText:
    """Main text and metadata of a page; ReadError when there is no readable text."""
    page = _with_trafilatura(markup)
    if page is None or not page.text.strip():
        fallback = _with_lxml(markup)
        if page is None:
            page = PageText(fallback)
        page.text = fallback
    if not page.text.strip():
        raise ReadError("no readable text in the HTML")
    return page


def _with_trafilatura(markup: str) -> Optional[PageText]:
    import trafilatura  # heavy: only loaded when a page is read

    try:
        doc = trafilatura.bare_extraction(
            markup,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            favor_recall=True,
            # only dates stated in the markup; inference from the text is our own, with evidence
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception:  # trafilatura can trip on broken markup; the lxml fallback takes over
        return None
    if doc is None:
        return None
    text = (doc.text or "").replace("\n", "\n\n")  # trafilatura: one line per paragraph
    return PageText(text=text, title=doc.title, author=doc.author, published=doc.date,
                    outlet=doc.sitename, url=doc.url, language=doc.language)


def _with_lxml(markup: str) -> str:
    import lxml.etree
    import lxml.html

    try:
        root = lxml.html.document_fromstring(markup)
    except (lxml.etree.ParserError, ValueError):
        return ""
    for el in list(root.iter(*_NOT_TEXT_TAGS)):
        if el.getparent() is not None:
            el.drop_tree()
    for el in root.iter(*_BLOCK_TAGS):
        el.tail = "\n\n" + (el.tail or "")
        if el.tag != "br":
            el.text = "\n\n" + (el.text or "")
    body = root.find("body")
    text = (body if body is not None else root).text_content()
    return _BLANK_LINES.sub("\n\n", text).strip()
