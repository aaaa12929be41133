"""Snippets with the query words marked, for Chinese and English alike.

PostgreSQL's ts_headline cannot find 集约化 inside an unsegmented Chinese sentence, so
snippets are cut in Python around the first match and every match is wrapped in <mark>.
"""
import re

from django.utils.html import escape

SNIPPET_LENGTH = 120


def _pattern(terms):
    parts = []
    for term in sorted(set(terms), key=len, reverse=True):
        if re.fullmatch(r"[a-z0-9]+", term):
            # English: match other forms too (services → service, servicing).
            stem = term[:max(4, len(term) - 3)] if len(term) > 4 else term
            parts.append(rf"\b{re.escape(stem)}\w*")
        else:
            parts.append(re.escape(term))
    return re.compile("|".join(parts), re.IGNORECASE) if parts else None


def snippet(text, terms, length=SNIPPET_LENGTH):
    """An HTML-safe excerpt of `text` around the first query word, words marked."""
    text = text or ""
    pattern = _pattern(terms)
    match = pattern.search(text) if pattern else None
    start = max(0, match.start() - length // 3) if match else 0
    excerpt = text[start:start + length]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + length < len(text) else ""
    if not pattern:
        return escape(prefix + excerpt + suffix)
    pieces, last = [], 0
    for found in pattern.finditer(excerpt):
        pieces.append(escape(excerpt[last:found.start()]))
        pieces.append(f"<mark>{escape(found.group())}</mark>")
        last = found.end()
    pieces.append(escape(excerpt[last:]))
    return escape(prefix) + "".join(pieces) + escape(suffix)


def highlight(text, terms):
    return snippet(text, terms, length=len(text or "") + 1)
