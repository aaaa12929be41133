"""Findings of the content-safety scanner (public schema: the platform sees every site)."""
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ContentFinding(models.Model):
    class Kind(models.TextChoices):
        HIDDEN_LINK = "hidden_link", _("Hidden link")
        HIDDEN_TEXT = "hidden_text", _("Hidden text")
        SPAM_LINK = "spam_link", _("Gambling or spam link")
        SENSITIVE_WORD = "sensitive_word", _("Sensitive word")
        UNSAFE_MARKUP = "unsafe_markup", _("Unsafe markup")

    site = models.ForeignKey("tenants.Tenant", on_delete=models.CASCADE, related_name="+", verbose_name=_("site"))
    page_id = models.BigIntegerField(_("page id"))
    page_title = models.CharField(_("page"), max_length=255)
    page_path = models.CharField(_("page path"), max_length=255)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    severity = models.CharField(_("severity"), max_length=16)
    detail = models.CharField(_("detail"), max_length=500)
    excerpt = models.TextField(_("excerpt"), blank=True)
    found_at = models.DateTimeField(_("found"), default=timezone.now)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)

    class Meta:
        verbose_name = _("content-safety finding")
        verbose_name_plural = _("content-safety findings")
        ordering = ["-found_at", "-id"]
        indexes = [models.Index(fields=["site", "page_id", "resolved_at"], name="safety_open_by_page")]

    @classmethod
    def open(cls):
        return cls.objects.filter(resolved_at__isnull=True)

    @classmethod
    def replace_for_page(cls, site, page, findings):
        """A page's open findings become those of its latest scan; the rest are resolved."""
        now = timezone.now()
        with transaction.atomic():
            cls.open().filter(site=site, page_id=page.pk).update(resolved_at=now)
            return cls.objects.bulk_create([
                cls(site=site, page_id=page.pk, page_title=page.title[:255], page_path=page.url_path[:255],
                    kind=f.kind, severity=f.severity, detail=f.detail[:500], excerpt=f.excerpt, found_at=now)
                for f in findings
            ])
