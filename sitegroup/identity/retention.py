"""Audit-log retention: entries older than the retention period are deleted (never younger than 180 days)."""
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from . import audit
from .models import AuditLogEntry


class RetentionTooShort(ValueError):
    pass


def purge_older_than(days, *, actor, dry_run=False):
    """Delete audit entries older than `days` days (≥ the legal minimum); returns how many."""
    minimum = settings.SITEGROUP_AUDIT_MIN_RETENTION_DAYS
    if days < minimum:
        raise RetentionTooShort(f"Audit entries must be kept at least {minimum} days; refusing to purge "
                                f"entries younger than that (--older-than-days {days}).")
    old = AuditLogEntry.objects.filter(timestamp__lt=timezone.now() - timedelta(days=days))
    if dry_run:
        return old.count()
    count, _ = old.delete()
    # The purge itself is recorded, so the gap in the log is explained.
    audit.record(audit.Action.AUDIT_PURGED, actor=actor, deleted=count, older_than_days=days)
    return count


def purge_expired_entries():
    """The nightly job: apply SITEGROUP_AUDIT_RETENTION_DAYS."""
    days = settings.SITEGROUP_AUDIT_RETENTION_DAYS
    count = purge_older_than(days, actor="scheduled audit-log retention")
    return f"{count} audit entries older than {days} days deleted"
