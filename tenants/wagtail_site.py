"""Each site's one Wagtail Site record, remembered per schema so routing a page costs no query.

Every schema holds exactly one Site (`is_default_site`, bound to the primary domain; aliases are
served through it), so Wagtail's per-request lookup by hostname always finds the same row.
The row (with its root page) is kept in the per-schema cache and dropped when a Site or a home
page is saved or deleted. A schema with several Sites falls back to Wagtail's own lookup.
"""
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save

CACHE_KEY = "tenants:wagtail-site"
SEVERAL = "several"
TIMEOUT = 3600


def the_site():
    """The schema's only Site (root page loaded), or None when there is not exactly one."""
    from wagtail.models import Site

    site = cache.get(CACHE_KEY)
    if site is None:
        sites = list(Site.objects.select_related("root_page")[:2])
        site = sites[0] if len(sites) == 1 else SEVERAL
        cache.set(CACHE_KEY, site, TIMEOUT)
    return None if site == SEVERAL else site


def remember_for(request):
    """Let Wagtail's Site.find_for_request() answer from the cached row."""
    site = the_site()
    if site is not None:
        request._wagtail_site = site


def _forget(sender, instance, **kwargs):
    cache.delete(CACHE_KEY)


def _page_saved(sender, instance, **kwargs):
    from wagtail.models import Page

    if isinstance(instance, Page) and instance.depth is not None and instance.depth <= 2:
        cache.delete(CACHE_KEY)


def connect_signals():
    from wagtail.models import Site

    post_save.connect(_forget, sender=Site, dispatch_uid="tenants.wagtail_site.saved")
    post_delete.connect(_forget, sender=Site, dispatch_uid="tenants.wagtail_site.deleted")
    # Page types are subclasses, so any sender: _page_saved picks the home pages out.
    post_save.connect(_page_saved, dispatch_uid="tenants.wagtail_site.home_saved")
