"""The jobs the platform itself schedules: Wagtail's go-live/expiry in every site, pruning results."""
from datetime import timedelta

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .go_live import publish_scheduled
from .housekeeping import prune_results
from .registry import ScheduledJob, register_scheduled_job

register_scheduled_job(ScheduledJob(
    name="publish_scheduled", label=_("Scheduled publishing and expiry (go live at / expire at)"),
    run=publish_scheduled, per_site=True,
    every=lambda: timedelta(minutes=settings.SITEGROUP_SCHEDULED_PUBLISHING_MINUTES)))

register_scheduled_job(ScheduledJob(
    name="prune_results", label=_("Prune finished task results and old scheduled runs"),
    run=prune_results, at=lambda: settings.SITEGROUP_HOUSEKEEPING_TIME))
