"""Re-encrypt personal data under the newest key of SITEGROUP_INTERACTION_KEYS.

Put a new key first in SITEGROUP_INTERACTION_KEYS (keep the old ones after it), run this, then
remove the old keys.
"""
from django.core.management.base import BaseCommand
from tqdm import tqdm

from interaction import retention
from interaction.shared.models import Transfer
from tenants.models import Tenant


class Command(BaseCommand):
    help = "Re-encrypt every site's personal data (letters, requests, transfers) under the newest key."

    def handle(self, *args, **options):
        total = 0
        for tenant in tqdm(list(Tenant.objects.order_by("slug")), desc="sites", file=self.stderr,
                           disable=options["verbosity"] < 2):
            total += retention.rotate_site(tenant)
        for row in Transfer.objects.iterator():
            Transfer.objects.filter(pk=row.pk).update(name=row.name, phone=row.phone, email=row.email)
            total += 1
        self.stdout.write(f"{total} rows re-encrypted with the newest key.")
