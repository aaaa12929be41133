"""Host → site, remembered in the shared `serving` cache so routing costs no query.

django-tenants looks the Host up in the domain table on every request. Here the answer (the
site's registry row, or "no such host") is kept in the cache that every app process shares
(Redis in production) and dropped whenever it could change: a domain added, renamed or removed,
a site saved (its status, name or parent) or deleted. The drop happens at once and again when
the transaction commits, so a request that read the old row before the commit cannot leave it
behind. Writes that bypass the model (`QuerySet.update()`) are not seen; the entries expire on
their own after `SITEGROUP_HOST_CACHE_SECONDS`.

Each process also keeps its last answer per host as a *guess* (`guess()`): never trusted alone,
it lets the page cache read the host's shared entry in the same round trip as the page
(sitegroup.pagecache.rules) and use the answer only when the two are equal, so a hit costs one
read of the cache instead of two and a change made by another process is still seen at once.
"""
import logging

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django_tenants.utils import get_public_schema_name

from .cachekeys import site_key
from .models import Domain, Tenant

logger = logging.getLogger(__name__)
CACHE_ALIAS = "serving"
# Bump when the stored record changes shape: old entries are then simply not found.
RECORD_VERSION = 1
UNKNOWN = ""
# Known hosts only (an unknown Host header is never remembered here), and bounded anyway.
MAX_GUESSES = 10_000
_guesses = {}


def _cache():
    return caches[CACHE_ALIAS]


def key_for(hostname):
    """The shared cache key of `hostname`'s record (in the `serving` alias)."""
    return _key(hostname)


def _key(hostname):
    return site_key(get_public_schema_name(), "host", RECORD_VERSION, hostname)


def _record(tenant):
    return {field.attname: getattr(tenant, field.attname) for field in Tenant._meta.concrete_fields}


def _tenant_from(record):
    tenant = Tenant(**record)
    tenant._state.adding = False
    tenant._state.db = "default"
    return tenant


def cached_record(hostname):
    """The registry row of the site `hostname` belongs to, as a dict, or None for an unknown host.

    One cache read when known; otherwise one query, whose answer is then kept.
    """
    try:
        record = _cache().get(_key(hostname))
    except Exception:
        logger.exception("Host cache unavailable; looking %s up in the registry", hostname)
        record = None
    if record is None:
        domain = Domain.objects.select_related("tenant").filter(domain=hostname).first()
        record = _record(domain.tenant) if domain else UNKNOWN
        timeout = settings.SITEGROUP_HOST_CACHE_SECONDS
        try:
            _cache().set(_key(hostname), record, timeout if domain else min(timeout, 60))
        except Exception:
            logger.exception("Host cache unavailable; %s not remembered", hostname)
    _remember_guess(hostname, record)
    return record or None


def _remember_guess(hostname, record):
    if not record:
        _guesses.pop(hostname, None)
        return
    if len(_guesses) >= MAX_GUESSES and hostname not in _guesses:
        _guesses.clear()
    _guesses[hostname] = record


def guess(hostname):
    """This process's last record of `hostname` (no I/O), to be checked against the shared entry."""
    return _guesses.get(hostname)


def confirm(request, hostname, record):
    """`record` was just read from the shared cache for `hostname`: remember it for this request."""
    _remember_guess(hostname, record)
    request._sitegroup_host_record = (hostname, record or None)


def prefetch(request, hostname, keys_of):
    """Read the keys `keys_of(schema)` names for the site this process last saw at `hostname` in
    the same round trip as the host's shared record; {key: value} when the guess holds, else {}.

    The shared record read is remembered for the request either way (record_for_request then
    reads nothing). Nothing is read ahead when the request already has its record (the page
    cache read it) or this process has no guess yet.
    """
    memo = request.__dict__.get("_sitegroup_host_record")
    guessed = _guesses.get(hostname)
    if (memo is not None and memo[0] == hostname) or guessed is None:
        return {}
    host_key = _key(hostname)
    try:
        found = _cache().get_many([host_key, *keys_of(guessed["schema_name"])])
    except Exception:
        logger.exception("Host cache unavailable; looking %s up in the registry", hostname)
        return {}
    shared = found.pop(host_key, None)
    if shared is not None:
        confirm(request, hostname, shared)
    return found if shared == guessed else {}


def record_for_request(request, hostname):
    """cached_record(hostname), read once per request (the page cache and routing both ask)."""
    memo = request.__dict__.get("_sitegroup_host_record")
    if memo is None or memo[0] != hostname:
        memo = request._sitegroup_host_record = (hostname, cached_record(hostname))
    return memo[1]


def tenant_for_request(request, hostname):
    """The Tenant `hostname` belongs to, or None. Built from the cached row: no query."""
    record = record_for_request(request, hostname)
    return _tenant_from(record) if record else None


def forget(hostnames):
    """Drop what is remembered about `hostnames`, now and again when the transaction commits."""
    keys = [_key(name) for name in hostnames if name]
    for name in hostnames:
        _guesses.pop(name, None)
    if not keys:
        return
    _cache().delete_many(keys)
    transaction.on_commit(lambda: _cache().delete_many(keys))


def _domain_before_save(sender, instance, **kwargs):
    if instance.pk:
        instance._hostcache_old_domain = (Domain.objects.filter(pk=instance.pk)
                                          .values_list("domain", flat=True).first())


def _domain_changed(sender, instance, **kwargs):
    forget({instance.domain, getattr(instance, "_hostcache_old_domain", None)})


def _tenant_changed(sender, instance, **kwargs):
    forget(set(Domain.objects.filter(tenant_id=instance.pk).values_list("domain", flat=True)))


def _tenant_deleted(sender, instance, **kwargs):
    # Its domains are deleted with it (each one forgets itself); this catches a stale row anyway.
    forget({getattr(instance, "domain_url", None)})


def connect_signals():
    pre_save.connect(_domain_before_save, sender=Domain, dispatch_uid="tenants.hostcache.domain_pre")
    post_save.connect(_domain_changed, sender=Domain, dispatch_uid="tenants.hostcache.domain_saved")
    post_delete.connect(_domain_changed, sender=Domain, dispatch_uid="tenants.hostcache.domain_deleted")
    post_save.connect(_tenant_changed, sender=Tenant, dispatch_uid="tenants.hostcache.tenant_saved")
    post_delete.connect(_tenant_deleted, sender=Tenant, dispatch_uid="tenants.hostcache.tenant_deleted")
