"""Syndication learns about pages from Wagtail's signals, in the schema of the site they happen in,
and about sites from tenants' signals. Nothing here is called from the page models."""
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished

from sitegroup.identity.audit import current_site
from tenants.signals import site_status_changed

from . import corrections, log
from .exchange.models import Delivery, Push, Submission
from .models import ReceivedItem


@receiver(page_published)
def on_published(sender, instance, **kwargs):
    site = current_site()
    if site is None:
        return
    item = ReceivedItem.objects.filter(page_id=instance.pk).first()
    if item is not None:
        _received_page_published(site, item, instance)
    corrections.original_republished(site, instance)


def _received_page_published(site, item, page):
    parts = page.get_url_parts()
    path = parts[2] if parts and parts[2] else page.url_path
    if item.delivery_id:
        delivery = Delivery.objects.select_related("push__sender").filter(pk=item.delivery_id).first()
        if delivery is not None and delivery.state != Delivery.State.PUBLISHED:
            delivery.state, delivery.local_url = Delivery.State.PUBLISHED, path
            delivery.published_at = delivery.published_at or timezone.now()
            delivery.save(update_fields=["state", "local_url", "published_at", "updated_at"])
            log.record(log.Action.PUSH_PUBLISHED, site=site, source=delivery.push.sender, target=site,
                       obj=delivery.push, actor="system", page_id=page.pk,
                       on_time=delivery.published_at <= delivery.push.deadline)
    if item.submission_id:
        Submission.objects.filter(pk=item.submission_id).update(accepted_url=path)


@receiver(page_unpublished)
def on_unpublished(sender, instance, **kwargs):
    site = current_site()
    if site is None:
        return
    corrections.original_gone(site, [instance.pk], Push.Gone.UNPUBLISHED)
    item = ReceivedItem.objects.filter(page_id=instance.pk).first()
    if item is not None and item.delivery_id:
        delivery = Delivery.objects.select_related("push").filter(pk=item.delivery_id).first()
        if delivery is not None and delivery.state == Delivery.State.PUBLISHED:
            delivery.state = Delivery.State.WITHDRAWN if delivery.push.is_gone else Delivery.State.DRAFT
            delivery.save(update_fields=["state", "updated_at"])


@receiver(post_delete)
def on_deleted(sender, instance, **kwargs):
    # Sent once per table of a page's type chain: the exchange updates are idempotent.
    if isinstance(instance, Page) and sender is Page:
        site = current_site()
        if site is not None:
            corrections.original_gone(site, [instance.pk], Push.Gone.DELETED)


@receiver(post_delete, sender=ReceivedItem)
def on_received_page_deleted(sender, instance, **kwargs):
    """The receiving site deleted the page it made: the push can be accepted again (or stays withdrawn)."""
    if instance.delivery_id:
        delivery = Delivery.objects.select_related("push").filter(pk=instance.delivery_id).first()
        if delivery is not None:
            delivery.state = Delivery.State.WITHDRAWN if delivery.push.is_gone else Delivery.State.PENDING
            delivery.mode, delivery.local_page_id, delivery.local_url = "", None, ""
            delivery.save(update_fields=["state", "mode", "local_page_id", "local_url", "updated_at"])


@receiver(post_save, sender=PageViewRestriction)
def on_made_private(sender, instance, **kwargs):
    site = current_site()
    if site is None:
        return
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        ids = list(Page.objects.descendant_of(page, inclusive=True).values_list("pk", flat=True))
        corrections.original_gone(site, ids, Push.Gone.PRIVATE)


@receiver(site_status_changed)
def on_site_status_changed(sender, tenant, old_status, new_status, **kwargs):
    """A site that stops being active neither sends nor receives: report what still waits for it."""
    if new_status == tenant.Status.ACTIVE:
        return
    waiting = Delivery.objects.filter(recipient=tenant, state__in=Delivery.OPEN).select_related("push__sender")
    for delivery in waiting:
        log.record(log.Action.STRANDED, site=tenant, source=delivery.push.sender, target=tenant, obj=delivery.push,
                   actor="system", status=new_status, kind="push")
    for submission in Submission.objects.filter(target=tenant, state=Submission.State.SUBMITTED).select_related(
            "submitter"):
        log.record(log.Action.STRANDED, site=tenant, source=submission.submitter, target=tenant, obj=submission,
                   actor="system", status=new_status, kind="submission")
