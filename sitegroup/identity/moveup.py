"""After a township moves up, its staff keep working on their pages, and only there."""
from django.db import transaction
from django.dispatch import receiver
from django_tenants.utils import schema_context

from tenants.signals import site_moved_up

from .models import SiteGrant


@receiver(site_moved_up)
def grants_follow_the_move(sender, source, target, section_page_id, **kwargs):
    """Each grant on the township becomes a grant on the new section of the parent only.

    Someone who already holds a grant on the parent keeps it (a section grant must never
    narrow, nor widen, what they already had there).
    """
    from wagtail.models import Page

    with schema_context(target.schema_name):
        section_path = Page.objects.get(pk=section_page_id).url_path
    with transaction.atomic():
        for grant in SiteGrant.objects.filter(site=source).select_related("account"):
            if not SiteGrant.objects.filter(account=grant.account, site=target).exists():
                SiteGrant.objects.create(account=grant.account, site=target, role=grant.role,
                                         section_path=section_path)
            grant.delete()
