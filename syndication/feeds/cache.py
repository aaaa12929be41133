"""Rendered feeds are cached per host and URL; a site's entries changing makes its feeds and the
cluster's feeds new at once (a generation number in the key), the TTL bounds everything else.

Cache keys are namespaced by schema (django_tenants.cache.make_key): a site's generation lives
under its schema, where both its feeds and its index run; the cluster's under the public schema.
"""
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django_tenants.utils import get_public_schema_name, schema_context

from sitegroup.pagecache import purge

SITE_GENERATION = "syndication-feeds-generation"
CLUSTER_GENERATION = "syndication-cluster-feeds-generation"


def bump(key):
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 2, None)


def bump_generation(site):
    """Call in `site`'s schema after its entries changed."""
    bump(SITE_GENERATION)
    with schema_context(get_public_schema_name()):
        bump(CLUSTER_GENERATION)
    # The page cache keeps its own copies of feed responses (listings of the site and the platform).
    purge.purge_listings(site)
    purge.purge_listings(get_public_schema_name())


def generation():
    """The generation of the current schema's feeds (the site's, or the cluster's on the platform)."""
    key = CLUSTER_GENERATION if connection.schema_name == get_public_schema_name() else SITE_GENERATION
    return cache.get_or_set(key, 1, None)


def cached_feed(request, render):
    """The (body, content type, last modified) of this feed URL, rendered once per generation."""
    key = f"syndication-feed:{generation()}:{request.get_host()}:{request.get_full_path()}"
    found = cache.get(key)
    if found is None:
        found = render()
        cache.set(key, found, settings.SITEGROUP_FEED_CACHE_SECONDS)
    return found
