"""Figures per site and period, for the admin, the console, site health and the annual reports.

The agreed interface other apps call:

    unanswered_letters(site, older_than_days=90) -> list[UnansweredLetter]
    period_counts(site, start, end) -> dict

`site` is a tenants.Tenant; both work from any schema (they switch to the site's and back).
`start` and `end` are dates, both included.
"""
import datetime
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone
from django_tenants.utils import schema_context

from .models import ConsultationComment, ConsultationPage, DisclosureRequest, Letter
from .models.letters import Rating
from .shared.models import Transfer


@dataclass(frozen=True)
class UnansweredLetter:
    site_slug: str
    letter_id: int | None       # None for a letter transferred to the site and not accepted yet
    subject: str
    received_at: datetime.datetime
    due_date: datetime.date | None
    age_days: int
    status: str


def unanswered_letters(site, older_than_days=90):
    """Letters to `site` without an answer, received more than `older_than_days` days ago, oldest first.

    Held letters count (a real letter wrongly held is still unanswered); rejected spam and letters
    transferred away do not. Letters transferred *to* the site and not yet accepted count for it.
    """
    now = timezone.now()
    cutoff = now - datetime.timedelta(days=older_than_days)
    with schema_context(site.schema_name):
        rows = [UnansweredLetter(site.slug, letter.pk, letter.subject, letter.received_at, letter.due_date,
                                 letter.age_days(now), letter.status)
                for letter in Letter.objects.open().filter(received_at__lt=cutoff).order_by("received_at")]
    pending = Transfer.objects.filter(target_site=site, state=Transfer.State.PENDING, received_at__lt=cutoff)
    rows += [UnansweredLetter(site.slug, None, row.subject, row.received_at, None,
                              (now - row.received_at) // datetime.timedelta(days=1), "transfer_pending")
             for row in pending]
    return sorted(rows, key=lambda row: row.received_at)


def _bounds(start, end):
    tz = timezone.get_current_timezone()
    return (datetime.datetime.combine(start, datetime.time.min, tz),
            datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tz))


def period_counts(site, start, end):
    """Letters, satisfaction, requests and consultations of `site` between `start` and `end` (dates).

    received: letters received in the period (rejected spam excluded); answered / answered_on_time:
    of those, answered (by the end of the period) / by their due date; overdue: of those, still open
    after their due date; average_handling_days: working days from receipt to answer; satisfaction:
    ratings given; consultations: consultations whose comment period started in the period, with
    their comments received in the period.
    """
    since, until = _bounds(start, end)
    with schema_context(site.schema_name):
        letters = Letter.objects.filter(received_at__gte=since, received_at__lt=until).exclude(
            status=Letter.Status.REJECTED)
        today = min(timezone.localdate(), end)
        answered = [letter for letter in letters.filter(answered_at__lt=until)]
        days = [letter.handling_days() for letter in answered]
        ratings = dict(letters.exclude(rating="").values_list("rating").annotate(n=Count("pk")))
        counts = {
            "received": letters.count(),
            "answered": len(answered),
            "answered_on_time": sum(1 for letter in answered if letter.answered_on_time()),
            "overdue": letters.filter(Q(answered_at__isnull=True) | Q(answered_at__gte=until)).filter(
                due_date__lt=today).exclude(status=Letter.Status.TRANSFERRED).count(),
            "transferred_out": letters.filter(status=Letter.Status.TRANSFERRED).count(),
            "average_handling_days": round(sum(days) / len(days), 1) if days else None,
            "satisfaction": {rating: ratings.get(rating, 0) for rating in Rating.values},
            "consultations": ConsultationPage.objects.live().filter(
                opens_at__gte=since, opens_at__lt=until).count(),
            "comments": ConsultationComment.objects.filter(submitted_at__gte=since, submitted_at__lt=until)
            .exclude(status=ConsultationComment.Status.HELD).count(),
            "disclosure_requests": DisclosureRequest.objects.filter(
                received_at__gte=since, received_at__lt=until).count(),
        }
    return counts


def disclosure_table(site, year):
    """The request table of the yearly disclosure report (政府信息公开工作年度报告, part three):
    requests received in the year, carried over from the year before, outcomes of those answered in
    the year by type, and those carried over into the next year."""
    since, until = _bounds(datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    with schema_context(site.schema_name):
        requests = DisclosureRequest.objects.all()
        answered = requests.filter(answered_at__gte=since, answered_at__lt=until)
        outcomes = dict(answered.values_list("outcome").annotate(n=Count("pk")))
        return {
            "received": requests.filter(received_at__gte=since, received_at__lt=until).count(),
            "carried_over_from_last_year": requests.filter(received_at__lt=since).filter(
                Q(answered_at__isnull=True) | Q(answered_at__gte=since)).count(),
            "outcomes": {outcome: outcomes.get(outcome, 0) for outcome in DisclosureRequest.Outcome.values},
            "answered": answered.count(),
            "extended": requests.filter(extended_at__gte=since, extended_at__lt=until).count(),
            "carried_over_to_next_year": requests.filter(received_at__lt=until).filter(
                Q(answered_at__isnull=True) | Q(answered_at__gte=until)).count(),
        }


def overdue_summary(site, today=None):
    """What the console shows per site: overdue letters and requests, held letters, the 3-month veto."""
    today = today or timezone.localdate()
    with schema_context(site.schema_name):
        letters = Letter.objects.overdue(today).count()
        held = Letter.objects.filter(status=Letter.Status.HELD).count()
        requests = DisclosureRequest.objects.exclude(status=DisclosureRequest.Status.ANSWERED).filter(
            due_date__lt=today).count()
        feedback_pending = sum(1 for page in ConsultationPage.objects.live() if page.phase() == "feedback_pending")
    return {"site": site, "overdue_letters": letters, "held": held, "overdue_requests": requests,
            "feedback_pending": feedback_pending, "unanswered_90": len(unanswered_letters(site))}
