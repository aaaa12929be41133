"""Erase personal data of finished letters and requests older than the retention period.

    manage.py interaction_purge_personal_data [--site SLUG ...] [--days N]

Run it daily from the scheduler. The default period is SITEGROUP_INTERACTION_RETENTION_DAYS.
"""
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from interaction import retention
from tenants.models import Tenant


class Command(BaseCommand):
    help = "Erase the personal data of finished letters and requests older than the retention period."

    def add_arguments(self, parser):
        parser.add_argument("--site", action="append", default=[])
        parser.add_argument("--days", type=int, default=settings.SITEGROUP_INTERACTION_RETENTION_DAYS)

    def handle(self, *args, site, days, **options):
        if days < 1:
            raise CommandError("--days must be at least 1.")
        sites = Tenant.objects.exclude(status=Tenant.Status.ARCHIVED).order_by("slug")
        if site:
            sites = sites.filter(slug__in=site)
            unknown = set(site) - set(sites.values_list("slug", flat=True))
            if unknown:
                raise CommandError("Unknown site: " + ", ".join(sorted(unknown)))
        for tenant in tqdm(list(sites), desc="sites", file=self.stderr, disable=options["verbosity"] < 2):
            counts = retention.purge_site(tenant, days)
            if any(counts.values()):
                self.stdout.write(f"{tenant.slug}: {counts['letters']} letters, {counts['requests']} requests, "
                                  f"{counts['transfers']} transfers erased")
        self.stdout.write(f"Personal data older than {days} days erased.")
