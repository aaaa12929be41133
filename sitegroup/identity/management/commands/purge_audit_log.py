"""manage.py purge_audit_log --older-than-days N: delete audit entries older than N days (N ≥ 180)."""
from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from sitegroup.identity import audit
from sitegroup.identity.models import AuditLogEntry


class Command(BaseCommand):
    help = "Delete audit-log entries older than N days. N must be at least the legal minimum (180 days)."

    def add_arguments(self, parser):
        parser.add_argument("--older-than-days", type=int, required=True)
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, **options):
        days = options["older_than_days"]
        minimum = settings.SITEGROUP_AUDIT_MIN_RETENTION_DAYS
        if days < minimum:
            raise CommandError(f"Audit entries must be kept at least {minimum} days; refusing to purge "
                               f"entries younger than that (--older-than-days {days}).")
        cutoff = timezone.now() - timedelta(days=days)
        old = AuditLogEntry.objects.filter(timestamp__lt=cutoff)
        count = old.count()
        if options["dry_run"]:
            self.stdout.write(f"{count} entries older than {days} days would be deleted.")
            return
        old.delete()
        audit.record(audit.Action.AUDIT_PURGED, actor="manage.py purge_audit_log", deleted=count, older_than_days=days)
        self.stdout.write(f"Deleted {count} entries older than {days} days.")
