"""What site health keeps, and for how long: probes 30 days (the unreachable item reads 7),
runs and alerts 400 days (the annual report counts the year's runs), visitor marks one day."""
import datetime

from django.utils import timezone

from .models import Alert, HealthRun, Probe
from .visits import forget_old_visitors

PROBE_DAYS = 30
RUN_DAYS = 400


def prune(now=None):
    """Delete what is past its keeping time; returns {what: rows deleted}."""
    now = now or timezone.now()
    return {
        "probes": Probe.objects.filter(at__lt=now - datetime.timedelta(days=PROBE_DAYS)).delete()[0],
        "runs": HealthRun.objects.filter(started_at__lt=now - datetime.timedelta(days=RUN_DAYS)).delete()[1].get(
            "health.HealthRun", 0),
        "alerts": Alert.objects.filter(day__lt=timezone.localdate(now) - datetime.timedelta(days=RUN_DAYS))
        .delete()[0],
        "visitor_marks": forget_old_visitors(timezone.localdate(now)),
    }
