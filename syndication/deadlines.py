"""Deadlines of pushes: which sites are late, and what waits for sites that cannot receive.

`check_deadlines()` is run by the scheduler every hour (`syndication_deadlines`,
scheduled_jobs.py) and by hand with `manage.py check_syndication_deadlines`; each late site is
reported to the audit log once. `deadline_report()` reads the same lists without recording anything (the console).
"""
from dataclasses import dataclass, field

from django.utils import timezone

from tenants.models import Tenant

from . import log
from .exchange.models import Delivery, Submission


@dataclass
class DeadlineReport:
    overdue: list = field(default_factory=list)          # deliveries past their deadline, not live
    newly_overdue: list = field(default_factory=list)    # ...of which reported for the first time now
    stranded: list = field(default_factory=list)         # open deliveries to sites that are not active
    stranded_submissions: list = field(default_factory=list)


def open_deliveries():
    return Delivery.objects.filter(state__in=Delivery.OPEN, push__gone="").select_related("push__sender", "recipient")


def deadline_report(now=None):
    now = now or timezone.now()
    active = Tenant.Status.ACTIVE
    return DeadlineReport(
        overdue=list(open_deliveries().filter(push__deadline__lt=now, recipient__status=active)
                     .order_by("push__deadline", "recipient__name")),
        stranded=list(open_deliveries().exclude(recipient__status=active)
                      .order_by("recipient__name", "push__deadline")),
        stranded_submissions=list(Submission.objects.filter(state=Submission.State.SUBMITTED)
                                  .exclude(target__status=active).select_related("submitter", "target")
                                  .order_by("target__name", "submitted_at")))


def check_deadlines(now=None):
    """The report, with every delivery that became overdue since the last run recorded once."""
    now = now or timezone.now()
    report = deadline_report(now)
    for delivery in report.overdue:
        if delivery.overdue_reported_at is None:
            Delivery.objects.filter(pk=delivery.pk).update(overdue_reported_at=now)
            report.newly_overdue.append(delivery)
            log.record(log.Action.PUSH_OVERDUE, site=delivery.recipient, source=delivery.push.sender,
                       target=delivery.recipient, obj=delivery.push, actor="system",
                       deadline=delivery.push.deadline.isoformat())
    return report
