"""Optional: purge a front-end cache as well, through Wagtail's frontend-cache module.

Off unless WAGTAILFRONTENDCACHE (or WAGTAILFRONTENDCACHE_LOCATION) is configured, e.g. nginx
with Debian's cache-purge module behind Wagtail's HTTPBackend (docs/page-cache.md). Page purges
send the page's URLs, and those of the pages listing it, on every domain of its site, after the
commit. Whole-site purges cannot be listed URL by URL: the front-end copy then expires on its
own after SITEGROUP_PAGE_CACHE_PROXY_SECONDS.
"""
from django.conf import settings
from django.db import transaction
from django_tenants.utils import get_public_schema_name

from tenants.models import Domain


def configured():
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None)
                or getattr(settings, "WAGTAILFRONTENDCACHE_LOCATION", None))


def purge_paths(schema, paths):
    if not paths or not configured() or schema == get_public_schema_name():
        return
    from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

    scheme = "https" if settings.SECURE_SSL_REDIRECT else "http"
    domains = Domain.objects.filter(tenant__schema_name=schema).values_list("domain", flat=True)
    urls = sorted({f"{scheme}://{domain}{path}" for domain in domains for path in paths})
    transaction.on_commit(lambda: purge_urls_from_cache(urls))
