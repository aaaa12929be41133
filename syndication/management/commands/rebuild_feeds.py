"""Rebuild the feed entries of one site or every active site from their pages."""
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from syndication.feeds.index import rebuild_site
from tenants.models import Tenant


class Command(BaseCommand):
    help = "Rebuild the feed entries (RSS / JSON Feed) of a site, or of every active and suspended site."

    def add_arguments(self, parser):
        parser.add_argument("--site", help="Slug of the site (default: every active and suspended site).")

    def handle(self, *args, site=None, **options):
        if site:
            sites = list(Tenant.objects.filter(slug=site))
            if not sites:
                raise CommandError(f"No site with the slug “{site}”.")
        else:
            sites = list(Tenant.objects.filter(status__in=[Tenant.Status.ACTIVE, Tenant.Status.SUSPENDED])
                         .order_by("level", "slug"))
        total = 0
        for tenant in tqdm(sites, desc="Feeds", unit="site", file=self.stderr._out):
            total += rebuild_site(tenant)
        self.stdout.write(self.style.SUCCESS(f"{total} feed entries in {len(sites)} site(s)."))
