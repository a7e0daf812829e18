"""Question text, answers and feedback in their GIFT format (plain, Markdown, HTML) rendered as safe HTML."""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup, escape

TEXT_FORMATS = ("plain", "markdown", "html")
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False})

# Uploaded banks come from anywhere: no images (they would load from other sites on officers' phones),
# no styles, no scripts; links keep only their address.
INLINE_TAGS = {"a", "b", "strong", "i", "em", "u", "s", "del", "sub", "sup", "code", "span", "br"}
BLOCK_TAGS = INLINE_TAGS | {"p", "div", "ul", "ol", "li", "blockquote", "pre", "hr", "h3", "h4", "h5", "h6",
                            "table", "thead", "tbody", "tr", "th", "td"}
ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}


def _clean(html: str, tags: set[str]) -> str:
    return nh3.clean(html, tags=tags, attributes=ATTRIBUTES, link_rel="noopener noreferrer nofollow")


def render(text: str, text_format: str = "plain", *, block: bool = False) -> Markup:
    """Render a fragment written in a GIFT format as sanitised HTML; `block` keeps paragraphs."""
    if text_format == "html":
        return Markup(_clean(text, BLOCK_TAGS if block else INLINE_TAGS))
    if text_format == "markdown":
        html = _markdown.render(text) if block else _markdown.renderInline(text)
        return Markup(_clean(html, BLOCK_TAGS if block else INLINE_TAGS))
    html = str(escape(text)).replace("\n", "<br>")
    return Markup(f"<p>{html}</p>" if block else html)
