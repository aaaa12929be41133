"""Cache keys of a site that routing reads in the same round trip as the site's Host record.

Apps register a function `keys_of(schema) -> [serving cache keys]` (in their AppConfig.ready);
SiteRoutingMiddleware reads those keys together with the Host record (tenants.hostcache.prefetch)
and leaves what it found on the request, for `prefetched(request, key)`. tenants only carries the
values: what they mean stays with the app that registered them.
"""
_providers = []


def register(keys_of):
    if keys_of not in _providers:
        _providers.append(keys_of)


def keys_for(schema):
    return [key for keys_of in _providers for key in keys_of(schema)]


def remember(request, found):
    request._sitegroup_prefetched = found


def prefetched(request, key):
    """The value routing read for `key` on this request, or None (not read, or not in the cache)."""
    return getattr(request, "_sitegroup_prefetched", {}).get(key)
