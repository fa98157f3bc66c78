"""HTML bodies (tickets, chat parts) to plain text: tags dropped, entities decoded, blocks
turned into line breaks, scripts and styles removed."""
from __future__ import annotations

import re
from html.parser import HTMLParser

_BLOCK = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table", "ul", "ol"}
_SKIP = {"script", "style", "head", "title"}
_TAG = re.compile(r"<[a-zA-Z/!][^>]*>")


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP:
            self.skip += 1
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def strip_html(text: str | None) -> str:
    """Plain text of an HTML fragment; text without tags is only trimmed (entities decoded)."""
    if not text:
        return ""
    parser = _Text()
    parser.feed(text)
    parser.close()
    out = "".join(parser.parts).replace("\xa0", " ")
    out = re.sub(r"[ \t]+\n", "\n", out)
    out = re.sub(r"\n{3,}", "\n\n", out)
    return out.strip()


def looks_html(text: str) -> bool:
    return bool(text) and bool(_TAG.search(text))
