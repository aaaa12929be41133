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
MIDDLEWARE = [
    "plain_wagtail.OneSchemaMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "sitegroup.security.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]


class OneSchemaMiddleware:
    """What a single-schema install has by default: one search_path for every request.

    Set once per connection (TENANT_LIMIT_SET_CALLS): no query per request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        connection.set_schema(PLAIN_SCHEMA)
        return self.get_response(request)
