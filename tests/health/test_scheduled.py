"""Site health run by the platform's scheduler: registered cadences, and each job doing its work per site."""
import datetime
import io
import itertools
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from sitegroup.health.items import LINK_CODES
from sitegroup.health.models import Alert, HealthItem, HealthRun, Probe, VisitorMark, VisitSalt
from sitegroup.scheduling import get_scheduled_job
from sitegroup.scheduling.models import ScheduledRun
from sitegroup.scheduling.runner import due_jobs, run_job
from tenants.models import Tenant

from ..conftest import run_worker
from .helpers import LocalServer, keep_every_column_fresh
from .test_command import _open_columns_long_ago

pytestmark = pytest.mark.django_db

LOCAL = ZoneInfo(django_settings.TIME_ZONE)


def ticks(job, start, days):
    """When `job` starts if the scheduler's timer fires every minute for `days` days from `start`."""
    started, last = [], None
    for minute in range(days * 24 * 60):
        now = start + datetime.timedelta(minutes=minute)
        if job.is_due(last, now):
            last = now
            started.append(now)
    return started


def test_probes_run_at_least_20_times_a_day_spread_over_the_day():
    job = get_scheduled_job("health_probes")
    assert not job.per_site and job.interval == datetime.timedelta(minutes=60)
    start = datetime.datetime(2026, 12, 1, 0, 0, tzinfo=LOCAL)
    runs = ticks(job, start, days=2)
    first_day = [t for t in runs if t.date() == start.date()]
    assert len(first_day) >= 20
    gaps = [b - a for a, b in itertools.pairwise(runs)]
    # Spread over the day: never more than 72 minutes (24 h / 20) between two probes.
    assert max(gaps) <= datetime.timedelta(minutes=72)
    assert {t.hour for t in first_day} == set(range(24))


def test_the_daily_run_the_retention_and_the_weekly_summary_run_at_their_times(settings):
    health = get_scheduled_job("site_health")
    assert health.per_site and health.queue and set(health.statuses) == {"active", "suspended"}
    start = datetime.datetime(2026, 11, 30, 0, 0, tzinfo=LOCAL)      # a Monday
    assert [(t.day, t.hour, t.minute) for t in ticks(health, start, days=3)] == [(30, 5, 0), (1, 5, 0), (2, 5, 0)]
    retention = get_scheduled_job("health_retention")
    assert [(t.day, t.hour, t.minute) for t in ticks(retention, start, days=2)] == [(30, 0, 10), (1, 0, 10)]

    summary = get_scheduled_job("health_weekly_summary")
    assert summary.describe_schedule() == "weekly on Mon at 08:00"
    assert [t.strftime("%a %d %H:%M") for t in ticks(summary, start, days=15)] == [
        "Mon 30 08:00", "Mon 07 08:00", "Mon 14 08:00"]
    settings.SITEGROUP_HEALTH_SUMMARY_WEEKDAY = 4
    settings.SITEGROUP_HEALTH_SUMMARY_TIME = "17:30"
    # Never run yet: last Friday's summary is caught up at once, then Fridays at 17:30.
    assert [t.strftime("%a %d %H:%M") for t in ticks(summary, start, days=8)] == ["Mon 30 00:00", "Fri 04 17:30"]
    settings.SITEGROUP_HEALTH_TIME = ""
    assert not health.is_enabled


def test_the_weekly_summary_missed_on_its_day_catches_up_once():
    summary = get_scheduled_job("health_weekly_summary")
    wednesday = datetime.datetime(2026, 12, 2, 10, 0, tzinfo=LOCAL)
    assert summary.is_due(None, wednesday)                     # never ran: this week's is caught up
    monday_run = datetime.datetime(2026, 11, 30, 8, 0, tzinfo=LOCAL)
    assert not summary.is_due(monday_run, wednesday)
    assert summary.next_due(monday_run, wednesday) == datetime.datetime(2026, 12, 7, 8, 0, tzinfo=LOCAL)


def test_scheduled_probes_store_one_probe_per_active_site(cluster, settings):
    Tenant.objects.filter(pk=cluster.west.pk).update(status=Tenant.Status.SUSPENDED)
    with LocalServer({"/peach/": (200, "<p>ok</p>", 0), "/east/": (200, "<p>ok</p>", 0)}) as server:
        settings.SITEGROUP_HEALTH_PROBE_URL = server.url + "/{slug}/"
        settings.SITEGROUP_HEALTH_PROBE_TIMEOUT = 2
        call_command("run_scheduled", "--job", "health_probes", stdout=io.StringIO(), stderr=io.StringIO())
    probes = {p.site.slug: p.ok for p in Probe.objects.select_related("site")}
    assert probes == {"peach": True, "east": True, "willow": False, "testcity": False}
    assert sorted(server.hits) == ["/east/", "/peach/", "/testcity/", "/willow/"]    # not the suspended west
    run = ScheduledRun.objects.get(job="health_probes")
    assert run.state == "done" and run.summary.startswith("4 sites probed, 2 failed")
    assert "willow" in run.summary and "peach" not in run.summary


