"""What an import has seen and made, per site schema: the run and one row per legacy URL.

A legacy URL is recorded once per site (unique), which is what makes a resumed or repeated
import create no duplicates.
"""
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportRun(models.Model):
    source = models.CharField(_("source"), max_length=1000, help_text=_("Start URL or folder of the legacy site"))
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    options = models.JSONField(default=dict)
    report = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("import run")
        ordering = ["-started_at"]

    @property
    def complete(self):
        return self.finished_at is not None


class LegacyItem(models.Model):
    class Kind(models.TextChoices):
        ARTICLE = "article", _("article")
        COLUMN = "column", _("column list")
        IMAGE = "image", _("image")
        DOCUMENT = "document", _("attachment")
        OTHER = "other", _("other")

    class Status(models.TextChoices):
        DRAFT = "draft", _("imported, waiting for the run to complete")
        PUBLISHED = "published", _("imported and published")
        FLAGGED = "flagged", _("imported as a draft: content-safety findings")
        STORED = "stored", _("file stored")
        REFUSED = "refused", _("refused")
        SKIPPED = "skipped", _("skipped")
        FAILED = "failed", _("failed")

    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="items")
    url = models.CharField(_("legacy URL"), max_length=2000, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    status = models.CharField(max_length=20, choices=Status.choices)
    reason = models.TextField(blank=True)
    column = models.CharField(_("legacy column"), max_length=200, blank=True)
    title = models.CharField(max_length=500, blank=True)
    page = models.ForeignKey("wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    image = models.ForeignKey("wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    document = models.ForeignKey("wagtaildocs.Document", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    findings = models.JSONField(default=list)
    # Same-host links found on the page: where a resumed crawl goes on from without fetching it again.
    links = models.JSONField(default=list)

    class Meta:
        verbose_name = _("legacy URL")
        indexes = [models.Index(fields=["run", "kind", "status"])]
