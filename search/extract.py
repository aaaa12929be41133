"""Turn a Wagtail page into an index document, whatever its page type.

Runs inside the page's site schema. Text comes from the page type's own Wagtail
`search_fields`, so any page type is indexed without this app knowing it.
"""
from dataclasses import dataclass
from datetime import datetime

from django.db import models
from django.utils.html import strip_tags
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search.index import SearchField


@dataclass
class PageDocument:
    page_id: int
    url_path: str
    title: str
    summary: str
    body: str
    content_type: str
    publish_date: datetime | None
    language: str
    keywords: str = ""
    source: str = ""          # "" for a page; the name of a search.sources source otherwise


def is_indexable(page):
    """Only published pages that anyone may read."""
    return page.live and not page.get_view_restrictions().exists()


def _text(value):
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):  # fields give their searchable content as a list
        return " ".join(_text(item) for item in value)
    if hasattr(value, "render_as_block") or hasattr(value, "stream_block"):
        value = str(value)
    return " ".join(strip_tags(str(value)).split())


def _own_text_fields(page):
    """Names of the page type's own long-text fields (rich text, stream, plain text).

    Some page types list only part of their text in `search_fields` (a home page's
    introduction, a column's description); the index takes all of it.
    """
    base = {f.name for f in Page._meta.concrete_fields}
    for model_field in page._meta.concrete_fields:
        if model_field.name in base or model_field.name in ("summary", "keywords"):
            continue
        if isinstance(model_field, (models.TextField, StreamField)):
            yield model_field.name


def page_document(page):
    page = page.specific
    summary = _text(getattr(page, "summary", "") or page.search_description or "")
    keywords = " ".join(part for part in (_text(getattr(page, "keywords", "")),
                                          _text(page.search_description)) if part and part != summary)
    parts = []
    for field in page.get_search_fields():
        if isinstance(field, SearchField) and field.field_name not in ("title", "summary", "keywords"):
            try:
                value = field.get_value(page)
            except Exception:  # a search field backed by a method that needs a request etc.
                continue
            text = _text(value)
            if text and text not in parts:
                parts.append(text)
    for name in _own_text_fields(page):
        text = _text(getattr(page, name, ""))
        if text and text not in parts:
            parts.append(text)
    url_parts = page.get_url_parts()
    path = url_parts[2] if url_parts else page.url_path
    publish_date = getattr(page, "publish_date", None) or page.last_published_at or page.first_published_at
    return PageDocument(
        page_id=page.pk, url_path=path, title=page.title, summary=summary, body=" ".join(parts),
        content_type=f"{page._meta.app_label}.{page._meta.model_name}", publish_date=publish_date,
        language=page.locale.language_code, keywords=keywords,
    )
