"""Pruning the results of background work: finished task results and the scheduler's own run history."""
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from .models import ScheduledRun


def prune_results():
    """Delete finished task results and scheduled runs older than their retention. Returns a summary."""
    now = timezone.now()
    tasks, _ = DBTaskResult.objects.finished().filter(
        finished_at__lt=now - timedelta(days=settings.SITEGROUP_TASK_RESULT_DAYS)).delete()
    runs, _ = ScheduledRun.objects.exclude(state=ScheduledRun.State.RUNNING).filter(
        started_at__lt=now - timedelta(days=settings.SITEGROUP_SCHEDULER_HISTORY_DAYS)).delete()
    return f"{tasks} task result(s), {runs} scheduled run(s) deleted"
