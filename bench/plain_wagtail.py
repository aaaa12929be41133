"""Settings of the baseline in bench/serve.py: a plain multi-site Wagtail, no django-tenants routing.

Production settings, the same page models, templates and themes, but every request reads one
schema (`serve_content.PLAIN_SCHEMA`, which holds all three sites) and Wagtail's own Site
records pick the site by hostname. No registry lookup, no page cache, no Sitegroup middleware:
the stack a team would run without this project.

    DJANGO_SETTINGS_MODULE=plain_wagtail (with bench/ on PYTHONPATH)
"""
from django.db import connection
from serve_content import PLAIN_SCHEMA

from sitegroup.settings.production import *  # noqa: F403

SITEGROUP_PAGE_CACHE = False
# Sitegroup's own middleware out (page cache, Host routing, identity, the site-only redirect
# wrapper); Wagtail's redirects directly; everything else as in production.
SITEGROUP_ONLY = {"sitegroup.pagecache.middleware.PageCacheMiddleware", "tenants.middleware.SiteRoutingMiddleware",
                  "sitegroup.identity.middleware.IdentityMiddleware", "tenants.middleware.SiteRedirectMiddleware"}
MIDDLEWARE = ["plain_wagtail.OneSchemaMiddleware",
              *[name for name in MIDDLEWARE if name not in SITEGROUP_ONLY],  # noqa: F405
              "wagtail.contrib.redirects.middleware.RedirectMiddleware"]


class OneSchemaMiddleware:
    """What a single-schema install has by default: one search_path for every request.

    Set once per connection (TENANT_LIMIT_SET_CALLS): no query per request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        connection.set_schema(PLAIN_SCHEMA)
        return self.get_response(request)
