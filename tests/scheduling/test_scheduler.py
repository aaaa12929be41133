"""One scheduler for the whole cluster: jobs registered by apps, run per site with the schema carried."""
import datetime
from unittest import mock

import psycopg
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from django_tenants.utils import tenant_context
from wagtail.models import Collection, Page

from sitegroup.scheduling import ScheduledJob, get_scheduled_job
from sitegroup.scheduling.models import ScheduledRun
from sitegroup.scheduling.runner import JobLocked, _lock_key, due_jobs, run_job
from tests.conftest import run_worker
from tests.plugin import scheduled_jobs as plugin_jobs
from themes.models import ArticlePage

pytestmark = pytest.mark.django_db


@pytest.fixture
def plugin_job():
    plugin_jobs.ENABLED.append(True)
    yield
    plugin_jobs.ENABLED.clear()
    plugin_jobs.FAIL_ON.clear()


def marks(tenant):
    with tenant_context(tenant):
        return set(Collection.objects.filter(name__startswith="scheduled-mark-").values_list("name", flat=True))


def draft_going_live(tenant, title, go_live_at):
    """An article whose approved revision goes live at `go_live_at` (what “go live at” + publish does)."""
    with tenant_context(tenant):
        news = Page.objects.get(slug="news", depth=3)
        page = news.add_child(instance=ArticlePage(title=title, slug=title.lower(), live=False,
                                                   publish_date=timezone.now()))
        page.go_live_at = go_live_at
        revision = page.save_revision()
        revision.publish()           # with a future/past go_live_at Wagtail only approves it for later
        page.refresh_from_db()
        return page.pk


def live_titles(tenant):
    with tenant_context(tenant):
        return set(ArticlePage.objects.live().values_list("title", flat=True))


def test_one_scheduled_run_publishes_past_go_live_pages_each_in_its_own_site(cluster):
    past, future = timezone.now() - datetime.timedelta(minutes=5), timezone.now() + datetime.timedelta(days=2)
    # Wagtail refuses to approve a go-live time in the past, so the revisions are approved for a
    # moment ahead and the clock then passes it, as it does between saving and the next run.
    soon = timezone.now() + datetime.timedelta(seconds=1)
    draft_going_live(cluster.peach, "PeachNoon", soon)
    draft_going_live(cluster.willow, "WillowNoon", soon)
    draft_going_live(cluster.peach, "PeachLater", future)
    with tenant_context(cluster.east):
        expiring = Page.objects.get(slug="news", depth=3)
        Page.objects.filter(pk=expiring.pk).update(expire_at=past)
    assert "PeachNoon" not in live_titles(cluster.peach)

    with mock.patch("django.utils.timezone.now", return_value=timezone.now() + datetime.timedelta(minutes=1)):
        call_command("run_scheduled", "--job", "publish_scheduled", verbosity=0)

    assert "PeachNoon" in live_titles(cluster.peach) and "WillowNoon" in live_titles(cluster.willow)
    assert "WillowNoon" not in live_titles(cluster.peach) and "PeachNoon" not in live_titles(cluster.willow)
    assert "PeachLater" not in live_titles(cluster.peach)
    for site in (cluster.city, cluster.west):
        assert not live_titles(site) & {"PeachNoon", "WillowNoon"}
    with tenant_context(cluster.east):
        assert not Page.objects.get(pk=expiring.pk).live and Page.objects.get(pk=expiring.pk).expired
    run = ScheduledRun.objects.get(job="publish_scheduled")
    assert run.state == "done" and run.sites_total == 5 and run.sites_done == 5 and run.failures == {}
    assert "published PeachNoon" in run.summary and "peach:" in run.summary


def test_a_failing_site_is_reported_and_every_other_site_still_runs(cluster, plugin_job):
    plugin_jobs.FAIL_ON.add("east")
    with pytest.raises(CommandError, match="test_plugin_mark"):
        call_command("run_scheduled", "--job", "test_plugin_mark", verbosity=0)
    run = ScheduledRun.objects.get(job="test_plugin_mark")
    assert run.state == "failed" and run.sites_done == 5 and run.sites_failed == 1
    assert list(run.failures) == ["east"] and "breaks on east" in run.failures["east"]
    for site in (cluster.city, cluster.west, cluster.peach, cluster.willow):
        assert marks(site) == {f"scheduled-mark-{site.slug}"}
    assert marks(cluster.east) == set()          # what the failing site did was rolled back


def test_a_suspended_site_is_visited_and_a_closed_one_is_not(cluster, plugin_job):
    from tenants.provisioning import change_status

    change_status(cluster.peach, "suspended")
    change_status(cluster.willow, "closed")
    run_job("test_plugin_mark")
    assert marks(cluster.peach) and not marks(cluster.willow)


def test_queued_jobs_run_in_each_sites_schema_in_the_worker_and_report_back(cluster, plugin_job, queued):
    plugin_jobs.FAIL_ON.add("willow")
    run = run_job("test_plugin_queued_mark")
    assert run.state == "queued" and run.sites_total == 5 and run.sites_done == 0
    assert marks(cluster.peach) == set()
    assert DBTaskResult.objects.count() == 5

    run_worker()
    run.refresh_from_db()
    assert run.sites_done == 5 and run.sites_failed == 1 and list(run.failures) == ["willow"]
    assert marks(cluster.peach) == {"scheduled-mark-peach"} and marks(cluster.willow) == set()
    assert marks(cluster.east) == {"scheduled-mark-east"}


