import posixpath
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.views.static import serve

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