def test_the_scheduled_health_run_checks_every_site_in_its_schema_and_alerts_only_its_admins(
        cluster, queued, english):
    from sitegroup.identity.models import Role
    from tests.identity.helpers import make_account

    make_account("peachadmin", email="admin@peach.example.cn", grants={cluster.peach: Role.SITE_ADMIN})
    make_account("willowadmin", email="admin@willow.example.cn", grants={cluster.willow: Role.SITE_ADMIN})
    keep_every_column_fresh(cluster.peach, now=timezone.now())
    _open_columns_long_ago(cluster.willow)
    Tenant.objects.filter(pk=cluster.west.pk).update(status=Tenant.Status.SUSPENDED)
    Tenant.objects.filter(pk=cluster.east.pk).update(status=Tenant.Status.CLOSED)

    call_command("run_scheduled", "--job", "site_health", stdout=io.StringIO(), stderr=io.StringIO())
    run = ScheduledRun.objects.get(job="site_health")
    assert run.state == "queued" and run.sites_total == 4      # active and suspended sites, not the closed one
    assert not HealthRun.objects.exists()                      # one task per site, for the worker
    assert {r.status for r in run_worker()} == {"SUCCESSFUL"}
    runs = {run.site.slug: run for run in HealthRun.objects.select_related("site")}
    assert set(runs) == {"testcity", "peach", "willow", "west"}          # not the closed east
    assert runs["peach"].passed and not runs["willow"].passed
    assert "suspended" in runs["west"].note.lower() and not runs["west"].items.exists()
    # The scheduled run checks links too (the nightly run), in each site's own schema.
    assert set(HealthItem.objects.filter(run=runs["peach"], code__in=LINK_CODES).values_list("code", flat=True)) \
        == set(LINK_CODES)
    empty = runs["willow"].items.get(code="empty_columns")
    assert empty.state == "fail" and "新闻动态" in [d["label"] for d in empty.details]
    assert not runs["peach"].items.filter(state="fail", veto=True).exists()
    assert list(Alert.objects.values_list("site__slug", flat=True).distinct()) == ["willow"]
    assert [m.to for m in mail.outbox] == [["admin@willow.example.cn"]]
    run.refresh_from_db()
    assert (run.sites_done, run.sites_failed) == (4, 0)


def test_the_weekly_summary_is_mailed_by_the_scheduler_on_its_day_only(cluster, operator, english):
    from sitegroup.health.runner import run_site_health

    operator.email = "ops@city.example.cn"
    operator.save()
    _open_columns_long_ago(cluster.willow)
    keep_every_column_fresh(cluster.peach, now=timezone.now())
    for site in (cluster.peach, cluster.willow):
        run_site_health(site)
    monday = timezone.localtime().replace(hour=8, minute=1)
    monday -= datetime.timedelta(days=monday.weekday())
    summary = get_scheduled_job("health_weekly_summary")
    assert summary in due_jobs(monday) and summary not in due_jobs(monday - datetime.timedelta(minutes=2))
    run_job(summary, trigger="schedule", now=monday)
    assert [m.to for m in mail.outbox] == [["ops@city.example.cn"]]
    assert "柳树街道办事处 (willow)" in mail.outbox[0].body and "(peach)" not in mail.outbox[0].body
    assert ScheduledRun.objects.get(job="health_weekly_summary").summary == "sent to 1 operators"
    for later in (datetime.timedelta(hours=1), datetime.timedelta(days=1), datetime.timedelta(days=6)):
        assert summary not in due_jobs(monday + later)
    assert summary in due_jobs(monday + datetime.timedelta(days=7))


def test_scheduled_retention_forgets_past_visitor_hashes_and_old_probes(cluster):
    today = timezone.localdate()
    yesterday = today - datetime.timedelta(days=1)
    for site in (cluster.peach, cluster.willow):
        VisitorMark.objects.create(site=site, day=yesterday, path="/", visitor="0123456789abcdef")
        VisitorMark.objects.create(site=site, day=today, path="/", visitor="fedcba9876543210")
    VisitSalt.objects.create(day=yesterday, salt="old")
    Probe.objects.create(site=cluster.peach, at=timezone.now() - datetime.timedelta(days=31), ok=True)
    recent = Probe.objects.create(site=cluster.willow, at=timezone.now() - datetime.timedelta(days=6), ok=True)

    run_job("health_retention", trigger="schedule")
    assert set(VisitorMark.objects.values_list("site__slug", "day")) == {("peach", today), ("willow", today)}
    assert not VisitSalt.objects.filter(day=yesterday).exists()
    assert list(Probe.objects.all()) == [recent]
    assert ScheduledRun.objects.get(job="health_retention").state == "done"


def test_run_scheduled_lists_the_health_jobs():
    out = io.StringIO()
    with mock.patch("django.utils.timezone.now", return_value=timezone.now()):
        call_command("run_scheduled", "--list", stdout=out)
    for name in ("health_probes", "site_health", "health_retention", "health_weekly_summary"):
        assert name in out.getvalue()
