"""Feed views: a site's feed and its columns' feeds on the site's hosts, the cluster's feed of one
column type on the platform host. Each in RSS 2.0 (`rss.xml`) and JSON Feed 1.1 (`feed.json`).

Entries come from the exchange (FeedEntry: live, public items only; sites not active are left
out), links use the host the feed was asked on, and responses are cacheable by anyone
(Cache-Control public, Last-Modified, ETag; 304 to a conditional request).
"""
import hashlib
from dataclasses import dataclass

from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.translation import gettext as _
from wagtail.models import Page

from tenants.models import Tenant
from themes.models import ColumnPage, SiteAppearance

from ..exchange.models import FeedEntry
from ..links import site_base_url
from ..models import SyndicationSettings
from .cache import cached_feed
from .generators import FORMATS


@dataclass
class FeedSource:
    title: str
    link: str
    description: str
    language: str
    entries: list
    base_for: object            # entry -> the absolute base URL of its site


def absolutise(html, base):
    """Site-relative links and images in `html` made absolute (feed readers have no page to resolve them)."""
    if not html or not base:
        return html
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(href=True) + soup.find_all(src=True):
        for attribute in ("href", "src"):
            value = tag.get(attribute)
            if value and value.startswith("/") and not value.startswith("//"):
                tag[attribute] = base + value
    return str(soup)


class EntryFeed(Feed):
    """One feed over FeedEntry rows; the FeedSource (from `get_object`) says which and where."""

    def __init__(self, feed_type, source):
        self.feed_type, self.source = feed_type, source

    def get_object(self, request, *args, **kwargs):
        return self.source

    def title(self, source):
        return source.title

    def link(self, source):
        return source.link

    def description(self, source):
        return source.description

    def items(self, source):
        return source.entries

    def item_title(self, entry):
        return entry.title

    def item_link(self, entry):
        return self.source.base_for(entry) + entry.url_path

    def item_guid(self, entry):
        return self.item_link(entry)

    def item_description(self, entry):
        return absolutise(entry.content_html, self.source.base_for(entry)) or entry.summary or entry.title

    def item_pubdate(self, entry):
        return entry.publish_date

    def item_updateddate(self, entry):
        return entry.updated_at

    def item_author_name(self, entry):
        return entry.author or None

    def item_categories(self, entry):
        return [entry.column_title] if entry.column_title else []

    def item_extra_kwargs(self, entry):
        return {"json": {"summary": entry.summary,
                         "content_html": absolutise(entry.content_html, self.source.base_for(entry))}}


def _language(request):
    wanted = request.GET.get("lang", settings.LANGUAGE_CODE)
    if wanted not in dict(settings.LANGUAGES):
        raise ValueError(wanted)
    return wanted


def _respond(request, fmt, build_source):
    feed_type = FORMATS.get(fmt)
    if feed_type is None:
        raise Http404
    try:
        language = _language(request)
    except ValueError:
        return HttpResponseBadRequest(_("Unknown language: use one of %(codes)s.") % {
            "codes": ", ".join(code for code, _name in settings.LANGUAGES)})

    def render():
        with translation.override(language):
            source = build_source(language)
            response = EntryFeed(feed_type, source)(request)
        return response.content, response["Content-Type"], response.get("Last-Modified")

    body, content_type, last_modified = cached_feed(request, render)
    response = HttpResponse(body, content_type=content_type)
    etag = '"%s"' % hashlib.sha256(body).hexdigest()[:32]
    response["ETag"] = etag
    if last_modified:
        response["Last-Modified"] = last_modified
    patch_cache_control(response, public=True, max_age=settings.SITEGROUP_FEED_MAX_AGE)
    return get_conditional_response(request, etag=etag, response=response) or response


def _request_base(request):
    return f"{request.scheme}://{request.get_host()}"


def _site_name(request):
    return SiteAppearance.load(request_or_site=request).site_name or request.tenant.name


def site_feed(request, fmt):
    """The latest items of this site, every column."""
    def build(language):
        base, name = _request_base(request), _site_name(request)
        length = SyndicationSettings.load(request_or_site=request).feed_length
        entries = list(FeedEntry.objects.filter(site=request.tenant, language=language)
                       .order_by("-publish_date", "-pk")[:length])
        return FeedSource(title=name, link=base + "/", language=language, entries=entries,
                          description=_("The latest items of %(site)s") % {"site": name},
                          base_for=lambda entry: base)
    return _respond(request, fmt, build)


def column_feed(request, column_id, fmt):
    """The latest items of one live, public column of this site."""
    column = Page.objects.live().public().filter(pk=column_id).specific().first()
    if column is None or not getattr(column, "column_type", None):
        raise Http404(_("No such column on this site."))

    def build(language):
        base, name = _request_base(request), _site_name(request)
        length = SyndicationSettings.load(request_or_site=request).feed_length
        entries = list(FeedEntry.objects.filter(site=request.tenant, column_page_id=column.pk)
                       .order_by("-publish_date", "-pk")[:length])
        parts = column.get_url_parts(request)
        return FeedSource(title=f"{name} · {column.title}", link=base + (parts[2] if parts else "/"),
                          language=language, entries=entries, base_for=lambda entry: base,
                          description=getattr(column, "description", "") or column.title)
    return _respond(request, fmt, build)


def cluster_feed(request, column_type, fmt):
    """Every active site's latest items of one column type (platform host)."""
    if column_type not in ColumnPage.ColumnType.values:
        raise Http404(_("No such column type."))
    label = ColumnPage.ColumnType(column_type).label

    def build(language):
        entries = list(FeedEntry.objects.filter(column_type=column_type, language=language,
                                                site__status=Tenant.Status.ACTIVE)
                       .select_related("site").prefetch_related("site__domains")
                       .order_by("-publish_date", "-pk")[:settings.SITEGROUP_CLUSTER_FEED_LENGTH])
        bases = {}

        def base_for(entry):
            if entry.site_id not in bases:
                bases[entry.site_id] = site_base_url(entry.site, request)
            return bases[entry.site_id]
        title = _("%(type)s of every site") % {"type": label}
        return FeedSource(title=str(title), link=_request_base(request) + "/", language=language, entries=entries,
                          description=str(title), base_for=base_for)
    return _respond(request, fmt, build)
