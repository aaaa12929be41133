"""Re-scan every page when it is published; close its findings when it is unpublished or deleted."""
from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished

from sitegroup.identity import audit

from .models import ContentFinding
from .pages import scan_page


@receiver(page_published)
def scan_on_publish(sender, instance, **kwargs):
    site = audit.current_site()
    if site is None:
        return
    findings = scan_page(instance, site)
    if findings and not any(f.severity == "high" for f in findings):
        audit.record("content_flagged", site=site, object_type="wagtailcore.page", object_id=str(instance.pk),
                     object_repr=instance.title, kinds=sorted({f.kind for f in findings}))


@receiver(page_unpublished)
def resolve_on_unpublish(sender, instance, **kwargs):
    site = audit.current_site()
    if site is not None:
        ContentFinding.close_for_page(site, instance.pk, ContentFinding.Resolution.UNPUBLISHED)


@receiver(post_delete)
def resolve_on_delete(sender, instance, **kwargs):
    if isinstance(instance, Page):
        site = audit.current_site()
        if site is not None:
            ContentFinding.close_for_page(site, instance.pk, ContentFinding.Resolution.PAGE_GONE)
