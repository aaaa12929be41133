"""The feed entries of a site (exchange.FeedEntry), kept from inside the site's schema.

An item (a ContentPage: article, notice, policy document, guide, received page...) has an entry
while it is live, public and reachable (no unpublished ancestor); the site's status is joined
when feeds are read. Full text is stored only when the site's settings allow it.
"""
from django.utils import timezone
from django_tenants.utils import schema_context
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.rich_text import expand_db_html

from sitegroup.identity.audit import current_site
from themes.models import ContentPage

from ..exchange.models import FeedEntry
from ..models import SyndicationSettings
from .cache import bump_generation


def _column_of(page):
    """The nearest ancestor that is a column (has a column type): (id, title, type), or Nones."""
    for ancestor in reversed(list(page.get_ancestors().filter(depth__gt=2).specific())):
        column_type = getattr(ancestor, "column_type", None)
        if column_type:
            return ancestor.pk, ancestor.title, str(column_type)
    return None, "", ""


def content_html(page):
    """The item's full text, as its site shows it (site-relative URLs)."""
    own = getattr(page, "feed_html", None)
    if callable(own):
        return own()
    parts = [expand_db_html(value) for field in page._meta.concrete_fields if isinstance(field, RichTextField)
             for value in [getattr(page, field.attname)] if value]
    return "".join(parts)


def _entry_fields(page, full_text):
    column_id, column_title, column_type = _column_of(page)
    parts = page.get_url_parts()
    return {
        "column_page_id": column_id, "column_title": column_title, "column_type": column_type,
        "language": page.locale.language_code, "url_path": parts[2] if parts and parts[2] else page.url_path,
        "title": page.title, "summary": page.summary or page.search_description, "author": page.author,
        "content_html": content_html(page) if full_text else "",
        "publish_date": page.publish_date or page.last_published_at or timezone.now(), "updated_at": timezone.now(),
    }


def _is_visible(page):
    return (page.live and not page.get_view_restrictions().exists()
            and not page.get_ancestors().filter(depth__gt=1, live=False).exists())


def index_subtree(page):
    """(Re)write the entries of `page` and every item below it; drop those no longer visible."""
    site = current_site()
    if site is None:
        return 0
    full_text = SyndicationSettings.load().feed_full_text
    items = ContentPage.objects.descendant_of(page, inclusive=True).specific()
    kept, dropped = 0, []
    for item in items:
        if _is_visible(item):
            FeedEntry.objects.update_or_create(site=site, page_id=item.pk, defaults=_entry_fields(item, full_text))
            kept += 1
        else:
            dropped.append(item.pk)
    if dropped:
        FeedEntry.objects.filter(site=site, page_id__in=dropped).delete()
    bump_generation(site)
    return kept


def remove_subtree(page):
    site = current_site()
    if site is None:
        return
    ids = list(Page.objects.descendant_of(page, inclusive=True).values_list("pk", flat=True)) or [page.pk]
    if FeedEntry.objects.filter(site=site, page_id__in=ids).delete()[0]:
        bump_generation(site)


def remove_pages(site, page_ids):
    if FeedEntry.objects.filter(site=site, page_id__in=page_ids).delete()[0]:
        bump_generation(site)


def rebuild_site(site):
    """Every entry of `site`, rebuilt inside its schema (manage.py rebuild_feeds)."""
    with schema_context(site.schema_name):
        FeedEntry.objects.filter(site=site).delete()
        root = Page.get_first_root_node()
        return index_subtree(root) if root is not None else 0
