"""The deadline check run by the platform's scheduler: hourly, each late site recorded once, on time sites not."""
import datetime
from unittest import mock

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context
from wagtail.models import Page

from sitegroup.identity.models import AuditLogEntry
from sitegroup.scheduling import get_scheduled_job
from sitegroup.scheduling.models import ScheduledRun
from sitegroup.scheduling.runner import due_jobs, run_job
from syndication import receiving
from syndication.exchange.models import Delivery
from syndication.pushing import push_page, select_recipients

from .helpers import column, publish_item

pytestmark = pytest.mark.django_db

BODY = "<p>各地要在24小时内转发本通知，做好防汛应急准备。</p>"


def test_the_deadline_check_is_scheduled_hourly_and_can_be_turned_off(settings):
    job = get_scheduled_job("syndication_deadlines")
    assert not job.per_site and job.interval == datetime.timedelta(hours=1) and job.is_enabled
    settings.SITEGROUP_SYNDICATION_DEADLINE_CHECK_MINUTES = 0
    assert not job.is_enabled


def test_the_scheduler_records_each_late_site_once_and_not_the_site_that_published(cluster):
    notice = publish_item(cluster.city, "紧急通知", BODY)
    sent_at = timezone.now()
    with tenant_context(cluster.city):
        push = push_page(Page.objects.get(pk=notice.pk), recipients=select_recipients(cluster.city, scope="subtree"),
                         column_type="notice", now=sent_at).push
    with tenant_context(cluster.east):
        receiving.accept_push(Delivery.objects.get(push=push, recipient=cluster.east), mode="copy",
                              column=column("notices"))

    job = get_scheduled_job("syndication_deadlines")

    def scheduled_check(at):
        """A scheduler tick at `at`, as `run_scheduled` does, for this job only (the others stay out)."""
        with mock.patch("django.utils.timezone.now", return_value=at):
            if job in due_jobs(at):
                run_job(job, trigger="schedule", now=at)
        return ScheduledRun.objects.filter(job=job.name).order_by("-started_at").first()

    run = scheduled_check(sent_at + datetime.timedelta(hours=23))
    assert run.state == "done" and run.summary.startswith("0 overdue")
    assert not AuditLogEntry.objects.filter(action="syndication_push_overdue").exists()

    run = scheduled_check(sent_at + datetime.timedelta(hours=25))
    assert run.summary.startswith("3 overdue (3 new)")
    late = AuditLogEntry.objects.filter(action="syndication_push_overdue")
    assert sorted(late.values_list("site_slug", flat=True)) == ["peach", "west", "willow"]     # not east

    # The next tick within the hour does not run it; the next hour's run records nobody again.
    assert scheduled_check(sent_at + datetime.timedelta(hours=25, minutes=10)).pk == run.pk
    run = scheduled_check(sent_at + datetime.timedelta(hours=26, minutes=1))
    assert run.summary.startswith("3 overdue (0 new)") and late.count() == 3
