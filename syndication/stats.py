"""Counts per site and period for the health dashboard and the yearly report.

    submission_counts(site, start, end) -> {"submitted", "accepted", "rejected", "withdrawn", "pending"}
    push_counts(site, start, end)       -> {"received", "published", "published_on_time", "overdue"}

A period is [start, end) in aware datetimes. Submissions are counted by when they were submitted
(their outcome as it stands now); pushes by when they were received.
"""
from django.db.models import Count, F, Q
from django.utils import timezone

from .exchange.models import Delivery, Submission


def submission_counts(site, start, end):
    """Items `site` submitted upward in the period, and what became of them (信息报送 / 采用)."""
    State = Submission.State
    counts = Submission.objects.filter(submitter=site, submitted_at__gte=start, submitted_at__lt=end).aggregate(
        submitted=Count("pk"), accepted=Count("pk", filter=Q(state=State.ACCEPTED)),
        rejected=Count("pk", filter=Q(state=State.REJECTED)), withdrawn=Count("pk", filter=Q(state=State.WITHDRAWN)),
        pending=Count("pk", filter=Q(state=State.SUBMITTED)))
    return counts


def push_counts(site, start, end, now=None):
    """Pushes `site` received in the period: published, published by the deadline, overdue now."""
    now = now or timezone.now()
    received = Delivery.objects.filter(recipient=site, created_at__gte=start, created_at__lt=end).exclude(
        state=Delivery.State.REFUSED)
    return received.aggregate(
        received=Count("pk"), published=Count("pk", filter=Q(published_at__isnull=False)),
        published_on_time=Count("pk", filter=Q(published_at__lte=F("push__deadline"))),
        overdue=Count("pk", filter=Q(state__in=Delivery.OPEN, push__gone="", push__deadline__lt=now)))
