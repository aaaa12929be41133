"""Report unanswered and overdue letters and requests per site (until site health takes the veto).

    manage.py interaction_overdue [--site SLUG ...] [--days 90] [--fail]

Lists every letter older than --days without an answer (the national spot check's veto), and
counts overdue letters and requests. With --fail the command exits with status 1 when any site
has such a letter, so a scheduler can alert on it.
"""
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from interaction import stats
from tenants.models import Tenant


class Command(BaseCommand):
    help = "Report letters unanswered for more than 3 months and overdue letters and requests, per site."

    def add_arguments(self, parser):
        parser.add_argument("--site", action="append", default=[], help="Site slug (repeatable); default all.")
        parser.add_argument("--days", type=int, default=settings.SITEGROUP_INTERACTION_UNANSWERED_DAYS)
        parser.add_argument("--fail", action="store_true", help="Exit with status 1 when a site fails the veto.")

    def handle(self, *args, site, days, fail, **options):
        sites = Tenant.objects.filter(status=Tenant.Status.ACTIVE).order_by("slug")
        if site:
            sites = sites.filter(slug__in=site)
            unknown = set(site) - set(sites.values_list("slug", flat=True))
            if unknown:
                raise CommandError(_("Unknown or inactive site: %(slugs)s") % {"slugs": ", ".join(sorted(unknown))})
        failing = []
        for tenant in tqdm(list(sites), desc="sites", disable=options["verbosity"] < 2, file=self.stderr):
            summary = stats.overdue_summary(tenant)
            old = stats.unanswered_letters(tenant, older_than_days=days)
            if old:
                failing.append(tenant.slug)
            if old or summary["overdue_letters"] or summary["overdue_requests"]:
                self.stdout.write(f"{tenant.slug}: {len(old)} unanswered > {days} days, "
                                  f"{summary['overdue_letters']} overdue letters, "
                                  f"{summary['overdue_requests']} overdue requests")
                for row in old:
                    self.stdout.write(f"  FAIL {row.received_at:%Y-%m-%d} ({row.age_days} days) {row.subject}")
        if not failing:
            self.stdout.write(_("No site has a letter unanswered for more than %(days)s days.") % {"days": days})
        elif fail:
            raise CommandError(_("Sites failing the unanswered-letter check: %(slugs)s")
                               % {"slugs": ", ".join(failing)}, returncode=1)
