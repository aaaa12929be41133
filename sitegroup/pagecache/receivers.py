"""What purges the page cache: Wagtail's page, settings, media and redirect signals, the site
registry's signals, and models named in SITEGROUP_PAGE_CACHE_PURGE_ALL_ON."""
from django.apps import apps
from django.conf import settings
from django.db import connection
from django.db.models.signals import post_delete, post_save
from django_tenants.utils import get_public_schema_name
from wagtail.contrib.redirects.models import Redirect
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move, pre_page_move

from tenants.models import Domain, Tenant
from tenants.signals import (
    site_move_rolled_back,
    site_moved_up,
    site_pages_published_in_bulk,
    site_provisioned,
    site_restored,
)

from . import purge


def _in_a_site():
    return connection.schema_name != get_public_schema_name()


# --- pages ----------------------------------------------------------------------------------
def page_changed(sender, instance, **kwargs):
    """Published or unpublished: the page, its listings; with its descendants when it has any."""
    purge.purge_page(instance, subtree=instance.numchild > 0)


def page_slug_was_changed(sender, instance, instance_before, **kwargs):
    purge.purge_page(instance_before, subtree=True)


def page_moving(sender, instance, **kwargs):
    """Before and after a move: the old place (and the old column) and the new one."""
    purge.purge_page(instance, subtree=True)


def page_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page) and instance.live and type(instance) is instance.specific_class:
        purge.purge_page(instance, subtree=instance.numchild > 0)


def restriction_changed(sender, instance, **kwargs):
    """A page made private (or public again) must leave the cache with everything below it."""
    purge.purge_page(instance.page, subtree=True)


# --- the rest of a site -----------------------------------------------------------------------
def site_wide_change(sender, instance=None, created=False, **kwargs):
    """Settings (theme, footer, ...), the Wagtail Site record: every page of the site shows them.

    A settings row created with its defaults (Wagtail's `load()` on first use) changes nothing shown.
    """
    if _in_a_site() and not (created and isinstance(instance, (BaseGenericSetting, BaseSiteSetting))):
        purge.purge_site()


def media_changed(sender, instance, created=False, **kwargs):
    """An image or document edited or deleted may be on any page (an upload changes nothing yet)."""
    if not created and _in_a_site():
        purge.purge_site()


def redirect_changed(sender, instance, **kwargs):
    """Redirects answer paths that have no page: cached with the listings (404s, 301s)."""
    if _in_a_site():
        purge.purge_listings()


# --- the site registry ------------------------------------------------------------------------
def domain_changed(sender, instance, **kwargs):
    purge.purge_site(instance.tenant.schema_name)


def tenant_changed(sender, instance, **kwargs):
    """Name, status (suspended, re-opened...), parent: on the site's own pages and on the platform's
    directory and search."""
    purge.purge_site(instance.schema_name)


def site_was_provisioned(sender, tenant, **kwargs):
    purge.purge_listings(tenant.schema_name)


def site_moved(sender, source, target, **kwargs):
    """Move-up and its rollback: the township's old pages and the parent's new section, notice included."""
    purge.purge_site(source.schema_name)
    purge.purge_site(target.schema_name)


def site_was_restored(sender, tenant, **kwargs):
    """A restore (over the live site with --replace, or as a new slug) brings back other pages."""
    purge.purge_site(tenant.schema_name)


def pages_published_in_bulk(sender, tenant, **kwargs):
    """New pages everywhere (an import): column lists, the home page and the sitemap all changed."""
    purge.purge_site(tenant.schema_name)


def everything_changed(sender, **kwargs):
    purge.purge_everything()


def connect_receivers():
    uid = "sitegroup.pagecache."
    page_published.connect(page_changed, dispatch_uid=uid + "published")
    page_unpublished.connect(page_changed, dispatch_uid=uid + "unpublished")
    page_slug_changed.connect(page_slug_was_changed, dispatch_uid=uid + "slug")
    pre_page_move.connect(page_moving, dispatch_uid=uid + "pre_move")
    post_page_move.connect(page_moving, dispatch_uid=uid + "post_move")
    post_delete.connect(page_deleted, dispatch_uid=uid + "page_deleted")
    for name, signal in (("saved", post_save), ("deleted", post_delete)):
        signal.connect(restriction_changed, sender=PageViewRestriction, dispatch_uid=f"{uid}restriction.{name}")
        signal.connect(site_wide_change, sender=Site, dispatch_uid=f"{uid}site.{name}")
        signal.connect(redirect_changed, sender=Redirect, dispatch_uid=f"{uid}redirect.{name}")
        signal.connect(domain_changed, sender=Domain, dispatch_uid=f"{uid}domain.{name}")
        signal.connect(tenant_changed, sender=Tenant, dispatch_uid=f"{uid}tenant.{name}")
        for model in (get_image_model(), get_document_model()):
            signal.connect(media_changed, sender=model, dispatch_uid=f"{uid}{model._meta.label}.{name}")
        for model in apps.get_models():
            if issubclass(model, (BaseGenericSetting, BaseSiteSetting)):
                signal.connect(site_wide_change, sender=model, dispatch_uid=f"{uid}{model._meta.label}.{name}")
        for label in settings.SITEGROUP_PAGE_CACHE_PURGE_ALL_ON:
            signal.connect(everything_changed, sender=apps.get_model(label), dispatch_uid=f"{uid}{label}.{name}")
    site_provisioned.connect(site_was_provisioned, dispatch_uid=uid + "provisioned")
    site_moved_up.connect(site_moved, dispatch_uid=uid + "moved_up")
    site_move_rolled_back.connect(site_moved, dispatch_uid=uid + "move_rolled_back")
    site_restored.connect(site_was_restored, dispatch_uid=uid + "restored")
    site_pages_published_in_bulk.connect(pages_published_in_bulk, dispatch_uid=uid + "published_in_bulk")
