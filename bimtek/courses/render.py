"""Lesson Markdown to sanitised HTML (markdown-it-py, then nh3), with image links pointed where they are served."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import nh3
from markdown_it import MarkdownIt

# CommonMark plus tables; raw HTML in lessons is shown as text, never passed through.
_MARKDOWN = MarkdownIt("commonmark", {"html": False}).enable("table")

ALLOWED_TAGS = {
    "h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "strong", "em", "b", "i", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "img", "table", "thead", "tbody", "tr", "th", "td", "del", "s", "sub", "sup",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title", "loading"}, "ol": {"start"}}


def image_sources(markdown: str) -> list[tuple[str, int]]:
    """Return each image link in the Markdown with its 0-based line."""
    lines = markdown.splitlines()
    found: list[tuple[str, int]] = []
    for token in _MARKDOWN.parse(markdown):
        if token.type != "inline" or not token.children:
            continue
        start, stop = token.map or (0, 1)
        for child in token.children:
            if child.type == "image":
                src = str(child.attrGet("src") or "")
                line = next((i for i in range(start, min(stop, len(lines))) if src in lines[i]), start)
                found.append((src, line))
    return found


def render_markdown(markdown: str, image_url: Callable[[str], str | None]) -> str:
    """Render lesson Markdown to sanitised HTML, mapping each image file name through image_url."""
    tokens = _MARKDOWN.parse(markdown)
    for token in tokens:
        for child in token.children or ():
            if child.type == "image":
                child.attrSet("src", image_url(str(child.attrGet("src") or "")) or "")
                child.attrSet("loading", "lazy")
    html = _MARKDOWN.renderer.render(tokens, _MARKDOWN.options, {})
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes={"http", "https", "mailto"},
                     link_rel="noopener noreferrer")


PDF_IMAGE_PREFIX = "pdf-image/"
_PDF_IMAGE = re.compile(r'<img src="pdf-image/([^"]+)"(?: alt="([^"]*)")?[^>]*>')
_XML_PROLOGUE = re.compile(r"^\s*<\?xml[^>]*\?>\s*")


def render_for_print(markdown: str, folder: Path, safe_svg: Callable[[Path], bool]) -> str:
    """Render a lesson for a PDF with its SVG images written inline, so WeasyPrint fetches nothing."""
    html = render_markdown(markdown, lambda name: PDF_IMAGE_PREFIX + name)

    def inline(match: re.Match) -> str:
        path = folder / match[1]
        if path.suffix == ".svg" and path.is_file() and safe_svg(path):
            svg = _XML_PROLOGUE.sub("", path.read_text(encoding="utf-8"))
            # Inline SVGs share the page's ids: give each file's ids its own prefix.
            prefix = re.sub(r"[^A-Za-z0-9_-]", "-", path.stem) + "-"
            svg = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{prefix}{m[1]}"', svg)
            svg = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefix}{m[1]})", svg)
            svg = re.sub(r'href="#([^"]+)"', lambda m: f'href="#{prefix}{m[1]}"', svg)
            return f'<span class="figure" role="img" aria-label="{match[2] or ""}">{svg}</span>'
        return f'<em class="missing-image">{match[2] or ""}</em>'

    return _PDF_IMAGE.sub(inline, html)
