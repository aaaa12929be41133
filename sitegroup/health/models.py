"""Site health (public schema: the platform sees every site).

A `HealthRun` is one pass of the checks over a site; its `HealthItem`s are the spot-check
items with their state, the pages or columns concerned and the date each started failing.
`Probe` rows are the reachability probes the unreachable item is computed from. Visits are
counted per site, page and day (`PageVisits`, `SiteVisits`, `ReferrerVisits`); `VisitorMark`
holds the day's salted visitor hashes until the day is rolled up (the salt rotates daily and
is never stored, so a mark cannot be traced back to an address). `AnnualReport` keeps what a
site administrator typed into the yearly report.
"""
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# "site" alone is Wagtail's 站点; ours is a government 网站 (context keeps Wagtail's own).
SITE = pgettext_lazy("health", "site")

class State(models.TextChoices):
    PASS = "pass", _("Passes")
    AT_RISK = "at_risk", _("At risk")
    FAIL = "fail", _("Fails")
    NO_DATA = "no_data", _("No data")
    SKIPPED = "skipped", _("Skipped")


class HealthRun(models.Model):
    site = models.ForeignKey("tenants.Tenant", on_delete=models.CASCADE, related_name="+", verbose_name=SITE)
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    passed = models.BooleanField(_("passes every veto item"), default=False)
    score = models.PositiveSmallIntegerField(_("score"), default=0)
    veto_failed = models.PositiveSmallIntegerField(_("veto items failed"), default=0)
    at_risk = models.PositiveSmallIntegerField(_("items at risk"), default=0)
    zombie = models.BooleanField(_("zombie site"), default=False)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("health run")
        verbose_name_plural = _("health runs")
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["site", "-started_at"], name="health_runs_by_site")]


class HealthItem(models.Model):
    run = models.ForeignKey(HealthRun, on_delete=models.CASCADE, related_name="items", verbose_name=_("run"))
    code = models.CharField(pgettext_lazy("health", "item"), max_length=32)
    veto = models.BooleanField(_("veto item"), default=False)
    state = models.CharField(_("state"), max_length=16, choices=State.choices)
    count = models.PositiveIntegerField(_("count"), default=0)
    threshold = models.PositiveIntegerField(_("threshold"), default=0)
    since = models.DateField(_("failing since"), null=True, blank=True)
    days_left = models.IntegerField(_("days before it fails"), null=True, blank=True)
    details = models.JSONField(_("pages or columns concerned"), default=list, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("health item")
        verbose_name_plural = _("health items")
        ordering = ["-veto", "code"]


class Probe(models.Model):
    """One request to a site's home page, as inspectors make them (15 s timeout)."""

    site = models.ForeignKey("tenants.Tenant", on_delete=models.CASCADE, related_name="+", verbose_name=SITE)
    at = models.DateTimeField(_("probed at"), default=timezone.now)
    ok = models.BooleanField(_("reachable"))
    status_code = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    elapsed_ms = models.PositiveIntegerField(_("time (ms)"), default=0)
    error = models.CharField(_("error"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("probe")
        verbose_name_plural = _("probes")
        ordering = ["-at"]
        indexes = [models.Index(fields=["site", "-at"], name="health_probes_by_site")]


class SiteVisits(models.Model):
    site = models.ForeignKey("tenants.Tenant", on_delete=models.CASCADE, related_name="+", verbose_name=SITE)
    day = models.DateField(_("day"))
    views = models.PositiveIntegerField(_("page views"), default=0)
    visitors = models.PositiveIntegerField(_("unique visitors"), default=0)

    class Meta:
        verbose_name = _("site visits")
        verbose_name_plural = _("site visits")
        constraints = [models.UniqueConstraint(fields=["site", "day"], name="health_site_visits_once")]


class PageVisits(models.Model):
    site = models.ForeignKey("tenants.Tenant", on_delete=models.CASCADE, related_name="+", verbose_name=SITE)
    day = models.DateField(_("day"))
    path = models.CharField(_("path"), max_length=255)
    views = models.PositiveIntegerField(_("page views"), default=0)
    visitors = models.PositiveIntegerField(_("unique visitors"), default=0)

    class Meta:
        verbose_name = _("page visits")
        verbose_name_plural = _("page visits")
        constraints = [models.UniqueConstraint(fields=["site", "day", "path"], name="health_page_visits_once")]


class ReferrerVisits(models.Model):
    site = models.ForeignKey("tenants.Tenant", on_delete=models.CASCADE, related_name="+", verbose_name=SITE)
    day = models.DateField(_("day"))
    domain = models.CharField(_("referring domain"), max_length=255)
    views = models.PositiveIntegerField(_("page views"), default=0)

    class Meta:
        verbose_name = _("referrer visits")
        verbose_name_plural = _("referrer visits")
        constraints = [models.UniqueConstraint(fields=["site", "day", "domain"], name="health_referrers_once")]


class VisitorMark(models.Model):
    """A visitor seen on a page on a day: a hash salted with that day's secret (never stored)."""

    site = models.ForeignKey("tenants.Tenant", on_delete=models.CASCADE, related_name="+", verbose_name=SITE)
    day = models.DateField(_("day"))
    path = models.CharField(_("path"), max_length=255)
    visitor = models.CharField(_("visitor hash"), max_length=32)

    class Meta:
        verbose_name = _("visitor mark")
        verbose_name_plural = _("visitor marks")
        constraints = [models.UniqueConstraint(fields=["site", "day", "path", "visitor"],
                                               name="health_visitor_mark_once")]


class AnnualReport(models.Model):
    """What a site administrator typed into the yearly report (the rest is computed)."""

    site = models.ForeignKey("tenants.Tenant", on_delete=models.CASCADE, related_name="+", verbose_name=SITE)
    year = models.PositiveSmallIntegerField(_("year"))
    values = models.JSONField(_("values entered"), default=dict, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.CharField(_("updated by"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("annual report")
        verbose_name_plural = _("annual reports")
        constraints = [models.UniqueConstraint(fields=["site", "year"], name="health_annual_report_once")]


class Alert(models.Model):
    """An at-risk or failing item a site was told about (one alert per item and day)."""

    site = models.ForeignKey("tenants.Tenant", on_delete=models.CASCADE, related_name="+", verbose_name=SITE)
    code = models.CharField(pgettext_lazy("health", "item"), max_length=32)
    state = models.CharField(_("state"), max_length=16, choices=State.choices)
    day = models.DateField(_("day"))
    message = models.CharField(_("message"), max_length=500)
    mailed = models.BooleanField(_("mailed"), default=False)

    class Meta:
        verbose_name = _("health alert")
        verbose_name_plural = _("health alerts")
        ordering = ["-day", "code"]
        constraints = [models.UniqueConstraint(fields=["site", "code", "state", "day"], name="health_alert_once")]


class VisitSalt(models.Model):
    """The secret visitor hashes of one day are salted with; deleted once that day is rolled up."""

    day = models.DateField(_("day"), unique=True)
    salt = models.CharField(pgettext_lazy("health", "salt"), max_length=64)

    class Meta:
        verbose_name = _("visit salt")
        verbose_name_plural = _("visit salts")
