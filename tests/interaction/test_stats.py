"""Statistics per site and period, the 3-month veto (manage.py and the console), nothing across sites."""
import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_tenants.utils import tenant_context

from interaction import handling, stats
from interaction.models import Letter, Reply
from interaction.shared.models import Transfer

LOCAL = timezone.get_current_timezone()


def letter(tenant, received, *, answered=None, kind="consult", rating="", status=None, subject="来信"):
    received_at = datetime.datetime.combine(received, datetime.time(10), LOCAL)
    with tenant_context(tenant):
        item = Letter.objects.create(
            kind=kind, subject=subject, body="正文", name="李四", phone="13800000000", query_digest="x" * 64,
            received_at=received_at, due_date=handling.due_date_for(kind, received_at), rating=rating,
            status=status or (Letter.Status.ANSWERED if answered else Letter.Status.NEW))
        if answered:
            item.answered_at = datetime.datetime.combine(answered, datetime.time(16), LOCAL)
            item.save()
            Reply.objects.create(letter=item, body="答复", state=Reply.State.APPROVED)
        return item


def test_period_counts_per_site(cluster):
    D = datetime.date
    # Received Fri 27 Sep 2024 (due Sat 12 Oct, an adjusted workday): answered on time on 11 Oct.
    letter(cluster.peach, D(2024, 9, 27), answered=D(2024, 10, 11), rating="satisfied")
    # Received Mon 4 Nov (due 13 Nov), answered late on 15 Nov.
    letter(cluster.peach, D(2024, 11, 4), answered=D(2024, 11, 15), rating="unsatisfied")
    letter(cluster.peach, D(2024, 11, 4))                                   # never answered: overdue
    letter(cluster.peach, D(2024, 11, 5), status=Letter.Status.REJECTED)    # spam: not counted
    letter(cluster.peach, D(2023, 12, 1), answered=D(2023, 12, 5))          # another period
    letter(cluster.willow, D(2024, 10, 8), answered=D(2024, 10, 9))         # another site
    counts = stats.period_counts(cluster.peach, D(2024, 1, 1), D(2024, 12, 31))
    assert counts["received"] == 3 and counts["answered"] == 2 and counts["answered_on_time"] == 1
    assert counts["overdue"] == 1
    # 27 Sep → 11 Oct: 29, 30 Sep, 8, 9, 10, 11 Oct = 6 working days; 4 → 15 Nov: 9; average 7.5.
    assert counts["average_handling_days"] == 7.5
    assert counts["satisfaction"] == {"satisfied": 1, "fairly": 0, "unsatisfied": 1}
    assert stats.period_counts(cluster.willow, D(2024, 1, 1), D(2024, 12, 31))["received"] == 1
    assert stats.period_counts(cluster.city, D(2024, 1, 1), D(2024, 12, 31))["received"] == 0


def test_a_letter_unanswered_for_three_months_is_reported_for_its_site_only(cluster, operator_console):
    today = timezone.localdate()
    old = letter(cluster.peach, today - datetime.timedelta(days=100), subject="三个月未回复的来信")
    letter(cluster.peach, today - datetime.timedelta(days=10))
    letter(cluster.peach, today - datetime.timedelta(days=120), answered=today - datetime.timedelta(days=100))
    rows = stats.unanswered_letters(cluster.peach)
    assert [(row.letter_id, row.subject) for row in rows] == [(old.pk, "三个月未回复的来信")]
    assert rows[0].age_days >= 99  # received at 10:00 a hundred days ago
    assert stats.unanswered_letters(cluster.willow) == []
    assert len(stats.unanswered_letters(cluster.peach, older_than_days=5)) == 2
    out = StringIO()
    with pytest.raises(CommandError) as failed:
        call_command("interaction_overdue", "--fail", stdout=out)
    assert failed.value.returncode == 1 and "peach" in str(failed.value) and "willow" not in str(failed.value)
    assert "三个月未回复的来信" in out.getvalue()
    # The operator's console shows the site failing, the others clean.
    page = operator_console.get("/console/interaction/").content.decode()
    assert 'data-site="peach"><td>桃花镇人民政府</td><td class="severity-high">1</td>' in page
    assert 'data-site="willow"><td>柳树街道办事处</td><td>0</td>' in page
    assert "interaction" in operator_console.get("/console/").content.decode()


def test_a_pending_transfer_counts_for_the_receiving_site(cluster):
    received = timezone.now() - datetime.timedelta(days=95)
    Transfer.objects.create(source_site=cluster.peach, source_letter_id=1, target_site=cluster.east, reason="区级",
                            kind="consult", subject="转来的信", body="正文", received_at=received,
                            query_digest="y" * 64)
    assert [row.subject for row in stats.unanswered_letters(cluster.east)] == ["转来的信"]
    assert stats.unanswered_letters(cluster.peach) == []


def test_the_console_section_is_for_operators(cluster):
    from tests.identity.helpers import enrol_totp, login, make_account

    account = enrol_totp(make_account("site-mod", grants={cluster.peach: "moderator"}))
    client = login("site-mod", otp_account=account)
    assert client.get("/console/interaction/").status_code == 403
