"""manage.py set_site_status SLUG {active,suspended,closed,archived}"""
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from tenants.lifecycle import set_status
from tenants.models import Tenant


class Command(BaseCommand):
    help = _("Suspend (503 maintenance page), re-activate, close or archive a site.")

    def add_arguments(self, parser):
        parser.add_argument("slug", help=_("the site"))
        parser.add_argument("status", choices=Tenant.Status.values, help=_("the new status"))

    def handle(self, *args, slug, status, **options):
        tenant = Tenant.objects.filter(slug=slug).first()
        if tenant is None:
            raise CommandError(_("No site with slug “%(slug)s” exists.") % {"slug": slug})
        old = tenant.get_status_display()
        try:
            with transaction.atomic():
                set_status(tenant, status)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(self.style.SUCCESS(_("“%(site)s”: %(old)s → %(new)s.") % {
            "site": tenant.name, "old": old, "new": tenant.get_status_display()}))
