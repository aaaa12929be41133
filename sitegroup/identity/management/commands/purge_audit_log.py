"""manage.py purge_audit_log --older-than-days N: delete audit entries older than N days (N ≥ 180).

The scheduler runs the same purge every night with SITEGROUP_AUDIT_RETENTION_DAYS
(the `audit_log_retention` job).
"""
from django.core.management.base import BaseCommand, CommandError

from sitegroup.identity.retention import RetentionTooShort, purge_older_than


class Command(BaseCommand):
    help = "Delete audit-log entries older than N days. N must be at least the legal minimum (180 days)."

    def add_arguments(self, parser):
        parser.add_argument("--older-than-days", type=int, required=True)
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, **options):
        days = options["older_than_days"]
        try:
            count = purge_older_than(days, actor="manage.py purge_audit_log", dry_run=options["dry_run"])
        except RetentionTooShort as exc:
            raise CommandError(str(exc)) from None
        if options["dry_run"]:
            self.stdout.write(f"{count} entries older than {days} days would be deleted.")
        else:
            self.stdout.write(f"Deleted {count} entries older than {days} days.")
