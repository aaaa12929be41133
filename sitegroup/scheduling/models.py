"""The run history of scheduled jobs (public schema): when each ran, over how many sites, what failed."""
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ScheduledRun(models.Model):
    class State(models.TextChoices):
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed (see the failures)")
        QUEUED = "queued", _("Queued (background tasks run it)")
        INTERRUPTED = "interrupted", _("Interrupted")

    job = models.CharField(_("job"), max_length=100)
    trigger = models.CharField(_("trigger"), max_length=16, default="schedule")
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.RUNNING)
    started_at = models.DateTimeField(_("started"))
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    sites_total = models.PositiveIntegerField(pgettext_lazy("scheduling", "sites"), default=0)
    sites_done = models.PositiveIntegerField(_("sites done"), default=0)
    sites_failed = models.PositiveIntegerField(_("sites failed"), default=0)
    # {site slug (or "" for a platform job): the error's last line}
    failures = models.JSONField(_("failures"), default=dict, blank=True)
    summary = models.TextField(_("summary"), blank=True)

    class Meta:
        verbose_name = _("scheduled run")
        verbose_name_plural = _("scheduled runs")
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["job", "-started_at"], name="scheduled_run_job_started")]

    def __str__(self):
        return f"{self.job} {self.started_at:%Y-%m-%d %H:%M} ({self.state})"
