"""Which requests may be answered from the cache and which responses may be stored.

Decided by properties of the request and the response only, never by knowing the view, so
pages added later (sitemaps, feeds, search pages of other apps) follow the same rules:

- requests: GET or HEAD; no session or CSRF cookie (staff, anyone who signed in, sent a form or
  unlocked a password-protected page), no Authorization header; not a Wagtail preview; not under
  an excluded prefix (admin, documents, media, static, the console, sign-in); a short query
  string; an active site or the platform host;
- responses: 200, 301 or 404; not streamed; no cookie set; no ``Cache-Control`` private,
  no-cache or no-store (or max-age=0); ``Vary`` only on Accept-Language and Cookie (the key
  carries the visitor's language, and requests with a session cookie never reach the cache);
  not larger than ``SITEGROUP_PAGE_CACHE_MAX_BYTES``.
"""
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.cache import cc_delim_re, get_max_age
from django_tenants.utils import get_public_schema_name, remove_www

from sitegroup.language import language_for_cache_key
from tenants import hostcache
from tenants.models import Tenant

from . import store

CACHEABLE_STATUS = {200, 301, 404}
HARMLESS_VARY = {"accept-language", "cookie", "accept-encoding"}
REFUSING_CACHE_CONTROL = ("private", "no-cache", "no-store")


@dataclass
class Lookup:
    schema: str
    path: str
    entry: str              # the cache key of this variant (scheme, host, path, query, language)
    candidates: list        # tokens an entry of this path may depend on


@dataclass(frozen=True)
class Rules:
    """The settings the rules read, taken once per process (reading settings is not free per request)."""

    excluded_prefixes: tuple
    personal_cookies: tuple
    max_query_length: int
    platform_hosts: frozenset

    @classmethod
    def from_settings(cls):
        return cls(excluded_prefixes=tuple(settings.SITEGROUP_PAGE_CACHE_EXCLUDED_PREFIXES),
                   personal_cookies=(settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME),
                   max_query_length=settings.SITEGROUP_PAGE_CACHE_MAX_QUERY_LENGTH,
                   platform_hosts=frozenset(settings.SITEGROUP_PLATFORM_HOSTS))


_rules = None


def current_rules():
    global _rules
    if _rules is None:
        _rules = Rules.from_settings()
    return _rules


@receiver(setting_changed)
def _forget_rules(**kwargs):
    global _rules
    _rules = None


def cached_response(request):
    """(Lookup or None, the cached response or None, the current tokens of the lookup's candidates).

    One round trip on the usual path: the site's Host record is guessed from this process's last
    answer (tenants.hostcache.guess) and read back in the same `get_many` as the entry and its
    tokens; the guess is used only if it equals the shared record. Otherwise (first request for
    the host in this process, a domain or status changed, the record left the cache) the record
    is read on its own and the entry fetched again for the site it names.
    """
    host = _cacheable_host(request)
    if host is None:
        return None, None, None
    hostname = remove_www(host.split(":")[0])
    guessed = None if hostname in current_rules().platform_hosts else hostcache.guess(hostname)
    if guessed is not None and guessed["status"] == Tenant.Status.ACTIVE:
        lookup = _lookup(request, host, hostname, guessed)
        if lookup is not None:
            host_key = hostcache.key_for(hostname)
            response, found = store.fetch(lookup.entry, lookup.candidates, also=[host_key])
            shared = found.pop(host_key, None)
            if shared is not None:
                hostcache.confirm(request, hostname, shared)  # read now: routing below reuses it
            if shared == guessed:
                return lookup, response, found
    lookup = _lookup(request, host, hostname, _site_record(request, hostname))
    if lookup is None:
        return None, None, None
    response, found = store.fetch(lookup.entry, lookup.candidates)
    return lookup, response, found


def _cacheable_host(request):
    """The request's Host when the request itself may use the cache, else None."""
    if request.method not in ("GET", "HEAD") or getattr(request, "is_dummy", False):
        return None
    rules = current_rules()
    if request.path.startswith(rules.excluded_prefixes):
        return None
    cookies = request.COOKIES
    if cookies and any(name in cookies for name in rules.personal_cookies):
        return None
    meta = request.META
    if len(meta.get("QUERY_STRING", "")) > rules.max_query_length or "HTTP_AUTHORIZATION" in meta:
        return None
    try:
        return request.get_host()
    except DisallowedHost:
        return None  # routing answers 400


def _site_record(request, hostname):
    """The registry row behind `hostname` (None for the platform host), read from the shared cache."""
    if hostname in current_rules().platform_hosts:
        return None
    return hostcache.record_for_request(request, hostname)


def _lookup(request, host, hostname, record):
    if hostname in current_rules().platform_hosts:
        schema = get_public_schema_name()
    else:
        if not record or record["status"] != Tenant.Status.ACTIVE:
            return None  # unknown hosts and sites that are not open answer cheaply without it
        schema = record["schema_name"]
    path = request.path
    candidates = store.candidate_keys(schema, path)
    if candidates is None:
        return None
    language = language_for_cache_key(request)
    meta = request.META
    variant = "\n".join((request.scheme, host, path, meta.get("QUERY_STRING", ""), language))
    return Lookup(schema=schema, path=path, entry=store.entry_key(schema, variant), candidates=candidates)


def response_timeout(request, response):
    """Seconds to keep `response`, or 0 when it must not be stored."""
    if (response.status_code not in CACHEABLE_STATUS or response.streaming or response.cookies
            or getattr(request, "_page_cache_refused", False)):
        return 0
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in REFUSING_CACHE_CONTROL):
        return 0
    vary = {item.strip().lower() for item in cc_delim_re.split(response.get("Vary", "")) if item.strip()}
    if not vary <= HARMLESS_VARY:
        return 0
    if len(response.content) > settings.SITEGROUP_PAGE_CACHE_MAX_BYTES:
        return 0
    timeout = settings.SITEGROUP_PAGE_CACHE_SECONDS
    max_age = get_max_age(response)
    return timeout if max_age is None else min(timeout, max_age)


def dependencies(request, lookup, response):
    """The tokens the stored response depends on: its page's, or the site's listings."""
    page_path = getattr(request, "_page_cache_page_path", None)
    if page_path and response.status_code == 200:
        return store.page_dependencies(lookup.schema, page_path)
    return store.listing_dependencies(lookup.schema)


def refuse(request):
    """Views and hooks call this so the response to `request` is never stored."""
    request._page_cache_refused = True
