"""Content safety (public schema: the platform sees every site).

Findings of each scan, the scan runs behind them, the lexicon versions (platform and per
site), each site's allow-list (trained by "false positive") and per-site safety settings.
"""
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ScanRun(models.Model):
    class Trigger(models.TextChoices):
        PUBLISH = "publish", _("Publish")
        SCHEDULED = "scheduled", _("Scheduled scan")
        MANUAL = "manual", _("Manual scan")

    site = models.ForeignKey("tenants.Tenant", on_delete=models.CASCADE, related_name="+", verbose_name=_("site"))
    trigger = models.CharField(_("trigger"), max_length=16, choices=Trigger.choices)
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    pages = models.PositiveIntegerField(pgettext_lazy("scan run", "pages"), default=0)
    high = models.PositiveIntegerField(_("high"), default=0)
    medium = models.PositiveIntegerField(_("medium"), default=0)
    low = models.PositiveIntegerField(_("low"), default=0)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("scan run")
        verbose_name_plural = _("scan runs")
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["site", "-started_at"], name="safety_runs_by_site")]


class ContentFinding(models.Model):
    class Kind(models.TextChoices):
        SPAM_TEXT = "spam_text", _("Spam text")
        SPAM_LINK = "spam_link", _("Gambling or spam link")
        KEYWORD_STUFFING = "keyword_stuffing", _("Keyword stuffing")
        FOREIGN_SCRIPT = "foreign_script", _("Text in another script")
        HIDDEN_LINK = "hidden_link", _("Hidden link")
        HIDDEN_TEXT = "hidden_text", _("Hidden text")
        SENSITIVE_WORD = "sensitive_word", _("Sensitive word")
        UNSAFE_MARKUP = "unsafe_markup", _("Unsafe markup")
        TYPO = "typo", _("Wording (规范表述)")

    class Severity(models.TextChoices):
        HIGH = "high", _("High")
        MEDIUM = "medium", _("Medium")
        LOW = "low", _("Note")

    class Category(models.TextChoices):
        GAMBLING = "gambling", _("Gambling and betting")
        LOTTERY = "lottery", _("Lottery streams")
        PORN = "porn", _("Pornography")
        FRAUD = "fraud", _("Fraud and loans")
        SEO = "seo", _("SEO and black-hat services")
        POLITICAL = "political", _("Political sensitive terms")
        SCRIPT = "script", _("Another script")
        MARKUP = "markup", _("Unsafe code")
        WORDING = "wording", _("Wording")

    class Part(models.TextChoices):
        TITLE = "title", _("title")
        BODY = "body", _("body text")
        TEXT = "text", _("text")
        LINK = "link", _("outbound link")
        HIDDEN = "hidden", _("hidden content")
        META = "meta", _("meta tags")
        ALT = "alt", _("image description")
        ATTACHMENT = "attachment", _("attachment name")
        MARKUP = "markup", _("page code")

    class Resolution(models.TextChoices):
        FIXED = "fixed", _("Fixed (gone at the next scan)")
        UNPUBLISHED = "unpublished", _("Page unpublished")
        TAKEN_DOWN = "taken_down", _("Taken down")
        FALSE_POSITIVE = "false_positive", _("False positive")
        PAGE_GONE = "page_gone", _("Page no longer exists")

    site = models.ForeignKey("tenants.Tenant", on_delete=models.CASCADE, related_name="+", verbose_name=_("site"))
    run = models.ForeignKey(ScanRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="findings",
                            verbose_name=_("scan run"))
    page_id = models.BigIntegerField(_("page id"))
    page_title = models.CharField(_("page"), max_length=255)
    page_path = models.CharField(_("page path"), max_length=255)
    url = models.CharField(_("public URL"), max_length=500, blank=True)
    kind = models.CharField(_("rule"), max_length=32, choices=Kind.choices)
    category = models.CharField(_("category"), max_length=32, blank=True, choices=Category.choices)
    severity = models.CharField(_("severity"), max_length=16, choices=Severity.choices)
    detail = models.CharField(_("detail"), max_length=500)
    matched = models.CharField(_("matched text"), max_length=500, blank=True)
    part = models.CharField(_("where"), max_length=16, blank=True, choices=Part.choices)
    position = models.IntegerField(_("position"), default=0)
    before = models.CharField(_("text before"), max_length=100, blank=True)
    after = models.CharField(_("text after"), max_length=100, blank=True)
    key = models.CharField(_("allow-list key"), max_length=200, blank=True)
    excerpt = models.TextField(_("excerpt"), blank=True)
    found_at = models.DateTimeField(_("found"), default=timezone.now)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolution = models.CharField(_("resolution"), max_length=16, choices=Resolution.choices, blank=True)
    resolved_by = models.CharField(_("resolved by"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("content-safety finding")
        verbose_name_plural = _("content-safety findings")
        ordering = ["-found_at", "-id"]
        indexes = [models.Index(fields=["site", "page_id", "resolved_at"], name="safety_open_by_page")]

    def __str__(self):  # what the audit log shows for it
        return self.matched

    @classmethod
    def open(cls):
        return cls.objects.filter(resolved_at__isnull=True)

    def resolve(self, resolution, by=""):
        self.resolved_at, self.resolution, self.resolved_by = timezone.now(), resolution, by[:150]
        self.save(update_fields=["resolved_at", "resolution", "resolved_by"])

    @classmethod
    def close_for_page(cls, site, page_id, resolution, by=""):
        return cls.open().filter(site=site, page_id=page_id).update(
            resolved_at=timezone.now(), resolution=resolution, resolved_by=by[:150])

    @classmethod
    def replace_for_page(cls, site, page, url, findings, run=None):
        """A page's open findings become those of its latest scan; the others are resolved as fixed."""
        now = timezone.now()
        with transaction.atomic():
            cls.open().filter(site=site, page_id=page.pk).update(resolved_at=now, resolution=cls.Resolution.FIXED)
            return cls.objects.bulk_create([
                cls(site=site, run=run, page_id=page.pk, page_title=page.title[:255], page_path=page.url_path[:255],
                    url=url[:500], kind=f.rule, category=f.category, severity=f.severity, detail=f.detail[:500],
                    matched=f.matched[:500], part=f.part, position=f.start, before=f.before[-100:],
                    after=f.after[:100], key=f.key[:200], excerpt=f.excerpt, found_at=now)
                for f in findings
            ])


class LexiconVersion(models.Model):
    """One saved state of a lexicon: the platform's (site empty) or a site's additions."""

    site = models.ForeignKey("tenants.Tenant", null=True, blank=True, on_delete=models.CASCADE, related_name="+",
                             verbose_name=_("site"))
    number = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("lexicon"))
    comment = models.CharField(pgettext_lazy("lexicon change", "comment"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("saved"), default=timezone.now)
    created_by = models.CharField(_("saved by"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("lexicon version")
        verbose_name_plural = _("lexicon versions")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["site", "number"], name="safety_lexicon_version_per_site"),
            models.UniqueConstraint(fields=["number"], condition=models.Q(site__isnull=True),
                                    name="safety_lexicon_version_platform"),
        ]


class AllowedMatch(models.Model):
    """A site's allow-list entry: findings of this rule for this text are not reported again."""

    site = models.ForeignKey("tenants.Tenant", on_delete=models.CASCADE, related_name="+", verbose_name=_("site"))
    rule = models.CharField(_("rule"), max_length=32)
    key = models.CharField(_("text"), max_length=200)
    created_at = models.DateTimeField(_("added"), default=timezone.now)
    created_by = models.CharField(_("added by"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("allowed match")
        verbose_name_plural = _("allowed matches")
        constraints = [models.UniqueConstraint(fields=["site", "rule", "key"], name="safety_allowed_once")]


class SiteSafetySettings(models.Model):
    site = models.OneToOneField("tenants.Tenant", on_delete=models.CASCADE, related_name="+", verbose_name=_("site"))
    auto_takedown = models.BooleanField(
        _("take pages down automatically on high severity"), default=False,
        help_text=_("A live page with a high-severity finding is unpublished at once (and everyone is told)."))

    class Meta:
        verbose_name = _("site safety settings")
        verbose_name_plural = _("site safety settings")

    @classmethod
    def for_site(cls, site):
        return cls.objects.filter(site=site).first() or cls(site=site)
