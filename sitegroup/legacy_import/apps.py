from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegacyImportConfig(AppConfig):
    """Bring a legacy site onto the platform: its pages, files and old URLs (one record per site schema)."""

    name = "sitegroup.legacy_import"
    label = "legacy_import"
    verbose_name = _("Legacy site import")
    default_auto_field = "django.db.models.BigAutoField"
