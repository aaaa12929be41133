"""Scheduled work of public interaction: reminders before a letter's due date and overdue notices,
once a day in every site (interaction/reminders.py)."""
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from sitegroup.scheduling import ScheduledJob, register_scheduled_job

from .reminders import send_reminders

register_scheduled_job(ScheduledJob(
    name="interaction_reminders", label=_("Letter reminders before the due date and overdue notices"),
    run=send_reminders, per_site=True, at=lambda: settings.SITEGROUP_INTERACTION_REMINDER_TIME))
