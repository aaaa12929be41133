"""Feed discovery links for the page head, and where a received item came from."""
from django import template
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils.translation import gettext as _

from sitegroup.identity.audit import current_site
from tenants.models import Tenant
from themes.models import ColumnPage, ContentPage, DisclosureCataloguePage
from themes.templatetags.theme_tags import page_ancestors

from ..links import page_link
from ..models import ReceivedItem

register = template.Library()
FORMATS = (("rss.xml", "application/rss+xml", "RSS"), ("feed.json", "application/feed+json", "JSON Feed"))


def _column_of(context, page):
    """The column a page is or stands in (from the ancestors the page's breadcrumbs loaded already)."""
    if isinstance(page, (ColumnPage, DisclosureCataloguePage)):
        return page
    if isinstance(page, ContentPage):
        ancestors = page_ancestors(context)
        parent = ancestors[-1] if ancestors else None
        column_types = {content_type.pk for content_type in
                        ContentType.objects.get_for_models(ColumnPage, DisclosureCataloguePage).values()}
        if parent is not None and parent.content_type_id in column_types:
            return parent
    return None


@register.inclusion_tag("syndication/includes/feed_links.html", takes_context=True)
def feed_links(context):
    """<link rel="alternate"> for the site's feeds and, on a column or its items, the column's."""
    request, page, theme = context.get("request"), context.get("page"), context.get("theme")
    if request is None or page is None:
        return {"links": []}
    site_name = getattr(theme, "site_name", "") or ""
    links = [{"type": mime, "title": f"{site_name} ({name})",
              "href": request.build_absolute_uri(reverse("syndication_site_feed", args=[fmt]))}
             for fmt, mime, name in FORMATS]
    column = _column_of(context, page)
    if column is not None:
        links += [{"type": mime, "title": f"{site_name} · {column.title} ({name})",
                   "href": request.build_absolute_uri(reverse("syndication_column_feed", args=[column.pk, fmt]))}
                  for fmt, mime, name in FORMATS]
    return {"links": links}


@register.inclusion_tag("syndication/includes/provenance.html", takes_context=True)
def provenance(context):
    """“Reposted from …, original” (or “Submitted by …”) on a page this site received."""
    page, request = context.get("page"), context.get("request")
    if not isinstance(page, ContentPage) or not page.pk or current_site() is None:
        return {}
    item = ReceivedItem.objects.filter(page_id=page.pk).first()
    if item is None:
        return {}
    source = Tenant.objects.prefetch_related("domains").filter(slug=item.source_site_slug).first()
    label = (_("Submitted by %(site)s") if item.kind == ReceivedItem.Kind.SUBMISSION
             else _("Reposted from %(site)s")) % {"site": item.source_site_name}
    original = page_link(source, item.original_path, request) if source is not None else ""
    return {"label": label, "original_url": original}
