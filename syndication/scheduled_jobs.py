"""Scheduled work of syndication: the deadline check (run by `manage.py run_scheduled`).

Every SITEGROUP_SYNDICATION_DEADLINE_CHECK_MINUTES (60) each delivery that passed its deadline
unpublished is recorded once in the audit log (deadlines.py); what waits for sites that are not
active is counted in the run's summary. 0 turns the check off.
"""
import datetime

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from sitegroup.scheduling import ScheduledJob, register_scheduled_job


def check_deadlines_for_schedule():
    from .deadlines import check_deadlines

    report = check_deadlines()
    waiting = len(report.stranded) + len(report.stranded_submissions)
    return (f"{len(report.overdue)} overdue ({len(report.newly_overdue)} new), "
            f"{waiting} waiting for inactive sites")


def _interval():
    minutes = settings.SITEGROUP_SYNDICATION_DEADLINE_CHECK_MINUTES
    return datetime.timedelta(minutes=minutes) if minutes > 0 else None


register_scheduled_job(ScheduledJob(
    name="syndication_deadlines", label=_("Syndication: record pushes past their deadline"),
    run=check_deadlines_for_schedule, every=_interval))
