"""Feed entries follow the pages (Wagtail's signals, in the site's schema) and the site's choices."""
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django_tenants.utils import get_public_schema_name, schema_context
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from sitegroup.identity.audit import current_site
from tenants.signals import site_pages_published_in_bulk, site_status_changed

from ..models import SyndicationSettings
from . import index
from .cache import CLUSTER_GENERATION, bump
from .tasks import reindex_feed_subtree


def _queue(page_id):
    reindex_feed_subtree.enqueue(page_id)


@receiver(page_published)
def on_published(sender, instance, **kwargs):
    if current_site() is not None:
        # An item now; a column or home re-checks what lies below it (it may have been unreachable).
        index.index_subtree(instance) if instance.numchild == 0 else _queue(instance.pk)


@receiver(site_pages_published_in_bulk)
def on_pages_published_in_bulk(sender, tenant, subtree_root_ids, **kwargs):
    for page_id in subtree_root_ids:
        _queue(page_id)


@receiver(page_unpublished)
def on_unpublished(sender, instance, **kwargs):
    if current_site() is not None:
        index.remove_subtree(instance)


@receiver(post_delete)
def on_deleted(sender, instance, **kwargs):
    if sender is Page:
        site = current_site()
        if site is not None:
            index.remove_pages(site, [instance.pk])


@receiver(post_page_move)
@receiver(page_slug_changed)
def on_moved(sender, instance, **kwargs):
    if current_site() is not None:
        _queue(instance.pk)


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def on_privacy_changed(sender, instance, **kwargs):
    if current_site() is not None:
        _queue(instance.page_id)


@receiver(post_save, sender=SyndicationSettings)
def on_settings_saved(sender, instance, **kwargs):
    """Full text switched on or off: every entry of the site is rewritten."""
    if current_site() is not None:
        root = Page.get_first_root_node()
        if root is not None:
            _queue(root.pk)


@receiver(site_status_changed)
def on_site_status_changed(sender, tenant, **kwargs):
    """The cluster's feeds join the site's status when read; their rendered copies must go."""
    with schema_context(get_public_schema_name()):
        bump(CLUSTER_GENERATION)
