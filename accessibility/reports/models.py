from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditRun(models.Model):
    """One axe-core audit of one site: counts by mode, rule and impact, and the worst pages."""

    site = models.ForeignKey("tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    started_at = models.DateTimeField(_("started"))
    finished_at = models.DateTimeField(_("finished"), null=True)
    pages_checked = models.PositiveIntegerField(default=0)
    # {mode: {rule: {"impact": str, "count": int, "pages": int}}}
    results = models.JSONField(default=dict)
    # {impact: count} over every mode
    by_impact = models.JSONField(default=dict)
    # [{"url": str, "mode": str, "violations": int, "rules": [str]}] worst first
    worst_pages = models.JSONField(default=list)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("accessibility audit")

    def __str__(self):
        return f"{self.site_id} {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def total(self):
        return sum(self.by_impact.values())

    @property
    def serious(self):
        return self.by_impact.get("serious", 0) + self.by_impact.get("critical", 0)
