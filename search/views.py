"""Search pages: cluster-wide on the platform host, per site at /search/ on every site, and JSON."""
import math

from django.apps import apps
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from wagtail.models import get_page_models

from tenants.middleware import site_url
from tenants.models import Tenant

from . import analytics
from .backends.base import get_backend
from .forms import LEVELS, SORTS, BadSearch, parse, scope_of


def indexed_content_types():
    """The type filter's choices: every page type editors can create, labelled as the index labels them.

    Every live, public page is indexed whatever its type (search/extract.py), so the facets follow
    the installed page types instead of a list kept here.
    """
    from .sources import sources

    return [model._meta.label_lower for model in get_page_models() if model.is_creatable] + [
        label for source in sources() for label in source.content_types]


def content_type_label(label):
    try:
        return str(apps.get_model(label)._meta.verbose_name)
    except (LookupError, ValueError):
        return label


def _with_urls(request, results):
    if results:
        for hit in results.hits:
            hit.absolute_url = site_url(request, hit.site_domain, hit.url_path)
    return results


def _search(request, site):
    """(search request, results, scope) for the query string; raises BadSearch. Counts page 1 for analytics."""
    scope = scope_of(request.GET) if site else "cluster"
    search_request = parse(request.GET, fixed_sites=scope_sites(site, scope))
    results = _with_urls(request, get_backend().search(search_request))
    if search_request.page == 1:
        analytics.record(site, search_request.q, results.total)
    return search_request, results, scope


def _run(request, site=None):
    """(search request or None, results or None, errors, scope)."""
    if not request.GET.get("q") and len(request.GET) == 0:
        return None, None, [], "site"
    try:
        search_request, results, scope = _search(request, site)
    except BadSearch as exc:
        return None, None, exc.messages, "site"
    return search_request, results, [], scope


def _current_site():
    return Tenant.objects.filter(schema_name=connection.schema_name).first()


def scope_sites(site, scope):
    """Slugs a site's search covers: itself, itself and the active sites below it, or None (all)."""
    if site is None or scope == "cluster":
        return None
    slugs = [site.slug]
    if scope == "family":
        parents = [site.pk]
        while parents:
            children = list(Tenant.objects.filter(parent__in=parents, status=Tenant.Status.ACTIVE)
                            .values_list("pk", "slug"))
            slugs += [slug for _pk, slug in children]
            parents = [pk for pk, _slug in children]
    return slugs


def _site_choices(site, scope):
    """The sites the form's site filter offers: none for one site, the scope's sites otherwise."""
    if site is not None and scope == "site":
        return []
    active = Tenant.objects.filter(status=Tenant.Status.ACTIVE).order_by("level", "name")
    slugs = scope_sites(site, scope)
    return active if slugs is None else active.filter(slug__in=slugs)


def _context(request, search_request, results, errors, site=None, scope="site"):
    pages = math.ceil(results.total / search_request.page_size) if results else 0
    query = request.GET.copy()
    query.pop("page", None)
    suggestion_query = request.GET.copy()
    suggestion_query.pop("page", None)
    if results and results.suggestion:
        suggestion_query["q"] = results.suggestion
    return {
        "search": search_request, "results": results, "errors": errors, "site": site, "scope": scope,
        "levels": [(level, Tenant.Level(level).label) for level in LEVELS],
        "content_types": [(label, content_type_label(label)) for label in indexed_content_types()],
        "sites": _site_choices(site, scope),
        "sorts": SORTS, "sort": search_request.sort if search_request else "relevance",
        "page_count": pages, "query_prefix": query.urlencode() + "&" if query else "",
        "suggestion_query": suggestion_query.urlencode(),
        "q": request.GET.get("q", ""),
    }


def cluster_search(request):
    search_request, results, errors, scope = _run(request)
    status = 400 if errors else 200
    return render(request, "search/cluster_search.html",
                  _context(request, search_request, results, errors, scope=scope), status=status)


def site_search(request):
    site = _current_site()
    search_request, results, errors, scope = _run(request, site=site)
    status = 400 if errors else 200
    return render(request, "search/site_search.html",
                  _context(request, search_request, results, errors, site=site, scope=scope), status=status)


def search_api(request):
    """The same parameters as the pages; on a site host the sites are fixed by `scope` (default: that site)."""
    site = _current_site()
    try:
        search_request, results, scope = _search(request, site)
    except BadSearch as exc:
        return JsonResponse({"errors": exc.messages}, status=400, json_dumps_params={"ensure_ascii": False})
    return JsonResponse({
        "query": search_request.q, "total": results.total, "page": search_request.page,
        "page_size": search_request.page_size, "terms": results.terms, "sort": search_request.sort,
        "scope": scope, "suggestion": results.suggestion,
        "per_site": [{"site": slug, "name": name, "count": count} for slug, name, count in results.per_site],
        "results": [{
            "site": hit.site_slug, "site_name": hit.site_name, "level": hit.level,
            "url": hit.absolute_url, "title": hit.title, "snippet": hit.snippet,
            "content_type": hit.content_type, "content_type_name": content_type_label(hit.content_type),
            "publish_date": hit.publish_date.isoformat() if hit.publish_date else None, "language": hit.language,
        } for hit in results.hits],
    }, json_dumps_params={"ensure_ascii": False})
