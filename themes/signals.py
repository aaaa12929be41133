"""Keep the public copy of each site's footer values (themes.registry.SharedFooter) current."""
from django.db import connection
from django.db.models.signals import post_save
from django.dispatch import receiver

from .footer import INHERITABLE_FIELDS, site_of
from .models import SiteAppearance


@receiver(post_save, sender=SiteAppearance, dispatch_uid="themes-share-footer")
def share_footer(sender, instance, **kwargs):
    from themes.registry.models import SharedFooter

    site = site_of(connection.tenant)
    if site is not None:   # never for the template schema
        SharedFooter.objects.update_or_create(
            site=site, defaults={name: getattr(instance, name) for name in INHERITABLE_FIELDS})
