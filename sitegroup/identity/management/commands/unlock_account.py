"""manage.py unlock_account NAME [--site SLUG]: end a lockout before it runs out (audited)."""
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_tenants.utils import tenant_context

from sitegroup.identity import lockout, service
from tenants.models import Tenant

ACTOR = "manage.py unlock_account"


class Command(BaseCommand):
    help = ("Unlock a staff account locked after failed sign-ins (from every address), or with --site "
            "a site's own break-glass superuser. Recorded in the audit log.")

    def add_arguments(self, parser):
        parser.add_argument("name", help="the user name, as the person types it")
        parser.add_argument("--site", metavar="SLUG", help="a site's own user instead of a staff account")

    def handle(self, *args, **options):
        name = options["name"]
        if options["site"]:
            site = Tenant.objects.filter(slug=options["site"]).first()
            if site is None:
                raise CommandError(f"No site {options['site']!r}.")
            with tenant_context(site):
                user = get_user_model().objects.filter(username=name).first()
            if user is None:
                raise CommandError(f"No user {name!r} on site {site.slug}.")
            subjects = [lockout.site_user(site, user), lockout.site_user(site, None, name)]
            count = lockout.unlock(subjects, actor=ACTOR, site=site, object_type="auth.user", object_id=user.pk,
                                   object_repr=user.get_username())
            self.stdout.write(f"Unlocked {user.get_username()} on {site.slug} ({count} counters cleared).")
            return
        account = service.find_account(name)
        if account is None:
            raise CommandError(f"No staff account {name!r}.")
        count = lockout.unlock(lockout.account_subjects(account), actor=ACTOR, obj=account)
        self.stdout.write(f"Unlocked {account.username} ({count} counters cleared).")
