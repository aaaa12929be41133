"""Absolute URLs to pages of other sites, with the scheme and port the viewer uses.

The exchange stores paths; a site's address is its primary domain, with the scheme and port of
the request at hand (development servers run on :8000), or plain http without one.
"""
from sitegroup.identity.audit import current_request
from tenants.middleware import site_url


def site_base_url(site, request=None):
    """`http://donghu.example.cn` (no trailing slash) for `site`, or "" when it has no domain."""
    domain = site.primary_domain_name()
    if not domain:
        return ""
    request = request or current_request.get()
    if request is not None:
        return site_url(request, domain).rstrip("/")
    return f"http://{domain}"


def page_link(site, path, request=None):
    """The absolute URL of `path` on `site`."""
    base = site_base_url(site, request)
    return base + path if base else path
