from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessibilityReportsConfig(AppConfig):
    """Whole-site audit results, for every site, in the public schema."""

    name = "accessibility.reports"
    label = "accessibility_reports"
    verbose_name = _("Accessibility audits")
    default_auto_field = "django.db.models.BigAutoField"
