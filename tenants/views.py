import posixpath
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import NoReverseMatch, reverse
from django.utils.cache import patch_cache_control
from django.views.static import serve
from django_tenants.utils import get_public_schema_name

from . import media_access
from .middleware import _platform_url, site_url
from .models import Tenant


def directory(request):
    """The platform host's home: every active site, grouped by level."""
    sites = (Tenant.objects.filter(status=Tenant.Status.ACTIVE)
             .select_related("parent").prefetch_related("domains").order_by("name"))
    by_level = {level: [] for level in Tenant.Level.values}
    for site in sites:
        domain = site.primary_domain_name()
        if domain:
            by_level[site.level].append({
                "name": site.name, "url": site_url(request, domain),
                "parent_name": site.parent.name if site.parent_id else None,
            })
    levels = [{"level": level, "label": Tenant.Level(level).label, "sites": by_level[level]}
              for level in Tenant.Level.values]
    return render(request, "tenants/directory.html", {
        "levels": levels, "site_count": sum(len(v) for v in by_level.values()),
        "platform_url": _platform_url(request),
    })


def serve_media(request, schema, path):
    """Serve an uploaded file, only on a host of the site that owns it, and only to requests the
    view restrictions of its collection accept (tenants/media_access.py).

    Files live in MEDIA_ROOT/<schema>/; a URL naming another site's schema is a 404 here,
    whatever the file name. Development and tests get the bytes from Django; production answers
    with X-Accel-Redirect and the reverse proxy sends them (deploy/nginx.conf) — after the same
    checks.
    """
    if schema != connection.schema_name:
        raise Http404("No such file on this site.")
    path = posixpath.normpath(path).lstrip("/")
    if path.startswith(".."):
        raise Http404("No such file on this site.")
    refusal, restricted = media_access.check(request, path)
    if refusal is not None:
        patch_cache_control(refusal, private=True, no_store=True)
        return refusal
    accel_prefix = getattr(settings, "SITEGROUP_MEDIA_ACCEL_PREFIX", "")
    if accel_prefix:
        if not (Path(settings.MEDIA_ROOT) / schema / path).is_file():
            raise Http404("No such file on this site.")
        response = HttpResponse()
        response["X-Accel-Redirect"] = f"{accel_prefix.rstrip('/')}/{schema}/{path}"
        response["Content-Type"] = ""
    else:
        response = serve(request, path, document_root=Path(settings.MEDIA_ROOT) / schema)
    if restricted:
        patch_cache_control(response, private=True)  # no shared cache may hand it to someone else
    return response


# Paths no crawler needs: staff pages, search result pages (endless combinations of a query).
_SITE_DISALLOW = ("/admin/", "/search/", "/api/", "/en/search/")
_PLATFORM_DISALLOW = ("/login/", "/console/", "/search/", "/api/", "/i18n/")


def robots_txt(request):
    """robots.txt per host: an open site lists what crawlers may skip and where its sitemap is;
    a suspended, closed or archived site disallows everything (answered by the routing middleware)."""
    tenant = getattr(request, "tenant", None)
    if tenant is None or tenant.schema_name == get_public_schema_name():
        lines = ["User-agent: *", *[f"Disallow: {path}" for path in _PLATFORM_DISALLOW]]
    elif tenant.status != Tenant.Status.ACTIVE:
        lines = ["User-agent: *", "Disallow: /"]
    else:
        lines = ["User-agent: *", *[f"Disallow: {path}" for path in _SITE_DISALLOW]]
        try:
            lines.append(f"Sitemap: {request.build_absolute_uri(reverse('site_sitemap_xml'))}")
        except NoReverseMatch:
            pass
    response = HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
    patch_cache_control(response, public=True, max_age=3600)
    return response


def platform_favicon(request):
    response = HttpResponseRedirect(static("sitegroup/favicon.ico"))
    patch_cache_control(response, public=True, max_age=3600)
    return response
