"""Search pages: cluster-wide on the platform host, per site at /search/ on every site, and JSON."""
import math

from django.apps import apps
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from wagtail.models import get_page_models

from tenants.models import Tenant

from .backends.base import get_backend
from .forms import LEVELS, BadSearch, parse


def indexed_content_types():
    """The type filter's choices: every page type editors can create, labelled as the index labels them.

    Every live, public page is indexed whatever its type (search/extract.py), so the facets follow
    the installed page types instead of a list kept here.
    """
    return [model._meta.label_lower for model in get_page_models() if model.is_creatable]


def content_type_label(label):
    try:
        return str(apps.get_model(label)._meta.verbose_name)
    except (LookupError, ValueError):
        return label


def _with_urls(request, results):
    from tenants.middleware import _port_suffix

    if results:
        for hit in results.hits:
            hit.absolute_url = f"{request.scheme}://{hit.site_domain}{_port_suffix(request)}{hit.url_path}"
    return results


def _run(request, fixed_site=None):
    """(search request or None, results or None, errors)."""
    if not request.GET.get("q") and len(request.GET) == 0:
        return None, None, []
    try:
        search_request = parse(request.GET, fixed_site=fixed_site)
    except BadSearch as exc:
        return None, None, exc.messages
    return search_request, _with_urls(request, get_backend().search(search_request)), []


def _current_site():
    return Tenant.objects.filter(schema_name=connection.schema_name).first()


def _context(request, search_request, results, errors, site=None):
    pages = math.ceil(results.total / search_request.page_size) if results else 0
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "search": search_request, "results": results, "errors": errors, "site": site,
        "levels": [(level, Tenant.Level(level).label) for level in LEVELS],
        "content_types": [(label, content_type_label(label)) for label in indexed_content_types()],
        "sites": [] if site else Tenant.objects.filter(status=Tenant.Status.ACTIVE).order_by("level", "name"),
        "page_count": pages, "query_prefix": query.urlencode() + "&" if query else "",
        "q": request.GET.get("q", ""),
    }


def cluster_search(request):
    search_request, results, errors = _run(request)
    status = 400 if errors else 200
    return render(request, "search/cluster_search.html", _context(request, search_request, results, errors),
                  status=status)


def site_search(request):
    site = _current_site()
    search_request, results, errors = _run(request, fixed_site=site.slug if site else None)
    status = 400 if errors else 200
    return render(request, "search/site_search.html",
                  _context(request, search_request, results, errors, site=site), status=status)


def search_api(request):
    """The same parameters as the pages; on a site host the site filter is fixed to that site."""
    site = _current_site()
    try:
        search_request = parse(request.GET, fixed_site=site.slug if site else None)
    except BadSearch as exc:
        return JsonResponse({"errors": exc.messages}, status=400, json_dumps_params={"ensure_ascii": False})
    results = _with_urls(request, get_backend().search(search_request))
    return JsonResponse({
        "query": search_request.q, "total": results.total, "page": search_request.page,
        "page_size": search_request.page_size, "terms": results.terms,
        "per_site": [{"site": slug, "name": name, "count": count} for slug, name, count in results.per_site],
        "results": [{
            "site": hit.site_slug, "site_name": hit.site_name, "level": hit.level,
            "url": hit.absolute_url, "title": hit.title, "snippet": hit.snippet,
            "content_type": hit.content_type, "content_type_name": content_type_label(hit.content_type),
            "publish_date": hit.publish_date.isoformat() if hit.publish_date else None, "language": hit.language,
        } for hit in results.hits],
    }, json_dumps_params={"ensure_ascii": False})
