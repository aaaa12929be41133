"""manage.py scan_content [--site SLUG ...|--all]: scan the live pages of whole sites."""
from django.core.management.base import BaseCommand, CommandError
from django_tenants.utils import tenant_context
from tqdm import tqdm

from tenants.models import Tenant


class Command(BaseCommand):
    help = "Scan published pages for hidden links/text, gambling/spam links, sensitive words, unsafe markup."

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--site", action="append", metavar="SLUG", help="a site to scan (repeatable)")
        group.add_argument("--all", action="store_true", help="every active or suspended site")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, **options):
        from wagtail.models import Page

        from sitegroup.safety.scanner import scan_page

        if options["all"]:
            sites = list(Tenant.objects.filter(status__in=[Tenant.Status.ACTIVE, Tenant.Status.SUSPENDED])
                         .order_by("level", "slug"))
        else:
            sites = list(Tenant.objects.filter(slug__in=options["site"]))
            missing = set(options["site"]) - {s.slug for s in sites}
            if missing:
                raise CommandError(f"No such site: {', '.join(sorted(missing))}")
        total_pages = total_findings = 0
        flagged = []
        for site in sites:
            with tenant_context(site):
                pages = list(Page.objects.live().filter(depth__gt=1).specific())
                bar = tqdm(pages, desc=site.slug, unit="page", disable=options["no_progress"],
                           file=self.stderr._out)
                site_findings = 0
                for page in bar:
                    site_findings += len(scan_page(page, site))
                total_pages += len(pages)
                total_findings += site_findings
                if site_findings:
                    flagged.append(f"{site.slug}: {site_findings}")
        self.stdout.write(f"Scanned {total_pages} pages on {len(sites)} sites: {total_findings} findings.")
        for line in flagged:
            self.stdout.write("  " + line)
