"""manage.py scan_content --site SLUG ... | --all [--queue] [--trigger scheduled|manual]

Scans the live pages of whole sites as their visitors see them, and records each site's scan
as a run (the console shows the trend). With --queue one background task per site is queued
instead (each carries its site's schema; `manage.py db_worker` runs them). The nightly scan is
the scheduler's `content_safety_scan` job (sitegroup/safety/scheduled_jobs.py).
"""
from django.core.management.base import BaseCommand, CommandError
from django_tenants.utils import tenant_context
from tqdm import tqdm

from tenants.models import Tenant


class Command(BaseCommand):
    help = "Scan published pages for spam, hidden links, sensitive words and unsafe markup; one run per site."

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--site", action="append", metavar="SLUG", help="a site to scan (repeatable)")
        group.add_argument("--all", action="store_true", help="every active site")
        parser.add_argument("--queue", action="store_true", help="queue one background task per site")
        parser.add_argument("--trigger", choices=["scheduled", "manual"], default="manual")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, **options):
        from sitegroup.safety.pages import scan_site
        from sitegroup.safety.tasks import queue_site_scan

        if options["all"]:
            sites = list(Tenant.objects.filter(status=Tenant.Status.ACTIVE).order_by("level", "slug"))
        else:
            sites = list(Tenant.objects.filter(slug__in=options["site"]))
            missing = set(options["site"]) - {s.slug for s in sites}
            if missing:
                raise CommandError(f"No such site: {', '.join(sorted(missing))}")
        if options["queue"]:
            for site in sites:
                queue_site_scan(site, options["trigger"])
            self.stdout.write(f"Queued content-safety scans of {len(sites)} sites.")
            return
        total_pages = total_findings = 0
        flagged = []
        for site in sites:
            with tenant_context(site):
                def progress(pages, slug=site.slug):
                    return tqdm(pages, desc=slug, unit="page", disable=options["no_progress"], file=self.stderr._out)

                run = scan_site(site, options["trigger"], progress=progress)
            found = run.high + run.medium + run.low
            total_pages += run.pages
            total_findings += found
            if found:
                flagged.append(f"{site.slug}: {found} (high {run.high}, medium {run.medium}, low {run.low})")
            if run.error:
                self.stderr.write(f"{site.slug}: some pages could not be scanned:\n{run.error}")
        self.stdout.write(f"Scanned {total_pages} pages on {len(sites)} sites: {total_findings} findings.")
        for line in flagged:
            self.stdout.write("  " + line)
