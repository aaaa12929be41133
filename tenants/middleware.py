"""Route every request by its Host header to the platform, a site's schema, or a 404.

Extends django-tenants' middleware: platform hosts need no tenant row, unknown hosts
get the platform's own 404 page, and a site that is not active answers for itself
(maintenance 503, closed 410) without ever reaching its content.
"""
from django.conf import settings
from django.db import connection
from django.template.response import TemplateResponse
from django.utils import translation
from django_tenants.middleware.main import TenantMainMiddleware
from django_tenants.utils import get_public_schema_name
from wagtail.contrib.redirects.middleware import RedirectMiddleware

from . import hostcache, prefetch, wagtail_site
from .models import Tenant


class SiteRoutingMiddleware(TenantMainMiddleware):
    def process_request(self, request):
        if getattr(request, "is_dummy", False):
            # Wagtail's previews and checks simulate a request from inside a site's admin
            # request: stay in that site, whatever host the page's URL would have.
            request.tenant = connection.tenant
            self.setup_url_routing(request)
            return None
        connection.set_schema_to_public()
        # A malformed or disallowed host raises DisallowedHost here: Django's own 400, never a site.
        hostname = self.hostname_from_request(request)

        if hostname in settings.SITEGROUP_PLATFORM_HOSTS:
            request.tenant = connection.tenant
            self.setup_url_routing(request, force_public=True)
            return None

        # The registry row comes from the shared cache (tenants.hostcache): no query per request,
        # and usually one round trip for it and the site's Wagtail Site row together.
        prefetched = hostcache.prefetch(request, hostname, prefetch.keys_for)
        prefetch.remember(request, prefetched)
        tenant = hostcache.tenant_for_request(request, hostname)
        if tenant is None:
            return unknown_host(request, hostname)

        tenant.domain_url = hostname
        request.tenant = tenant
        if tenant.status != Tenant.Status.ACTIVE and request.path == "/robots.txt":
            # Crawlers keep off a site that is not open, whatever its other pages answer.
            from .views import robots_txt

            return robots_txt(request)
        if tenant.status == Tenant.Status.SUSPENDED and not _allowed_while_suspended(request.path):
            return site_unavailable(request, tenant, status=503, template="tenants/maintenance.html")
        if tenant.status in (Tenant.Status.CLOSED, Tenant.Status.ARCHIVED):
            # Closing hooks (e.g. move-up redirects) get the first word.
            from .signals import closed_site_request

            for _receiver, response in closed_site_request.send(sender=Tenant, tenant=tenant, request=request):
                if response is not None:
                    return response
            return site_unavailable(request, tenant, status=410, template="tenants/closed.html")

        connection.set_tenant(tenant)
        self.setup_url_routing(request)
        wagtail_site.remember_for(request, prefetched)
        return None

    def process_response(self, request, response):
        # A pooled connection must never carry a site's search_path into the next request
        # (a simulated preview request returns to the admin request that made it).
        if not getattr(request, "is_dummy", False):
            connection.set_schema_to_public()
        return response


def _allowed_while_suspended(path):
    return any(path.startswith(prefix) for prefix in settings.SITEGROUP_SUSPENDED_ALLOWED_PREFIXES)


def unknown_host(request, hostname):
    response = TemplateResponse(
        request, "tenants/unknown_host.html", {"hostname": hostname, "platform_url": _platform_url(request)},
        status=404,
    )
    # Answered before the language middleware runs: in the default language, not the last request's.
    with translation.override(settings.LANGUAGE_CODE):
        return response.render()


def site_unavailable(request, tenant, *, status, template):
    parent_url = None
    if tenant.parent_id and tenant.parent.status == Tenant.Status.ACTIVE:
        parent_domain = tenant.parent.primary_domain_name()
        if parent_domain:
            parent_url = site_url(request, parent_domain)
    response = TemplateResponse(
        request, template, {"site": tenant, "parent_url": parent_url, "platform_url": _platform_url(request)},
        status=status,
    )
    if status == 503:
        response["Retry-After"] = "3600"
    with translation.override(settings.LANGUAGE_CODE):
        return response.render()


def _port_suffix(request):
    host = request.get_host()
    return ":" + host.rsplit(":", 1)[1] if ":" in host and not host.endswith("]") else ""


def site_url(request, domain, path="/"):
    """The absolute URL of `path` on `domain`, with the request's scheme and port (dev servers run on :8000)."""
    return f"{request.scheme}://{domain}{_port_suffix(request)}{path}"


def _platform_url(request):
    return site_url(request, settings.SITEGROUP_PLATFORM_HOSTS[0]) if settings.SITEGROUP_PLATFORM_HOSTS else None


class SiteOnlyMiddleware:
    """Wrap a middleware that needs a site's Wagtail tables so it skips the platform host.

    The public schema has no Wagtail tables; e.g. Wagtail's redirect middleware would fail
    there with "relation wagtailcore_site does not exist" on every platform 404.
    """

    wrapped = None

    def __init__(self, get_response):
        self.get_response = get_response
        self.inner = self.wrapped(get_response)

    def __call__(self, request):
        tenant = getattr(request, "tenant", None)
        if tenant is None or tenant.schema_name == get_public_schema_name():
            return self.get_response(request)
        return self.inner(request)


class SiteRedirectMiddleware(SiteOnlyMiddleware):
    """Wagtail's redirects, on sites only."""

    wrapped = RedirectMiddleware
