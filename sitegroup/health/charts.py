"""Chart data for the dashboard (drawn by the vendored Chart.js from a JSON data block)."""
import datetime

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import HealthRun, SiteVisits


def _days(days, today=None):
    today = today or timezone.localdate()
    return [today - datetime.timedelta(days=n) for n in range(days - 1, -1, -1)]


def cluster_trend(sites, days=60):
    """Per day: sites passing every veto item and sites failing one (each site's last run of the day)."""
    days_shown = _days(days)
    start = timezone.make_aware(datetime.datetime.combine(days_shown[0], datetime.time.min))
    last_of_day = {}
    for run in (HealthRun.objects.filter(site__in=sites, started_at__gte=start).filter(note="")
                .only("site_id", "started_at", "passed").order_by("started_at")):
        last_of_day[(timezone.localdate(run.started_at), run.site_id)] = run.passed
    passing = {day: 0 for day in days_shown}
    failing = {day: 0 for day in days_shown}
    for (day, _site), passed in last_of_day.items():
        if day in passing:  # runs stamped with a later clock than today's are not drawn
            (passing if passed else failing)[day] += 1
    return {"labels": [d.isoformat() for d in days_shown],
            "datasets": [{"label": _("Passing"), "data": list(passing.values()), "color": "#1a7f37"},
                         {"label": _("Failing a veto item"), "data": list(failing.values()), "color": "#b42318"}]}


def site_score_trend(site, runs=60):
    rows = list(HealthRun.objects.filter(site=site).filter(note="").order_by("-started_at")
                .values("started_at", "score", "veto_failed")[:runs])[::-1]
    return {"labels": [timezone.localtime(r["started_at"]).strftime("%m-%d %H:%M") for r in rows],
            "datasets": [{"label": _("Score"), "data": [r["score"] for r in rows], "color": "#1f4e9c"},
                         {"label": _("Veto items failed"), "data": [r["veto_failed"] for r in rows],
                          "color": "#b42318"}]}


def site_visits_trend(site, days=60):
    days_shown = _days(days)
    rows = {r["day"]: r for r in SiteVisits.objects.filter(site=site, day__gte=days_shown[0])
            .values("day").annotate(views=Sum("views"), visitors=Sum("visitors"))}
    return {"labels": [d.isoformat() for d in days_shown],
            "datasets": [{"label": _("Page views"), "data": [rows.get(d, {}).get("views", 0) for d in days_shown],
                          "color": "#1f4e9c"},
                         {"label": _("Unique visitors"),
                          "data": [rows.get(d, {}).get("visitors", 0) for d in days_shown], "color": "#b54708"}]}