def test_a_job_held_by_another_scheduler_is_skipped(cluster):
    params = connection.get_connection_params()
    with psycopg.connect(**{k: v for k, v in params.items() if k != "cursor_factory"}, autocommit=True) as other:
        other.execute("SELECT pg_advisory_lock(%s)", [_lock_key("publish_scheduled")])
        with pytest.raises(JobLocked):
            run_job("publish_scheduled")
        with pytest.raises(CommandError, match="running already"):
            call_command("run_scheduled", "--job", "publish_scheduled", verbosity=0)
    assert not ScheduledRun.objects.filter(job="publish_scheduled").exists()


def at(hour, minute=0, day=1):
    return timezone.make_aware(datetime.datetime(2026, 3, day, hour, minute))


def test_interval_jobs_are_due_once_their_interval_has_passed_allowing_a_late_start():
    job = ScheduledJob(name="x", label="x", run=print, every=datetime.timedelta(minutes=1))
    assert job.is_due(None, at(10))
    # Started at 10:00:00.8, the next tick at 10:01:00.2 still runs it (slack), 10:00:20 does not.
    started = at(10) + datetime.timedelta(milliseconds=800)
    assert job.is_due(started, at(10, 1) + datetime.timedelta(milliseconds=200))
    assert not job.is_due(started, at(10) + datetime.timedelta(seconds=20))
    hourly = ScheduledJob(name="y", label="y", run=print, every=datetime.timedelta(hours=1))
    assert not hourly.is_due(at(10), at(10, 45)) and hourly.is_due(at(10), at(10, 59) + datetime.timedelta(seconds=40))


def test_daily_jobs_run_once_a_day_after_their_time_and_catch_up_after_downtime():
    job = ScheduledJob(name="x", label="x", run=print, at=datetime.time(3, 0))
    assert not job.is_due(None, at(2, 59))
    assert job.is_due(None, at(3, 0))
    assert not job.is_due(at(3, 0), at(23, 0))                    # done today
    assert job.is_due(at(3, 0), at(3, 1, day=2))                   # tomorrow
    assert job.is_due(at(3, 0), at(9, 30, day=4))                  # the server was down at 03:00: caught up
    off = ScheduledJob(name="z", label="z", run=print, at=lambda: "")
    assert not off.is_due(None, at(12))


def test_due_jobs_follow_the_run_history(cluster, plugin_job):
    now = timezone.now()
    assert get_scheduled_job("test_plugin_mark") in due_jobs(now)
    ScheduledRun.objects.create(job="test_plugin_mark", started_at=now - datetime.timedelta(hours=3), state="done")
    assert get_scheduled_job("test_plugin_mark") not in due_jobs(now)
    assert get_scheduled_job("test_plugin_mark") in due_jobs(now + datetime.timedelta(days=1))


def test_the_list_shows_every_registered_job_with_its_schedule(cluster, capsys):
    from io import StringIO

    out = StringIO()
    call_command("run_scheduled", "--list", stdout=out)
    text = out.getvalue()
    for name in ("publish_scheduled", "backup_sites", "audit_log_retention", "prune_results", "test_plugin_mark"):
        assert name in text
    assert "every 1 min" in text and "daily at 03:00" in text


def test_the_nightly_audit_log_retention_deletes_only_entries_past_the_period(cluster, settings):
    from sitegroup.identity.models import AuditLogEntry

    settings.SITEGROUP_AUDIT_RETENTION_DAYS = 200
    old = AuditLogEntry.objects.create(action="login", actor="old", timestamp=timezone.now() - datetime.timedelta(
        days=201))
    kept = AuditLogEntry.objects.create(action="login", actor="kept", timestamp=timezone.now() - datetime.timedelta(
        days=199))
    run = run_job("audit_log_retention")
    assert run.state == "done" and "1 audit entries older than 200 days deleted" in run.summary
    assert not AuditLogEntry.objects.filter(pk=old.pk).exists() and AuditLogEntry.objects.filter(pk=kept.pk).exists()
    assert AuditLogEntry.objects.filter(action="audit_purged", actor="scheduled audit-log retention").exists()


def test_pruning_removes_old_task_results_and_scheduler_runs(cluster, queued):
    from tests.sitegroup.probe_tasks import leave_a_mark

    with tenant_context(cluster.peach):
        leave_a_mark.enqueue("mark-prune")
    run_worker()
    fresh = DBTaskResult.objects.get()
    old_run = ScheduledRun.objects.create(job="publish_scheduled", state="done",
                                          started_at=timezone.now() - datetime.timedelta(days=40))
    assert "0 task result(s), 1 scheduled run(s) deleted" in run_job("prune_results").summary
    DBTaskResult.objects.filter(pk=fresh.pk).update(finished_at=timezone.now() - datetime.timedelta(days=15))
    assert "1 task result(s)" in run_job("prune_results").summary
    assert not ScheduledRun.objects.filter(pk=old_run.pk).exists() and not DBTaskResult.objects.exists()
