"""Other scrapers' views of the same page, made from the benchmark's original HTML.

Records in the wild come from many scrapers. Two common shapes besides the dev records':
- ``inline_lines``: every text node on its own line (scrapers that break at every tag, e.g.
  BeautifulSoup ``get_text("\\n")``): links, bold words and dates split sentences apart;
- ``block_text``: block elements start a new line, inline elements run on (a browser's
  innerText), with <br> as a line break;
- ``run_on_text``: the whole page as one line (a library's full-page text, such as
  trafilatura's ``html2txt``): decruft cuts it into sentences (``segment/text.py``).
Used to train and test decruft on line breaks other than the dev scraper's.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import lxml.html

_SKIP = {"script", "style", "noscript", "template", "head", "svg", "iframe", "object"}
_BLOCK = {
    "p",
    "div",
    "section",
    "article",
    "main",
    "aside",
    "header",
    "footer",
    "nav",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "table",
    "tr",
    "td",
    "th",
    "thead",
    "tbody",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "figure",
    "figcaption",
    "form",
    "fieldset",
    "address",
    "hr",
    "br",
    "body",
    "html",
    "details",
    "summary",
    "label",
    "option",
    "button",
    "caption",
}


def _root(html: str) -> lxml.html.HtmlElement | None:
    try:
        return lxml.html.fromstring(html)
    except Exception:
        return None


def inline_lines(html: str) -> str:
    root = _root(html)
    if root is None:
        return ""
    lines: list[str] = []

    def walk(el: lxml.html.HtmlElement) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag.lower() not in _SKIP:
            if el.text and el.text.strip():
                lines.append(el.text.strip())
            for child in el:
                walk(child)
        if el.tail and el.tail.strip():
            lines.append(el.tail.strip())

    walk(root)
    return "\n".join(lines)


def block_text(html: str) -> str:
    root = _root(html)
    if root is None:
        return ""
    parts: list[str] = []

    def walk(el: lxml.html.HtmlElement) -> None:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        block = tag in _BLOCK
        if tag not in _SKIP:
            if block:
                parts.append("\n")
            if el.text:
                parts.append(el.text)
            for child in el:
                walk(child)
            if block:
                parts.append("\n")
        if el.tail:
            parts.append(el.tail)

    walk(root)
    return "\n".join(" ".join(line.split()) for line in "".join(parts).split("\n"))


def run_on_text(html: str) -> str:
    return " ".join(block_text(html).split())


def read_html(path: Path) -> str:
    return gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")
