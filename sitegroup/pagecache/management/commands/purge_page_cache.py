from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from tenants.models import Tenant

from ... import purge


class Command(BaseCommand):
    help = _("Purge the page cache of some sites, or of every site.")

    def add_arguments(self, parser):
        parser.add_argument("--site", action="append", default=[], metavar="SLUG",
                            help=_("a site's slug (repeatable)"))
        parser.add_argument("--all", action="store_true", help=_("every site and the platform"))

    def handle(self, *args, site, all, **options):
        if all == bool(site):
            raise CommandError(_("Name sites with --site SLUG, or purge every site with --all."))
        if all:
            purge.purge_everything()
            self.stdout.write(_("Purged the page cache of every site."))
            return
        tenants = {tenant.slug: tenant for tenant in Tenant.objects.filter(slug__in=site)}
        unknown = sorted(set(site) - set(tenants))
        if unknown:
            raise CommandError(_("No site with slug: %(slugs)s.") % {"slugs": ", ".join(unknown)})
        for slug in site:
            purge.purge_site(tenants[slug])
            self.stdout.write(_("Purged the page cache of %(site)s.") % {"site": tenants[slug].name})
