"""manage.py create_operator USERNAME: the first platform operator (password from a prompt or env)."""
import getpass
import os

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from sitegroup.identity import audit, usernames
from sitegroup.identity.models import StaffAccount


class Command(BaseCommand):
    help = "Create (or reset the password of) a platform operator. 2FA is set up at first sign-in."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--full-name", default="")
        parser.add_argument("--email", default="")
        parser.add_argument("--password-env", metavar="VAR",
                            help="read the password from this environment variable instead of a prompt")

    def handle(self, *args, **options):
        username = usernames.for_new_account(options["username"])
        try:
            usernames.validate_username(username)
        except ValidationError as error:
            raise CommandError(f"{options['username']!r}: {' '.join(error.messages)}") from None
        if options["password_env"]:
            password = os.environ.get(options["password_env"], "")
        else:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("The passwords differ.")
        try:
            validate_password(password)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        account, created = StaffAccount.objects.get_or_create(
            username=username, defaults={"full_name": options["full_name"], "email": options["email"]})
        account.is_operator = True
        account.is_active = True
        account.set_password(password)
        account.save()
        audit.record(audit.Action.ACCOUNT_CREATED if created else audit.Action.PASSWORD_CHANGED,
                     actor="manage.py create_operator", obj=account, is_operator=True)
        self.stdout.write(f"Operator {account.username} {'created' if created else 'updated'}.")
