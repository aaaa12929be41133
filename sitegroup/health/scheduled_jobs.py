"""Scheduled work of site health (run by `manage.py run_scheduled`, deploy/sitegroup-scheduler.timer).

* `health_probes`: every active site's home page, every SITEGROUP_HEALTH_PROBE_MINUTES (60: 24
  probes a day, spread over the day; the rules ask for at least 20). Platform-wide, so the probes
  run in parallel threads (probes.py) instead of one 15-second wait after another.
* `site_health`: the spot checks with the link checks, daily at SITEGROUP_HEALTH_TIME, one
  background task per site (each in its schema); the site's administrators are alerted.
* `health_retention`: just after midnight, the past day's visitor hashes and salt are forgotten
  and probes and runs past their keeping time deleted (retention.py).
* `health_weekly_summary`: the operators' summary, weekly (SITEGROUP_HEALTH_SUMMARY_WEEKDAY and _TIME).
"""
import datetime

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from sitegroup.scheduling import ScheduledJob, register_scheduled_job
from tenants.models import Tenant

# Sites the daily run visits: suspended ones get a run that notes why they were skipped (runner.py).
CHECKED_STATUSES = (Tenant.Status.ACTIVE, Tenant.Status.SUSPENDED)


def probe_every_site():
    from .probes import probe_sites

    sites = Tenant.objects.filter(status=Tenant.Status.ACTIVE).order_by("pk").prefetch_related("domains")
    probes = probe_sites(sites)
    failed = [probe.site.slug for probe in probes if not probe.ok]
    return f"{len(probes)} sites probed, {len(failed)} failed" + (f": {', '.join(failed[:20])}" if failed else "")


def check_site(site):
    from .notify import alert_site
    from .runner import run_site_health

    run = run_site_health(site, links=True)
    alerts = alert_site(site, run)
    if run.note:
        return run.note
    verdict = "pass" if run.passed else f"{run.veto_failed} veto items fail"
    return f"score {run.score}, {verdict}, {run.at_risk} at risk, {len(alerts or [])} new alerts"


def forget_and_prune():
    from .retention import prune
    from .visits import flush_visits

    flush_visits()  # this process's own counts, if it served any (a no-op in the scheduler)
    deleted = prune()
    return ", ".join(f"{what}: {count}" for what, count in deleted.items())


def mail_weekly_summary():
    from .notify import weekly_summary

    sent = weekly_summary()
    return f"sent to {sent} operators" if sent else "not sent (no mail server or no operator with an address)"


register_scheduled_job(ScheduledJob(
    name="health_probes", label=_("Site health: probe every site's home page"),
    run=probe_every_site, every=lambda: datetime.timedelta(minutes=settings.SITEGROUP_HEALTH_PROBE_MINUTES)))

register_scheduled_job(ScheduledJob(
    name="site_health", label=_("Site health: spot checks and link checks of every site"),
    run=check_site, per_site=True, queue=True, priority=-5, statuses=CHECKED_STATUSES,
    at=lambda: settings.SITEGROUP_HEALTH_TIME))

register_scheduled_job(ScheduledJob(
    name="health_retention", label=_("Site health: forget past visitor hashes, delete old probes and runs"),
    run=forget_and_prune, at=datetime.time(0, 10)))

register_scheduled_job(ScheduledJob(
    name="health_weekly_summary", label=_("Site health: the operators' weekly summary"),
    run=mail_weekly_summary, at=lambda: settings.SITEGROUP_HEALTH_SUMMARY_TIME,
    weekday=lambda: settings.SITEGROUP_HEALTH_SUMMARY_WEEKDAY))
