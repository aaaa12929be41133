"""The site's appearance and the registry's themes, remembered in the shared cache.

Resolving the theme read both tables on every rendered page (two queries). Both change rarely
and only through their models, so they are kept in the `serving` cache: the appearance under
its schema's key, the registry (a handful of rows) under the platform's. Routing reads both
in the same round trip as the Host record (tenants.prefetch), so a render reads neither.
Each is dropped at once and again on commit when a row is saved or deleted (as the Host cache
is: a request that read the old row before the commit cannot leave it behind); writes that
bypass the models are forgotten after TIMEOUT.
"""
from django.core.cache import caches
from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save
from django_tenants.utils import get_public_schema_name

from tenants import prefetch
from tenants.cachekeys import site_key

CACHE_ALIAS = "serving"
# Bump when a stored row changes shape (a migration of either model): old entries are not found.
VERSION = 1
TIMEOUT = 3600


def appearance_key(schema):
    return site_key(schema, "theme-appearance", VERSION)


def registry_key():
    return site_key(get_public_schema_name(), "theme-registry", VERSION)


def keys_for(schema):
    return [appearance_key(schema), registry_key()]


def appearance_and_themes(request):
    """(the schema's SiteAppearance, {slug: Theme} of the whole registry in pk order)."""
    from themes.models import SiteAppearance
    from themes.registry.models import Theme

    keys = keys_for(connection.schema_name)
    found = {key: prefetch.prefetched(request, key) for key in keys}
    missing = [key for key, value in found.items() if value is None]
    if missing:
        found.update(caches[CACHE_ALIAS].get_many(missing))
    appearance, themes = found.get(keys[0]), found.get(keys[1])
    if appearance is None:
        appearance = SiteAppearance.load(request_or_site=request)
        caches[CACHE_ALIAS].set(keys[0], appearance, TIMEOUT)
    if themes is None:
        themes = {theme.slug: theme for theme in Theme.objects.order_by("pk")}
        caches[CACHE_ALIAS].set(keys[1], themes, TIMEOUT)
    return appearance, themes


def _drop(key):
    caches[CACHE_ALIAS].delete(key)
    transaction.on_commit(lambda: caches[CACHE_ALIAS].delete(key))


def _appearance_changed(sender, instance, **kwargs):
    _drop(appearance_key(connection.schema_name))


def _registry_changed(sender, instance, **kwargs):
    _drop(registry_key())


def connect_signals():
    from themes.models import SiteAppearance
    from themes.registry.models import Theme

    post_save.connect(_appearance_changed, sender=SiteAppearance, dispatch_uid="themes.sitecache.appearance_saved")
    post_delete.connect(_appearance_changed, sender=SiteAppearance,
                        dispatch_uid="themes.sitecache.appearance_deleted")
    post_save.connect(_registry_changed, sender=Theme, dispatch_uid="themes.sitecache.theme_saved")
    post_delete.connect(_registry_changed, sender=Theme, dispatch_uid="themes.sitecache.theme_deleted")
    prefetch.register(keys_for)
