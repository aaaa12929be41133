"""Audit whole sites with axe-core in Chromium: `manage.py audit_accessibility --site SLUG | --all`."""
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from accessibility.audit import MODES, Auditor, BrowserMissing, LocalServer, audit_site, site_page_paths
from tenants.models import Tenant


class Command(BaseCommand):
    help = "Render every published page of a site (or all) in Chromium, run axe-core in each mode, store the run."

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--site", help="Slug of the site to audit.")
        group.add_argument("--all", action="store_true", help="Audit every active site.")

    def handle(self, *args, site=None, all=False, **options):
        sites = Tenant.objects.filter(status=Tenant.Status.ACTIVE).order_by("level", "name")
        if site:
            sites = sites.filter(slug=site)
            if not sites.exists():
                raise CommandError(f"No active site with slug “{site}”.")
        sites = list(sites)
        total = sum(len(site_page_paths(t)) for t in sites) * len(MODES)
        try:
            with LocalServer() as server, Auditor() as auditor, tqdm(
                    total=total, unit="page", desc="Auditing", file=self.stderr._out) as bar:
                for tenant in sites:
                    def progress(url, mode, slug=tenant.slug):
                        bar.set_postfix_str(f"{slug} {mode}")
                        bar.update(1)

                    run = audit_site(tenant, server.url, auditor, progress=progress)
                    self.stdout.write(f"{tenant.name}: {run.pages_checked} pages, {run.total} violations "
                                      f"({run.serious} serious or critical)")
        except BrowserMissing as exc:
            raise CommandError(str(exc)) from exc
