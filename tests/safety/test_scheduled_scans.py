"""Scheduled scans: one background task per site, run in that site's schema, kept per run."""
import io

import pytest
from django.core.management import call_command
from django_tenants.utils import tenant_context
from wagtail.models import Page

from sitegroup.safety.models import ContentFinding, ScanRun
from themes.models import ArticlePage

from ..conftest import run_worker
from .helpers import CLEAN, publish_article

pytestmark = pytest.mark.django_db


def _deface(site, page):
    """Spam written into the database directly, past the editor (publish would have caught it)."""
    with tenant_context(site):
        ArticlePage.objects.filter(pk=page.pk).update(
            title="春耕会议", body="<p>春耕会议。幸运飞艇开奖直播，北京赛车pk10精准计划，加微信进群。</p>")


def test_queued_scans_run_in_each_site_schema_and_are_kept_per_run(cluster, queued):
    peach = publish_article(cluster.peach, "春耕会议", CLEAN)
    publish_article(cluster.willow, "春耕会议", CLEAN)
    _deface(cluster.peach, peach)
    out = io.StringIO()
    call_command("scan_content", "--site", "peach", "--site", "willow", "--queue", "--trigger", "scheduled", stdout=out)
    assert "Queued content-safety scans of 2 sites" in out.getvalue()
    assert not ScanRun.objects.exists()
    scans = [r for r in run_worker() if "scan_site_task" in str(r.args_kwargs)]
    assert sorted((r.args_kwargs["args"][0], r.status) for r in scans) == [
        (cluster.peach.schema_name, "SUCCESSFUL"), (cluster.willow.schema_name, "SUCCESSFUL")]
    peach_run = ScanRun.objects.get(site=cluster.peach)
    willow_run = ScanRun.objects.get(site=cluster.willow)
    assert peach_run.trigger == "scheduled" and peach_run.finished_at and peach_run.high >= 1
    assert willow_run.high == 0 and willow_run.pages >= 1
    assert ContentFinding.open().filter(site=cluster.peach, page_id=peach.pk, run=peach_run,
                                        category="lottery").exists()
    assert not ContentFinding.objects.filter(site=cluster.willow, severity="high").exists()


def test_a_second_run_closes_what_was_fixed_and_pages_that_are_gone(cluster):
    page = publish_article(cluster.peach, "春耕会议", CLEAN)
    _deface(cluster.peach, page)
    call_command("scan_content", "--site", "peach", "--no-progress", stdout=io.StringIO())
    assert ContentFinding.open().filter(site=cluster.peach, page_id=page.pk).exists()
    with tenant_context(cluster.peach):
        Page.objects.filter(pk=page.pk).delete()
    # as if the finding had been left open (e.g. a page removed with SQL during an incident)
    ContentFinding.objects.filter(site=cluster.peach, page_id=page.pk).update(resolved_at=None, resolution="")
    out = io.StringIO()
    call_command("scan_content", "--site", "peach", "--no-progress", stdout=out)
    assert "Scanned" in out.getvalue()
    finding = ContentFinding.objects.filter(site=cluster.peach, page_id=page.pk).latest("id")
    assert finding.resolution == ContentFinding.Resolution.PAGE_GONE
    assert ScanRun.objects.filter(site=cluster.peach).count() == 2  # the trend: one row per run


def test_the_scheduler_runs_the_nightly_scan_in_each_active_site_and_keeps_findings_apart(cluster, queued):
    from sitegroup.scheduling import get_scheduled_job
    from sitegroup.scheduling.runner import run_job

    job = get_scheduled_job("content_safety_scan")
    assert job.per_site and job.queue and job.describe_schedule() == "daily at 02:30"
    peach = publish_article(cluster.peach, "春耕会议", CLEAN)
    publish_article(cluster.willow, "春耕会议", CLEAN)
    _deface(cluster.peach, peach)

    run = run_job(job, sites=["peach", "willow"])
    assert run.state == "queued" and run.sites_total == 2 and not ScanRun.objects.exists()
    run_worker()
    run.refresh_from_db()
    assert run.sites_done == 2 and run.sites_failed == 0
    peach_run, willow_run = ScanRun.objects.get(site=cluster.peach), ScanRun.objects.get(site=cluster.willow)
    assert peach_run.trigger == willow_run.trigger == "scheduled"
    assert peach_run.high >= 1 and willow_run.high == 0 and willow_run.pages >= 1
    assert ContentFinding.open().filter(site=cluster.peach, page_id=peach.pk, category="lottery").exists()
    assert not ContentFinding.objects.filter(site=cluster.willow, severity="high").exists()
