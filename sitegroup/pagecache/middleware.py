"""Answer anonymous GETs from the page cache before anything else runs.

First in MIDDLEWARE: a hit costs one read of the cache (the entry, its tokens and the Host → site
record of tenants.hostcache, together: rules.cached_response), and runs no other middleware, no
view and no query. A miss
runs the whole stack and stores the final response (every header the other middleware added)
when the rules allow (rules.py). Cache errors never fail a request: it is then served uncached.
"""
import logging

from django.conf import settings

from . import rules, store
from .signals import page_served

logger = logging.getLogger(__name__)
STATUS_HEADER = "X-Sitegroup-Cache"
# nginx's own cache obeys this header (and strips it): it keeps exactly what this cache keeps.
PROXY_HEADER = "X-Accel-Expires"


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        lookup = None
        if settings.SITEGROUP_PAGE_CACHE:
            try:
                lookup, response, current = rules.cached_response(request)
                if lookup is not None:
                    if response is not None:
                        return self.served(request, lookup.schema, response, "hit")
                    current = store.ensure_tokens(lookup.candidates, current)
            except Exception:
                logger.exception("Page cache unavailable; serving %s uncached", request.path)
                lookup = None
        response = self.get_response(request)
        if lookup is None:
            tenant = getattr(request, "tenant", None)
            return self.served(request, getattr(tenant, "schema_name", None), response, "skip")
        if request.method == "GET" and self.store(request, lookup, current, response):
            return self.served(request, lookup.schema, response, "miss")
        return self.served(request, lookup.schema, response, "skip")

    @staticmethod
    def store(request, lookup, current, response):
        timeout = rules.response_timeout(request, response)
        if not timeout:
            return False
        depends_on = rules.dependencies(request, lookup, response)
        if any(key not in current for key in depends_on):
            return False  # its page is not on the request's path: nothing could purge it
        try:
            store.save(lookup.entry, {key: current[key] for key in depends_on}, response, timeout)
        except Exception:
            logger.exception("Page cache unavailable; %s not stored", request.path)
            return False
        return True

    @staticmethod
    def served(request, schema, response, status):
        if request.method not in ("GET", "HEAD"):
            return response
        response[STATUS_HEADER] = status
        proxy_seconds = settings.SITEGROUP_PAGE_CACHE_PROXY_SECONDS if status != "skip" else 0
        response[PROXY_HEADER] = str(proxy_seconds)
        if schema:
            page_served.send(sender=PageCacheMiddleware, schema=schema, path=request.path, request=request,
                             response=response, cached=status == "hit")
        return response
