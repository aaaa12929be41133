"""Scheduled work of content safety: every live page of every active site scanned each night,
one background task per site (the scheduler carries the site's schema)."""
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from sitegroup.scheduling import PartialFailure, ScheduledJob, register_scheduled_job


def scan_for_schedule(site):
    """One site's scheduled scan; pages that could not be scanned make the site count as failed."""
    from .models import ScanRun
    from .pages import scan_site

    run = scan_site(site, ScanRun.Trigger.SCHEDULED)
    summary = f"{run.pages} pages: {run.high} high, {run.medium} medium, {run.low} low"
    if run.error:
        # The run and its findings are kept; the scheduler reports the site with the pages it missed.
        raise PartialFailure(f"{summary}; not scanned: {run.error}")
    return summary


register_scheduled_job(ScheduledJob(
    name="content_safety_scan", label=_("Content-safety scan of every live page"),
    run=scan_for_schedule, per_site=True, queue=True, statuses=("active",),
    at=lambda: settings.SITEGROUP_SAFETY_SCAN_TIME))
