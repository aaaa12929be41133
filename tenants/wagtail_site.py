"""Each site's one Wagtail Site record, remembered per schema so routing a page costs no query.

Every schema holds exactly one Site (`is_default_site`, bound to the primary domain; aliases are
served through it), so Wagtail's per-request lookup by hostname always finds the same row.
The row (with its root page) is kept in the shared `serving` cache under a key that names the
schema, and dropped when a Site or a home page is saved or deleted. Because the key names the
schema, routing reads it in the same round trip as the Host record (tenants.hostcache.prefetch).
A schema with several Sites falls back to Wagtail's own lookup.
"""
from django.core.cache import caches
from django.db import connection
from django.db.models.signals import post_delete, post_save

from .cachekeys import site_key

CACHE_ALIAS = "serving"
# Bump when the stored row changes shape (e.g. after a Wagtail upgrade): old entries are not found.
VERSION = 1
SEVERAL = "several"
TIMEOUT = 3600


def keys_for(schema):
    """The keys routing may read ahead for `schema` (see tenants.hostcache.prefetch)."""
    return [site_key(schema, "wagtail-site", VERSION)]


def the_site(prefetched=None):
    """The current schema's only Site (root page loaded), or None when there is not exactly one.

    `prefetched`: values already read from the cache by key (a miss there is read again here).
    """
    from wagtail.models import Site

    key = keys_for(connection.schema_name)[0]
    site = (prefetched or {}).get(key)
    if site is None:
        cache = caches[CACHE_ALIAS]
        site = cache.get(key)
        if site is None:
            sites = list(Site.objects.select_related("root_page")[:2])
            site = sites[0] if len(sites) == 1 else SEVERAL
            cache.set(key, site, TIMEOUT)
    return None if site == SEVERAL else site


def remember_for(request, prefetched=None):
    """Let Wagtail's Site.find_for_request() answer from the cached row."""
    site = the_site(prefetched)
    if site is not None:
        request._wagtail_site = site


def forget():
    """Drop the current schema's row (call inside the schema whose Site or home page changed)."""
    caches[CACHE_ALIAS].delete(keys_for(connection.schema_name)[0])


def _forget(sender, instance, **kwargs):
    forget()


def _page_saved(sender, instance, **kwargs):
    from wagtail.models import Page

    if isinstance(instance, Page) and instance.depth is not None and instance.depth <= 2:
        forget()


def connect_signals():
    from wagtail.models import Site

    post_save.connect(_forget, sender=Site, dispatch_uid="tenants.wagtail_site.saved")
    post_delete.connect(_forget, sender=Site, dispatch_uid="tenants.wagtail_site.deleted")
    # Page types are subclasses, so any sender: _page_saved picks the home pages out.
    post_save.connect(_page_saved, dispatch_uid="tenants.wagtail_site.home_saved")
