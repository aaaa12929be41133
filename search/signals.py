"""The index learns about pages from Wagtail's signals and about sites from tenants' signals."""
from django.db import connection
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django_tenants.utils import get_public_schema_name
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from tenants.signals import (
    site_moved_up,
    site_pages_published_in_bulk,
    site_provisioned,
    site_restored,
    site_status_changed,
)


def _in_a_site():
    return connection.schema_name not in (get_public_schema_name(), "sitegroup_template")


def _queue_subtree(page):
    from .tasks import reindex_subtree

    reindex_subtree.enqueue(connection.schema_name, page.pk)


@receiver(page_published)
def on_published(sender, instance, **kwargs):
    if _in_a_site():
        from .indexing import index_subtree

        # The page itself now; its descendants only matter when it was unreachable before.
        index_subtree(instance) if instance.numchild == 0 else _queue_subtree(instance)


@receiver(page_unpublished)
def on_unpublished(sender, instance, **kwargs):
    if _in_a_site():
        from .indexing import remove_subtree

        remove_subtree(instance)


@receiver(post_save)
@receiver(post_delete)
def on_source_item_changed(sender, instance, **kwargs):
    """Content of another app (search/sources.py): re-read the items the saved or deleted row touches."""
    from .sources import sources_for_model

    watching = sources_for_model(sender)
    if watching and _in_a_site() and not kwargs.get("raw"):
        from .indexing import current_tenant
        from .sources import sync_items

        tenant = current_tenant()
        if tenant is not None:
            for source in watching:
                sync_items(tenant, source, source.items_for(instance))


@receiver(post_delete)
def on_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page) and _in_a_site():
        from .backends.base import get_backend
        from .indexing import current_tenant

        tenant = current_tenant()
        if tenant is not None:
            get_backend().delete_pages(tenant, [instance.pk])


@receiver(post_page_move)
@receiver(page_slug_changed)
def on_moved(sender, instance, **kwargs):
    if _in_a_site():
        _queue_subtree(instance)


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def on_privacy_changed(sender, instance, **kwargs):
    if _in_a_site():
        page = Page.objects.filter(pk=instance.page_id).first()
        if page is not None:
            _queue_subtree(page)


@receiver(site_status_changed)
def on_site_status_changed(sender, tenant, old_status, new_status, **kwargs):
    from .backends.base import get_backend
    from .tasks import reindex_site

    backend = get_backend()
    if new_status in (tenant.Status.CLOSED, tenant.Status.ARCHIVED):
        backend.delete_site(tenant)
    elif old_status in (tenant.Status.CLOSED, tenant.Status.ARCHIVED):
        reindex_site.enqueue(tenant.pk)
    else:
        backend.site_status_changed(tenant)


@receiver(site_provisioned)
@receiver(site_restored)
def on_site_provisioned(sender, tenant, **kwargs):
    """A new site's home page and columns are live at once, a restored site's pages changed: index them."""
    from .tasks import reindex_site

    reindex_site.enqueue(tenant.pk)


@receiver(site_pages_published_in_bulk)
def on_pages_published_in_bulk(sender, tenant, subtree_root_ids, **kwargs):
    """One re-index per subtree that received pages, instead of one per page."""
    from .tasks import reindex_subtree

    for page_id in subtree_root_ids:
        reindex_subtree.enqueue(tenant.schema_name, page_id)


@receiver(site_moved_up)
def on_site_moved_up(sender, source, target, section_page_id, **kwargs):
    """The township's documents went with its closing; index the parent's new section."""
    from .backends.base import get_backend
    from .tasks import reindex_subtree

    get_backend().delete_site(source)
    reindex_subtree.enqueue(target.schema_name, section_page_id)
