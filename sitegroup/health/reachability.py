"""站点无法访问: the unreachable item, from the probes of the last 7 days."""
import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from .evaluate import ItemResult
from .models import Probe, State


def check_reachable(site, now, limits):
    window_start = now - datetime.timedelta(days=limits["probe_window_days"])
    probes = list(Probe.objects.filter(site=site, at__gt=window_start, at__lte=now).order_by("at")
                  .values("at", "ok", "status_code", "error"))
    expected = limits["probes_per_day"] * limits["probe_window_days"]
    result = ItemResult(code="unreachable", veto=True, state=State.NO_DATA, threshold=expected)
    if not probes:
        result.note = _("No probes in the last %(days)s days.") % {"days": limits["probe_window_days"]}
        return result
    failures = [p for p in probes if not p["ok"]]
    result.count = len(failures)
    percent = 100.0 * len(failures) / len(probes)
    result.details = [{"label": timezone.localtime(p["at"]).strftime("%Y-%m-%d %H:%M"),
                       "counts_from": timezone.localdate(p["at"]).isoformat(), "url": "",
                       "detail": p["error"] or f"HTTP {p['status_code']}", "edit_url": ""} for p in failures[-50:]]
    result.note = _("%(failed)s of %(total)s probes failed (%(percent).1f %%); the rules ask for at least "
                    "%(expected)s probes in %(days)s days.") % {
        "failed": len(failures), "total": len(probes), "percent": percent, "expected": expected,
        "days": limits["probe_window_days"]}
    limit = limits["probe_failure_percent"]
    if percent >= limit:
        result.state = State.FAIL
        result.since = timezone.localdate(failures[0]["at"])
    elif failures and percent >= limit / 2:
        result.state = State.AT_RISK
    else:
        result.state = State.PASS
    return result
