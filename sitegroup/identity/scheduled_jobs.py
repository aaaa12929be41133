"""Scheduled work of the identity app: the audit log's retention, every night."""
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from sitegroup.scheduling import ScheduledJob, register_scheduled_job

from .retention import purge_expired_entries

register_scheduled_job(ScheduledJob(
    name="audit_log_retention", label=_("Delete audit-log entries past their retention"),
    run=purge_expired_entries, at=lambda: settings.SITEGROUP_HOUSEKEEPING_TIME))
