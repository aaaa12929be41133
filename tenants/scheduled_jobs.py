"""Scheduled work of the site registry: a backup of every site each night (one background task per site)."""
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from sitegroup.scheduling import ScheduledJob, register_scheduled_job

from .backup import scheduled_backup

register_scheduled_job(ScheduledJob(
    name="backup_sites", label=_("Back up every site (schema, media, registry rows)"),
    run=scheduled_backup, per_site=True, queue=True, priority=-10,
    at=lambda: settings.SITEGROUP_BACKUP_TIME))
