from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """The cross-site index (public schema) and the public search pages."""

    name = "search"
    verbose_name = _("Cross-site search")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals  # noqa: F401  (connects the index to Wagtail and tenants signals)
