"""Reminders before a letter's due date and overdue notices: by working days, to the site's staff, once."""
import datetime

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from interaction.models import Letter
from interaction.reminders import OVERDUE_NOTICE, REMINDED, send_reminders
from interaction.workdays import add_workdays
from sitegroup.scheduling import get_scheduled_job
from sitegroup.scheduling.models import ScheduledRun
from sitegroup.scheduling.runner import run_job
from tests.identity.helpers import make_account

D = datetime.date


def letter(tenant, subject, due, status=Letter.Status.NEW, **fields):
    with tenant_context(tenant):
        return Letter.objects.create(kind="consult", subject=subject, body="正文", name="李四", phone="13700001111",
                                     masked_name="李*", query_digest="x" * 64, status=status, due_date=due,
                                     **fields)


def trail(tenant, pk):
    with tenant_context(tenant):
        return list(Letter.objects.get(pk=pk).events.values_list("action", flat=True))


@pytest.fixture
def staff(cluster):
    make_account("peach-editor", email="editor@peach.gov.cn", grants={cluster.peach: "editor"})
    make_account("peach-mod", email="mod@peach.gov.cn", grants={cluster.peach: "moderator"})
    make_account("peach-gone", email="gone@peach.gov.cn", grants={cluster.peach: "editor"}, is_active=False)
    make_account("willow-editor", email="editor@willow.gov.cn", grants={cluster.willow: "editor"})
    make_account("peach-nomail", grants={cluster.peach: "editor"})


def test_the_reminder_comes_before_national_day_and_the_overdue_notice_after_it_once_each(cluster, staff,
                                                                                          mailoutbox):
    # 2025: 1–8 October off (National Day and Mid-Autumn); Sunday 28 Sep and Saturday 11 Oct are workdays.
    # Due Friday 10 October, reminded 2 working days before: on Tuesday 30 September (left: 9 and 10
    # October), not on 8 October as counting calendar days would (a holiday: nobody reads the mail).
    due_after_holiday = letter(cluster.peach, "国庆后到期的来信", D(2025, 10, 10))
    answered = letter(cluster.peach, "已答复的来信", D(2025, 10, 9), status=Letter.Status.ANSWERED)
    held = letter(cluster.peach, "疑似垃圾信息", D(2025, 10, 9), status=Letter.Status.HELD)

    def run(day):
        mailoutbox.clear()
        with tenant_context(cluster.peach):
            send_reminders(cluster.peach, today=day)
        return [(m.subject, sorted(m.bcc), m.body) for m in mailoutbox]

    assert run(D(2025, 9, 29)) == []                      # three working days left: 30 Sep, 9 and 10 Oct
    sent = run(D(2025, 9, 30))
    assert len(sent) == 1
    subject, to, body = sent[0]
    assert "国庆后到期的来信" in subject and "2025-10-10" in subject
    assert to == ["editor@peach.gov.cn", "mod@peach.gov.cn"]   # active handlers with an address, this site only
    assert f"/admin/interaction/letters/{due_after_holiday.pk}/" in body
    assert "李四" not in body and "13700001111" not in body
    assert run(D(2025, 10, 1)) == [] and run(D(2025, 10, 10)) == []   # sent once; due today is not overdue
    overdue = run(D(2025, 10, 11))                        # Saturday, an adjusted workday: a day late
    assert len(overdue) == 1 and "国庆后到期的来信" in overdue[0][0] and "2025-10-10" in overdue[0][2]
    assert overdue[0][0] != subject
    assert run(D(2025, 10, 13)) == []
    assert trail(cluster.peach, due_after_holiday.pk).count(REMINDED) == 1
    assert trail(cluster.peach, due_after_holiday.pk).count(OVERDUE_NOTICE) == 1
    assert trail(cluster.peach, answered.pk) == [] and trail(cluster.peach, held.pk) == []


def test_a_letter_found_overdue_before_any_reminder_gets_only_the_overdue_notice(cluster, staff, mailoutbox):
    late = letter(cluster.peach, "早已逾期的来信", D(2025, 9, 1))
    with tenant_context(cluster.peach):
        send_reminders(cluster.peach, today=D(2025, 10, 9))
        send_reminders(cluster.peach, today=D(2025, 10, 10))
    assert len(mailoutbox) == 1 and "早已逾期的来信" in mailoutbox[0].subject
    assert trail(cluster.peach, late.pk) == [OVERDUE_NOTICE]


def test_nothing_is_recorded_while_no_staff_member_has_an_address(cluster, mailoutbox):
    make_account("willow-nomail", grants={cluster.willow: "editor"})
    waiting = letter(cluster.willow, "无人可通知的来信", D(2025, 9, 1))
    with tenant_context(cluster.willow):
        summary = send_reminders(cluster.willow, today=D(2025, 10, 9))
    assert "no staff" in summary and mailoutbox == [] and trail(cluster.willow, waiting.pk) == []


def test_the_scheduled_job_reminds_each_site_of_its_own_letters_only(cluster, staff, mailoutbox):
    job = get_scheduled_job("interaction_reminders")
    assert job.per_site and job.time_of_day == datetime.time(8, 0)
    today = timezone.localdate()
    peach_letter = letter(cluster.peach, "桃花镇即将到期的来信", add_workdays(today, 1))
    willow_letter = letter(cluster.willow, "柳树街道已逾期的来信", today - datetime.timedelta(days=3))
    letter(cluster.willow, "柳树街道时间尚早的来信", add_workdays(today, 5))

    run = run_job("interaction_reminders", sites=["peach", "willow"])
    assert run.state == ScheduledRun.State.DONE, run.failures
    by_subject = {m.subject: sorted(m.bcc) for m in mailoutbox}
    assert len(by_subject) == 2
    [peach_subject] = [s for s in by_subject if "桃花镇即将到期的来信" in s]
    [willow_subject] = [s for s in by_subject if "柳树街道已逾期的来信" in s]
    assert by_subject[peach_subject] == ["editor@peach.gov.cn", "mod@peach.gov.cn"]
    assert by_subject[willow_subject] == ["editor@willow.gov.cn"]
    assert trail(cluster.peach, peach_letter.pk) == [REMINDED]
    assert trail(cluster.willow, willow_letter.pk) == [OVERDUE_NOTICE]

    mailoutbox.clear()
    assert run_job("interaction_reminders", sites=["peach", "willow"]).state == ScheduledRun.State.DONE
    assert mailoutbox == []
